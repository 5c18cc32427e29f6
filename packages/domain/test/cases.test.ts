// Statutory deadlines as cases (deadlines.md §3 and §5): the worked example, one test per row of
// the case table named with its basis, the re-test window on both sides of its last day,
// provisional due dates, and the invariant that a closed case never reopens as D moves on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enterprise, penalty, sampling } from '../../../test/support/records.ts';
import { addDays } from '../src/dates.ts';
import {
  assess,
  assessWithCases,
  type Case,
  type CaseRecords,
  caseMetrics,
  caseOnDay,
  cases,
  type Disposal,
  type EnterpriseRecord,
  periodDays,
  type Repair,
  recordKey,
} from '../src/index.ts';

const D = '2026-11-30';
const ENT = enterprise();
const none: CaseRecords = { samplings: [], penalties: [], disposals: [], repairs: [] };
const disposal = (over: Partial<Disposal> = {}): Disposal => ({
  type: 'disposal',
  samplingRecordId: 'CJ-1',
  uscc: ENT.uscc,
  startedOn: '2026-07-06',
  actions: ['stop_sale'],
  version: 1,
  status: 'active',
  ...over,
});
const repair = (over: Partial<Repair> = {}): Repair => ({
  type: 'repair',
  recordId: 'XF-1',
  uscc: ENT.uscc,
  penaltyRecordId: 'P-1',
  appliedOn: '2026-11-02',
  version: 1,
  status: 'active',
  ...over,
});
const failed = (over: Parameters<typeof sampling>[0] & Record<string, unknown> = {}) =>
  sampling({ recordId: 'CJ-1', sampledOn: '2026-06-20', kind: 'supervisory', result: 'fail', ...over });
const run = (records: Partial<CaseRecords>, asOf = D) => cases(ENT, { ...none, ...records }, asOf);

describe('deadlines.md §5 worked example (D = 2026-11-30, district 330302)', () => {
  const result = run({
    samplings: [failed({ notifiedOn: '2026-07-03' })],
    disposals: [disposal({ completedOn: '2026-10-09' })],
    penalties: [penalty({ recordId: 'P-9', decidedOn: '2026-09-24', procedure: 'ordinary' })],
  });

  it('the failed sample: due 2026-10-08, disposal completed 2026-10-09 → closed_late, 1 day late', () => {
    expect(result.cases.find((c) => c.kind === 'sampling_disposal')).toEqual({
      caseId: 'sampling_disposal:CJ-1',
      kind: 'sampling_disposal',
      uscc: ENT.uscc,
      region: '330302',
      recordId: 'CJ-1',
      openedOn: '2026-07-03',
      dueOn: '2026-10-08',
      basis: 'SAMPLING-15 Art. 45',
      state: 'closed_late',
      startedOn: '2026-07-06',
      closedOn: '2026-10-09',
      daysLate: 1,
      provisional: false,
      warnings: [],
    });
  });

  it('the unpublished ordinary decision of 2026-09-24: due 2026-10-29, overdue by 32 days', () => {
    expect(result.cases.find((c) => c.kind === 'penalty_publicity')).toMatchObject({
      caseId: 'penalty_publicity:P-9',
      dueOn: '2026-10-29',
      basis: 'PUB-45 Art. 2, 9',
      state: 'overdue',
      closedOn: null,
      daysLate: 32,
    });
  });

  it('cases are sorted by caseId', () => {
    expect(result.cases.map((c) => c.caseId)).toEqual(['penalty_publicity:P-9', 'sampling_disposal:CJ-1']);
  });
});

describe('the case table, one row each', () => {
  it('sampling_disposal (SAMPLING-15 Art. 45): a failed supervisory sample only; opened when served, else when sampled', () => {
    const other = [failed({ recordId: 'CJ-2', kind: 'evaluative' }), failed({ recordId: 'CJ-3', result: 'pass' })];
    const result = run({ samplings: [failed(), ...other] });
    expect(result.cases).toHaveLength(1);
    expect(result.cases[0]).toMatchObject({
      openedOn: '2026-06-20',
      dueOn: '2026-09-18',
      state: 'overdue',
      warnings: ['notified_on_missing'],
    });
  });

  it('penalty_publicity (PUB-45 Art. 2, 9): ordinary-procedure decisions, closed by publishedOn', () => {
    const result = run({
      penalties: [
        penalty({
          recordId: 'P-1',
          decidedOn: '2026-09-24',
          procedure: 'ordinary',
          publishedOn: '2026-10-29',
        } as never),
        penalty({ recordId: 'P-2', decidedOn: '2026-09-24', procedure: 'simple', fineYuan: 200 }),
      ],
    });
    expect(result.cases.map((c) => [c.caseId, c.state])).toEqual([['penalty_publicity:P-1', 'closed_on_time']]);
  });

  it('repair_acceptance (REPAIR-2021): due 2 working days after the application, closed by acceptance, else by the decision', () => {
    const accepted = run({ repairs: [repair({ acceptedOn: '2026-11-05' })] }).cases[0];
    expect(accepted).toMatchObject({
      kind: 'repair_acceptance',
      dueOn: '2026-11-04',
      state: 'closed_late',
      daysLate: 1,
    });
    const refused = run({ repairs: [repair({ decidedOn: '2026-11-03', decision: 'refused' })] }).cases;
    expect(refused).toMatchObject([{ kind: 'repair_acceptance', closedOn: '2026-11-03', state: 'closed_on_time' }]);
  });

  it('repair_decision (REPAIR-2021): opened by acceptance, due 15 working days later; a granted repair the penalty does not show is flagged', () => {
    const granted = repair({ acceptedOn: '2026-11-03', decidedOn: '2026-11-20', decision: 'granted' });
    const flagged = run({ repairs: [granted], penalties: [penalty({ recordId: 'P-1', procedure: 'simple' })] });
    expect(flagged.cases.find((c) => c.kind === 'repair_decision')).toMatchObject({
      caseId: 'repair_decision:XF-1',
      openedOn: '2026-11-03',
      dueOn: '2026-11-24',
      state: 'closed_on_time',
      warnings: ['repair_not_recorded'],
    });
    const recorded = run({
      repairs: [granted],
      penalties: [penalty({ recordId: 'P-1', procedure: 'simple', repairedOn: '2026-11-20' })],
    });
    expect(recorded.cases.find((c) => c.kind === 'repair_decision')?.warnings).toEqual([]);
  });
});

describe('the re-test window (FSL Art. 88): 7 working days after service, 2026-07-14 here', () => {
  const served = { notifiedOn: '2026-07-03', recheckResult: 'pass', recheckConcludedOn: '2026-08-10' } as const;
  it('requested on its last day and passed: the failure is overturned from the day the re-test concluded', () => {
    const result = run({ samplings: [failed({ ...served, recheckRequestedOn: '2026-07-14' })] });
    expect(result.cases[0]).toMatchObject({ state: 'overturned', closedOn: '2026-08-10', daysLate: 0 });
    expect(result.overturned.get('CJ-1')).toBe('2026-08-10');
  });
  it('requested the day after: ignored, with recheck_after_window, and the disposal deadline runs on', () => {
    const result = run({ samplings: [failed({ ...served, recheckRequestedOn: '2026-07-15' })] });
    expect(result.cases[0]).toMatchObject({ state: 'overdue', warnings: ['recheck_after_window'] });
    expect(result.overturned.size).toBe(0);
  });
  it('a re-test still pending on D, or one that confirms the failure, changes nothing', () => {
    const pending = run({ samplings: [failed({ ...served, recheckRequestedOn: '2026-07-10' })] }, '2026-08-09');
    expect(pending.cases[0]?.state).toBe('open');
    const confirmed = run({
      samplings: [failed({ ...served, recheckRequestedOn: '2026-07-10', recheckResult: 'fail' })],
    });
    expect(confirmed.cases[0]?.state).toBe('overdue');
  });
});

describe('as of D', () => {
  const open = { penalties: [penalty({ recordId: 'P-1', decidedOn: '2026-09-24', procedure: 'ordinary' })] };
  it('a case turns overdue on dueOn + 1 and not before; nextChangeOn announces that day', () => {
    expect(run(open, '2026-10-29').cases[0]?.state).toBe('open');
    expect(run(open, '2026-10-29').nextChangeOn).toBe('2026-10-30');
    expect(run(open, '2026-10-30').cases[0]).toMatchObject({ state: 'overdue', daysLate: 1 });
  });
  it('a step dated after D is not seen yet', () => {
    const later = {
      penalties: [{ ...penalty({ recordId: 'P-1', decidedOn: '2026-09-24' }), publishedOn: '2026-12-02' }],
    };
    expect(run(later).cases[0]?.state).toBe('overdue');
    expect(run(later).nextChangeOn).toBe('2026-12-02');
    expect(run(later, '2026-12-02').cases[0]?.state).toBe('closed_late');
  });
  it("the assessment's nextChangeOn (grading-model.md) includes the day a case turns overdue", () => {
    const records = [penalty({ recordId: 'P-1', decidedOn: '2026-09-24', procedure: 'ordinary' })];
    const withCases = assessWithCases(ENT, records, '2026-10-29');
    expect(withCases.cases.map((c) => c.state)).toEqual(['open']);
    expect(withCases.assessment?.nextChangeOn).toBe('2026-10-30');
    expect(assess(ENT, records, '2026-10-29')?.nextChangeOn).toBe('2026-10-30');
  });
  it('a case leaves the report 24 months after it opened; revoked records and profiles have none', () => {
    expect(run(open, '2028-09-23').cases).toHaveLength(1);
    expect(run(open, '2028-09-24').cases).toHaveLength(0);
    expect(cases(enterprise({ status: 'revoked' }), { ...none, ...open }, D).cases).toEqual([]);
    expect(cases(null, { ...none, ...open }, D).cases).toEqual([]);
  });
  it('a due date whose period reaches a year without a notice is provisional', () => {
    const december = { penalties: [penalty({ recordId: 'P-1', decidedOn: '2026-12-15', procedure: 'ordinary' })] };
    expect(run(december, '2026-12-20').cases[0]).toMatchObject({ dueOn: '2027-01-12', provisional: true });
  });
  it('a disposal of another enterprise is ignored, with disposal_uscc_mismatch', () => {
    const result = run({
      samplings: [failed({ notifiedOn: '2026-07-03' })],
      disposals: [disposal({ uscc: '91330302MA2BBBBB1Y', completedOn: '2026-07-20' })],
    });
    expect(result.cases[0]).toMatchObject({ state: 'overdue', startedOn: null, warnings: ['disposal_uscc_mismatch'] });
  });
});

describe('invariants (properties)', () => {
  it('a closed case never reopens as D moves forward', () => {
    const day = (from: string, max: number) => fc.integer({ min: 0, max }).map((n) => addDays(from, n));
    fc.assert(
      fc.property(
        day('2026-01-05', 300),
        fc.option(fc.integer({ min: 0, max: 200 })),
        day('2026-01-05', 700),
        fc.integer({ min: 1, max: 200 }),
        (decided, publishedAfter, d1, step) => {
          const p = {
            ...penalty({ recordId: 'P-1', decidedOn: decided, procedure: 'ordinary' }),
            ...(publishedAfter === null ? {} : { publishedOn: addDays(decided, publishedAfter) }),
          };
          const d2 = addDays(d1, step);
          const before = run({ penalties: [p] }, d1).cases[0];
          const after = run({ penalties: [p] }, d2).cases[0];
          if (before && (before.state === 'closed_on_time' || before.state === 'closed_late') && after)
            expect(after).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the daily run (deadlines.md §3 next change)', () => {
  // The scheduler's policy, in the small: an enterprise is regraded on a day when a record
  // arrived or its nextChangeOn has come; otherwise what was stored stays, read on the day.
  type Arrival = { on: string; record: EnterpriseRecord };
  const START = '2026-10-01'; // 2026-Q4: National Day week, then the year end into 2027 (no notice yet)
  const QUARTER = 92;
  const dayIn = (from: string, max: number) => fc.integer({ min: 0, max }).map((n) => addDays(from, n));
  /** Steps of one record arrive as versions, each on its latest date or the day before (tomorrow is accepted). */
  const versions = (steps: { on: string; record: EnterpriseRecord }[]) => steps;
  const chain = fc.oneof(
    // A failed sample: served, maybe re-tested, then disposed of (or not yet).
    fc
      .record({
        id: fc.integer({ min: 1, max: 4 }),
        sampled: dayIn('2026-08-01', 120),
        serve: fc.integer({ min: 0, max: 10 }),
        recheck: fc.option(
          fc.record({
            after: fc.integer({ min: 0, max: 12 }),
            takes: fc.integer({ min: 1, max: 30 }),
            pass: fc.boolean(),
          }),
        ),
        dispose: fc.option(
          fc.record({ start: fc.integer({ min: 0, max: 10 }), takes: fc.option(fc.integer({ min: 0, max: 120 })) }),
        ),
        early: fc.boolean(),
      })
      .map(({ id, sampled, serve, recheck, dispose, early }) => {
        const recordId = `CJ-${id}`;
        const notifiedOn = addDays(sampled, serve);
        const base = failed({ recordId, sampledOn: sampled, notifiedOn });
        const out: Arrival[] = [{ on: notifiedOn, record: base }];
        if (recheck) {
          const requested = addDays(notifiedOn, recheck.after);
          const asked = { ...base, version: 2, recheckRequestedOn: requested };
          const concluded = addDays(requested, recheck.takes);
          out.push({ on: requested, record: asked });
          out.push({
            on: early ? addDays(concluded, -1) : concluded,
            record: {
              ...asked,
              version: 3,
              recheckResult: recheck.pass ? 'pass' : 'fail',
              recheckConcludedOn: concluded,
            },
          });
        }
        if (dispose) {
          const startedOn = addDays(notifiedOn, dispose.start);
          const d = disposal({ samplingRecordId: recordId, startedOn });
          out.push({ on: startedOn, record: d });
          if (dispose.takes !== null) {
            const completedOn = addDays(startedOn, dispose.takes);
            out.push({ on: early ? addDays(completedOn, -1) : completedOn, record: { ...d, version: 2, completedOn } });
          }
        }
        return versions(out);
      }),
    // An ordinary-procedure decision, published in time, late or not yet.
    fc
      .record({
        id: fc.integer({ min: 1, max: 4 }),
        decided: dayIn('2026-08-15', 120),
        publish: fc.option(fc.integer({ min: 0, max: 60 })),
      })
      .map(({ id, decided, publish }) => {
        const p = penalty({ recordId: `P-${id}`, decidedOn: decided, procedure: 'ordinary' });
        const out: Arrival[] = [{ on: decided, record: p }];
        if (publish !== null)
          out.push({
            on: addDays(decided, publish),
            record: { ...p, version: 2, publishedOn: addDays(decided, publish) },
          });
        return versions(out);
      }),
    // A repair application: accepted and decided, or still waiting.
    fc
      .record({
        id: fc.integer({ min: 1, max: 3 }),
        applied: dayIn('2026-09-01', 110),
        accept: fc.option(fc.integer({ min: 0, max: 6 })),
        decide: fc.option(fc.integer({ min: 0, max: 30 })),
        granted: fc.boolean(),
      })
      .map(({ id, applied, accept, decide, granted }) => {
        const r = repair({ recordId: `XF-${id}`, appliedOn: applied });
        const out: Arrival[] = [{ on: applied, record: r }];
        if (accept === null) return versions(out);
        const acceptedOn = addDays(applied, accept);
        const accepted = { ...r, version: 2, acceptedOn };
        out.push({ on: acceptedOn, record: accepted });
        if (decide !== null) {
          const decidedOn = addDays(acceptedOn, decide);
          const decision = granted ? ('granted' as const) : ('refused' as const);
          out.push({ on: decidedOn, record: { ...accepted, version: 3, decidedOn, decision } });
        }
        return versions(out);
      }),
  );

  it('stored results read on the day equal a full recomputation on every day of a simulated quarter (property)', () => {
    fc.assert(
      fc.property(fc.array(chain, { minLength: 1, maxLength: 6 }), (chains) => {
        const arrivals = chains.flat();
        const known = (day: string) => {
          const latest = new Map<string, EnterpriseRecord>();
          for (const a of arrivals) {
            const k = `${a.record.type}:${recordKey(a.record)}`;
            if (a.on <= day && (latest.get(k)?.version ?? 0) < a.record.version) latest.set(k, a.record);
          }
          return [...latest.values()];
        };
        let stored: ReturnType<typeof assessWithCases> | null = null;
        let lastGraded = '';
        for (let n = 0; n < QUARTER; n++) {
          const day = addDays(START, n);
          const full = assessWithCases(ENT, known(day), day);
          const arrived = arrivals.some((a) => a.on > lastGraded && a.on <= day);
          const due = stored?.assessment?.nextChangeOn != null && stored.assessment.nextChangeOn <= day;
          if (stored === null || arrived || due) {
            stored = full;
            lastGraded = day;
          }
          expect(
            stored.cases.map((c) => caseOnDay(c, day)),
            day,
          ).toEqual(full.cases);
          const { asOf: _a, nextChangeOn: _n, ...kept } = stored.assessment ?? {};
          const { asOf: _b, nextChangeOn: _m, ...now } = full.assessment ?? {};
          expect(kept, day).toEqual(now);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('deadlines.md §4: timeliness metrics', () => {
  it('§5 in 2026-Q4 as of 2026-11-30: the late disposal and the unpublished decision, per kind', () => {
    const { cases: all } = run({
      samplings: [failed({ notifiedOn: '2026-07-03' })],
      disposals: [disposal({ completedOn: '2026-10-09' })],
      penalties: [penalty({ recordId: 'P-9', decidedOn: '2026-09-24', procedure: 'ordinary' })],
    });
    expect(caseMetrics(all, '2026-Q4', D)).toEqual([
      {
        period: '2026-Q4',
        region: '330302',
        kind: 'penalty_publicity',
        due: 1,
        onTime: 0,
        late: 0,
        overdueOpen: 1,
        rate: 0,
      },
      {
        period: '2026-Q4',
        region: '330302',
        kind: 'sampling_disposal',
        due: 1,
        onTime: 0,
        late: 1,
        overdueOpen: 0,
        rate: 0,
      },
    ]);
    expect(caseMetrics(all, '2026-Q3', D)).toEqual([]);
  });

  it('rates round half up to 4 decimals (1/32 → 0.0313); overturned cases and cases not yet due are left out', () => {
    const base = run({ penalties: [penalty({ recordId: 'P-0', decidedOn: '2026-09-01', procedure: 'ordinary' })] })
      .cases[0] as Case;
    const many: Case[] = Array.from({ length: 32 }, (_, i) => ({
      ...base,
      caseId: `penalty_publicity:P-${i}`,
      state: i === 0 ? 'closed_on_time' : 'overdue',
    }));
    const extra: Case[] = [
      { ...base, caseId: 'x:1', state: 'overturned' },
      { ...base, caseId: 'x:2', dueOn: D, state: 'open' },
    ];
    expect(caseMetrics([...many, ...extra], '2026', D)).toMatchObject([
      { due: 32, onTime: 1, overdueOpen: 31, rate: 0.0313 },
    ]);
  });

  it('periods: a year, a quarter, a month', () => {
    expect(periodDays('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(periodDays('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodDays('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  it('adding a completion never lowers a metric (property)', () => {
    const day = fc.integer({ min: 0, max: 200 }).map((n) => addDays('2026-03-01', n));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(day, fc.option(fc.integer({ min: 0, max: 60 }))), { minLength: 1, maxLength: 12 }),
        fc.nat({ max: 11 }),
        fc.integer({ min: 0, max: 60 }),
        (decisions, which, after) => {
          const penalties = decisions.map(([decidedOn, published], i) => ({
            ...penalty({ recordId: `P-${i}`, decidedOn, procedure: 'ordinary' }),
            ...(published === null ? {} : { publishedOn: addDays(decidedOn, published) }),
          }));
          const target = penalties[which % penalties.length] as (typeof penalties)[number] & { publishedOn?: string };
          if (target.publishedOn !== undefined) return;
          const completed = penalties.map((p) =>
            p === target ? { ...p, publishedOn: addDays(p.decidedOn, after) } : p,
          );
          const before = caseMetrics(run({ penalties }, D).cases, '2026', D);
          const afterwards = caseMetrics(run({ penalties: completed }, D).cases, '2026', D);
          for (const line of before) {
            const now = afterwards.find((l) => l.region === line.region && l.kind === line.kind);
            expect(now?.onTime ?? 0).toBeGreaterThanOrEqual(line.onTime);
            expect(now?.rate ?? 0).toBeGreaterThanOrEqual(line.rate);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('grading-model.md §4 with FSL Art. 88: a failure overturned by a timely re-test counts as a pass', () => {
  const served = { notifiedOn: '2026-07-03', recheckResult: 'pass', recheckConcludedOn: '2026-08-10' } as const;
  const samplingPoints = (s: ReturnType<typeof failed>, asOf = D) =>
    assess(ENT, [s], asOf)
      ?.factors.filter((f) => f.code.startsWith('sampling_fail'))
      .reduce((n, f) => n + f.points, 0);

  it('a municipal supervisory failure scores 8; overturned by a re-test requested on the window’s last day, 0', () => {
    expect(samplingPoints(failed())).toBe(8);
    expect(samplingPoints(failed({ ...served, recheckRequestedOn: '2026-07-14' }))).toBe(0);
  });
  it('from the day the re-test concluded, not before', () => {
    expect(samplingPoints(failed({ ...served, recheckRequestedOn: '2026-07-14' }), '2026-08-09')).toBe(8);
    expect(samplingPoints(failed({ ...served, recheckRequestedOn: '2026-07-14' }), '2026-08-10')).toBe(0);
  });
  it('a re-test requested after the window, or one that confirms the failure, leaves the failure scored', () => {
    expect(samplingPoints(failed({ ...served, recheckRequestedOn: '2026-07-15' }))).toBe(8);
    expect(samplingPoints(failed({ ...served, recheckRequestedOn: '2026-07-14', recheckResult: 'fail' }))).toBe(8);
  });
});

describe('cases.jsonl field order (deadlines.md §3)', () => {
  it('caseId, kind, uscc, region, recordId, openedOn, dueOn, basis, state, startedOn, closedOn, daysLate, provisional, warnings', () => {
    const [c] = run({
      penalties: [penalty({ recordId: 'P-1', decidedOn: '2026-09-24', procedure: 'ordinary' })],
    }).cases;
    expect(Object.keys(c ?? {})).toEqual([
      'caseId',
      'kind',
      'uscc',
      'region',
      'recordId',
      'openedOn',
      'dueOn',
      'basis',
      'state',
      'startedOn',
      'closedOn',
      'daysLate',
      'provisional',
      'warnings',
    ]);
  });
});
