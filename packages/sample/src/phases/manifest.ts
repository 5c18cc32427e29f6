// After the phases: the files' bytes, and the manifest that tells tests what they hold — counted from the
// lines as written, so it cannot disagree with the files.
import { RECORD_FIELDS, RECORD_TYPES, type RecordType } from '@fenji/domain';
import type { BadLine, Dataset, DatasetFile, Manifest } from '../dataset.ts';
import { type FileSpec, render } from '../files.ts';
import { encodeText } from '../format.ts';
import { type GenerationContext, type Scenarios, type StepScenario, scenariosOf } from './context.ts';

export function toDataset(ctx: GenerationContext): Dataset {
  const specs = [...ctx.files.specs.values()]
    .filter((s) => s.lines.length > 0)
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const files = specs.map(toFile);
  const { lines, unique, badLines } = tally(specs);
  const { enterprises, seed, asOf } = ctx.options;
  const manifest: Manifest = {
    generator: '@fenji/sample',
    options: { enterprises, seed, asOf },
    files: files.map(({ bytes, ...f }) => ({ ...f, bytes: bytes.length })),
    lines,
    unique,
    duplicates: ctx.duplicates,
    corrections: ctx.corrections,
    badLines,
    scenarios: scenarioSummary(scenariosOf(ctx), ctx.stepScenarios),
  };
  return { files, manifest };
}

function toFile(spec: FileSpec): DatasetFile {
  return {
    path: spec.path,
    type: spec.type,
    format: spec.format,
    encoding: spec.encoding,
    lines: spec.lines.length,
    bytes: encodeText(render(spec), spec.encoding),
  };
}

/** Good lines and distinct keys per type, and where each bad line ended up. */
function tally(specs: readonly FileSpec[]): Pick<Manifest, 'lines' | 'unique' | 'badLines'> {
  const lines = emptyCounts();
  const keys = new Map<RecordType, Set<string>>();
  const badLines: BadLine[] = [];
  for (const spec of specs) {
    spec.lines.forEach((l, i) => {
      const key = String(l.row[RECORD_FIELDS[spec.type][0]]);
      if (l.bad) {
        // 1-based as in rejects; a CSV header is line 1.
        const line = spec.format === 'csv' ? i + 2 : i + 1;
        badLines.push({ path: spec.path, line, type: spec.type, kind: l.bad, key });
      } else {
        lines[spec.type]++;
        const set = keys.get(spec.type) ?? new Set<string>();
        set.add(key);
        keys.set(spec.type, set);
      }
    });
  }
  const unique = emptyCounts();
  for (const [type, set] of keys) unique[type] = set.size;
  return { lines, unique, badLines };
}

function emptyCounts(): Record<RecordType, number> {
  return Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as Record<RecordType, number>;
}

function scenarioSummary(s: Scenarios, steps: readonly StepScenario[]): Manifest['scenarios'] {
  return {
    activeListing: { uscc: s.listed.uscc, recordId: s.listed.recordId },
    delisting: { uscc: s.delisted.uscc, recordId: s.delisted.recordId, delistedOn: s.delistedOn },
    bannedPersonInCharge: s.barred.map((b) => ({
      recordId: b.penalty.recordId,
      revokedUscc: b.revokedUscc,
      inChargeUscc: b.inChargeUscc,
    })),
    cases: steps
      .map((c) => ({ caseId: `${c.kind}:${c.record.recordId}`, state: c.state, warnings: c.warnings }))
      .sort((a, b) => (a.caseId < b.caseId ? -1 : 1)),
  };
}
