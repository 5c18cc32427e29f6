// Replay (issue "reliability"): every S3 object notification and every SQS record message
// delivered twice and in a shuffled order gives the same final state as one delivery in order
// — corrections (version 2) arriving before the records they correct included.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { makeIngestS3Handler as makeIngestS3, makeIngestSqsHandler as makeIngestSqs } from '@fenji/app';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { writeDataset } from '@fenji/sample';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { deliverUntilDone, seeded, tableState } from '../support/faults.ts';
import { gradingHarness } from '../support/grading.ts';
import { handlerEnv, lambdaContext, recordMessagesEvent, s3NotificationEvent } from '../support/lambda.ts';

const ID_KEY = handlerEnv({}).FENJI_ID_KEY as string;
const data = mkdtempSync(join(tmpdir(), 'fenji-replay-'));
const { files } = await writeDataset(data, { enterprises: 50, seed: 'replay', asOf: '2026-11-30' });
const csvAndJsonl = files.map((f) => f.path).sort();
// Half the files go through S3; the JSON Lines of the other half are sent as SQS messages.
const viaS3 = csvAndJsonl.filter((_, i) => i % 2 === 0);
const viaSqs = csvAndJsonl.filter((p, i) => i % 2 === 1 && p.endsWith('.jsonl'));
const recordTypeOf = (path: string) =>
  /enterprises/.test(path)
    ? 'enterprise'
    : /inspectors/.test(path)
      ? 'inspector'
      : /inspections/.test(path)
        ? 'inspection'
        : /penalties/.test(path)
          ? 'penalty'
          : 'sampling';
const messages = viaSqs.flatMap((p) =>
  readFileSync(join(data, p), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.stringify({ recordType: recordTypeOf(p), ...JSON.parse(l) });
      } catch {
        return l; // a deliberately bad line stays bad
      }
    }),
);

function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

async function run(replay: boolean) {
  const env: Embedded = await startEmbedded();
  const h = gradingHarness(env, { shardSize: 25 });
  const s3 = new S3Client(env.s3Config);
  try {
    for (const k of viaS3)
      await s3.send(new PutObjectCommand({ Bucket: env.buckets.records, Key: k, Body: readFileSync(join(data, k)) }));
    const deps = { s3, store: h.records, quarantineBucket: env.buckets.quarantine, idKey: ID_KEY, clock: h.clock };
    const ingestS3 = makeIngestS3(() => deps);
    const ingestSqs = makeIngestSqs(() => deps);
    const notifications = s3NotificationEvent(viaS3.map((key) => ({ bucket: env.buckets.records, key }))).Records;
    const records = recordMessagesEvent(messages).Records;
    const random = seeded(42);
    const twiceShuffled = (r: SQSRecord[]) => (replay ? shuffle([...r, ...r], random) : r);
    await deliverUntilDone((e) => ingestS3(e, lambdaContext('ingest-s3')), twiceShuffled(notifications), {
      batchSize: 1,
    });
    await deliverUntilDone((e) => ingestSqs(e, lambdaContext('ingest-sqs')), twiceShuffled(records));
    const first = await h.run('daily', '2026-11-30', 'run-r');
    if (replay) {
      // The grade queue redelivers every shard too, out of order.
      await deliverUntilDone(h.workerHandler(), shuffle(h.shardEvent(first.messages).Records, random), {
        batchSize: 1,
      });
    }
    return {
      state: await tableState(h.doc, env.tableName, { skip: /^RUN#/ }),
      events: h.published.map((e) => e.detail.eventId).sort(),
    };
  } finally {
    s3.destroy();
    h.restore();
    await env.stop();
  }
}

describe('replay: everything delivered twice and out of order gives the same state', () => {
  it('S3 notifications, SQS records and grade shards, twice and shuffled', async () => {
    expect(messages.length).toBeGreaterThan(40);
    const once = await run(false);
    const replayed = await run(true);
    expect(replayed.state.length).toBe(once.state.length);
    expect(replayed.state).toEqual(once.state);
    // Consumers deduplicate by event id; the set of ids is the same.
    expect([...new Set(replayed.events)]).toEqual([...new Set(once.events)]);
  }, 120_000);
});
