// npm run soak -- [--enterprises N] [--fault-rate R] [--seed S]
//
// The long run of the reliability suite: a generated dataset (default 100,000 enterprises) is
// ingested through ingest-s3 with DynamoDB faults and cut S3 streams, every notification is
// delivered twice in a shuffled order, the grade run's shards are redelivered under faults
// too, and then the store is counted against the generator's manifest:
//   records lost       = distinct good records the generator wrote − records stored (must be 0)
//   duplicates created = history rows beyond one per enterprise for the run, plus stored
//                        records whose key appears more than once (must be 0)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { makeIngestS3Handler as makeIngestS3 } from '@fenji/app';
import type { RecordType } from '@fenji/domain';
import { startEmbedded } from '@fenji/embedded';
import { writeDataset } from '@fenji/sample';
import { documentClient } from '@fenji/store';
import type { SQSRecord } from 'aws-lambda';
import { cutS3Streams, deliverUntilDone, injectDynamoFaults, seeded } from '../support/faults.ts';
import { gradingHarness } from '../support/grading.ts';
import { lambdaContext, s3NotificationEvent } from '../support/lambda.ts';

const { values } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '100000' },
    'fault-rate': { type: 'string', default: '0.03' },
    seed: { type: 'string', default: 'soak' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write('npm run soak -- [--enterprises 100000] [--fault-rate 0.03] [--seed soak]\n');
  process.exit(0);
}
const enterprises = Number(values.enterprises);
const rate = Number(values['fault-rate']);
const t0 = performance.now();
const lap = () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
const say = (s: string) => process.stderr.write(`[${lap()}] ${s}\n`);

const dir = mkdtempSync(join(tmpdir(), 'fenji-soak-'));
say(`generating ${enterprises} enterprises into ${dir}`);
const { files, manifest } = await writeDataset(join(dir, 'data'), {
  enterprises,
  seed: values.seed as string,
  asOf: '2026-11-30',
});
const env = await startEmbedded({ stateDir: join(dir, 'state') });
const h = gradingHarness(env, { shardSize: 200, shards: 16 });
const faults = injectDynamoFaults(h.doc, env.tableName, {
  rate,
  kinds: ['throttle', 'reset', 'lost-response', 'partial-batch'],
  seed: 11,
});
const s3 = new S3Client({ ...env.s3Config, maxAttempts: 1 });
try {
  for (const f of files)
    await s3.send(
      new PutObjectCommand({ Bucket: env.buckets.records, Key: f.path, Body: readFileSync(join(dir, 'data', f.path)) }),
    );
  const cuts = cutS3Streams(s3, 64 * 1024, Math.ceil(files.length / 4));
  const ingest = makeIngestS3(() => ({
    s3,
    store: h.records,
    quarantineBucket: env.buckets.quarantine,
    clock: h.clock,
    idKey: 'soak-id-key-0123456789abcdef0123456789',
  }));
  const random = seeded(99);
  const twiceShuffled = (r: SQSRecord[]) => {
    const a = [...r, ...r];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [a[i], a[j]] = [a[j] as SQSRecord, a[i] as SQSRecord];
    }
    return a;
  };
  say(
    `ingesting ${files.length} files (${manifest.files.reduce((n, f) => n + f.lines, 0)} lines), each delivered twice, shuffled, under faults`,
  );
  const notes = s3NotificationEvent(files.map((f) => ({ bucket: env.buckets.records, key: f.path }))).Records;
  const ingested = await deliverUntilDone((e) => ingest(e, lambdaContext('ingest-s3')), twiceShuffled(notes), {
    batchSize: 1,
    maxReceives: 20,
  });
  say(`ingested: ${ingested.deliveries} deliveries, ${ingested.dlq.length} in the DLQ, ${cuts.cuts} streams cut`);

  say('grading under faults, shards redelivered');
  let run: Awaited<ReturnType<typeof h.schedule>> | undefined;
  for (let attempt = 0; !run && attempt < 50; attempt++)
    run = await h.schedule('daily', '2026-11-30', 'soak-run').catch(() => undefined);
  if (!run) throw new Error('the scheduler never succeeded');
  const shards = h.shardEvent(h.sent.filter((m) => m.runId === 'soak-run')).Records;
  const graded = await deliverUntilDone(h.workerHandler(), twiceShuffled(shards), { batchSize: 1, maxReceives: 20 });
  say(`graded: ${graded.deliveries} deliveries, ${graded.dlq.length} in the DLQ`);

  say('counting the store');
  const reader = documentClient(env.dynamoConfig); // counts without faults
  const stored: Record<string, number> = {};
  const keysSeen = new Set<string>();
  let duplicateKeys = 0;
  const historyPerEnterprise = new Map<string, number>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await reader.send(new ScanCommand({ TableName: env.tableName, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const sk = item.sk as string;
      const type = item.type as RecordType | undefined;
      if ((sk === 'PROFILE' || sk.startsWith('REC#') || sk.startsWith('INSPECTOR#')) && type) {
        stored[type] = (stored[type] ?? 0) + 1;
        const k = `${type}|${item.key}`;
        if (keysSeen.has(k)) duplicateKeys++;
        keysSeen.add(k);
      }
      if (sk.startsWith('ASMT#2026-11-30#soak-run'))
        historyPerEnterprise.set(item.pk as string, (historyPerEnterprise.get(item.pk as string) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  const lost = Object.fromEntries(Object.entries(manifest.unique).map(([t, n]) => [t, n - (stored[t] ?? 0)]));
  const recordsLost = Object.values(lost).reduce((a, b) => a + Math.max(0, b), 0);
  const duplicateHistory = [...historyPerEnterprise.values()].reduce((n, c) => n + (c - 1), 0);
  const status = await h.runs.status('soak-run');
  const result = {
    enterprises,
    faultRate: rate,
    faultsInjected: faults.injected,
    requests: faults.requests,
    streamsCut: cuts.cuts,
    deliveries: { ingest: ingested.deliveries, grade: graded.deliveries },
    dlq: { ingest: ingested.dlq.length, grade: graded.dlq.length },
    expected: manifest.unique,
    stored,
    recordsLost,
    duplicatesCreated: duplicateKeys + duplicateHistory,
    run: status && { state: status.state, graded: status.counts.graded, failures: status.failures.length },
    seconds: Math.round((performance.now() - t0) / 1000),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  reader.destroy();
  process.exitCode =
    recordsLost === 0 && result.duplicatesCreated === 0 && result.dlq.ingest + result.dlq.grade === 0 ? 0 : 1;
} finally {
  s3.destroy();
  h.restore();
  await env.stop();
  rmSync(dir, { recursive: true, force: true });
}
