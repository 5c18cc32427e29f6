// records.md §2, rule by rule: each bad record sits between two good ones in a file that goes
// through ingest-s3; the reject names source, line, recordId and field, and both good records
// are stored (bad input never takes good data down).
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { addDays, fixedClock } from '@fenji/domain';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { documentClient, RecordStore } from '@fenji/store';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerEnv, lambdaContext, s3NotificationEvent } from '../../../../test/support/lambda.ts';

// Ingestion day: record dates are checked against it (records.md §2).
const clock = fixedClock('2026-11-30T04:00:00Z');
let env: Embedded;
let s3: S3Client;
let store: RecordStore;
let handler: (event: unknown, context: unknown) => Promise<SQSBatchResponse>;
beforeAll(async () => {
  env = await startEmbedded();
  Object.assign(process.env, handlerEnv(env.env));
  const { ingestDepsFromEnv, makeIngestS3Handler: makeHandler } = await import('../../src/index.ts');
  // The function's own wiring, with the test's clock in place of the wall clock.
  const deps = await ingestDepsFromEnv(clock);
  handler = makeHandler(() => deps) as never;
  s3 = new S3Client(env.s3Config);
  store = new RecordStore({ doc: documentClient(env.dynamoConfig), table: env.tableName, shards: 4, clock });
});
afterAll(async () => {
  s3.destroy();
  await env.stop();
});

const USCC = '91330302MA2B00001F';
const today = clock.today();
type Raw = Record<string, unknown>;
const base: Record<string, Raw> = {
  enterprises: {
    uscc: USCC,
    name: '温州市鹿城区一号餐饮店',
    region: '330302',
    category: 'restaurant',
    licensedOn: '2018-01-01',
  },
  inspections: {
    uscc: USCC,
    inspectedOn: '2026-06-01',
    kind: 'routine',
    scope: 'full',
    result: 'compliant',
    inspectors: ['I-1', 'I-2'],
  },
  penalties: {
    uscc: USCC,
    decidedOn: '2025-01-10',
    procedure: 'ordinary',
    violation: 'hygiene',
    measures: ['fine'],
    fineYuan: 5000,
  },
  samplings: {
    uscc: USCC,
    sampledOn: '2026-06-01',
    product: '鲜牛奶',
    kind: 'supervisory',
    level: 'county',
    result: 'pass',
  },
  inspectors: { name: '王五', region: '330302', maxPerPeriod: 20 },
};
const keyField = (type: string) =>
  type === 'enterprises' ? 'uscc' : type === 'inspectors' ? 'inspectorId' : 'recordId';
const goodOne = (type: string, n: number): Raw => {
  if (type === 'enterprises') return { ...base.enterprises, uscc: ['91330302MA2B00002J', '91330302MA2B00003M'][n] };
  return { ...base[type], [keyField(type)]: `GOOD-${type}-${n}` };
};

// [rule, file type, override making the record bad, field the reject must name]
const RULES: [string, string, Raw, string][] = [
  ['uscc check digit (GB 32100-2015)', 'enterprises', { uscc: '91330302MA2B000010' }, 'uscc'],
  ['uscc alphabet excludes I, O, S, V, Z', 'enterprises', { uscc: '91330302MA2B0000IO' }, 'uscc'],
  ['name 1–200 characters', 'enterprises', { name: '名'.repeat(201) }, 'name'],
  ['region is a 6-digit division code', 'enterprises', { region: '33030' }, 'region'],
  ['category of grading-model.md §3', 'enterprises', { category: 'bakery' }, 'category'],
  ['licensedOn is a valid calendar date', 'enterprises', { licensedOn: '2026-02-30' }, 'licensedOn'],
  ['legalRepId check character (ISO 7064 MOD 11-2)', 'enterprises', { legalRepId: '110105194912310021' }, 'legalRepId'],
  ['version is an integer ≥ 1', 'enterprises', { version: 0 }, 'version'],
  ['status is active or revoked', 'enterprises', { status: 'deleted' }, 'status'],
  ['an unknown field is an error, never dropped', 'enterprises', { licenced: '2018-01-01' }, 'licenced'],
  ['recordId is required', 'inspections', { recordId: undefined }, 'recordId'],
  ['dates not before 1990-01-01', 'inspections', { inspectedOn: '1989-12-31' }, 'inspectedOn'],
  ['dates not after ingestion day + 1', 'inspections', { inspectedOn: addDays(today, 2) }, 'inspectedOn'],
  ['inspection kind', 'inspections', { kind: 'surprise' }, 'kind'],
  ['inspection scope', 'inspections', { scope: 'half' }, 'scope'],
  ['inspection result', 'inspections', { result: 'ok' }, 'result'],
  ['items are integers ≥ 0', 'inspections', { result: 'non_compliant', keyItemsFailed: -1 }, 'keyItemsFailed'],
  ['compliant ⇒ no failed items', 'inspections', { generalItemsFailed: 2 }, 'generalItemsFailed'],
  [
    'basically_compliant ⇒ no key item failed',
    'inspections',
    { result: 'basically_compliant', keyItemsFailed: 1, generalItemsFailed: 1 },
    'keyItemsFailed',
  ],
  [
    'basically_compliant ⇒ ≥ 1 general item failed',
    'inspections',
    { result: 'basically_compliant' },
    'generalItemsFailed',
  ],
  ['non_compliant ⇒ some item failed', 'inspections', { result: 'non_compliant' }, 'result'],
  ['inspectors: at least one', 'inspections', { inspectors: [] }, 'inspectors'],
  ['penalty procedure', 'penalties', { procedure: 'summary' }, 'procedure'],
  ['penalty violation code', 'penalties', { violation: 'smuggling' }, 'violation'],
  ['measures non-empty', 'penalties', { measures: [], fineYuan: 0 }, 'measures'],
  ['measures from the list', 'penalties', { measures: ['fine', 'jail'] }, 'measures'],
  ['fine in measures ⇔ fineYuan > 0', 'penalties', { measures: ['warning'], fineYuan: 500 }, 'measures'],
  ['fineYuan ≥ 0', 'penalties', { fineYuan: -5 }, 'fineYuan'],
  ['simple procedure ⇒ fine ≤ ¥3,000 (APL Art. 51)', 'penalties', { procedure: 'simple', fineYuan: 3001 }, 'fineYuan'],
  [
    'simple procedure ⇒ warning/fine only (APL Art. 51)',
    'penalties',
    { procedure: 'simple', measures: ['fine', 'confiscation'], fineYuan: 100 },
    'measures',
  ],
  ['booleans true/false/1/0/是/否', 'penalties', { aggravated: 'maybe' }, 'aggravated'],
  [
    'person role',
    'penalties',
    { persons: [{ name: '张三', role: 'boss', idNumber: '11010519491231002X' }] },
    'persons[0].role',
  ],
  [
    'person ID check character',
    'penalties',
    { persons: [{ name: '张三', role: 'principal', idNumber: '110105194912310021' }] },
    'persons[0].idNumber',
  ],
  ['repair not before 12 months (REPAIR-2021)', 'penalties', { repairedOn: '2026-01-09' }, 'repairedOn'],
  [
    'no repair of a heavy penalty (REPAIR-2021)',
    'penalties',
    { measures: ['fine', 'suspension'], repairedOn: '2026-06-01' },
    'repairedOn',
  ],
  [
    'early removal not before 12 months (SDL-44 Art. 16)',
    'penalties',
    { seriousListing: true, delistedOn: '2026-01-09' },
    'delistedOn',
  ],
  ['sampling product required', 'samplings', { product: undefined }, 'product'],
  ['sampling kind', 'samplings', { kind: 'random' }, 'kind'],
  ['sampling level', 'samplings', { level: 'village' }, 'level'],
  ['sampling result', 'samplings', { result: 'unknown' }, 'result'],
  ['hazard required when fail', 'samplings', { result: 'fail' }, 'hazard'],
  ['hazard from the list', 'samplings', { result: 'fail', hazard: 'radiation' }, 'hazard'],
  ['inspector maxPerPeriod integer ≥ 1', 'inspectors', { maxPerPeriod: 0 }, 'maxPerPeriod'],
  ['inspector conflicts are USCCs', 'inspectors', { conflicts: ['NOT-A-USCC'] }, 'conflicts[0]'],
  ['inspector active is a boolean', 'inspectors', { active: 'sometimes' }, 'active'],
];

const file = (rows: Raw[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const badId = (type: string, i: number) => (type === 'enterprises' ? undefined : `BAD-${i}`);

describe('records.md §2: every validation rule rejects its line and keeps the good lines around it', () => {
  it.each(RULES.map((r, i) => [i, ...r] as const))('rule %i: %s', async (i, _rule, type, override, field) => {
    const key = `${type}/rule-${i}.jsonl`;
    const bad: Raw = {
      ...base[type],
      ...(type === 'enterprises' ? {} : { [keyField(type)]: badId(type, i) }),
      ...override,
    };
    for (const k of Object.keys(bad)) if (bad[k] === undefined) delete bad[k];
    await s3.send(
      new PutObjectCommand({
        Bucket: env.buckets.records,
        Key: key,
        Body: file([goodOne(type, 0), bad, goodOne(type, 1)]),
      }),
    );
    expect(await handler(s3NotificationEvent([{ bucket: env.buckets.records, key }]), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    const text = await (
      await s3.send(new GetObjectCommand({ Bucket: env.buckets.quarantine, Key: `rejects/${key}.jsonl` }))
    ).Body?.transformToString();
    const rejects = (text ?? '')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ source: key, line: 2 });
    if (bad[keyField(type)] !== undefined && field !== keyField(type))
      expect(rejects[0].recordId).toBe(bad[keyField(type)]);
    // The field itself or one of its elements (`measures[1]`).
    expect(rejects[0].errors.some((e: { field: string }) => e.field === field || e.field.startsWith(`${field}[`))).toBe(
      true,
    );
    for (const e of rejects[0].errors) expect(e.message.length).toBeGreaterThan(5);
    // The good neighbours are stored.
    if (type === 'enterprises') {
      expect((await store.enterpriseHistory('91330302MA2B00002J')).profile).not.toBeNull();
      expect((await store.enterpriseHistory('91330302MA2B00003M')).profile).not.toBeNull();
    } else if (type === 'inspectors') {
      const ids = (await store.inspectors()).map((x) => x.inspectorId);
      expect(ids).toEqual(expect.arrayContaining(['GOOD-inspectors-0', 'GOOD-inspectors-1']));
    } else {
      const ids = (await store.enterpriseHistory(USCC)).records.map((r) => (r as { recordId: string }).recordId);
      expect(ids).toEqual(expect.arrayContaining([`GOOD-${type}-0`, `GOOD-${type}-1`]));
      expect(ids).not.toContain(`BAD-${i}`);
    }
  });
});
