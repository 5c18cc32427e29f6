// ingest-s3 through the real SDK clients against s3rver and dynalite, driven by the sample
// event in events/ (an S3 notification delivered through SQS).
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fixedClock } from '@fenji/domain';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { documentClient, RecordStore } from '@fenji/store';
import type { SQSBatchResponse } from 'aws-lambda';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerEnv, lambdaContext, s3NotificationEvent } from '../../../test/support/lambda.ts';

let env: Embedded;
let s3: S3Client;
let store: RecordStore;
let handler: (event: unknown, context: unknown) => Promise<SQSBatchResponse>;

beforeAll(async () => {
  env = await startEmbedded();
  Object.assign(process.env, handlerEnv(env.env));
  ({ handler } = (await import('../src/handler.ts')) as never);
  s3 = new S3Client(env.s3Config);
  store = new RecordStore({
    doc: documentClient(env.dynamoConfig),
    table: env.tableName,
    shards: 4,
    clock: fixedClock('2026-11-30T04:00:00Z'),
  });
});
afterAll(async () => {
  s3.destroy();
  await env.stop();
});

const put = (key: string, body: string | Uint8Array) =>
  s3.send(new PutObjectCommand({ Bucket: env.buckets.records, Key: key, Body: body }));
const invoke = (...keys: string[]) =>
  handler(s3NotificationEvent(keys.map((key) => ({ bucket: env.buckets.records, key }))), lambdaContext('ingest-s3'));
const getText = async (bucket: string, key: string) =>
  (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString()) ?? '';
const report = async (key: string) => JSON.parse(await getText(env.buckets.quarantine, `reports/${key}.json`));
const rejects = async (key: string) =>
  (await getText(env.buckets.quarantine, `rejects/${key}.jsonl`))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

const ENT_HEADER = 'uscc,name,region,category,licensedOn,legalRepName,legalRepId';
const ents = [
  '91330302MA2B00001F,温州市鹿城区一号餐饮店,330302,restaurant,2018-01-01,张三,11010519491231002X',
  '91330302MA2B00002J,"温州市鹿城区""二号""食品有限公司, 分店",330302,dairy,2015/06/01,,',
];

describe('ingest-s3 handler (records.md §1, §3)', () => {
  it('ingests a file; the same notification again changes nothing (only duplicates)', async () => {
    await put('enterprises/lucheng.csv', [ENT_HEADER, ...ents].join('\n'));
    expect(await invoke('enterprises/lucheng.csv')).toEqual({ batchItemFailures: [] });
    expect((await report('enterprises/lucheng.csv')).counts).toMatchObject({ accepted: 2, duplicates: 0, rejected: 0 });
    expect(await invoke('enterprises/lucheng.csv')).toEqual({ batchItemFailures: [] });
    expect((await report('enterprises/lucheng.csv')).counts).toMatchObject({ accepted: 0, duplicates: 2, rejected: 0 });
    const { profile } = await store.enterpriseHistory('91330302MA2B00002J');
    expect(profile?.name).toBe('温州市鹿城区"二号"食品有限公司, 分店');
    expect(profile?.licensedOn).toBe('2015-06-01');
  });

  it('stores no clear ID number: the legal representative ID is masked and hashed', async () => {
    const items = await store.enterprisePartition('91330302MA2B00001F');
    const text = JSON.stringify(items);
    expect(text).not.toContain('11010519491231002X');
    expect(text).toContain('110105********002X');
  });

  it('UTF-8, UTF-8 with BOM and GB18030 exports of the same records store identical items', async () => {
    const csv = [ENT_HEADER, ...ents].join('\r\n');
    await put('encodings/utf8/enterprises.csv', csv);
    await put('encodings/bom/enterprises.csv', `\uFEFF${csv}`);
    await put('encodings/gb/enterprises.csv', iconv.encode(csv, 'gb18030'));
    await invoke('encodings/utf8/enterprises.csv', 'encodings/bom/enterprises.csv', 'encodings/gb/enterprises.csv');
    for (const k of [
      'encodings/utf8/enterprises.csv',
      'encodings/bom/enterprises.csv',
      'encodings/gb/enterprises.csv',
    ]) {
      expect((await report(k)).counts, k).toMatchObject({ duplicates: 2, accepted: 0, conflicts: 0, rejected: 0 });
    }
  });

  it('a bad line between good lines is quarantined with source, line, recordId and field; the good lines are stored', async () => {
    const key = 'inspections/2026/11/mixed.csv';
    await put(
      key,
      [
        'recordId,uscc,inspectedOn,kind,scope,result,keyItemsFailed,generalItemsFailed,inspectors',
        'JC-1,91330302MA2B00001F,2026-11-01,routine,full,compliant,0,0,I-1;I-2',
        'JC-2,91330302MA2B00001F,2026-11-02,routine,full,compliant,0,3,I-1;I-2',
        '"JC-3",91330302MA2B00001F,2026-11-03,routine,partial,basically_compliant,0,"2",I-1',
      ].join('\n'),
    );
    await invoke(key);
    expect((await report(key)).counts).toMatchObject({ accepted: 2, rejected: 1 });
    const [r] = await rejects(key);
    expect(r).toMatchObject({ source: key, line: 3, recordId: 'JC-2' });
    expect(r.errors[0].field).toBe('generalItemsFailed');
    const { records } = await store.enterpriseHistory('91330302MA2B00001F');
    expect(records.map((x) => (x.type === 'inspection' ? x.recordId : '')).sort()).toEqual(['JC-1', 'JC-3']);
  });

  it('a corrected file re-uploaded under the same key removes the rejects of the earlier upload', async () => {
    const key = 'enterprises/fixed-later.csv';
    await put(key, [ENT_HEADER, ents[0], '91330302MA2B000010,坏码,330302,restaurant,2018-01-01,,'].join('\n'));
    await invoke(key);
    expect(await rejects(key)).toHaveLength(1);
    await put(key, [ENT_HEADER, ents[0]].join('\n'));
    await invoke(key);
    expect((await report(key)).rejectsKey).toBeNull();
    await expect(getText(env.buckets.quarantine, `rejects/${key}.jsonl`)).rejects.toThrow();
  });

  it('a file whose type cannot be told is rejected whole with line null', async () => {
    await put('misc/export.csv', 'a,b\n1,2\n');
    await invoke('misc/export.csv');
    const [r] = await rejects('misc/export.csv');
    expect(r).toMatchObject({ source: 'misc/export.csv', line: null, recordId: null });
    expect(r.errors[0].field).toBe('file');
  });

  it('an unknown column rejects the file, naming the column', async () => {
    await put('inspectors/typo.csv', 'inspectorId,name,regoin,maxPerPeriod\nI-1,王五,330302,10\n');
    await invoke('inspectors/typo.csv');
    const [r] = await rejects('inspectors/typo.csv');
    expect(r.line).toBeNull();
    expect(JSON.stringify(r.errors)).toContain('regoin');
  });

  it('keys with spaces arrive URL-encoded in notifications and are decoded', async () => {
    await put('enterprises/鹿城 export.csv', [ENT_HEADER, ents[0]].join('\n'));
    expect(await invoke('enterprises/鹿城 export.csv')).toEqual({ batchItemFailures: [] });
    expect((await report('enterprises/鹿城 export.csv')).counts.duplicates).toBe(1);
  });

  it('a transient failure (the bucket cannot be read) is a batch item failure for that message only', async () => {
    await put('enterprises/ok.csv', [ENT_HEADER, ents[0]].join('\n'));
    const event = s3NotificationEvent([
      { bucket: env.buckets.records, key: 'enterprises/ok.csv' },
      { bucket: 'no-such-bucket', key: 'enterprises/x.csv' },
    ]);
    const out = await handler(event, lambdaContext('ingest-s3'));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.messageId }]);
  });

  it('a deleted object is reported in quarantine, not retried forever', async () => {
    expect(await invoke('enterprises/deleted.csv')).toEqual({ batchItemFailures: [] });
    const [r] = await rejects('enterprises/deleted.csv');
    expect(r.errors[0].field).toBe('file');
  });
});
