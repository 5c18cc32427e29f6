// ingest-sqs with the sample batch of events/sqs/records.json: partial batch failure shape,
// invalid records quarantined and acknowledged, transient failures returned for retry.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fixedClock } from '@fenji/domain';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { documentClient, RecordStore } from '@fenji/store';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerEnv, lambdaContext, recordMessagesEvent, sampleEvent } from '../../../../test/support/lambda.ts';
import { makeIngestSqsHandler as makeHandler } from '../../src/index.ts';

const clock = fixedClock('2026-11-30T04:00:00Z');
let env: Embedded;
let s3: S3Client;
let store: RecordStore;
let handler: (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>;
const ID_KEY = handlerEnv({}).FENJI_ID_KEY as string;

beforeAll(async () => {
  env = await startEmbedded();
  s3 = new S3Client(env.s3Config);
  store = new RecordStore({ doc: documentClient(env.dynamoConfig), table: env.tableName, shards: 4, clock });
  handler = makeHandler(() => ({ s3, store, quarantineBucket: env.buckets.quarantine, idKey: ID_KEY, clock })) as never;
});
afterAll(async () => {
  s3.destroy();
  await env.stop();
});

const quarantined = async (messageId: string) => {
  const got = await s3.send(
    new GetObjectCommand({ Bucket: env.buckets.quarantine, Key: `rejects/sqs:${messageId}.jsonl` }),
  );
  return ((await got.Body?.transformToString()) ?? '')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
};

describe('ingest-sqs handler (records.md §1, §3)', () => {
  it('sample batch: valid records stored, the invalid one quarantined and acknowledged (no retry can fix it)', async () => {
    const event = sampleEvent<SQSEvent>('sqs/records.json');
    const out = await handler(event, lambdaContext('ingest-sqs'));
    expect(out).toEqual({ batchItemFailures: [] });
    const { records } = await store.enterpriseHistory('91330302MA2B00001F');
    expect(records.map((r) => (r as { recordId: string }).recordId).sort()).toEqual([
      'JC-330302-2026-0001',
      '温鹿市监罚〔2026〕118号',
    ]);
    const [bad] = await quarantined('a1000000-0000-4000-8000-000000000002');
    expect(bad).toMatchObject({
      source: 'sqs:a1000000-0000-4000-8000-000000000002',
      line: null,
      recordId: 'JC-330302-2026-0002',
    });
    expect(bad.errors.map((e: { field: string }) => e.field)).toContain('generalItemsFailed');
  });

  it('a re-delivered message changes nothing', async () => {
    const event = sampleEvent<SQSEvent>('sqs/records.json');
    const before = await store.enterprisePartition('91330302MA2B00001F');
    expect(await handler(event, lambdaContext('ingest-sqs'))).toEqual({ batchItemFailures: [] });
    const after = await store.enterprisePartition('91330302MA2B00001F');
    const strip = (items: Record<string, unknown>[]) => items.filter((i) => i.sk !== 'DIRTY');
    expect(strip(after)).toEqual(strip(before));
  });

  it('the penalty from SQS stores its persons masked and hashed, never in clear', async () => {
    const items = await store.enterprisePartition('91330302MA2B00001F');
    const text = JSON.stringify(items);
    expect(text).toContain('温鹿市监罚〔2026〕118号');
    expect(text).not.toContain('11010519491231002X');
  });

  it('a message that is not JSON, or names no known recordType, is quarantined and acknowledged', async () => {
    const event = recordMessagesEvent(['{not json', { recordType: 'complaint', id: 1 }]);
    expect(await handler(event, lambdaContext())).toEqual({ batchItemFailures: [] });
    expect((await quarantined('rec-0'))[0].errors[0].field).toBe('message');
    expect((await quarantined('rec-1'))[0].errors[0].field).toBe('recordType');
  });

  it('a transient store failure is a batch item failure for that message only; SQS retries it', async () => {
    const flaky = documentClient(env.dynamoConfig);
    flaky.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Item?: { key?: string } };
        if (input.Item?.key === 'JC-RETRY') {
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
            name: 'ProvisionedThroughputExceededException',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttleOneRecord' },
    );
    const flakyStore = new RecordStore({ doc: flaky, table: env.tableName, shards: 4, clock });
    const flakyHandler = makeHandler(() => ({
      s3,
      store: flakyStore,
      quarantineBucket: env.buckets.quarantine,
      idKey: ID_KEY,
      clock,
    }));
    const msg = (recordId: string) => ({
      recordType: 'inspection',
      recordId,
      uscc: '91330302MA2B00001F',
      inspectedOn: '2026-11-20',
      kind: 'routine',
      scope: 'partial',
      result: 'compliant',
      inspectors: ['I-1'],
    });
    const event = recordMessagesEvent([msg('JC-OK-1'), msg('JC-RETRY'), msg('JC-OK-2')]);
    const out = await flakyHandler(event, lambdaContext());
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'rec-1' }] });
    const ids = (await store.enterpriseHistory('91330302MA2B00001F')).records.map(
      (r) => (r as { recordId: string }).recordId,
    );
    expect(ids).toEqual(expect.arrayContaining(['JC-OK-1', 'JC-OK-2']));
    expect(ids).not.toContain('JC-RETRY');
    // The retry (SQS redelivers only the failed message) succeeds once the throttling is over.
    expect(await handler(recordMessagesEvent([msg('JC-RETRY')]), lambdaContext())).toEqual({ batchItemFailures: [] });
    flaky.destroy();
  });
});
