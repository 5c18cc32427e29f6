// fenji in memory: files → readRecords (parse + validate) → versions resolved per key as the
// DynamoDB store resolves them (records.md §3) → records grouped by enterprise, then assess() over
// every enterprise. The loading is @fenji/local's in-memory population (the one `npm run impact`
// uses): records are held as compact rows (packages/local/src/compact.ts) and an enterprise's
// records are built again as objects each time they are read. The assess timing therefore covers
// that rebuilding and the assess() calls — what grading a held population costs — and not the
// reading of the files.
import { createWriteStream } from 'node:fs';
import {
  type Assessment,
  assess,
  type Enterprise,
  type Inspector,
  type Penalty,
  type PersonBar,
  personBars,
  type RuleSet,
  ruleSetFor,
} from '@fenji/domain';
import { type LoadCounts, loadDataFolder, type PopulationSlot } from '@fenji/local/population';
import { AS_OF, type FileEntry, gc, log, mb, median, peakRssMb, round, timer } from './common.ts';

export const PARSE_CONTEXT = { idKey: 'fenji-bench-id-key-0123456789abcdef', today: AS_OF };

export type Slot = PopulationSlot;
export type { LoadCounts };

export interface Loaded {
  slots: Map<string, Slot>;
  inspectors: Map<string, Inspector>;
  counts: LoadCounts;
  seconds: number;
}

/** Reads files in path order (as npm start ingests them) and keeps the winning version of each key. */
export async function loadFenji(dir: string, files: readonly FileEntry[]): Promise<Loaded> {
  const { slots, inspectors, counts, seconds } = await loadDataFolder(dir, {
    files: files.map((f) => f.path),
    ctx: PARSE_CONTEXT,
  });
  return { slots, inspectors, counts: counts as LoadCounts, seconds };
}

/** The fields the DuckDB peer computes too, one JSON line per enterprise. */
export function compact(a: Assessment) {
  return {
    uscc: a.uscc,
    staticScore: a.staticScore,
    dynamicScore: a.dynamicScore,
    creditScore: a.creditScore,
    riskScore: a.riskScore,
    baseGrade: a.baseGrade,
    riskGrade: a.riskGrade,
    creditClass: a.creditClass,
    creditReasons: a.creditReasons.join(','),
    keyInspection: a.keyInspection,
    inspectionsPerYear: a.inspectionsPerYear,
    inspectionOverdue: a.inspectionOverdue,
    adjustments: a.adjustments.map((x) => `${x.kind}${x.levels}`).join(','),
    seriousListing: a.seriousListing?.recordId ?? null,
    listingCandidate: a.listingCandidate ? a.listingCandidate.recordIds.join(',') : null,
  };
}

export interface AssessBenchResult {
  enterprises: number;
  profiles: number;
  assessed: number;
  records: number;
  load: LoadCounts & { seconds: number; recordsPerSecond: number };
  rssAfterLoadMb: number;
  heapAfterLoadMb: number;
  warmupEnterprises: number;
  /** Wall-clock seconds of each timed round. */
  roundSeconds: number[];
  /** Process CPU seconds of each timed round (the process is pinned to one core). */
  roundCpuSeconds: number[];
  medianSeconds: number;
  medianCpuSeconds: number;
  /** Headline: enterprises per CPU-second (median round) = per second on one uncontended core. */
  enterprisesPerSecond: number;
  wallEnterprisesPerSecond: number;
  peakRssMb: number | null;
  resultsFile: string;
}

export async function assessBench(args: {
  dir: string;
  files: FileEntry[];
  rounds: number;
  resultsFile: string;
}): Promise<AssessBenchResult> {
  log(`assess: loading ${args.files.length} files from ${args.dir}`);
  const loaded = await loadFenji(args.dir, args.files);
  const { slots } = loaded;
  log(
    `assess: loaded ${loaded.counts.lines.toLocaleString('en-US')} lines in ${loaded.seconds.toFixed(1)} s ` +
      `(${loaded.counts.rejected} rejected, ${loaded.counts.conflicts} conflicts)`,
  );
  gc();
  const mem = process.memoryUsage();
  const rules: RuleSet = ruleSetFor(AS_OF);
  const enterprises = [...slots.entries()]
    .filter(([, s]) => s.profile !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, s]) => s);
  const penalties: Penalty[] = [];
  let records = 0;
  for (const s of slots.values()) {
    records += s.records.length;
    for (const r of s.records) if (r.type === 'penalty') penalties.push(r);
  }
  // Once per grading shard in the worker; outside the timed loop here.
  const bars: PersonBar[] = personBars(penalties, AS_OF, rules);
  const options = { personBars: bars, rules };

  const run = (list: readonly Slot[]): { wall: number; cpu: number; assessed: number } => {
    const t = timer();
    let assessed = 0;
    for (const s of list) {
      if (assess(s.profile as Enterprise, s.records, AS_OF, options) !== null) assessed++;
    }
    return { ...t(), assessed };
  };
  const warmup = enterprises.slice(0, Math.min(enterprises.length, 20_000));
  run(warmup);
  const roundSeconds: number[] = [];
  const roundCpuSeconds: number[] = [];
  let assessed = 0;
  for (let r = 0; r < args.rounds; r++) {
    const out = run(enterprises);
    assessed = out.assessed;
    roundSeconds.push(out.wall);
    roundCpuSeconds.push(out.cpu);
    log(
      `assess: round ${r + 1}/${args.rounds}: ${enterprises.length.toLocaleString('en-US')} enterprises in ${out.wall.toFixed(2)} s (${out.cpu.toFixed(2)} s CPU)`,
    );
  }

  // Untimed: the compared fields, for the DuckDB peer.
  const stream = createWriteStream(args.resultsFile);
  let buffer = '';
  for (const s of enterprises) {
    const a = assess(s.profile as Enterprise, s.records, AS_OF, options);
    if (a === null) continue;
    buffer += `${JSON.stringify(compact(a))}\n`;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await new Promise<void>((r) => stream.once('drain', () => r()));
      buffer = '';
    }
  }
  stream.end(buffer);
  await new Promise<void>((r) => stream.once('finish', () => r()));

  const med = median(roundSeconds);
  const medCpu = median(roundCpuSeconds);
  return {
    enterprises: enterprises.length,
    profiles: enterprises.length,
    assessed,
    records,
    load: {
      ...loaded.counts,
      seconds: round(loaded.seconds, 2),
      recordsPerSecond: Math.round(loaded.counts.lines / loaded.seconds),
    },
    rssAfterLoadMb: mb(mem.rss),
    heapAfterLoadMb: mb(mem.heapUsed),
    warmupEnterprises: warmup.length,
    roundSeconds: roundSeconds.map((x) => round(x, 3)),
    roundCpuSeconds: roundCpuSeconds.map((x) => round(x, 3)),
    medianSeconds: round(med, 3),
    medianCpuSeconds: round(medCpu, 3),
    enterprisesPerSecond: Math.round(enterprises.length / medCpu),
    wallEnterprisesPerSecond: Math.round(enterprises.length / med),
    peakRssMb: peakRssMb(),
    resultsFile: args.resultsFile,
  };
}
