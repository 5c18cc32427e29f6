// The sample data set of "Step 4": Wenzhou-like enterprises and their inspections, samples,
// penalties and inspectors, and the statutory steps that follow them (results served, re-tests,
// disposals, publication, credit repair applications: deadlines.md), written as the exports of
// several government systems would be (records.md §1–3), with the corrections, re-sent records
// and bad lines real exports carry.
// Deterministic: the seed and options fix every byte; nothing reads a clock or Math.random.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { isValidIsoDate } from '@fenji/domain';
import type { Dataset, GenerateOptions } from './dataset.ts';
import { addEnterprises, addInspectors } from './phases/actors.ts';
import { placeBadLines } from './phases/bad-lines.ts';
import { addBadRecords } from './phases/bad-records.ts';
import { type GenerationContext, newContext } from './phases/context.ts';
import { addCorrections } from './phases/corrections.ts';
import { repeatLastYearsPenalties, resendInspections } from './phases/duplicates.ts';
import { fileRecords } from './phases/filing.ts';
import { addHistories } from './phases/histories.ts';
import { toDataset } from './phases/manifest.ts';
import { numberAllRecords } from './phases/numbers.ts';
import { addScenarios } from './phases/scenarios.ts';
import { addStepScenarios } from './phases/step-scenarios.ts';
import { addSteps } from './phases/steps.ts';

/**
 * The phases, in the order they must run: each reads what the ones before built, and some share
 * a PRNG stream (the noise stream makes the bad records, picks the re-sent inspections and places
 * the bad lines), so moving one can change the bytes: test/pinned.test.ts would tell.
 */
const PHASES: readonly ((ctx: GenerationContext) => void)[] = [
  addEnterprises,
  addInspectors,
  addHistories,
  addScenarios,
  addSteps,
  addStepScenarios,
  addBadRecords,
  numberAllRecords,
  fileRecords,
  resendInspections,
  repeatLastYearsPenalties,
  addCorrections,
  placeBadLines,
];

export function generate(options: GenerateOptions): Dataset {
  checkOptions(options);
  const ctx = newContext(options);
  for (const phase of PHASES) phase(ctx);
  return toDataset(ctx);
}

function checkOptions(o: GenerateOptions): void {
  if (!Number.isSafeInteger(o.enterprises) || o.enterprises < 12 || o.enterprises > 1_000_000) {
    throw new RangeError(
      `enterprises must be a whole number from 12 (one per county) to 1,000,000, got ${o.enterprises}`,
    );
  }
  if (typeof o.seed !== 'string' || o.seed === '') throw new RangeError('seed must be a non-empty string');
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(o.asOf) ||
    !isValidIsoDate(o.asOf) ||
    o.asOf < '2012-01-01' ||
    o.asOf > '2099-12-31'
  ) {
    throw new RangeError(`asOf must be a date YYYY-MM-DD from 2012-01-01 on, got ${o.asOf}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

export const MANIFEST_FILE = 'manifest.json';

async function listFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries.map((e) => e.split(sep).join('/'));
}

/**
 * Writes the data set under `dir`. Data files of an earlier run that this one does not write
 * (another asOf gives other year files) would be ingested with it, so they are an error unless
 * `clean` is set, which deletes every `*.csv`, `*.jsonl` and the manifest under `dir` first.
 */
export async function writeDataset(
  dir: string,
  options: GenerateOptions,
  { clean = false }: { clean?: boolean } = {},
): Promise<Dataset> {
  const dataset = generate(options);
  const ours = new Set([...dataset.files.map((f) => f.path), MANIFEST_FILE]);
  const stale = (await listFiles(dir)).filter((p) => /\.(csv|jsonl)$/i.test(p) || p === MANIFEST_FILE).sort();
  const foreign = stale.filter((p) => !ours.has(p));
  if (foreign.length > 0 && !clean) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '');
    throw new Error(
      `${dir} holds data files this run would not overwrite (${shown}); they would be ingested with the new sample. Remove them or pass --clean.`,
    );
  }
  if (clean) for (const p of stale) await rm(join(dir, p));
  for (const f of dataset.files) {
    const target = join(dir, f.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.bytes);
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(dataset.manifest, null, 2)}\n`);
  return dataset;
}

/** For messages: `3.4 MB`. */
export function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} kB` : `${n} B`;
}
