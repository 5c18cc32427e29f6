// Issue "grading runs" acceptance, in the local runtime: ingest (ingest-sqs handler) →
// scheduled run (grade-scheduler → SQS → grade-worker) → assessments and events; next-change
// dates; a worker crash mid-shard retried by SQS; a second identical run is silent.
import { S3Client } from '@aws-sdk/client-s3';
import { makeIngestSqsHandler as makeIngestSqs } from '@fenji/app';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { keys, queryAll, type StoredAssessment } from '@fenji/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradingHarness } from '../support/grading.ts';
import { handlerEnv, lambdaContext, recordMessagesEvent } from '../support/lambda.ts';
import { BARRED_ID, messages, uscc } from './dataset.ts';

const ID_KEY = handlerEnv({}).FENJI_ID_KEY as string;

async function ingest(env: Embedded, h: ReturnType<typeof gradingHarness>) {
  const s3 = new S3Client(env.s3Config);
  const ingestSqs = makeIngestSqs(() => ({
    s3,
    store: h.records,
    quarantineBucket: env.buckets.quarantine,
    clock: h.clock,
    idKey: ID_KEY,
  }));
  const out = await ingestSqs(recordMessagesEvent(messages), lambdaContext('ingest-sqs'));
  s3.destroy();
  return out;
}

const latest = async (h: ReturnType<typeof gradingHarness>, n: number) =>
  (await h.records.enterprisePartition(uscc(n))).find((i) => i.sk === keys.latestAssessment)?.data as
    | StoredAssessment
    | undefined;
const historyRows = async (h: ReturnType<typeof gradingHarness>, n: number) =>
  queryAll(h.doc, {
    TableName: h.records.table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
    ExpressionAttributeValues: { ':pk': keys.enterprise(uscc(n)), ':h': 'ASMT#2' },
  });
const strip = ({ runId: _r, ...a }: StoredAssessment) => a;

describe('grading runs end to end (grading-model.md §8)', () => {
  let env: Embedded;
  let h: ReturnType<typeof gradingHarness>;
  beforeAll(async () => {
    env = await startEmbedded();
    h = gradingHarness(env, { shardSize: 3 });
  });
  afterAll(async () => {
    h.restore();
    await env.stop();
  });

  it('ingest → daily run: every enterprise graded once, in shards, the run record finished', async () => {
    expect(await ingest(env, h)).toEqual({ batchItemFailures: [] });
    const { run, messages: shards, out, status } = await h.run('daily', '2026-11-30', 'run-1');
    expect(out).toEqual({ batchItemFailures: [] });
    expect(run).toMatchObject({ runId: 'run-1', enterprises: 8, shards: 3 });
    expect(shards.flatMap((m) => m.usccs).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map(uscc).sort());
    expect(status).toMatchObject({
      state: 'finished',
      shardsDone: 3,
      counts: { graded: 8, changed: 8, failures: 0, orphans: 0 },
    });
  });

  it('assessments carry listings, removals, candidates and the barred person in charge', async () => {
    expect((await latest(h, 2))?.seriousListing).toMatchObject({
      recordId: '温鹿市监罚〔2024〕1号',
      expiresOn: '2027-01-10',
    });
    expect((await latest(h, 2))?.riskGrade).toBe('D');
    expect((await latest(h, 3))?.seriousListing?.expiresOn).toBe('2026-12-05');
    expect((await latest(h, 3))?.nextChangeOn).toBe('2026-12-05');
    expect((await latest(h, 4))?.seriousListing).toBeNull();
    expect((await latest(h, 5))?.listingCandidate).toEqual({ recordIds: ['温鹿市监罚〔2026〕5号'] });
    expect((await latest(h, 7))?.warnings.map((w) => w.code)).toEqual(['banned_person_in_charge']);
    const voided = await latest(h, 8);
    expect(voided?.seriousListing?.recordId).toBe('温鹿市监罚〔2024〕8号');
    expect(voided?.warnings.map((w) => w.code)).toContain('delisting_invalid');
    const stored = JSON.stringify(await h.records.enterprisePartition(uscc(7)));
    expect(stored).not.toContain(BARRED_ID);
  });

  it('publishes the change events once each, with deterministic ids', async () => {
    const ofType = (t: string) =>
      h.published
        .filter((e) => e.type === t)
        .map((e) => e.detail.uscc)
        .sort();
    expect(ofType('GradeChanged')).toHaveLength(8);
    expect(ofType('CreditClassChanged')).toHaveLength(8);
    expect(ofType('ListingStarted')).toEqual([uscc(2), uscc(3), uscc(8)].sort());
    expect(ofType('ListingCandidate')).toEqual([uscc(5)]);
    expect(ofType('BannedPersonInCharge')).toEqual([uscc(7)]);
    const ids = h.published.map((e) => e.detail.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(`run-1:${uscc(5)}:ListingCandidate`);
  });

  it('a second identical run changes nothing and emits no events', async () => {
    const before = h.published.length;
    const daily = await h.run('daily', '2026-11-30', 'run-2');
    expect(daily.run.enterprises).toBe(0);
    const full = await h.run('monthly', '2026-11-30', 'run-3');
    expect(full.status?.counts).toMatchObject({ graded: 8, changed: 0, unchanged: 8, events: 0 });
    expect(h.published.length).toBe(before);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) expect(await historyRows(h, n)).toHaveLength(1);
  });

  it('next change date: a listing expiring on 2026-12-05 is regraded by the daily run that day and not before', async () => {
    const before = h.published.length;
    const early = await h.run('daily', '2026-12-04', 'run-4');
    expect(early.messages.flatMap((m) => m.usccs)).not.toContain(uscc(3));
    const onTheDay = await h.run('daily', '2026-12-05', 'run-5');
    expect(onTheDay.messages.flatMap((m) => m.usccs)).toContain(uscc(3));
    expect((await latest(h, 3))?.seriousListing).toBeNull();
    const ended = h.published.slice(before).filter((e) => e.type === 'ListingEnded');
    expect(ended.map((e) => e.detail.uscc)).toEqual([uscc(3)]);
    expect(ended[0]?.detail).toMatchObject({
      recordId: '温鹿市监罚〔2023〕3号',
      eventId: `run-5:${uscc(3)}:ListingEnded`,
    });
  });

  it('a re-grade of a past date adds history rows only: the latest stays the present, no events, dirty marks kept', async () => {
    h.setToday('2026-12-05');
    try {
      // uscc 1 as if new since the last run: dirty, no latest yet.
      await h.records.markDirty([uscc(1)]);
      await h.assessments.removeLatest(uscc(1));
      const before = h.published.length;
      const latestBefore = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => latest(h, n)));
      const past = await h.run('daily', '2026-11-01', undefined, { regrade: true });
      expect(past.run).toMatchObject({ runId: '2026-11-01-daily-regrade-2026-12-05', regrade: true, enterprises: 8 });
      expect(past.status).toMatchObject({ state: 'finished', counts: { graded: 8, changed: 8, events: 0 } });
      expect(h.published.length).toBe(before);
      const key = keys.assessmentHistory('2026-11-01', past.run.runId);
      for (const [i, n] of [1, 2, 3, 4, 5, 6, 7, 8].entries()) {
        expect(await latest(h, n)).toEqual(latestBefore[i]);
        const row = (await historyRows(h, n)).find((r) => r.sk === key);
        expect(row?.data).toMatchObject({ asOf: '2026-11-01' });
      }
      const dirty = (await Promise.all([0, 1, 2, 3].map((s) => h.assessments.dirty(s)))).flat();
      expect(dirty.map((d) => d.uscc)).toContain(uscc(1));
      // uscc 3's listing (to 2026-12-05) was in force on 2026-11-01: in that history row only.
      const row = (await historyRows(h, 3)).find((r) => r.sk === key);
      expect((row?.data as StoredAssessment | undefined)?.seriousListing?.expiresOn).toBe('2026-12-05');
      expect((await latest(h, 3))?.seriousListing).toBeNull();
      // Grading reads the partition without its history, however long that grows.
      const read = await h.records.enterprisePartition(uscc(3));
      expect(read.filter((i) => (i.sk as string).startsWith('ASMT#2'))).toEqual([]);
      expect(read.map((i) => i.sk)).toEqual(expect.arrayContaining([keys.latestAssessment, keys.profile]));
      expect(read.some((i) => (i.sk as string).startsWith('REC#'))).toBe(true);
      // The next current run grades the dirty enterprise as usual.
      h.setToday(undefined);
      const daily = await h.run('daily', '2026-12-05');
      expect(daily.messages.flatMap((m) => m.usccs)).toContain(uscc(1));
      expect((await latest(h, 1))?.asOf).toBe('2026-12-05');
    } finally {
      h.setToday(undefined);
    }
  });

  it('a run dated after today is refused: its results would stand as the latest', async () => {
    h.setToday('2026-12-05');
    try {
      await expect(h.schedule('daily', '2027-12-05')).rejects.toThrow('asOf 2027-12-05 is after today (2026-12-05');
      // A past date must say it is a re-grade, and a re-grade names its own run.
      await expect(h.schedule('daily', '2026-11-01')).rejects.toThrow('pass "regrade": true');
      await expect(h.run('daily', '2026-11-01', 'run-1', { regrade: true })).rejects.toThrow('leave runId out');
    } finally {
      h.setToday(undefined);
    }
  });

  it('a shard redriven after a newer run (from a DLQ, days later) adds history only and turns nothing back', async () => {
    const before = h.published.length;
    const latestBefore = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => latest(h, n)));
    const historyBefore = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => historyRows(h, n)));
    h.setToday('2026-12-06');
    try {
      const stale = h.sent.filter((m) => m.runId === 'run-1');
      expect(stale.length).toBeGreaterThan(0);
      expect(await h.work(stale)).toEqual({ batchItemFailures: [] });
    } finally {
      h.setToday(undefined);
    }
    expect(h.published.length).toBe(before);
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => latest(h, n)))).toEqual(latestBefore);
    expect((await latest(h, 3))?.seriousListing).toBeNull();
    // run-1 wrote a history row for each of them at the time: none is rewritten.
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => historyRows(h, n)))).toEqual(historyBefore);
  });
});

describe('a worker crash mid-shard, retried by SQS, converges to the unfaulted result', () => {
  // aws-sdk-client-mock patches the SDK classes globally: one harness lives at a time.
  async function finalState(fault: boolean) {
    const env = await startEmbedded();
    const h = gradingHarness(env, { shardSize: 8 });
    try {
      await ingest(env, h);
      const run = await h.schedule('daily', '2026-11-30', 'run-x');
      const shards = h.sent.filter((m) => m.runId === run.runId);
      expect(shards).toHaveLength(1);
      if (fault) {
        // The only message of the batch failed: Powertools throws, Lambda fails the invocation
        // and SQS redelivers the message after its visibility timeout.
        await expect(
          h.work(shards, {
            beforeEnterprise: (_u, i) => {
              if (i === 4) throw new Error('Task timed out after 300.00 seconds');
            },
          }),
        ).rejects.toThrow(/All records failed processing/);
        expect((await h.runs.status('run-x'))?.state).toBe('running');
      }
      expect(await h.work(shards)).toEqual({ batchItemFailures: [] });
      const assessments = [];
      for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const a = await latest(h, n);
        assessments.push(a && strip(a));
        expect(await historyRows(h, n)).toHaveLength(1);
      }
      return {
        assessments,
        counts: (await h.runs.status('run-x'))?.counts,
        eventIds: [...new Set(h.published.map((e) => e.detail.eventId))].sort(),
      };
    } finally {
      h.restore();
      await env.stop();
    }
  }

  it('fails after half a shard, is retried, and ends identical with no duplicate history', async () => {
    const clean = await finalState(false);
    const faulted = await finalState(true);
    expect(faulted.assessments).toEqual(clean.assessments);
    expect(faulted.counts).toEqual(clean.counts);
    expect(faulted.eventIds).toEqual(clean.eventIds);
  });
});

describe('a record stored between a crash and the retry keeps its enterprise dirty', () => {
  it('the retried shard skips the enterprise it had graded but leaves the newer mark, and the next run grades the record', async () => {
    const env = await startEmbedded();
    const h = gradingHarness(env, { shardSize: 8 });
    try {
      await ingest(env, h);
      await h.schedule('daily', '2026-11-30', 'run-c');
      const shards = h.sent.filter((m) => m.runId === 'run-c');
      const first = shards[0]?.usccs[0] as string;
      await expect(
        h.work(shards, {
          beforeEnterprise: (_u, i) => {
            if (i === 1) throw new Error('Task timed out (injected)');
          },
        }),
      ).rejects.toThrow();
      // A new inspection of the enterprise graded before the crash arrives now.
      const s3 = new S3Client(env.s3Config);
      const late = {
        recordType: 'inspection',
        recordId: 'JC-LATE',
        uscc: first,
        inspectedOn: '2026-11-29',
        kind: 'routine',
        scope: 'full',
        result: 'non_compliant',
        keyItemsFailed: 2,
        inspectors: ['I-1', 'I-2'],
      };
      await makeIngestSqs(() => ({
        s3,
        store: h.records,
        quarantineBucket: env.buckets.quarantine,
        idKey: ID_KEY,
        clock: h.clock,
      }))(recordMessagesEvent([late]), lambdaContext('ingest-sqs'));
      s3.destroy();
      expect(await h.work(shards)).toEqual({ batchItemFailures: [] });
      const items = await h.records.enterprisePartition(first);
      expect(items.some((i) => i.sk === keys.dirty)).toBe(true);
      const next = await h.run('daily', '2026-11-30', 'run-d');
      expect(next.messages.flatMap((m) => m.usccs)).toContain(first);
      const graded = (await h.records.enterprisePartition(first)).find((i) => i.sk === keys.latestAssessment)
        ?.data as StoredAssessment;
      expect(graded.factors.some((f) => f.recordIds.includes('JC-LATE'))).toBe(true);
    } finally {
      h.restore();
      await env.stop();
    }
  });
});
