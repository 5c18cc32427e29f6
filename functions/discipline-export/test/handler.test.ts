// discipline-export handler with the samples of events/discipline/: the daily schedule and a
// ListingStarted event of the grading bus, one export per invocation; asOf from the payload,
// the event's detail or today in Asia/Shanghai.
import { S3Client } from '@aws-sdk/client-s3';
import {
  type DisciplineExportEvent,
  type DisciplineExportResult,
  type ExportDeps,
  exportRequest,
  type GradingEvent,
  makeDisciplineExportHandler as makeHandler,
} from '@fenji/app';
import { fixedClock } from '@fenji/domain';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { documentClient, RecordStore } from '@fenji/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, storeFixture } from '../../../test/support/discipline-fixture.ts';
import { handlerEnv, lambdaContext, sampleEvent } from '../../../test/support/lambda.ts';
import { depsFromEnv } from '../src/handler.ts';

// 09:00 in Shanghai on the sample's day.
const clock = fixedClock('2026-11-30T01:00:00Z');
let env: Embedded;
let s3: S3Client;
let store: RecordStore;
let deps: ExportDeps;
type Handler = (event: DisciplineExportEvent, context: unknown) => Promise<DisciplineExportResult>;
let handler: Handler;

beforeAll(async () => {
  env = await startEmbedded();
  s3 = new S3Client(env.s3Config);
  store = new RecordStore({ doc: documentClient(env.dynamoConfig), table: env.tableName, shards: 4, clock });
  deps = { records: store, s3, bucket: env.buckets.exports, clock };
  handler = makeHandler(() => deps) as unknown as Handler;
  await storeFixture(store);
});
afterAll(async () => {
  s3.destroy();
  store.doc.destroy();
  await env.stop();
});

describe('discipline-export handler', () => {
  it('daily schedule (events/discipline/daily.json): exports as of today in Asia/Shanghai', async () => {
    const out = await handler(sampleEvent('discipline/daily.json'), lambdaContext('discipline-export'));
    expect(out).toMatchObject({
      asOf: AS_OF,
      trigger: 'schedule:daily',
      changed: true,
      counts: { listings: 2, personBars: 2, enterprises: 3, pendingProfiles: 1 },
    });
    expect(out.keys).toContain('discipline/latest/manifest.json');
    expect(out.keys).toContain(`discipline/${AS_OF}/discipline-list.csv`);
  });

  it('ListingStarted (events/discipline/listing-started.json): asOf from the detail; same list, nothing written', async () => {
    const event = sampleEvent<GradingEvent>('discipline/listing-started.json');
    expect(event.detail.asOf).toBe(AS_OF);
    const out = await handler(event, lambdaContext('discipline-export'));
    expect(out).toMatchObject({ asOf: AS_OF, trigger: 'ListingStarted', changed: false, keys: [] });
  });

  it('depsFromEnv: EXPORTS_BUCKET is required; with the embedded environment the handler runs', async () => {
    const saved = { ...process.env };
    try {
      const base = handlerEnv(env.env);
      const { EXPORTS_BUCKET: _omit, ...withoutBucket } = base;
      for (const k of Object.keys(base)) delete process.env[k];
      Object.assign(process.env, withoutBucket);
      expect(() => depsFromEnv()).toThrow(/EXPORTS_BUCKET/);
      Object.assign(process.env, base);
      const fromEnv = depsFromEnv();
      expect(fromEnv.bucket).toBe(env.buckets.exports);
      const out = await makeHandler(() => fromEnv)({ kind: 'daily', asOf: AS_OF }, lambdaContext());
      expect(out).toMatchObject({ asOf: AS_OF, changed: false });
      fromEnv.s3.destroy();
      fromEnv.records.doc.destroy();
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});

describe('exportRequest', () => {
  const now = fixedClock('2026-11-30T16:30:00Z'); // already 2026-12-01 00:30 in Shanghai
  const busEvent = (type: string, detail: Record<string, unknown>) =>
    ({ ...sampleEvent<GradingEvent>('discipline/listing-started.json'), 'detail-type': type, detail }) as GradingEvent;

  it('asOf: the payload, else the detail, else today in Asia/Shanghai', () => {
    expect(exportRequest({ kind: 'daily', asOf: '2026-10-01' }, now)).toEqual({
      asOf: '2026-10-01',
      trigger: 'schedule:daily',
    });
    expect(exportRequest({ kind: 'daily' }, now)).toEqual({ asOf: '2026-12-01', trigger: 'schedule:daily' });
    expect(exportRequest(busEvent('ListingEnded', { asOf: '2026-11-30' }), now)).toEqual({
      asOf: '2026-11-30',
      trigger: 'ListingEnded',
    });
    expect(exportRequest(busEvent('BannedPersonInCharge', {}), now)).toEqual({
      asOf: '2026-12-01',
      trigger: 'BannedPersonInCharge',
    });
  });

  it('a detail-type it does not handle, or a payload of no known shape, is an error (a misrouted rule must show)', () => {
    expect(() => exportRequest(busEvent('GradeChanged', { asOf: AS_OF }), now)).toThrow(/GradeChanged/);
    expect(() => exportRequest({} as DisciplineExportEvent, now)).toThrow(/kind/);
  });

  it('an invalid asOf fails the invocation', async () => {
    await expect(handler({ kind: 'daily', asOf: '30/11/2026' }, lambdaContext())).rejects.toThrow(/YYYY-MM-DD/);
  });
});
