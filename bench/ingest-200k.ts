// `npm run bench -- --ingest-200k`: one 200,000-line generated inspections CSV through the
// ingest-s3 Lambda handler (an SQS-delivered S3 notification → ingestObject → readRecords →
// RecordStore.writeRecords per batch of 500) against the embedded s3rver and dynalite, with the
// process's resident set sampled every 100 ms. The claim under test: memory is bounded by a
// batch, not by the file (peak RSS growth under 256 MB).
//
// Two processes: one writes the file (the generator needs ~0.5 GB of heap, which would otherwise
// sit in the measured process as free heap and hide growth), a fresh one measures. dynalite runs
// on a worker thread of the measured process (packages/embedded), so its memory counts too; its
// database is on disk (LevelDB under the state folder), as with npm start.
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { CsvTokenizer } from '@fenji/ingest';
import { generate } from '@fenji/sample';
import { csvLine } from '../packages/sample/src/format.ts';
import { AS_OF, ensureDir, gc, log, mb, median, resetDir, round, SEED, seconds, TMP_DIR } from './common.ts';

export const INGEST_DIR = join(TMP_DIR, 'ingest-200k');
const BIG = 'inspections/inspections-200k.csv';
const WARMUP = 'inspections/inspections-warmup.csv';
const LINES = 200_000;
const WARMUP_LINES = 2_000;

/** Writes the 200k-line file and a 2k-line warm-up file of other records (cached). */
export function make200k(): { file: string; lines: number; bytes: number; enterprises: number } {
  const file = join(INGEST_DIR, 'data', BIG);
  const info = join(INGEST_DIR, 'data', 'info.json');
  if (existsSync(file) && existsSync(info)) return JSON.parse(readFileSync(info, 'utf8'));
  // ~4.7 inspections per enterprise: 45,000 enterprises give enough for both files.
  const enterprises = 45_000;
  log(`ingest-200k: generating ${enterprises} enterprises for their inspections`);
  const ds = generate({ enterprises, seed: `${SEED}-ingest`, asOf: AS_OF });
  let header: string[] | null = null;
  const rows: string[][] = [];
  for (const f of ds.files.filter((x) => x.type === 'inspection' && x.format === 'csv')) {
    const tok = new CsvTokenizer();
    const text = new TextDecoder().decode(f.bytes);
    const [head, ...rest] = [...tok.push(text), ...tok.end()];
    const names = (head?.cells ?? []).map((c) => c.trim());
    header ??= names;
    for (const r of rest) {
      if (!r.cells) continue;
      const byName = new Map(names.map((n, i) => [n, r.cells[i] ?? '']));
      rows.push((header as string[]).map((n) => byName.get(n) ?? ''));
    }
  }
  if (!header || rows.length < LINES + WARMUP_LINES)
    throw new Error(`only ${rows.length} inspection rows generated; need ${LINES + WARMUP_LINES}`);
  resetDir(join(INGEST_DIR, 'data'));
  const write = (path: string, part: string[][]) => {
    const target = join(INGEST_DIR, 'data', path);
    ensureDir(join(target, '..'));
    writeFileSync(target, [header as string[], ...part].map((c) => `${csvLine(c)}\n`).join(''));
  };
  write(BIG, rows.slice(0, LINES));
  write(WARMUP, rows.slice(LINES, LINES + WARMUP_LINES));
  const result = { file, lines: LINES, bytes: statSync(file).size, enterprises };
  writeFileSync(info, JSON.stringify(result));
  return result;
}

export interface Ingest200kResult {
  lines: number;
  bytes: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssGrowthMb: number;
  baselineRssMb: number;
  peakRssMb: number;
  peakHeapGrowthMb: number;
  /** Main-isolate heap after a forced GC at the end, above the baseline: what the run kept. */
  retainedHeapGrowthMb: number;
  /** V8 heap limit of the measured process (bench/run.ts caps it at 256 MB, like a small Lambda). */
  heapLimitMb: number;
  samples: number;
  /** RSS above the baseline every ~10 s, MB: flat means bounded by a batch. */
  rssGrowthTimelineMb: number[];
  counts: Record<string, number>;
  note: string;
}

export async function ingest200k(): Promise<Ingest200kResult> {
  const made = make200k();
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
  const { startEmbedded } = await import('@fenji/embedded');
  const { makeIngestS3Handler: makeHandler } = await import('@fenji/app');
  const { RecordStore, documentClient } = await import('@fenji/store');
  const { systemClock: clock } = await import('@fenji/domain');

  const state = resetDir(join(INGEST_DIR, 'state'));
  const env = await startEmbedded({ stateDir: state });
  const s3 = new S3Client(env.s3Config);
  const doc = documentClient(env.dynamoConfig);
  const store = new RecordStore({ doc, table: env.tableName, shards: 16, concurrency: 32, clock });
  let report: { counts: Record<string, number> } | null = null;
  const handler = makeHandler(() => ({
    s3,
    store,
    clock,
    quarantineBucket: env.buckets.quarantine,
    idKey: 'fenji-bench-id-key-0123456789abcdef',
    onReport: (r) => {
      report = r as unknown as { counts: Record<string, number> };
    },
  }));
  const context = {
    functionName: 'ingest-s3',
    awsRequestId: 'bench',
    getRemainingTimeInMillis: () => 900_000,
  } as unknown as Parameters<typeof handler>[1];
  const notify = (key: string) => ({
    Records: [
      {
        messageId: key,
        receiptHandle: 'bench',
        body: JSON.stringify({
          Records: [
            {
              eventSource: 'aws:s3',
              eventName: 'ObjectCreated:Put',
              s3: { bucket: { name: env.buckets.records }, object: { key, size: 0, eTag: '' } },
            },
          ],
        }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 'bench',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:fenji-ingest',
        awsRegion: 'local',
      },
    ],
  });
  try {
    for (const key of [WARMUP, BIG]) {
      const path = join(INGEST_DIR, 'data', key);
      await s3.send(
        new PutObjectCommand({
          Bucket: env.buckets.records,
          Key: key,
          Body: createReadStream(path),
          ContentLength: statSync(path).size,
        }),
      );
    }
    // Warm-up: JIT, SDK clients, dynalite's LevelDB, zod schemas.
    log('ingest-200k: warm-up (2,000 other lines)');
    const w = await handler(notify(WARMUP) as never, context);
    if (w.batchItemFailures.length > 0) throw new Error('warm-up ingest failed');
    gc();
    await new Promise((r) => setTimeout(r, 1000));
    const base: number[] = [];
    for (let i = 0; i < 5; i++) {
      base.push(process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 100));
    }
    const baseline = median(base);
    const heapBase = process.memoryUsage().heapUsed;
    let peak = baseline;
    let heapPeak = heapBase;
    let samples = 0;
    const timeline: number[] = [];
    let lastTimeline = performance.now();
    let windowMax = 0;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      samples++;
      peak = Math.max(peak, m.rss);
      heapPeak = Math.max(heapPeak, m.heapUsed);
      windowMax = Math.max(windowMax, m.rss);
      if (performance.now() - lastTimeline >= 10_000) {
        timeline.push(mb(windowMax - baseline));
        windowMax = 0;
        lastTimeline = performance.now();
      }
    }, 100);
    log(`ingest-200k: ingesting ${made.lines.toLocaleString('en-US')} lines (baseline RSS ${mb(baseline)} MB)`);
    const started = performance.now();
    const out = await handler(notify(BIG) as never, context);
    const took = seconds(started);
    clearInterval(timer);
    if (out.batchItemFailures.length > 0) throw new Error('the 200k ingest failed');
    gc();
    const retained = process.memoryUsage().heapUsed - heapBase;
    const counts = (report as { counts: Record<string, number> } | null)?.counts ?? {};
    return {
      lines: made.lines,
      bytes: made.bytes,
      seconds: round(took, 1),
      recordsPerSecond: Math.round(made.lines / took),
      peakRssGrowthMb: mb(peak - baseline),
      baselineRssMb: mb(baseline),
      peakRssMb: mb(peak),
      peakHeapGrowthMb: mb(heapPeak - heapBase),
      retainedHeapGrowthMb: mb(retained),
      heapLimitMb: mb(getHeapStatistics().heap_size_limit),
      samples,
      rssGrowthTimelineMb: timeline,
      counts,
      note: 'RSS of the whole process: fenji handler, SDK clients, s3rver, and dynalite (worker thread, LevelDB on disk); V8 old space capped at 256 MB per isolate',
    };
  } finally {
    s3.destroy();
    doc.destroy();
    await env.stop();
  }
}
