// The whole local pipeline (npm start's runPipeline: S3 upload → ingest-s3 handler → scheduler →
// grade worker → discipline export → plan → outputs) against the embedded dynalite/s3rver, with
// every DynamoDB request metered and split by stage. Stage boundaries come from the progress
// bars runPipeline opens around ingest and grading; CPU time is this (main) thread's only —
// dynalite runs on its own worker thread and is not fenji's Lambda CPU.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '@fenji/domain';
import { RUN_COUNTERS } from '@fenji/report';
import { writeDataset } from '@fenji/sample';
import { AS_OF, type FileEntry, log, peakRssMb, round, SEED, seconds, TMP_DIR } from './common.ts';
import { DynamoMeter, diffTallies, installMeter, sumTallies, type Tallies } from './meter.ts';

export interface StageMetrics {
  wallSeconds: number;
  /** Main-thread CPU seconds (fenji's handlers, SDK, s3rver; not dynalite). */
  cpuSeconds: number;
  dynamo: Tallies;
}

export interface PipelineResult {
  enterprises: number;
  dataLines: number;
  files: number;
  bytes: number;
  seconds: number;
  secondsPerStage: Record<string, number>;
  summary: Record<string, unknown>;
  stages: Record<'setup' | 'ingest' | 'schedule' | 'grade' | 'outputs', StageMetrics>;
  /** Mean size of one assessment as JSON (the `data` of latest and history items). */
  assessmentBytes: number;
  peakRssMb: number | null;
}

function cpu(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1e6;
}

export async function pipelineBench(args: {
  enterprises: number;
  /** A prepared gen/ folder of the same size, reused when given. */
  dataDir?: string;
  files?: FileEntry[];
}): Promise<PipelineResult> {
  const base = join(TMP_DIR, `pipeline-${args.enterprises}`);
  let dataDir = args.dataDir;
  let files: { lines: number; bytes: number }[] | undefined = args.files;
  if (!dataDir || !existsSync(dataDir)) {
    dataDir = join(base, 'data');
    log(`pipeline: generating ${args.enterprises} enterprises into ${dataDir}`);
    const ds = await writeDataset(dataDir, { enterprises: args.enterprises, seed: SEED, asOf: AS_OF }, { clean: true });
    files = ds.files.map((f) => ({ lines: f.lines, bytes: f.bytes.length }));
  }
  const state = join(base, 'state');
  rmSync(state, { recursive: true, force: true });
  // As npm start does: quiet Powertools, read at import.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const meter = new DynamoMeter();
  installMeter(meter);
  const { runPipeline } = await import('@fenji/local');

  const marks: { label: string; at: number; cpu: number; tallies: Tallies }[] = [];
  const mark = (label: string) => marks.push({ label, at: performance.now(), cpu: cpu(), tallies: meter.snapshot() });
  const progress = {
    note: (text: string) => log(`pipeline: ${text}`),
    bar(label: string, total: number) {
      const stage = label.includes('ingest') ? 'ingest' : 'grade';
      mark(`${stage}:start`);
      log(`pipeline: ${stage} (${total.toLocaleString('en-US')} ${stage === 'ingest' ? 'lines' : 'enterprises'})`);
      return {
        update() {},
        stop() {
          mark(`${stage}:end`);
        },
      };
    },
  };
  log(`pipeline: npm start path on ${dataDir} (state ${state})`);
  mark('start');
  const started = performance.now();
  const summary = (await runPipeline(
    { data: dataDir, asOf: AS_OF, out: join(base, 'out'), period: '2026-Q4', seed: SEED, state, clock: systemClock },
    progress,
  )) as unknown as Record<string, unknown>;
  const total = seconds(started);
  mark('end');

  const at = (label: string) => {
    const m = marks.find((x) => x.label === label);
    if (!m) throw new Error(`pipeline stage mark ${label} missing`);
    return m;
  };
  const between = (a: string, b: string): StageMetrics => {
    const x = at(a);
    const y = at(b);
    return {
      wallSeconds: round((y.at - x.at) / 1000, 2),
      cpuSeconds: round(y.cpu - x.cpu, 2),
      dynamo: diffTallies(y.tallies, x.tallies),
    };
  };
  const stages = {
    setup: between('start', 'ingest:start'),
    ingest: between('ingest:start', 'ingest:end'),
    schedule: between('ingest:end', 'grade:start'),
    grade: between('grade:start', 'grade:end'),
    outputs: between('grade:end', 'end'),
  };
  const all = sumTallies(meter.tallies);
  log(`pipeline: ${total.toFixed(1)} s, ${all.requests.toLocaleString('en-US')} DynamoDB requests`);
  const lines = (files ?? []).reduce((n, f) => n + f.lines, 0);
  const assessments = readFileSync(join(base, 'out', 'assessments.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const assessmentBytes = Math.round(
    assessments.reduce((n, l) => n + Buffer.byteLength(l, 'utf8'), 0) / Math.max(1, assessments.length),
  );
  return {
    enterprises: args.enterprises,
    dataLines: lines,
    files: files?.length ?? 0,
    bytes: (files ?? []).reduce((n, f) => n + f.bytes, 0),
    seconds: round(total, 1),
    secondsPerStage: summary.secondsPerStage as Record<string, number>,
    summary: Object.fromEntries(
      [...RUN_COUNTERS, 'assessmentsChanged', 'events', 'enterprises'].map((k) => [k, summary[k]]),
    ),
    stages,
    assessmentBytes,
    peakRssMb: peakRssMb(),
  };
}
