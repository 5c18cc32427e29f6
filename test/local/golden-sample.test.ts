// The bundled sample's outputs, pinned (issue "The house in order": restructuring must not change
// a single byte). npm start on events/data as of 2026-11-30 with a fixed seed, on a fresh state
// whose ID-number key is fixed (person bars are ordered by the keyed hash), must write exactly
// the files recorded in golden-sample.json. A deliberate change of an output records new digests:
// FENJI_UPDATE_GOLDEN=1 npx vitest run test/local/golden-sample.test.ts, and the commit says why.
//
// The cases are also checked against a second path: deadlines.md §3 applied to the data folder
// read directly (no store, no worker, no index), with versions resolved per key as records.md §3
// says and each disposal found by its sample.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AnyRecord,
  type Case,
  caseMetrics,
  cases,
  type Disposal,
  type Enterprise,
  fixedClock,
  type Penalty,
  type Repair,
  recordKey,
  resolveVersion,
  type Sampling,
} from '@fenji/domain';
import { readRecords } from '@fenji/ingest';
import { dataFiles, runPipeline, silentProgress } from '@fenji/local';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const GOLDEN = join(import.meta.dirname, 'golden-sample.json');
const PINNED = [
  'assessments.jsonl',
  'plan.csv',
  'discipline-list.jsonl',
  'rejects.jsonl',
  'events.jsonl',
  'cases.jsonl',
  'case-metrics.jsonl',
] as const;
const RUN = { data: 'events/data', asOf: '2026-11-30', period: '2026-Q4', seed: 'golden-sample' };

/** Every case of the data folder as of D, computed from the files alone. */
async function casesFromFiles(dir: string, asOf: string): Promise<Case[]> {
  const latest = new Map<string, AnyRecord>();
  for (const path of dataFiles(dir)) {
    const bytes = readFileSync(join(dir, path));
    const ctx = { idKey: 'golden-check', today: asOf };
    for await (const batch of readRecords([bytes], { source: path, key: path, ctx })) {
      for (const { record } of batch.records) {
        const key = `${record.type}\u0000${recordKey(record)}`;
        const outcome = resolveVersion(latest.get(key), record);
        if (outcome === 'insert' || outcome === 'replace') latest.set(key, record);
      }
    }
  }
  const all = [...latest.values()];
  const of = <T extends AnyRecord>(type: T['type']) => all.filter((r): r is T => r.type === type);
  const disposals = new Map(of<Disposal>('disposal').map((d) => [d.samplingRecordId, d]));
  const byUscc = <T extends { uscc: string }>(rs: T[]) => Map.groupBy(rs, (r) => r.uscc);
  const samplings = byUscc(of<Sampling>('sampling'));
  const penalties = byUscc(of<Penalty>('penalty'));
  const repairs = byUscc(of<Repair>('repair'));
  return of<Enterprise>('enterprise')
    .flatMap((e) => {
      const own = samplings.get(e.uscc) ?? [];
      return cases(
        e,
        {
          samplings: own,
          penalties: penalties.get(e.uscc) ?? [],
          disposals: own.flatMap((s) => disposals.get(s.recordId) ?? []),
          repairs: repairs.get(e.uscc) ?? [],
        },
        asOf,
      ).cases;
    })
    .sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
}

describe('the bundled sample, byte for byte', () => {
  let out: string;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'fenji-golden-'));
    const state = join(root, 'state');
    mkdirSync(state);
    writeFileSync(join(state, 'id-key'), 'golden-sample-id-key-0123456789abcdef0123456789abcdef');
    out = join(root, 'out');
    await runPipeline(
      { ...RUN, data: join(ROOT, RUN.data), state, out, clock: fixedClock('2026-11-30T04:00:00Z') },
      silentProgress,
    );
  }, 180_000);

  it(`npm start on events/data as of ${RUN.asOf}, seed "${RUN.seed}": ${PINNED.join(', ')} unchanged`, () => {
    const digests = Object.fromEntries(
      PINNED.map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(out, f)))
          .digest('hex'),
      ]),
    );
    if (process.env.FENJI_UPDATE_GOLDEN === '1')
      writeFileSync(GOLDEN, `${JSON.stringify({ run: RUN, digests }, null, 2)}\n`);
    expect(digests).toEqual((JSON.parse(readFileSync(GOLDEN, 'utf8')) as { digests: unknown }).digests);
  });

  it('cases.jsonl and case-metrics.jsonl equal deadlines.md §3–4 applied to the files directly', async () => {
    const lines = (f: string) =>
      readFileSync(join(out, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    const expected = await casesFromFiles(join(ROOT, RUN.data), RUN.asOf);
    expect(expected.length).toBeGreaterThan(300);
    expect(lines('cases.jsonl')).toEqual(expected);
    expect(lines('case-metrics.jsonl')).toEqual(caseMetrics(expected, RUN.period, RUN.asOf));
    // Field order as deadlines.md §3 lists it.
    expect(Object.keys(lines('cases.jsonl')[0])).toEqual(Object.keys(expected[0] as Case));
  });
});
