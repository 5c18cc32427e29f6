// The statutory steps that follow a record (deadlines.md §2): a sample's result served on the
// enterprise and a re-test asked for (FSL Art. 88), the verification and disposal of a failed
// supervisory sample (SAMPLING-15 Art. 45), an ordinary-procedure decision published (PUB-45)
// and a credit repair applied for (REPAIR-2021). Most are taken in time, some late, some never,
// as real files show; each is dated on the working-day calendar the cases count with, so the
// holidays move them, and none is dated after asOf: a step not taken by then is absent.
import {
  DISPOSAL_ACTIONS,
  type DisposalAction,
  type IsoDate,
  type RepairDecision,
  type RuleSet,
  type SamplingResult,
} from '@fenji/domain';
import { daysRolled, toDate, toDay, workingDayOnOrBefore, workingDaysAfter, workingDaysBefore } from './calendar.ts';
import type { Ent } from './entities.ts';
import type { PenaltyRec, SamplingRec } from './history.ts';
import type { Rng } from './prng.ts';
import type { County } from './wenzhou.ts';

/** The statutory periods, from the rule set in force on asOf (deadlines.md §3). */
export type Deadlines = RuleSet['deadlines'];

/** 核查处置记录 of one failed supervisory sample, keyed by the sample's record number. */
export interface DisposalRec {
  sampling: SamplingRec;
  /** The sample's, unless a clerk entered another enterprise's. */
  uscc: string;
  startedOn: IsoDate;
  actions: DisposalAction[];
  /** The decision that came of it. */
  penalty?: PenaltyRec;
  completedOn?: IsoDate;
  /** The completion arrives as a version 2 (corrections); the first version is without it. */
  completionReportedLater?: boolean;
}

/** 信用修复申请 for one penalty. */
export interface RepairRec {
  recordId: string;
  uscc: string;
  county: County;
  penalty: PenaltyRec;
  appliedOn: IsoDate;
  acceptedOn?: IsoDate;
  decidedOn?: IsoDate;
  decision?: RepairDecision;
}

/** Where a disposal's period starts: the day the result was served, else the sampling day. */
export const disposalOpenedOn = (s: SamplingRec): IsoDate => s.notifiedOn ?? s.sampledOn;

/**
 * 检验结论送达: most failures and some passes record the day the result was served, some working
 * days after sampling; a result due after asOf is served on the last working day up to it.
 */
export function serveResult(rng: Rng, s: SamplingRec, asOf: IsoDate): void {
  const served = rng.chance(s.result === 'fail' ? 0.95 : 0.25);
  const after = rng.int(4, 15);
  if (served) s.notifiedOn = servedOn(s.sampledOn, after, asOf);
}

export function servedOn(sampledOn: IsoDate, workingDays: number, asOf: IsoDate): IsoDate | undefined {
  const on = workingDaysAfter(sampledOn, workingDays);
  if (on <= asOf) return on;
  const last = workingDayOnOrBefore(asOf);
  return last >= sampledOn ? last : undefined;
}

/**
 * 复检 (FSL Art. 88): some served failures of supervisory and evaluative sampling are re-tested.
 * Most requests fall within the window; one after it is not taken up (no re-test follows). A
 * timely re-test may confirm the failure, overturn it (never where a decision already followed),
 * or still be pending on asOf.
 */
export function requestRetest(rng: Rng, s: SamplingRec, limits: Deadlines, asOf: IsoDate): void {
  if (s.result !== 'fail' || s.kind === 'monitoring' || s.notifiedOn === undefined || !rng.chance(0.15)) return;
  const window = limits.recheckWorkingDays;
  const timely = rng.chance(0.85);
  const requested = workingDaysAfter(s.notifiedOn, timely ? rng.int(1, window) : window + rng.int(1, 6));
  const result = rng.weighted<SamplingResult | undefined>([
    ['pass', s.penalty ? 0 : 35],
    ['fail', 50],
    [undefined, 15],
  ]);
  const concluded = workingDaysAfter(requested, rng.int(8, 25));
  if (requested > asOf) return;
  s.recheckRequestedOn = requested;
  if (!timely || result === undefined || concluded > asOf) return;
  s.recheckResult = result;
  s.recheckConcludedOn = concluded;
}

/**
 * 核查处置 of a failed supervisory sample: started a few working days after the result was
 * served, mostly completed within the period (some on its last day, which a holiday may have
 * moved), some late, some never; a few are not on file at all.
 */
export function disposal(
  rng: Rng,
  s: SamplingRec,
  ent: Ent,
  limits: Deadlines,
  asOf: IsoDate,
): DisposalRec | undefined {
  if (rng.chance(0.04)) return undefined;
  const opened = disposalOpenedOn(s);
  const startedOn = workingDaysAfter(opened, rng.int(1, 5));
  const dueOn = daysRolled(opened, limits.disposalDays);
  const plan = rng.weighted([
    ['on_time', 82],
    ['late', 10],
    ['never', 8],
  ] as const);
  const completedOn =
    plan === 'on_time'
      ? rng.chance(0.1)
        ? dueOn
        : workingDayOnOrBefore(toDate(rng.int(toDay(startedOn) + 10, toDay(dueOn))))
      : plan === 'late'
        ? workingDaysAfter(dueOn, rng.int(1, 20))
        : undefined;
  const penalty = s.penalty !== undefined && rng.chance(0.9) ? s.penalty : undefined;
  const actions = disposalActions(rng, ent, penalty !== undefined);
  if (startedOn > asOf) return undefined;
  return {
    sampling: s,
    uscc: s.uscc,
    startedOn,
    actions,
    penalty,
    completedOn: completedOn !== undefined && completedOn <= asOf ? completedOn : undefined,
  };
}

/** What was done: stop the sale and find the cause, mostly; a maker recalls more often; a case when a decision came of it. */
export function disposalActions(rng: Rng, ent: Ent, caseFiled: boolean): DisposalAction[] {
  const maker = ent.sector.endsWith('production') || ent.sector.endsWith('manufacturing');
  const taken = new Set<DisposalAction>();
  if (rng.chance(0.3)) taken.add('seal');
  if (rng.chance(0.8)) taken.add('stop_sale');
  if (rng.chance(maker ? 0.5 : 0.1)) taken.add('recall');
  if (rng.chance(0.9)) taken.add('cause_investigation');
  if (rng.chance(0.85)) taken.add('rectification');
  if (caseFiled || rng.chance(0.1)) taken.add('case_filed');
  if (taken.size === 0) taken.add('cause_investigation');
  return DISPOSAL_ACTIONS.filter((a) => taken.has(a));
}

/**
 * 公示 (PUB-45 Art. 2, 9): an ordinary-procedure decision is published, mostly within the
 * period (some on its last working day), some late, some never.
 */
export function publish(rng: Rng, p: PenaltyRec, limits: Deadlines, asOf: IsoDate): void {
  if (!limits.publicityProcedures.includes(p.procedure)) return;
  const n = limits.publicityWorkingDays;
  const plan = rng.weighted([
    ['on_time', 86],
    ['late', 7],
    ['never', 7],
  ] as const);
  const after = plan === 'on_time' ? (rng.chance(0.1) ? n : rng.int(1, n - 5)) : n + rng.int(1, 30);
  const on = plan === 'never' ? undefined : workingDaysAfter(p.decidedOn, after);
  if (on !== undefined && on <= asOf) p.publishedOn = on;
}

/** An application, accepted and decided some working days after it; a step after asOf is not taken yet. */
export function repairApplication(
  p: PenaltyRec,
  appliedOn: IsoDate,
  asOf: IsoDate,
  steps: { acceptedAfter?: number; decidedAfter?: number; decision?: RepairDecision },
): RepairRec {
  const r: RepairRec = { recordId: '', uscc: p.uscc, county: p.county, penalty: p, appliedOn };
  if (steps.acceptedAfter === undefined) return r;
  const acceptedOn = workingDaysAfter(appliedOn, steps.acceptedAfter);
  if (acceptedOn > asOf) return r;
  r.acceptedOn = acceptedOn;
  if (steps.decidedAfter === undefined || steps.decision === undefined) return r;
  const decidedOn = workingDaysAfter(acceptedOn, steps.decidedAfter);
  if (decidedOn <= asOf) Object.assign(r, { decidedOn, decision: steps.decision });
  return r;
}

/** Working days to accept and to decide: mostly within the periods of REPAIR-2021, now and then after. */
export function repairPace(rng: Rng, limits: Deadlines): { acceptedAfter: number; decidedAfter: number } {
  const accept = limits.repairAcceptanceWorkingDays;
  const decide = limits.repairDecisionWorkingDays;
  return {
    acceptedAfter: rng.chance(0.9) ? rng.int(1, accept) : accept + rng.int(1, 4),
    decidedAfter: rng.chance(0.9) ? rng.int(2, decide) : decide + rng.int(1, 10),
  };
}

/**
 * The granted application behind a repair the decision already records (repairedOn): decided
 * that day, accepted and applied for the working days before. None when it would have been
 * made before the wait of REPAIR-2021 was over (`earliest`).
 */
export function grantedRepair(rng: Rng, p: PenaltyRec, limits: Deadlines, earliest: IsoDate): RepairRec | undefined {
  if (p.repairedOn === undefined) return undefined;
  const pace = repairPace(rng, limits);
  const acceptedOn = workingDaysBefore(p.repairedOn, pace.decidedAfter);
  const appliedOn = workingDaysBefore(acceptedOn, pace.acceptedAfter);
  if (appliedOn < earliest) return undefined;
  return {
    recordId: '',
    uscc: p.uscc,
    county: p.county,
    penalty: p,
    appliedOn,
    acceptedOn,
    decidedOn: p.repairedOn,
    decision: 'granted',
  };
}
