// deadlines.md §3 in the grading runs, through the real scheduler, SQS adapter, worker and
// EventBridge adapter over dynalite: cases are stored with the assessment, a daily run turns a
// case overdue and publishes CaseOverdue on dueOn + 1 and not before, a retried shard publishes
// nothing twice, and the work queue lists a district's cases by state and due date.
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { CaseStore } from '@fenji/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradingHarness } from '../support/grading.ts';
import { enterprise, penalty, sampling } from '../support/records.ts';

const A = enterprise();
const B = enterprise({ uscc: '91330304MA2CCCCC2X', region: '330304', name: '温州瓯海某食品厂' });
const incoming = (
  record: Parameters<ReturnType<typeof gradingHarness>['records']['writeRecords']>[0][number]['record'],
) => ({
  record,
  source: 'test',
  line: null,
});

describe('cases in the daily run (deadlines.md §3)', () => {
  let env: Embedded;
  let h: ReturnType<typeof gradingHarness>;
  let store: CaseStore;
  const overdue = () => h.published.filter((e) => e.type === 'CaseOverdue');

  beforeAll(async () => {
    env = await startEmbedded();
    h = gradingHarness(env, { shardSize: 2 });
    store = new CaseStore({ doc: h.doc, table: h.records.table });
  });
  afterAll(async () => {
    h.restore();
    await env.stop();
  });

  it('a first run stores each enterprise’s cases with its assessment', async () => {
    await h.run('daily', '2026-12-01', 'run-0');
    // Decided 2026-12-01, ordinary procedure: due addWorkingDays(2026-12-01, 20) = 2026-12-29 (PUB-45 Art. 9).
    await h.records.writeRecords([
      incoming(A),
      incoming(B),
      incoming(penalty({ recordId: 'P-A', uscc: A.uscc, decidedOn: '2026-12-01', procedure: 'ordinary' })),
      incoming({ ...sampling({ recordId: 'CJ-B', uscc: B.uscc, sampledOn: '2026-11-20' }), notifiedOn: '2026-11-25' }),
    ]);
    await h.run('daily', '2026-12-01', 'run-1');
    expect((await store.ofEnterprise(A.uscc)).map((c) => [c.caseId, c.dueOn, c.state])).toEqual([
      ['penalty_publicity:P-A', '2026-12-29', 'open'],
    ]);
    // 2026-11-25 + 90 days = 2027-02-23; 2027 has no notice loaded yet, so the date is provisional.
    expect(await store.ofEnterprise(B.uscc)).toEqual([
      expect.objectContaining({ caseId: 'sampling_disposal:CJ-B', dueOn: '2027-02-23', provisional: true }),
    ]);
  });

  it('turns overdue, and CaseOverdue is published, on dueOn + 1 and not before', async () => {
    for (const day of ['2026-12-02', '2026-12-15', '2026-12-28', '2026-12-29']) {
      await h.run('daily', day, `run-${day}`);
      expect(overdue(), day).toEqual([]);
    }
    const { messages } = await h.run('daily', '2026-12-30', 'run-2026-12-30');
    expect(messages.flatMap((m) => m.usccs)).toEqual([A.uscc]);
    expect(overdue().map((e) => e.detail)).toEqual([
      expect.objectContaining({
        eventId: 'run-2026-12-30:penalty_publicity:P-A:CaseOverdue',
        uscc: A.uscc,
        asOf: '2026-12-30',
        caseId: 'penalty_publicity:P-A',
        kind: 'penalty_publicity',
        dueOn: '2026-12-29',
      }),
    ]);
    expect((await store.ofEnterprise(A.uscc))[0]).toMatchObject({ state: 'overdue', daysLate: 1 });
  });

  it('later runs, full or daily, do not announce it again', async () => {
    await h.run('daily', '2026-12-31', 'run-2026-12-31');
    await h.run('monthly', '2027-01-04', 'run-2027-01-04');
    expect(overdue()).toHaveLength(1);
  });

  it('a retried shard re-sends at most the same event id, and a shard already done publishes nothing', async () => {
    await h.records.writeRecords([
      incoming(penalty({ recordId: 'P-B', uscc: B.uscc, decidedOn: '2026-12-01', procedure: 'ordinary' })),
    ]);
    const before = h.published.length;
    const run = await h.schedule('daily', '2027-01-05', 'run-retry');
    const sent = h.sent.slice(-run.shards);
    // The crash falls between publishing and storing the cases: the worst moment.
    let crashes = 1;
    const crashing = Object.create(store, {
      replace: {
        value: (...args: Parameters<CaseStore['replace']>) => {
          if (crashes-- > 0) throw new Error('worker crashed after publishing');
          return store.replace(...args);
        },
      },
    }) as CaseStore;
    // Every record of the batch failed: Powertools throws, and SQS will redeliver the shard.
    await expect(h.work(sent, { cases: crashing })).rejects.toThrow(/All records failed/);
    expect((await h.work(sent)).batchItemFailures).toEqual([]);
    const ids = h.published.slice(before).map((e) => e.detail.eventId);
    expect(new Set(ids)).toEqual(new Set(['run-retry:penalty_publicity:P-B:CaseOverdue']));
    const afterRetry = h.published.length;
    await h.work(sent); // SQS redelivers a shard that is done
    expect(h.published.length).toBe(afterRetry);
  });

  it('the work queue: a district’s cases in a state, by due date, with Query only', async () => {
    const page = await store.list(['330302', '330304'], { state: 'overdue' }, 10);
    expect(page.items.map((c) => [c.region, c.caseId])).toEqual([
      ['330302', 'penalty_publicity:P-A'],
      ['330304', 'penalty_publicity:P-B'],
    ]);
    const open = await store.list(['330304'], { state: 'open', dueBefore: '2027-03-01' }, 10);
    expect(open.items.map((c) => c.caseId)).toEqual(['sampling_disposal:CJ-B']);
    const byKind = await store.list(['330302', '330304'], { kind: 'sampling_disposal' }, 10);
    expect(byKind.items.map((c) => c.caseId)).toEqual(['sampling_disposal:CJ-B']);
  });

  it('a disposal is found by its sample: naming another enterprise it warns, corrected by a version 2 it counts', async () => {
    const disposal = {
      type: 'disposal' as const,
      samplingRecordId: 'CJ-B',
      uscc: A.uscc,
      startedOn: '2027-01-05',
      actions: ['stop_sale' as const],
      version: 1,
      status: 'active' as const,
    };
    await h.records.writeRecords([incoming(disposal)]);
    // The disposal sits in A's partition and marks A dirty; B's case sees it on B's next grading.
    await h.run('monthly', '2027-01-05', 'run-disposal-1');
    expect((await store.ofEnterprise(B.uscc)).find((c) => c.kind === 'sampling_disposal')).toMatchObject({
      startedOn: null,
      warnings: ['disposal_uscc_mismatch'],
    });
    await h.records.writeRecords([incoming({ ...disposal, uscc: B.uscc, version: 2, completedOn: '2027-01-05' })]);
    await h.run('daily', '2027-01-05', 'run-disposal-2');
    expect((await store.ofEnterprise(B.uscc)).find((c) => c.kind === 'sampling_disposal')).toMatchObject({
      state: 'closed_on_time',
      startedOn: '2027-01-05',
      closedOn: '2027-01-05',
      warnings: [],
    });
  });

  it('a publication closes the case late; the metric of the period counts it', async () => {
    await h.records.writeRecords([
      incoming({
        ...penalty({ recordId: 'P-A', uscc: A.uscc, decidedOn: '2026-12-01', procedure: 'ordinary' }),
        version: 2,
        publishedOn: '2027-01-06',
      }),
    ]);
    await h.run('daily', '2027-01-06', 'run-2027-01-06');
    expect((await store.ofEnterprise(A.uscc))[0]).toMatchObject({
      state: 'closed_late',
      closedOn: '2027-01-06',
      daysLate: 8,
    });
    expect(await store.metrics(['330302', '330304'], '2026-Q4', '2027-01-06')).toEqual([
      {
        period: '2026-Q4',
        region: '330302',
        kind: 'penalty_publicity',
        due: 1,
        onTime: 0,
        late: 1,
        overdueOpen: 0,
        rate: 0,
      },
      {
        period: '2026-Q4',
        region: '330304',
        kind: 'penalty_publicity',
        due: 1,
        onTime: 0,
        late: 0,
        overdueOpen: 1,
        rate: 0,
      },
    ]);
  });
});
