// `npm run bench`: fenji measured as its users would pick it — parse + validate throughput per
// format beside its floor, assess throughput and peak RSS, the whole local pipeline with its
// DynamoDB requests turned into a cost model, and a DuckDB peer grading the same records in SQL.
// Results: a table on stdout and bench/results.json. See bench/README.md.
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  codeVersion,
  formatInt,
  log,
  RESULTS_FILE,
  readJsonIfExists,
  round,
  runChild,
  scaleDir,
  seconds,
  writeJson,
} from './common.ts';
import { type CostModel, costModel } from './cost.ts';
import { countryReport, formatCountry } from './country.ts';
import type { Prepared } from './data.ts';
import type { AssessBenchResult } from './fenji.ts';
import type { Ingest200kResult } from './ingest-200k.ts';
import { sumTallies } from './meter.ts';
import type { FormatResult } from './parse.ts';
import type { PeerResult } from './peer.ts';
import type { PipelineResult } from './pipeline.ts';

const HELP = `Usage: npm run bench -- [options]

  (no option)          10k, 100k and 1M enterprises, the pipeline at 10k          (~8 min)
  --quick              10k only, the pipeline at 2,000 enterprises                (< 3 min)
  --scales A,B         these scales only (multiples of 100000 above 100000; none = no scale)
  --pipeline-scale N   enterprises for the local pipeline run (0 = skip it)
  --ingest-200k        only: a 200,000-line CSV through the ingest-s3 handler, peak RSS growth (~5–7 min)
  --report             only: recompute the cost model and print the table from bench/results.json
  --country            only: a national deployment on paper (bench/country.ts) from the pipeline
                       figures in bench/results.json: run times, USD and hot keys, before/after (~1 s)
  -h, --help           this help

Data is generated with fixed seeds into bench/tmp/ (git-ignored) and reused by later runs.
Results go to bench/results.json (merged with earlier runs, keyed by scale) and a table on stdout.
`;

interface ScaleEntry {
  scale: number;
  enterprises: number;
  records: number;
  dataMethod: string;
  ingestRecordsPerSecond: { csv: number; jsonl: number };
  floorRecordsPerSecond: { csv: number; jsonl: number };
  assessEnterprisesPerSecond: number;
  peakRssMb: number | null;
  pipelineSeconds: number | null;
  dynamoRequestsPer1kRecords: number | null;
  costUsd: {
    perMillionRecordsIngested: number;
    monthlyRun: number;
    monthlyRunNoneChanged: number;
    storagePerMonth: number;
  } | null;
  duckdbRatio: number;
  details: {
    parse: Record<string, FormatResult>;
    assess: AssessBenchResult;
    peer: PeerResult;
    seconds: Record<string, number>;
    /** 1-minute load average before and after: above ~2 on 2 cores means other work shared the machine. */
    loadAverage: { before: number; after: number };
    /** git HEAD (and files changed outside bench/) when each task started. */
    code: Record<string, { commit: string; changed: string[] }>;
  };
  measuredAt: string;
}

type PipelineEntry = PipelineResult & {
  measuredAt: string;
  requestsPer1kRecords: number;
  requestsPerEnterprise: number;
  code?: { commit: string; changed: string[] };
};

interface Results {
  updatedAt: string;
  machine: Record<string, unknown>;
  scales: Record<string, ScaleEntry>;
  /** Local pipeline runs by enterprises; the largest one feeds the cost model. */
  pipelines?: Record<string, PipelineEntry>;
  /** The pipeline run the cost model and the per-scale request figures come from. */
  pipeline?: PipelineEntry;
  cost?: CostModel;
  ingest200k?: Ingest200kResult & { measuredAt: string; code?: { commit: string; changed: string[] } };
  lastRun?: { command: string; seconds: number; at: string };
}

function machine(): Record<string, unknown> {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** V8 old-space cap of the assess child (see runScale). */
const ASSESS_HEAP_MB = 1_200;

async function runScale(scale: number): Promise<ScaleEntry> {
  const t: Record<string, number> = {};
  const code: Record<string, { commit: string; changed: string[] }> = {};
  const loadBefore = round(loadavg()[0] ?? 0, 2);
  let s = performance.now();
  const big = scale > 100_000;
  const prepared = await runChild<Prepared>('prepare', { scale }, { maxOldSpaceMb: 12_000 });
  t.prepare = round(seconds(s), 1);
  s = performance.now();
  code.parse = codeVersion();
  const parse = await runChild<Record<'csv' | 'jsonl', FormatResult>>(
    'parse',
    { scale, rounds: big ? 1 : 3 },
    { maxOldSpaceMb: 4096 },
  );
  t.parse = round(seconds(s), 1);
  s = performance.now();
  code.assess = codeVersion();
  const assess = await runChild<AssessBenchResult>(
    'assess',
    { scale, rounds: big ? 1 : 5 },
    // The compact population needs ~0.55 GB of heap at a million enterprises (plus ~0.4 GB of
    // cells outside it): a bounded heap makes V8 collect as it goes instead of letting garbage
    // grow towards whatever it is allowed, so peak RSS is what the engine needs.
    { maxOldSpaceMb: ASSESS_HEAP_MB, oneCore: true, exposeGc: true },
  );
  t.assess = round(seconds(s), 1);
  s = performance.now();
  code.peer = codeVersion();
  const peer = await runChild<PeerResult>(
    'peer',
    { scale, rounds: 3, fenjiSeconds: assess.medianSeconds, fenjiCpuSeconds: assess.medianCpuSeconds },
    { maxOldSpaceMb: 4096 },
  );
  t.peer = round(seconds(s), 1);
  const records = Object.values(prepared.lines).reduce((a, b) => a + b, 0);
  return {
    scale,
    enterprises: assess.enterprises,
    records,
    dataMethod: prepared.method,
    ingestRecordsPerSecond: { csv: parse.csv.recordsPerSecond, jsonl: parse.jsonl.recordsPerSecond },
    floorRecordsPerSecond: { csv: parse.csv.floor.recordsPerSecond, jsonl: parse.jsonl.floor.recordsPerSecond },
    assessEnterprisesPerSecond: assess.enterprisesPerSecond,
    peakRssMb: assess.peakRssMb,
    pipelineSeconds: null,
    dynamoRequestsPer1kRecords: null,
    costUsd: null,
    duckdbRatio: peer.ratio,
    details: {
      parse,
      assess,
      peer,
      seconds: t,
      loadAverage: { before: loadBefore, after: round(loadavg()[0] ?? 0, 2) },
      code,
    },
    measuredAt: new Date().toISOString(),
  };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function table(results: Results, scales: readonly number[]): string {
  const entries = scales.map((s) => results.scales[String(s)]).filter((e): e is ScaleEntry => !!e);
  const head = ['', ...entries.map((e) => `${formatInt(e.scale)} enterprises`)];
  const row = (label: string, f: (e: ScaleEntry) => string) => [label, ...entries.map(f)];
  const rows: string[][] = [
    head,
    row('records (good lines)', (e) => formatInt(e.records)),
    row('data', (e) => e.dataMethod),
    row('parse+validate CSV rec/s', (e) => formatInt(e.ingestRecordsPerSecond.csv)),
    row('  floor (split) rec/s', (e) => formatInt(e.floorRecordsPerSecond.csv)),
    row('  floor ÷ fenji', (e) => `${e.details.parse.csv?.floorRatio}×`),
    row('parse+validate JSONL rec/s', (e) => formatInt(e.ingestRecordsPerSecond.jsonl)),
    row('  floor (JSON.parse) rec/s', (e) => formatInt(e.floorRecordsPerSecond.jsonl)),
    row('  floor ÷ fenji (target ≤ 3)', (e) => `${e.details.parse.jsonl?.floorRatio}×`),
    row('load as generated rec/s', (e) => formatInt(e.details.assess.load.recordsPerSecond)),
    row('assess ent/s, 1 core (target ≥ 100k)', (e) => formatInt(e.assessEnterprisesPerSecond)),
    row('peak RSS MB (load + assess)', (e) => formatInt(e.peakRssMb)),
    row(
      '  RSS / heap after load MB',
      (e) => `${e.details.assess.rssAfterLoadMb} / ${e.details.assess.heapAfterLoadMb}`,
    ),
    row(
      'DuckDB grading s (2 thr wall / 1 thr CPU)',
      (e) => `${e.details.peer.duckdbSeconds} / ${e.details.peer.duckdbOneThreadCpuSeconds}`,
    ),
    row(
      'fenji assess s (wall / CPU, 1 core)',
      (e) => `${e.details.peer.fenjiSeconds} / ${e.details.peer.fenjiCpuSeconds}`,
    ),
    row(
      'duckdbRatio fenji÷DuckDB CPU (target ≤ 1)',
      (e) => `${e.duckdbRatio} (wall vs 2 thr: ${e.details.peer.ratioWallDefaultThreads})`,
    ),
    row(
      'peer mismatches',
      (e) => `${e.details.peer.comparison.mismatchedEnterprises} of ${formatInt(e.details.peer.comparison.duckdbRows)}`,
    ),
    row('monthly run USD', (e) => (e.costUsd ? `${e.costUsd.monthlyRun} (≥ ${e.costUsd.monthlyRunNoneChanged})` : '—')),
    row('storage USD / month', (e) => (e.costUsd ? String(e.costUsd.storagePerMonth) : '—')),
    row('bench seconds', (e) =>
      String(
        Object.values(e.details.seconds)
          .reduce((a, b) => a + b, 0)
          .toFixed(0),
      ),
    ),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  let out = rows.map((r) => r.map((c, i) => pad(c, widths[i] ?? 0)).join('  ')).join('\n');
  for (const p of Object.values(results.pipelines ?? {}).sort((a, b) => a.enterprises - b.enterprises)) {
    out += `\n\nLocal pipeline (npm start path, dynalite + s3rver), ${formatInt(p.enterprises)} enterprises, ${formatInt(p.dataLines)} lines: ${p.seconds} s`;
    out += `\n  stages s: ${JSON.stringify(p.secondsPerStage)}`;
    out += `\n  DynamoDB requests per 1,000 records ingested: ${p.requestsPer1kRecords}; per enterprise graded: ${p.requestsPerEnterprise}`;
  }
  const c = results.cost;
  if (c) {
    out += `\n\nCost model (from the ${formatInt(c.measuredOn.enterprises)}-enterprise pipeline run)`;
    out += `\n  per record: ${c.perRecord.writeUnits} WRU, ${c.perRecord.readUnits} RRU; per enterprise graded: ${c.perEnterpriseGraded.writeUnits} WRU, ${c.perEnterpriseGraded.readUnits} RRU`;
    out += `\n  USD per million records ingested (us-east-1 list): ${JSON.stringify(c.perMillionRecordsIngested)}`;
    for (const [n, v] of Object.entries(c.monthlyRun))
      out += `\n  USD per monthly run, ${formatInt(Number(n))} enterprises: ${JSON.stringify(v)}`;
  }
  const g = results.ingest200k;
  if (g) {
    out += `\n\ningest-200k (ingest-s3 handler, ${formatInt(g.lines)} CSV lines): ${g.seconds} s, ${formatInt(g.recordsPerSecond)} rec/s, peak RSS growth ${g.peakRssGrowthMb} MB (target < 256), retained heap after GC ${g.retainedHeapGrowthMb ?? '—'} MB, V8 heap limit ${g.heapLimitMb ?? '—'} MB`;
  }
  return `${out}\n`;
}

/** The cost model and the per-scale pipeline figures, from the largest pipeline run on record. */
function derive(results: Results): void {
  if (results.pipeline && !results.pipelines) {
    results.pipelines = { [String(results.pipeline.enterprises)]: results.pipeline };
  }
  const runs = Object.values(results.pipelines ?? {}).sort((a, b) => b.enterprises - a.enterprises);
  results.pipeline = runs[0];
  if (!results.pipeline) return;
  const allScales = [...new Set([100_000, 1_000_000, ...Object.keys(results.scales).map(Number)])].sort(
    (a, b) => a - b,
  );
  results.cost = costModel(results.pipeline, allScales);
  for (const e of Object.values(results.scales)) {
    e.pipelineSeconds = results.pipelines?.[String(e.scale)]?.seconds ?? null;
    e.dynamoRequestsPer1kRecords = results.pipeline.requestsPer1kRecords;
    const run = results.cost.monthlyRun[String(e.scale)];
    e.costUsd = {
      perMillionRecordsIngested: results.cost.perMillionRecordsIngested.total ?? 0,
      monthlyRun: run?.total ?? 0,
      monthlyRunNoneChanged: run?.totalNoneChanged ?? 0,
      storagePerMonth: results.cost.storagePerMonth[String(e.scale)] ?? 0,
    };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      scales: { type: 'string' },
      'pipeline-scale': { type: 'string' },
      'ingest-200k': { type: 'boolean' },
      report: { type: 'boolean' },
      country: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.country) {
    // A model over the measured figures: it reads results.json and writes nothing.
    const measured = readJsonIfExists<Results>(RESULTS_FILE)?.pipeline;
    if (!measured)
      throw new Error('bench --country: no pipeline run in bench/results.json; run `npm run bench -- --quick` first');
    process.stdout.write(`${formatCountry(countryReport(measured))}\n`);
    return;
  }
  const started = performance.now();
  const results: Results = readJsonIfExists<Results>(RESULTS_FILE) ?? {
    updatedAt: '',
    machine: {},
    scales: {},
  };
  results.machine = machine();
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  // Another bench run may have written the file meanwhile: merge what this run measured into
  // what is on disk now, never overwrite other runs' figures with an old copy.
  const mine = { scales: new Set<string>(), pipelines: new Set<string>(), ingest200k: false };
  const save = () => {
    const disk = readJsonIfExists<Results>(RESULTS_FILE);
    if (disk) {
      for (const k of Object.keys(disk.scales))
        if (!mine.scales.has(k)) results.scales[k] = disk.scales[k] as ScaleEntry;
      for (const [k, v] of Object.entries(disk.pipelines ?? {})) {
        if (!mine.pipelines.has(k)) {
          results.pipelines ??= {};
          results.pipelines[k] = v;
        }
      }
      if (!mine.ingest200k && disk.ingest200k) results.ingest200k = disk.ingest200k;
    }
    derive(results);
    results.updatedAt = new Date().toISOString();
    writeJson(RESULTS_FILE, results);
  };

  if (values.report) {
    derive(results);
    save();
    process.stdout.write(
      table(
        results,
        Object.keys(results.scales)
          .map(Number)
          .sort((a, b) => a - b),
      ),
    );
    return;
  }

  if (values['ingest-200k']) {
    await runChild('make200k', {}, { maxOldSpaceMb: 4096 });
    const code = codeVersion();
    // Heap capped as a small Lambda's would be: on a 24 GB host V8 otherwise grows the heap
    // lazily and RSS measures garbage not yet collected (README: ingest-200k).
    const r = await runChild<Ingest200kResult>('ingest200k', {}, { exposeGc: true, maxOldSpaceMb: 256 });
    results.ingest200k = { ...r, measuredAt: new Date().toISOString(), code };
    mine.ingest200k = true;
    results.lastRun = { command, seconds: round(seconds(started), 1), at: new Date().toISOString() };
    save();
    process.stdout.write(table(results, []));
    return;
  }

  const scales = values.scales
    ? values.scales === 'none'
      ? []
      : values.scales.split(',').map((s) => Number(s.trim()))
    : values.quick
      ? [10_000]
      : [10_000, 100_000, 1_000_000];
  if (scales.some((s) => !Number.isSafeInteger(s) || s < 12 || (s > 100_000 && s % 100_000 !== 0)))
    throw new RangeError(`--scales: whole numbers from 12, multiples of 100000 above 100000; got ${values.scales}`);
  const pipelineScale =
    values['pipeline-scale'] !== undefined ? Number(values['pipeline-scale']) : values.quick ? 2_000 : 10_000;

  for (const scale of scales) {
    log(`=== ${scale.toLocaleString('en-US')} enterprises ===`);
    results.scales[String(scale)] = await runScale(scale);
    mine.scales.add(String(scale));
    save();
  }

  if (pipelineScale > 0) {
    log(`=== local pipeline, ${pipelineScale.toLocaleString('en-US')} enterprises ===`);
    const code = codeVersion();
    const prepared = readJsonIfExists<Prepared>(join(scaleDir(pipelineScale), 'READY.json'));
    const p = await runChild<PipelineResult>(
      'pipeline',
      prepared?.method === 'generate'
        ? { enterprises: pipelineScale, dataDir: join(scaleDir(pipelineScale), 'gen'), files: prepared.fenjiFiles }
        : { enterprises: pipelineScale },
      { maxOldSpaceMb: 8192 },
    );
    const ingest = sumTallies(p.stages.ingest.dynamo);
    const graded = Number(p.summary.enterprisesGraded ?? p.enterprises);
    const schedule = sumTallies(p.stages.schedule.dynamo);
    const grade = sumTallies(p.stages.grade.dynamo);
    results.pipelines ??= {};
    mine.pipelines.add(String(pipelineScale));
    results.pipelines[String(pipelineScale)] = {
      ...p,
      measuredAt: new Date().toISOString(),
      requestsPer1kRecords: round((ingest.requests / p.dataLines) * 1000, 1),
      requestsPerEnterprise: round((grade.requests + schedule.requests) / graded, 2),
      code,
    };
  }
  derive(results);
  results.lastRun = { command, seconds: round(seconds(started), 1), at: new Date().toISOString() };
  save();
  process.stdout.write(table(results, scales));
  process.stdout.write(`\nbench/results.json written; ${round(seconds(started), 1)} s in all.\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
