// The cases (deadlines.md §3) every sample has, whatever its size and seed: a failure overturned
// by a re-test, one confirmed, one pending, a request after the window; disposals on time only
// because a holiday moved the due date, late, overdue, open, and one filed under another
// enterprise; the decisions that followed published late, on the period's last day, not yet and
// never; repair applications accepted late, decided late, refused, undecided, not yet accepted,
// and one granted that the decision does not record. Each is listed in the manifest with the
// state cases() must give it. Then the steps that reach the files only with this month's
// corrections (a disposal completed, a re-test concluded).
import { addMonths, type CaseKind, type CaseState, type CaseWarning, type IsoDate, ruleSetFor } from '@fenji/domain';
import {
  daysRolled,
  isWeekend,
  isWorkingDay,
  toDate,
  toDay,
  workingDayOnOrBefore,
  workingDaysAfter,
  workingDaysBefore,
} from '../calendar.ts';
import type { Ent } from '../entities.ts';
import {
  HEAVY,
  ordinaryPenalty,
  type PenaltyRec,
  type SamplingRec,
  sampling,
  violationForFailure,
} from '../history.ts';
import { type Deadlines, type DisposalRec, disposalActions, type RepairRec, repairApplication } from '../steps.ts';
import type { GenerationContext } from './context.ts';
import { repairable } from './steps.ts';

export function addStepScenarios(ctx: GenerationContext): void {
  const limits = ruleSetFor(ctx.options.asOf).deadlines;
  samplingScenarios(ctx, limits);
  repairScenarios(ctx, limits);
  reportSomeStepsLater(ctx);
}

/** The case the scenario's record opens, as cases() must show it on asOf. */
function holds(
  ctx: GenerationContext,
  kind: CaseKind,
  record: { recordId: string },
  state: CaseState,
  warnings: CaseWarning[] = [],
): void {
  ctx.stepScenarios.push({ kind, record, state, warnings });
}

// ---------------------------------------------------------------------------------------------
// Failed supervisory samples

function samplingScenarios(ctx: GenerationContext, limits: Deadlines): void {
  const rng = ctx.rng.stepScenarios;
  const D = ctx.options.asOf;
  const window = limits.recheckWorkingDays;
  const publicity = limits.publicityWorkingDays;
  const back = (days: number) => workingDayOnOrBefore(toDate(toDay(D) - days));

  // Re-test confirms the failure; the disposal is completed on its due date, which a holiday
  // moved past the 90th day: on time only by CIVIL-203. The decision is published late.
  {
    const opened = holidayRolledOpening(ctx, limits) ?? back(250);
    const s = failedSample(ctx, opened);
    s.recheckRequestedOn = workingDaysAfter(opened, 2);
    s.recheckResult = 'fail';
    s.recheckConcludedOn = workingDaysAfter(s.recheckRequestedOn, 12);
    const decidedOn = workingDaysAfter(s.recheckConcludedOn, rng.int(5, 10));
    decide(ctx, s, decidedOn, workingDaysAfter(decidedOn, publicity + rng.int(2, 5)), 'closed_late');
    addDisposal(ctx, s, workingDaysAfter(opened, 1), daysRolled(opened, limits.disposalDays));
    holds(ctx, 'sampling_disposal', s, 'closed_on_time');
  }
  // Served on a holiday's eve; the re-test asked for on the window's last working day, which
  // the holiday moved, overturns the failure.
  {
    const opened = holidayEve(ctx) ?? back(150);
    const s = failedSample(ctx, opened);
    s.recheckRequestedOn = workingDaysAfter(opened, window);
    s.recheckResult = 'pass';
    s.recheckConcludedOn = workingDaysAfter(s.recheckRequestedOn, 15);
    addDisposal(ctx, s, workingDaysAfter(opened, 1), undefined);
    holds(ctx, 'sampling_disposal', s, 'overturned');
  }
  // Served a fortnight ago, re-test pending, disposal under way.
  {
    const opened = workingDaysBefore(D, 12);
    const s = failedSample(ctx, opened);
    s.recheckRequestedOn = workingDaysAfter(opened, 3);
    addDisposal(ctx, s, workingDaysAfter(opened, 1), undefined);
    holds(ctx, 'sampling_disposal', s, 'open');
  }
  // Re-test asked for after the window (not taken up); disposal completed late. The decision is
  // published on the last day of its period.
  {
    const opened = back(210);
    const s = failedSample(ctx, opened);
    s.recheckRequestedOn = workingDaysAfter(opened, window + rng.int(1, 5));
    const decidedOn = workingDaysAfter(opened, 35);
    decide(ctx, s, decidedOn, workingDaysAfter(decidedOn, publicity), 'closed_on_time');
    const dueOn = daysRolled(opened, limits.disposalDays);
    addDisposal(ctx, s, workingDaysAfter(opened, 2), workingDaysAfter(dueOn, rng.int(2, 10)));
    holds(ctx, 'sampling_disposal', s, 'closed_late', ['recheck_after_window']);
  }
  // The day the result was served is not on file; the disposal was never completed. The
  // decision, two weeks old, is not published yet.
  {
    const sampledOn = back(130);
    const s = failedSample(ctx, sampledOn, false);
    decide(ctx, s, workingDaysBefore(D, 10), undefined, 'open');
    addDisposal(ctx, s, workingDaysAfter(sampledOn, rng.int(8, 15)), undefined);
    holds(ctx, 'sampling_disposal', s, 'overdue', ['notified_on_missing']);
  }
  // The disposal was filed under another enterprise of the county: it does not count. The
  // decision was never published.
  {
    const opened = back(330);
    const s = failedSample(ctx, opened);
    decide(ctx, s, workingDaysAfter(opened, 40), undefined, 'overdue');
    const others = ctx.ents.filter((e) => e.uscc !== s.uscc && e.county === s.county);
    const other = rng.pick(others.length > 0 ? others : ctx.ents.filter((e) => e.uscc !== s.uscc));
    const d = addDisposal(ctx, s, workingDaysAfter(opened, 2), workingDayOnOrBefore(toDate(toDay(opened) + 40)));
    d.uscc = other.uscc;
    holds(ctx, 'sampling_disposal', s, 'overdue', ['disposal_uscc_mismatch']);
  }
}

/** The ordinary decision that followed a scenario's sample, published on `publishedOn` or not at all. */
function decide(
  ctx: GenerationContext,
  s: SamplingRec,
  decidedOn: IsoDate,
  publishedOn: IsoDate | undefined,
  state: CaseState,
): void {
  const e = enterpriseOf(ctx, s.uscc);
  const violation = violationForFailure(e, s.hazard);
  const p = ordinaryPenalty(ctx.rng.stepScenarios, e, decidedOn, ctx.cal, ctx.reg, { violation, listed: false });
  Object.assign(p, { reserved: true, publishedOn, repairedOn: undefined });
  s.penalty = p;
  ctx.penalties.push(p);
  ctx.penaltiesOf.get(e.uscc)?.push(p);
  holds(ctx, 'penalty_publicity', p, state);
}

/**
 * A failed supervisory sample of an enterprise licensed before it, served on `on` (sampled some
 * working days before), or sampled on `on` and never recorded as served. Its enterprise is
 * reserved: neither renamed nor deregistered, so its case stays.
 */
function failedSample(ctx: GenerationContext, on: IsoDate, served = true): SamplingRec {
  const rng = ctx.rng.stepScenarios;
  const sampledOn = served ? workingDaysBefore(on, rng.int(5, 12)) : on;
  const licensedBy = toDate(toDay(sampledOn) - 15);
  const e = takeEnterprise(ctx, (x) => x.licensedOn <= licensedBy);
  const s = sampling(rng, e, sampledOn, { fail: true, kind: 'supervisory' });
  if (served) s.notifiedOn = on;
  ctx.samplings.push(s);
  return s;
}

function addDisposal(
  ctx: GenerationContext,
  s: SamplingRec,
  startedOn: IsoDate,
  completedOn: IsoDate | undefined,
): DisposalRec {
  const d: DisposalRec = {
    sampling: s,
    uscc: s.uscc,
    startedOn,
    actions: disposalActions(ctx.rng.stepScenarios, enterpriseOf(ctx, s.uscc), s.penalty !== undefined),
    penalty: s.penalty,
    completedOn,
  };
  ctx.disposals.push(d);
  return d;
}

function enterpriseOf(ctx: GenerationContext, uscc: string): Ent {
  return ctx.ents.find((x) => x.uscc === uscc) as Ent;
}

/** An enterprise not in a scenario yet, if one fits; it is reserved from now on. */
function takeEnterprise(ctx: GenerationContext, fits: (e: Ent) => boolean): Ent {
  const fitting = ctx.ents.filter(fits);
  const free = fitting.filter((e) => !e.reserved);
  const e = ctx.rng.stepScenarios.pick(free.length > 0 ? free : fitting.length > 0 ? fitting : ctx.ents);
  e.reserved = true;
  return e;
}

/**
 * The latest day a result can be served on so that its 90th day falls on a holiday that is not a
 * weekend (its due date rolls over the holiday) and the rolled due date is before asOf, within
 * the cases' report window. None when the calendar has no such holiday there.
 */
function holidayRolledOpening(ctx: GenerationContext, limits: Deadlines): IsoDate | undefined {
  const D = ctx.options.asOf;
  const first = toDay(addMonths(D, -limits.reportMonths)) + 30;
  for (let day = toDay(D) - limits.disposalDays - 1; day >= first; day--) {
    const opened = toDate(day);
    const nth = toDate(day + limits.disposalDays);
    if (!isWorkingDay(opened) || isWorkingDay(nth) || isWeekend(nth)) continue;
    if (daysRolled(opened, limits.disposalDays) < D) return opened;
  }
  return undefined;
}

/** The latest working day, 50 days or more before asOf, whose next day is a public holiday. */
function holidayEve(ctx: GenerationContext): IsoDate | undefined {
  const D = ctx.options.asOf;
  const first = toDay(addMonths(D, -12));
  for (let day = toDay(D) - 50; day >= first; day--) {
    const next = toDate(day + 1);
    if (isWorkingDay(toDate(day)) && !isWorkingDay(next) && !isWeekend(next)) return toDate(day);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Credit repair applications

function repairScenarios(ctx: GenerationContext, limits: Deadlines): void {
  const D = ctx.options.asOf;
  const accept = limits.repairAcceptanceWorkingDays;
  const decide = limits.repairDecisionWorkingDays;
  const apply = (
    appliedOn: IsoDate,
    pool: (p: PenaltyRec) => boolean,
    steps: Parameters<typeof repairApplication>[3],
  ): RepairRec | undefined => {
    const p = takePenalty(ctx, (x) => pool(x) && x.decidedOn <= appliedOn);
    if (!p) return undefined;
    const r = repairApplication(p, appliedOn, D, steps);
    ctx.repairs.push(r);
    return r;
  };
  // Eligible once the decision is a year old (REPAIR-2021).
  const eligible = (on: IsoDate) => {
    const decidedBy = addMonths(on, -12); // then addMonths(decidedOn, 12) ≤ on
    return (p: PenaltyRec) => p.decidedOn <= decidedBy && repairable(p);
  };

  // Granted and recorded on the decision.
  {
    const appliedOn = workingDaysBefore(D, 60);
    const r = apply(appliedOn, eligible(appliedOn), { acceptedAfter: 1, decidedAfter: 6, decision: 'granted' });
    if (r) {
      r.penalty.repairedOn = r.decidedOn;
      holds(ctx, 'repair_acceptance', r, 'closed_on_time');
      holds(ctx, 'repair_decision', r, 'closed_on_time');
    }
  }
  // Granted, but the decision does not show the repair.
  {
    const appliedOn = workingDaysBefore(D, 40);
    const r = apply(appliedOn, eligible(appliedOn), { acceptedAfter: 1, decidedAfter: 8, decision: 'granted' });
    if (r) {
      holds(ctx, 'repair_acceptance', r, 'closed_on_time');
      holds(ctx, 'repair_decision', r, 'closed_on_time', ['repair_not_recorded']);
    }
  }
  // Refused after the period: a decision that cannot be repaired, if there is one.
  {
    const appliedOn = workingDaysBefore(D, 80);
    const heavy = (p: PenaltyRec) =>
      p.procedure === 'ordinary' && !p.reserved && (p.seriousListing || p.measures.some((m) => HEAVY.includes(m)));
    const steps = { acceptedAfter: accept, decidedAfter: decide + 5, decision: 'refused' as const };
    const r = apply(appliedOn, heavy, steps) ?? apply(appliedOn, eligible(appliedOn), steps);
    if (r) {
      holds(ctx, 'repair_acceptance', r, 'closed_on_time');
      holds(ctx, 'repair_decision', r, 'closed_late');
    }
  }
  // Accepted late and not decided in time.
  {
    const appliedOn = workingDaysBefore(D, 45);
    const r = apply(appliedOn, eligible(appliedOn), { acceptedAfter: accept + 3 });
    if (r) {
      holds(ctx, 'repair_acceptance', r, 'closed_late');
      holds(ctx, 'repair_decision', r, 'overdue');
    }
  }
  // Accepted last week, being decided.
  {
    const appliedOn = workingDaysBefore(D, 8);
    const r = apply(appliedOn, eligible(appliedOn), { acceptedAfter: accept });
    if (r) {
      holds(ctx, 'repair_acceptance', r, 'closed_on_time');
      holds(ctx, 'repair_decision', r, 'open');
    }
  }
  // Never accepted.
  {
    const appliedOn = workingDaysBefore(D, 25);
    const r = apply(appliedOn, eligible(appliedOn), {});
    if (r) holds(ctx, 'repair_acceptance', r, 'overdue');
  }
  // Applied for on the last working day: acceptance still open.
  {
    const appliedOn = workingDayOnOrBefore(D);
    const r = apply(appliedOn, eligible(appliedOn), {});
    if (r) holds(ctx, 'repair_acceptance', r, 'open');
  }
}

/** A decision not yet in a scenario, reserved with its enterprise (a deregistration would hide the case). */
function takePenalty(ctx: GenerationContext, fits: (p: PenaltyRec) => boolean): PenaltyRec | undefined {
  const pool = ctx.penalties.filter(fits);
  if (pool.length === 0) return undefined;
  const p = ctx.rng.stepScenarios.pick(pool);
  p.reserved = true;
  const e = ctx.ents.find((x) => x.uscc === p.uscc);
  if (e) e.reserved = true;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Steps sent later, as version 2

/**
 * Some recent completions and re-test conclusions reach the files only with this month's
 * corrections: their first version lacks them (at least one of each, when there is one).
 */
function reportSomeStepsLater(ctx: GenerationContext): void {
  const since = addMonths(ctx.options.asOf, -2);
  const completed = ctx.disposals.filter((d) => d.completedOn !== undefined && d.uscc === d.sampling.uscc);
  for (const d of later(ctx, completed, (x) => x.completedOn as IsoDate, since, 0.3)) d.completionReportedLater = true;
  const concluded = ctx.samplings.filter((s) => s.recheckConcludedOn !== undefined);
  for (const s of later(ctx, concluded, (x) => x.recheckConcludedOn as IsoDate, since, 0.5)) {
    s.recheckReportedLater = true;
  }
}

/** About `share` of the items whose step falls on or after `since`; the latest one if none does. */
function later<T>(
  ctx: GenerationContext,
  items: readonly T[],
  on: (x: T) => IsoDate,
  since: IsoDate,
  share: number,
): T[] {
  const recent = items.filter((x) => on(x) >= since);
  if (recent.length === 0) {
    const last = items.reduce<T | undefined>((a, x) => (a === undefined || on(x) > on(a) ? x : a), undefined);
    return last === undefined ? [] : [last];
  }
  const count = Math.max(1, Math.round(recent.length * share));
  return ctx.rng.stepScenarios.shuffle([...recent]).slice(0, count);
}
