// POST /impact and GET /impact/{id} (docs/impact.md "Over the API") on the embedded runtime,
// every exchange contract-checked against the OpenAPI document: admins only, validation that
// names the field (a bad rule-set object names its path in the file), a job stored and queued
// with 202, its states as the worker moves it (queued → running → done, or failed with why), and
// what the worker writes to the exports bucket. That the worker's impact.json is the one
// `npm run impact` writes on the same data is test/impact/impact-api.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { ImpactReport } from '@fenji/report';
import { type ImpactJob, ImpactJobStore } from '@fenji/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, AS_OF, SHARDS, startApiFixture } from '../../../../test/support/api-fixture.ts';
import { lambdaContext, recordMessagesEvent } from '../../../../test/support/lambda.ts';
import {
  type ImpactJobMessage,
  type ImpactWorkerDeps,
  impactWorkerConfig,
  makeImpactWorkerHandler,
  runImpactJob,
} from '../../src/impact/index.ts';
import { type ApiEvent, type ApiResult, ROUTES, toHttpApiEvent } from '../../src/index.ts';
import { apiClient, type Claims, contract } from './support.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const admin: Claims = { regions: ['330300'], role: 'admin', sub: 'admin-7' };
const regulator: Claims = { regions: ['330000'], role: 'regulator' };
const body = { rules: 'cn-2016', base: 'cn-2022', asOf: AS_OF, period: '2026-Q4' };

let fx: ApiFixture;
/** Jobs are queued here and run by hand: each state can be seen. */
let sent: ImpactJobMessage[];
let api: ReturnType<typeof apiClient>;
let ids = 0;
let workerDeps: ImpactWorkerDeps;

beforeAll(async () => {
  fx = await startApiFixture();
  sent = [];
  api = apiClient({
    ...fx.deps,
    impactQueue: { send: async (m) => void sent.push(m) },
    newId: () => `job-${++ids}`,
  });
  workerDeps = {
    records: fx.deps.records,
    assessments: fx.deps.assessments,
    jobs: fx.deps.impactJobs,
    s3: fx.deps.s3,
    exportsBucket: fx.deps.exportsBucket,
    shards: SHARDS,
    clock: fx.deps.clock,
  };
}, 60_000);
afterAll(async () => fx?.stop());

const cn2022 = () => JSON.parse(readFileSync(join(ROOT, 'packages', 'domain', 'rules', 'cn-2022.json'), 'utf8'));

describe('POST /impact', () => {
  it('is for admins: a regulator gets 403 on both routes, and nothing is queued', async () => {
    const before = sent.length;
    expect(await api.call('POST', '/impact', regulator, body)).toMatchObject({
      status: 403,
      body: { error: 'forbidden', message: 'POST /impact needs the admin role' },
    });
    expect((await api.call('GET', '/impact/job-1', regulator)).status).toBe(403);
    expect(sent.length).toBe(before);
  });

  it('stores the job and queues it: 202 with its id, state and link; GET shows it queued', async () => {
    const res = await api.call('POST', '/impact', admin, body);
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    expect(res.body).toEqual({
      id,
      state: 'queued',
      requestedBy: 'admin-7',
      createdAt: fx.deps.clock.now().toISOString(),
      startedAt: null,
      finishedAt: null,
      inputs: {
        rules: 'cn-2016',
        rulesPosted: false,
        base: 'cn-2022',
        asOf: AS_OF,
        period: '2026-Q4',
        seed: 'fenji-impact',
      },
      result: null,
      error: null,
      links: { self: `/impact/${id}` },
    });
    expect(sent.at(-1)).toEqual({ jobId: id });
    const stored = (await fx.deps.impactJobs.get(id)) as ImpactJob;
    expect(stored).toMatchObject({
      id,
      state: 'queued',
      requestedBy: 'admin-7',
      inputs: { ...body, seed: 'fenji-impact' },
    });
    expect(await api.call('GET', `/impact/${id}`, admin)).toMatchObject({ status: 200, body: res.body });
  });

  it('refuses what it cannot run with a 400 naming the field, before storing or queueing anything', async () => {
    const before = sent.length;
    const bad = (over: Record<string, unknown>) => api.call('POST', '/impact', admin, { ...body, ...over });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ rules: undefined }, /^rules: must be a shipped rule set's id \(cn-2016, cn-2022\) or a rule-set object/],
      [{ rules: 'cn-2030' }, /^rules: must be a shipped rule set's id/],
      [{ rules: 42 }, /^rules: /],
      [{ base: 'cn-2030' }, /^base: must be one of cn-2016, cn-2022/],
      [{ asOf: '2026-02-30' }, /^asOf: must be a calendar date/],
      // npm run impact's dates: none before the first rule set took effect, none after tomorrow.
      [
        { asOf: '2016-11-30' },
        /^asOf: 2016-11-30 is before 2016-12-01, when the first rule set \(cn-2016\) took effect/,
      ],
      [{ asOf: undefined }, /^asOf: /],
      [{ period: '2026-Q5' }, /^period: must be YYYY, YYYY-Qn/],
      [{ seed: '' }, /^seed: must not be empty/],
      [{ extra: 1 }, /^"extra": unknown body parameter/],
    ];
    for (const [over, message] of cases) {
      const res = await bad(over);
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(res.body.message, JSON.stringify(over)).toMatch(message);
    }
    // No body at all: the body is required.
    expect((await api.call('POST', '/impact', admin)).status).toBe(400);
    // A rule-set object with a bad value: the message names its path in the file.
    const file = cn2022();
    file.tierPoints.I.value = 'five';
    const res = await bad({ rules: file });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^rules\.tierPoints\.I\.value: Invalid input: expected number, received string/);
    const noReference = cn2022();
    delete noReference.caps.dynamic.reference;
    expect((await bad({ rules: noReference })).body.message).toMatch(/^rules\.caps\.dynamic\.reference: /);
    expect(sent.length).toBe(before);
  });

  it('refuses an asOf after tomorrow (the API’s clock) with a 400 naming it, as npm run impact does', async () => {
    const requestBody = JSON.stringify({ ...body, asOf: '2026-12-02' });
    const headers = { host: 'localhost', 'content-type': 'application/json' };
    const event = toHttpApiEvent(ROUTES, {
      method: 'POST',
      url: '/impact',
      headers,
      receivedAt: fx.deps.clock.now(),
      body: requestBody,
      claims: { sub: 'tester', ...admin },
    });
    const result = (await api.handler(event as unknown as ApiEvent, lambdaContext('api'))) as ApiResult;
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body ?? '').message).toBe(
      'asOf: 2026-12-02 is after tomorrow (2026-12-01); a grading date cannot be in the future (基准日不得晚于明天)',
    );
    // Made outside api.call: the document cannot say "tomorrow" (it depends on the API's clock,
    // as a cursor's query does), so the contract check takes this 400 for a disagreement — the
    // only one. contract.ts would need a clock-dependent exception beside the cursor's.
    const exchange = { method: 'POST', url: '/impact', requestHeaders: headers, requestBody, status: 400 };
    expect(
      contract().check({ ...exchange, headers: { 'content-type': 'application/json' }, body: result.body ?? '' }),
    ).toEqual([
      expect.stringMatching(
        /the document accepts the request but the API refused it: 400 asOf: 2026-12-02 is after tomorrow/,
      ),
    ]);
  });

  it('takes a whole rule-set file (over the 16 KiB of other bodies) up to 64 KiB; 413 above', async () => {
    const file = cn2022();
    file.id = 'pastry-ii';
    file.categories.map.pastry.tier = 'II';
    // As a person sends a file: indented.
    const text = JSON.stringify({ ...body, rules: file, base: undefined }, null, 2);
    expect(Buffer.byteLength(text)).toBeGreaterThan(16 * 1024);
    const res = await api.call('POST', '/impact', admin, text);
    expect(res.status).toBe(202);
    expect(res.body.inputs).toMatchObject({ rules: 'pastry-ii', rulesPosted: true, base: null });
    const stored = (await fx.deps.impactJobs.get(res.body.id as string)) as ImpactJob;
    expect(stored.inputs.rules).toEqual(file);
    const big = await api.call('POST', '/impact', admin, { ...body, seed: 'x'.repeat(70_000) });
    expect(big).toMatchObject({ status: 413, body: { message: 'body: at most 65536 bytes (请求体过大)' } });
  });

  it('a job that cannot be queued is stored as failed with why, and the caller gets a 500', async () => {
    const broken = apiClient({
      ...fx.deps,
      impactQueue: {
        send: async () => {
          throw Object.assign(new Error('queue does not exist'), { name: 'QueueDoesNotExist' });
        },
      },
      newId: () => 'unqueued',
    });
    expect((await broken.call('POST', '/impact', admin, body)).status).toBe(500);
    expect(await fx.deps.impactJobs.get('unqueued')).toMatchObject({
      state: 'failed',
      error: 'could not be queued: QueueDoesNotExist: queue does not exist',
    });
  });
});

describe('GET /impact/{id} as the worker runs the job', () => {
  it('queued → done: the figures, and impact.json and impact.html in the exports bucket', async () => {
    const posted = await api.call('POST', '/impact', admin, body);
    const id = posted.body.id as string;
    expect(await runImpactJob(id, workerDeps)).toMatchObject({ state: 'done' });
    const res = await api.call('GET', `/impact/${id}`, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'done',
      startedAt: fx.deps.clock.now().toISOString(),
      finishedAt: fx.deps.clock.now().toISOString(),
      error: null,
      result: {
        base: { id: 'cn-2022' },
        proposed: { id: 'cn-2016' },
        baseInForce: true,
        population: { enterprises: 30 },
        files: { json: `impact/${id}/impact.json`, html: `impact/${id}/impact.html` },
      },
    });
    const get = async (key: string) =>
      (
        await fx.deps.s3.send(new GetObjectCommand({ Bucket: fx.deps.exportsBucket, Key: key }))
      ).Body?.transformToString('utf-8');
    const report = JSON.parse((await get(`impact/${id}/impact.json`)) as string) as ImpactReport;
    expect(report.population).toMatchObject({
      source: 'store',
      path: fx.env.tableName,
      enterprises: 30,
      rejected: null,
    });
    expect(report.summary).toEqual((res.body.result as { summary: unknown }).summary);
    expect(report.ruleChanges.length).toBe((res.body.result as { ruleChanges: number }).ruleChanges);
    expect(await get(`impact/${id}/impact.html`)).toMatch(/^<!doctype html>/i);
    // A message delivered again runs nothing more.
    expect(await runImpactJob(id, workerDeps)).toEqual({
      state: 'skipped',
      reason: `impact job ${id} is done already`,
    });
  });

  it('a posted rule set that moves only the restaurant tier: only restaurants change, each naming that value', async () => {
    const file = cn2022();
    file.id = 'restaurant-iv';
    file.categories.map.restaurant.tier = 'IV';
    const posted = await api.call('POST', '/impact', admin, { ...body, rules: file, base: 'cn-2022' });
    const id = posted.body.id as string;
    await runImpactJob(id, workerDeps);
    const res = await api.call('GET', `/impact/${id}`, admin);
    expect(res.body).toMatchObject({ state: 'done', result: { proposed: { id: 'restaurant-iv' }, ruleChanges: 1 } });
    const object = await fx.deps.s3.send(
      new GetObjectCommand({ Bucket: fx.deps.exportsBucket, Key: `impact/${id}/impact.json` }),
    );
    const report = JSON.parse((await object.Body?.transformToString('utf-8')) as string) as ImpactReport;
    expect(report.proposed).toEqual({ id: 'restaurant-iv', title: file.title, file: 'POST /impact body' });
    expect(report.ruleChanges.map((c) => [c.path, c.before, c.after])).toEqual([
      ['categories.map.restaurant.tier', 'III', 'IV'],
    ]);
    expect(report.riskScoreChanges.changed).toBeGreaterThan(0);
    for (const c of report.changes) {
      expect(c.category).toBe('restaurant');
      expect(c.ruleValues.map((v) => v.path)).toEqual(['categories.map.restaurant.tier']);
    }
  });

  it('failed: the reason, precisely; running: while the worker is at it', async () => {
    const posted = await api.call('POST', '/impact', admin, body);
    const id = posted.body.id as string;
    // The worker's time runs out before the first batch: it stops and says so.
    const outcome = await runImpactJob(id, { ...workerDeps, remainingMs: () => 1_000 });
    expect(outcome.state).toBe('failed');
    const res = await api.call('GET', `/impact/${id}`, admin);
    expect(res.body).toMatchObject({
      state: 'failed',
      result: null,
      error: expect.stringMatching(/^OutOfTime: the function ran out of time after 0 of 30 enterprises/),
    });
    const other = (await api.call('POST', '/impact', admin, body)).body.id as string;
    const broken = await runImpactJob(other, { ...workerDeps, exportsBucket: 'no-such-bucket' });
    expect(broken).toMatchObject({ state: 'failed', error: expect.stringMatching(/^NoSuchBucket: /) });
    // Running is what the store says between start and finish.
    const third = (await api.call('POST', '/impact', admin, body)).body.id as string;
    await new ImpactJobStore({ doc: fx.deps.records.doc, table: fx.env.tableName }).start(third, 'now');
    expect((await api.call('GET', `/impact/${third}`, admin)).body).toMatchObject({
      state: 'running',
      startedAt: 'now',
    });
  });

  it('404 for a job that does not exist, 400 naming id for a malformed one', async () => {
    expect(await api.call('GET', '/impact/nope', admin)).toMatchObject({
      status: 404,
      body: { error: 'not_found', message: 'no impact job nope' },
    });
    const res = await api.call('GET', `/impact/${'x'.repeat(65)}`, admin);
    expect(res).toMatchObject({ status: 400, body: { message: 'id: must be an impact job id' } });
  });
});

describe('the impact worker handler (SQS → middy → runImpactJob)', () => {
  it('runs each message’s job, consumes it, and honours the time the invocation has left', async () => {
    const handler = makeImpactWorkerHandler(() => workerDeps);
    const a = (await api.call('POST', '/impact', admin, body)).body.id as string;
    const b = (await api.call('POST', '/impact', admin, body)).body.id as string;
    const result = await handler(
      recordMessagesEvent([{ jobId: a }, { jobId: 'gone' }]),
      lambdaContext('impact-worker'),
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await fx.deps.impactJobs.get(a)).toMatchObject({ state: 'done' });
    const late = { ...lambdaContext('impact-worker'), getRemainingTimeInMillis: () => 30_000 };
    await handler(recordMessagesEvent([{ jobId: b }]), late);
    expect(await fx.deps.impactJobs.get(b)).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/^OutOfTime/),
    });
  });
});

describe('a job’s message delivered again (SQS: at least once; again after the worker died)', () => {
  const handler = makeImpactWorkerHandler(() => workerDeps, impactWorkerConfig({ IMPACT_MAX_RECEIVE_COUNT: '2' }));
  const deliver = (jobId: string, receiveCount: number) => {
    const event = recordMessagesEvent([{ jobId }]);
    for (const r of event.Records) r.attributes.ApproximateReceiveCount = String(receiveCount);
    return handler(event, lambdaContext('impact-worker'));
  };
  /** A job its worker marked running `minutesAgo` minutes ago (and is still at, or died on). */
  const running = async (minutesAgo: number) => {
    const id = (await api.call('POST', '/impact', admin, body)).body.id as string;
    const at = new Date(fx.deps.clock.now().getTime() - minutesAgo * 60_000).toISOString();
    expect(await fx.deps.impactJobs.start(id, at)).toBe(true);
    return { id, at };
  };

  it('while its run can still be going, another delivery is skipped and consumed, even the last one', async () => {
    const { id, at } = await running(14);
    for (const receiveCount of [1, 2]) {
      expect(await deliver(id, receiveCount)).toEqual({ batchItemFailures: [] });
      expect(await fx.deps.impactJobs.get(id)).toMatchObject({ state: 'running', startedAt: at, finishedAt: null });
    }
  });

  it('running for longer than the function can: its worker died, the next delivery takes it over', async () => {
    const { id } = await running(16);
    expect(await deliver(id, 1)).toEqual({ batchItemFailures: [] });
    expect(await fx.deps.impactJobs.get(id)).toMatchObject({
      state: 'done',
      startedAt: fx.deps.clock.now().toISOString(),
    });
  });

  it('on the last delivery the queue allows, a job its worker died on is marked failed, not run again', async () => {
    const { id, at } = await running(16);
    expect(await deliver(id, 2)).toEqual({ batchItemFailures: [] });
    const res = await api.call('GET', `/impact/${id}`, admin);
    expect(res.body).toMatchObject({
      state: 'failed',
      startedAt: at,
      finishedAt: fx.deps.clock.now().toISOString(),
      result: null,
      error: `the worker stopped on an earlier attempt (out of memory or time) without recording an outcome: started ${at}; not run again on delivery 2 of 2`,
    });
  });

  it('a run that lost its job records nothing over its new owner, and says so', async () => {
    const id = (await api.call('POST', '/impact', admin, body)).body.id as string;
    // Another delivery takes the job over while this run computes (as if this one had stalled).
    class TakenOver extends ImpactJobStore {
      override async finish(job: string, at: string, result: Record<string, unknown>, startedAt?: string | null) {
        expect(await this.takeOver(job, startedAt ?? null, 'another-run')).toBe(true);
        return super.finish(job, at, result, startedAt);
      }
    }
    const jobs = new TakenOver({ doc: fx.deps.records.doc, table: fx.env.tableName });
    expect(await runImpactJob(id, { ...workerDeps, jobs })).toEqual({
      state: 'lost',
      ran: 'done',
      reason: `impact job ${id} ran (done) from ${fx.deps.clock.now().toISOString()} but was no longer this run's when it ended: it is running since another-run`,
    });
    expect(await fx.deps.impactJobs.get(id)).toMatchObject({
      state: 'running',
      startedAt: 'another-run',
      result: null,
    });
    // Failing is as conditional: the owner's run is not marked failed by one that lost it.
    const other = (await api.call('POST', '/impact', admin, body)).body.id as string;
    class Failing extends ImpactJobStore {
      override async fail(job: string, at: string, error: string, startedAt?: string | null) {
        await this.takeOver(job, startedAt ?? null, 'another-run');
        return super.fail(job, at, error, startedAt);
      }
    }
    const failing = new Failing({ doc: fx.deps.records.doc, table: fx.env.tableName });
    expect(await runImpactJob(other, { ...workerDeps, jobs: failing, exportsBucket: 'no-such-bucket' })).toMatchObject({
      state: 'lost',
      ran: 'failed',
    });
    expect(await fx.deps.impactJobs.get(other)).toMatchObject({ state: 'running', startedAt: 'another-run' });
  });
});
