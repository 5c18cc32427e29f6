// Faults through the real SDK clients (issue "reliability"): throttling, connection resets,
// lost responses, partial batches, an S3 stream cut mid-file, a crash mid-file. SQS redelivers
// what failed; after that the stored state must equal an unfaulted run's, and what can never
// succeed must end in the DLQ.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { makeIngestS3Handler as makeIngestS3 } from '@fenji/app';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { writeDataset } from '@fenji/sample';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { cutS3Streams, deliverUntilDone, type FaultPlan, injectDynamoFaults, tableState } from '../support/faults.ts';
import { gradingHarness } from '../support/grading.ts';
import { handlerEnv, lambdaContext, s3NotificationEvent } from '../support/lambda.ts';

const ID_KEY = handlerEnv({}).FENJI_ID_KEY as string;
const data = mkdtempSync(join(tmpdir(), 'fenji-faults-'));
const { files } = await writeDataset(data, { enterprises: 60, seed: 'faults', asOf: '2026-11-30' });
const keys = files.map((f) => f.path).sort();

interface Faults {
  dynamo?: FaultPlan;
  cutStreams?: number;
  crashAfterBatches?: number;
}

/** Ingests the dataset through ingest-s3 and grades it, redelivering what fails; returns the table state. */
async function runWith(faults: Faults) {
  const env: Embedded = await startEmbedded();
  const h = gradingHarness(env, { shardSize: 20 });
  try {
    const dynamo = faults.dynamo ? injectDynamoFaults(h.doc, env.tableName, faults.dynamo) : undefined;
    const s3 = new S3Client({ ...env.s3Config, maxAttempts: 1 });
    for (const k of keys)
      await s3.send(new PutObjectCommand({ Bucket: env.buckets.records, Key: k, Body: readFileSync(join(data, k)) }));
    const cuts = faults.cutStreams ? cutS3Streams(s3, 3000, faults.cutStreams) : { cuts: 0 };
    let crashes = faults.crashAfterBatches ?? 0;
    const ingest = makeIngestS3(() => ({
      s3,
      store: h.records,
      quarantineBucket: env.buckets.quarantine,
      clock: h.clock,
      idKey: ID_KEY,
      onBatch: () => {
        if (crashes > 0) {
          crashes--;
          throw new Error('Task timed out after 300.00 seconds (injected)');
        }
      },
    }));
    const notifications = s3NotificationEvent(keys.map((key) => ({ bucket: env.buckets.records, key }))).Records;
    const ingested = await deliverUntilDone((e) => ingest(e, lambdaContext('ingest-s3')), notifications, {
      batchSize: 1,
    });

    // Grading: the scheduler is retried by EventBridge Scheduler with the same run id.
    let run: Awaited<ReturnType<typeof h.schedule>> | undefined;
    for (let attempt = 0; !run && attempt < 20; attempt++) {
      run = await h.schedule('daily', '2026-11-30', 'run-f').catch(() => undefined);
    }
    if (!run) throw new Error('the scheduler never succeeded');
    const shardRecords = h.shardEvent(h.sent.filter((m) => m.runId === 'run-f')).Records;
    const graded = await deliverUntilDone(h.workerHandler(), shardRecords, { batchSize: 1 });
    const state = await tableState(h.doc, env.tableName, { skip: /^RUN#/ });
    s3.destroy();
    return { state, ingested, graded, dynamo, cuts, crashesLeft: crashes, status: await h.runs.status('run-f') };
  } finally {
    h.restore();
    await env.stop();
  }
}

describe('faults through the real SDK clients: after retries the state equals an unfaulted run', () => {
  it('throttling, connection resets, lost responses, partial batches, a cut S3 stream and a crash mid-file', async () => {
    const clean = await runWith({});
    expect(clean.ingested.dlq).toEqual([]);
    expect(clean.state.filter((s) => s.includes('"ASMT#LATEST"')).length).toBeGreaterThan(50);

    const faulted = await runWith({
      dynamo: { rate: 0.08, kinds: ['throttle', 'reset', 'lost-response', 'partial-batch'], seed: 7 },
      cutStreams: 3,
      crashAfterBatches: 1,
    });
    // Every kind of fault really happened, and some were not absorbed by the SDK's retries.
    for (const kind of ['throttle', 'reset', 'lost-response', 'partial-batch'] as const) {
      expect(faulted.dynamo?.injected[kind], kind).toBeGreaterThan(0);
    }
    expect(faulted.cuts.cuts).toBe(3);
    expect(faulted.crashesLeft).toBe(0);
    expect(faulted.ingested.deliveries + faulted.graded.deliveries).toBeGreaterThan(
      clean.ingested.deliveries + clean.graded.deliveries,
    );
    expect(faulted.ingested.dlq).toEqual([]);
    expect(faulted.graded.dlq).toEqual([]);
    expect(faulted.status?.state).toBe('finished');
    expect(faulted.state).toEqual(clean.state);
  }, 120_000);

  it('what can never succeed ends in the DLQ after the redrive limit, the rest is processed', async () => {
    const env = await startEmbedded();
    try {
      const s3 = new S3Client(env.s3Config);
      const h = gradingHarness(env);
      const ingest = makeIngestS3(() => ({
        s3,
        store: h.records,
        quarantineBucket: env.buckets.quarantine,
        clock: h.clock,
        idKey: ID_KEY,
      }));
      await s3.send(
        new PutObjectCommand({
          Bucket: env.buckets.records,
          Key: keys[0] as string,
          Body: readFileSync(join(data, keys[0] as string)),
        }),
      );
      const event: SQSEvent = s3NotificationEvent([
        { bucket: env.buckets.records, key: keys[0] as string },
        { bucket: 'bucket-that-does-not-exist', key: 'enterprises/x.csv' },
      ]);
      const out = await deliverUntilDone((e) => ingest(e, lambdaContext('ingest-s3')), event.Records as SQSRecord[], {
        maxReceives: 3,
      });
      expect(out.dlq.map((r) => r.messageId)).toEqual([event.Records[1]?.messageId]);
      expect(out.deliveries).toBe(3);
      h.restore();
      s3.destroy();
    } finally {
      await env.stop();
    }
  });
});
