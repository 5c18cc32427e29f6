// The local command end to end (records.md §4) on a generated data folder: every output is
// written; a second run on the same state accepts nothing new and gives identical files; a
// fresh state with the same inputs gives byte-identical assessments and plan.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock, isValidResidentId, isValidUscc, sha256hex } from '@fenji/domain';
import { runPipeline, silentProgress } from '@fenji/local';
import { writeDataset } from '@fenji/sample';
import { beforeAll, describe, expect, it } from 'vitest';

// Ingestion day of every run: the data folder's records are dated up to it.
const clock = fixedClock('2026-11-30T04:00:00Z');
const root = mkdtempSync(join(tmpdir(), 'fenji-start-'));
const data = join(root, 'data');
const options = (state: string, out: string) => ({
  data,
  asOf: '2026-11-30',
  period: '2026-Q4',
  seed: 'fenji-test-seed',
  state: join(root, state),
  out: join(root, out),
  clock,
});
const read = (out: string, file: string) => readFileSync(join(root, out, file), 'utf8');
const OUTPUTS = [
  'assessments.jsonl',
  'discipline-list.jsonl',
  'discipline-list.xlsx',
  'plan.csv',
  'plan.xlsx',
  'plan-meta.json',
  'cases.jsonl',
  'case-metrics.jsonl',
  'events.jsonl',
  'rejects.jsonl',
  'report.html',
  'run-summary.json',
];

describe('npm start: the whole pipeline locally', () => {
  let first: Awaited<ReturnType<typeof runPipeline>>;
  let second: Awaited<ReturnType<typeof runPipeline>>;
  let fresh: Awaited<ReturnType<typeof runPipeline>>;
  beforeAll(async () => {
    await writeDataset(data, { enterprises: 60, seed: 'local-test', asOf: '2026-11-30' });
    first = await runPipeline(options('state-a', 'out-1'), silentProgress);
    second = await runPipeline(options('state-a', 'out-2'), silentProgress);
    fresh = await runPipeline(options('state-b', 'out-3'), silentProgress);
    // Back in time on a used state, and the same date on a fresh one.
    const earlier = { asOf: '2025-06-30', period: '2025-Q2' };
    await runPipeline({ ...options('state-b', 'out-4'), ...earlier }, silentProgress);
    await runPipeline({ ...options('state-c', 'out-5'), ...earlier }, silentProgress);
  }, 180_000);

  it('writes every output file of records.md §4', () => {
    for (const f of OUTPUTS) expect(read('out-1', f).length, f).toBeGreaterThan(0);
    const summary = JSON.parse(read('out-1', 'run-summary.json'));
    for (const k of [
      'accepted',
      'duplicates',
      'stale',
      'conflicts',
      'rejected',
      'orphans',
      'enterprisesGraded',
      'riskGrades',
      'creditClasses',
      'secondsPerStage',
    ]) {
      expect(summary, k).toHaveProperty(k);
    }
    expect(first.accepted).toBeGreaterThan(400);
    expect(first.rejected).toBeGreaterThan(0);
    const lines = read('out-1', 'assessments.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((a) => a.uscc)).toEqual([...lines.map((a) => a.uscc)].sort());
    expect(lines.length).toBe(first.enterprises);
    expect(Object.values(first.riskGrades).reduce((a, b) => a + b, 0)).toBe(first.enterprises);
  });

  it('every reject names its source and line, and good records beside it are stored', () => {
    const rejects = read('out-1', 'rejects.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects.length).toBe(first.rejected + first.conflicts);
    for (const r of rejects) {
      expect(typeof r.source).toBe('string');
      expect(r.errors.length).toBeGreaterThan(0);
    }
  });

  it('publishes the seed and its commitment with the plan', () => {
    const meta = JSON.parse(read('out-1', 'plan-meta.json'));
    expect(meta.seed).toBe('fenji-test-seed');
    expect(meta.seedCommitment).toBe(sha256hex('fenji-test-seed'));
    expect(
      read('out-1', 'plan.csv').startsWith(
        '\uFEFFperiod,region,regionName,riskGrade,keyInspection,uscc,name,kind,slot,inspector1,inspector2,status,reason\r\n',
      ),
    ).toBe(true);
  });

  it('a second run on the same state accepts no new records and gives identical assessments and plan', () => {
    expect(second.accepted).toBe(0);
    expect(second.duplicates + second.stale).toBe(first.accepted + first.duplicates + first.stale);
    expect(second.enterprisesGraded).toBe(0);
    expect(read('out-2', 'assessments.jsonl')).toBe(read('out-1', 'assessments.jsonl'));
    expect(read('out-2', 'plan.csv')).toBe(read('out-1', 'plan.csv'));
    expect(read('out-2', 'discipline-list.jsonl')).toBe(read('out-1', 'discipline-list.jsonl'));
  });

  it('the same inputs on a fresh state give byte-identical assessments and plan', () => {
    expect(fresh.accepted).toBe(first.accepted);
    expect(read('out-3', 'assessments.jsonl')).toBe(read('out-1', 'assessments.jsonl'));
    expect(read('out-3', 'plan.csv')).toBe(read('out-1', 'plan.csv'));
    expect(read('out-3', 'plan-meta.json')).toBe(read('out-1', 'plan-meta.json'));
  });

  it('an earlier --as-of on a used state grades as on that date, like a fresh state', () => {
    const asOf = (out: string) =>
      new Set(
        read(out, 'assessments.jsonl')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).asOf),
      );
    expect(asOf('out-4')).toEqual(new Set(['2025-06-30']));
    expect(read('out-4', 'assessments.jsonl')).toBe(read('out-5', 'assessments.jsonl'));
    expect(read('out-4', 'assessments.jsonl')).not.toBe(read('out-1', 'assessments.jsonl'));
  });

  it('no output holds a clear resident ID number of the inputs', () => {
    // The ID numbers the inputs carry in clear (legal representatives, persons of penalties);
    // all-digit USCCs also match the pattern, so only tokens that are not a valid USCC count.
    const ID = /(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/g;
    const inputs = readdirSync(data, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(csv|jsonl)$/.test(f))
      .map((f) => readFileSync(join(data, f), 'latin1'))
      .join('\n');
    const clear = new Set(
      [...inputs.matchAll(ID)].map((m) => m[0]).filter((t) => isValidResidentId(t) && !isValidUscc(t)),
    );
    expect(clear.size).toBeGreaterThan(10);
    for (const f of OUTPUTS) {
      const text = read('out-1', f);
      const leaked = [...clear].filter((id) => text.includes(id));
      expect(leaked, f).toEqual([]);
    }
  });
});
