// Statutory deadlines as cases (deadlines.md §3): one case per deadline of one record, its due
// date in working or calendar days (calendar.ts), and whether it was met as of D. Like assess(),
// a pure function of an enterprise's records and D, each due date traced to its basis.
import { addDaysRolled, addWorkingDays, cnCalendar, type WorkingDayCalendar } from './calendar.ts';
import { addDays, addMonths, daysBetween } from './dates.ts';
import { type RuleSet, ruleSetFor } from './rules/index.ts';
import type { Enterprise, IsoDate, Penalty, RecordStatus, Sampling } from './types.ts';

export const DISPOSAL_ACTIONS = [
  'seal',
  'stop_sale',
  'recall',
  'cause_investigation',
  'rectification',
  'case_filed',
] as const;
export type DisposalAction = (typeof DISPOSAL_ACTIONS)[number];

/** The re-test steps a failed sampling may carry (deadlines.md §2). */
export interface SamplingSteps {
  /** The day the result was served on the enterprise (检验结论送达). */
  notifiedOn?: IsoDate;
  recheckRequestedOn?: IsoDate;
  recheckResult?: 'pass' | 'fail';
  recheckConcludedOn?: IsoDate;
}

/** 核查处置记录: the verification and disposal of one failed sample, keyed by its samplingRecordId. */
export interface Disposal {
  type: 'disposal';
  samplingRecordId: string;
  uscc: string;
  startedOn: IsoDate;
  actions: DisposalAction[];
  penaltyRecordId?: string;
  completedOn?: IsoDate;
  version: number;
  status: RecordStatus;
}

/** 信用修复申请: an application to repair the credit record of one penalty. */
export interface Repair {
  type: 'repair';
  recordId: string;
  uscc: string;
  penaltyRecordId: string;
  appliedOn: IsoDate;
  acceptedOn?: IsoDate;
  decidedOn?: IsoDate;
  decision?: 'granted' | 'refused';
  version: number;
  status: RecordStatus;
}

export const CASE_KINDS = ['sampling_disposal', 'penalty_publicity', 'repair_acceptance', 'repair_decision'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export type CaseState = 'overturned' | 'closed_on_time' | 'closed_late' | 'overdue' | 'open';
export type CaseWarning =
  | 'notified_on_missing'
  | 'recheck_after_window'
  | 'disposal_uscc_mismatch'
  | 'repair_not_recorded';

/** One line of cases.jsonl, in the field order of deadlines.md §3. */
export interface Case {
  caseId: string;
  kind: CaseKind;
  uscc: string;
  region: string;
  recordId: string;
  openedOn: IsoDate;
  dueOn: IsoDate;
  basis: string;
  state: CaseState;
  /** A disposal's startedOn; null for every other kind. */
  startedOn: IsoDate | null;
  closedOn: IsoDate | null;
  daysLate: number;
  provisional: boolean;
  warnings: CaseWarning[];
}

export interface CaseRecords {
  samplings: readonly (Sampling & SamplingSteps)[];
  penalties: readonly (Penalty & { publishedOn?: IsoDate })[];
  disposals: readonly Disposal[];
  repairs: readonly Repair[];
}

export interface CasesResult {
  cases: Case[];
  /** The first day after D on which a case turns overdue or leaves the report; null if none. */
  nextChangeOn: IsoDate | null;
  /** Samplings whose failure a timely passing re-test overturned, with the day it counts from. */
  overturned: Map<string, IsoDate>;
}

/** The basis each kind cites in cases.jsonl (the case table of deadlines.md §3). */
export const CASE_BASIS: Record<CaseKind, string> = {
  sampling_disposal: 'SAMPLING-15 Art. 45',
  penalty_publicity: 'PUB-45 Art. 2, 9',
  repair_acceptance: 'REPAIR-2021',
  repair_decision: 'REPAIR-2021',
};

interface Options {
  rules?: RuleSet;
  calendar?: WorkingDayCalendar;
}

/** Every case of one enterprise as of D, sorted by caseId, with the day the result next changes. */
export function cases(
  enterprise: Enterprise | null,
  records: CaseRecords,
  asOf: IsoDate,
  options: Options = {},
): CasesResult {
  const overturned = new Map<string, IsoDate>();
  if (enterprise?.status !== 'active') return { cases: [], nextChangeOn: null, overturned };
  const rules = options.rules ?? ruleSetFor(asOf);
  const calendar = options.calendar ?? cnCalendar();
  const limits = rules.deadlines;
  // A date later than D is not seen yet (deadlines.md §3).
  const seen = (d: IsoDate | undefined) => (d !== undefined && d <= asOf ? d : undefined);
  const active = <T extends { status: RecordStatus }>(rs: readonly T[]) => rs.filter((r) => r.status === 'active');
  const out: Case[] = [];
  const add = (c: Omit<Case, 'state' | 'daysLate' | 'region' | 'uscc'> & { overturned?: boolean }) => {
    const { overturned: wasOverturned, ...rest } = c;
    out.push({
      ...rest,
      uscc: enterprise.uscc,
      region: enterprise.region,
      ...stateOf(c.dueOn, c.closedOn, asOf, wasOverturned === true),
      warnings: [...c.warnings].sort(),
    } as Case);
  };

  const disposals = new Map(active(records.disposals).map((d) => [d.samplingRecordId, d]));
  for (const s of active(records.samplings)) {
    if (s.result !== 'fail' || s.kind !== 'supervisory') continue;
    const warnings: CaseWarning[] = [];
    const notified = seen(s.notifiedOn);
    if (notified === undefined) warnings.push('notified_on_missing');
    const openedOn = notified ?? s.sampledOn;
    const due = addDaysRolled(openedOn, limits.disposalDays, calendar);
    // FSL Art. 88: a re-test requested after its window is ignored.
    const recheckUntil = addWorkingDays(openedOn, limits.recheckWorkingDays, calendar).date;
    const requested = seen(s.recheckRequestedOn);
    let overturnedOn: IsoDate | undefined;
    if (requested !== undefined && requested > recheckUntil) warnings.push('recheck_after_window');
    else if (requested !== undefined && s.recheckResult === 'pass') overturnedOn = seen(s.recheckConcludedOn);
    let disposal = disposals.get(s.recordId);
    if (disposal && disposal.uscc !== s.uscc) {
      warnings.push('disposal_uscc_mismatch');
      disposal = undefined;
    }
    if (overturnedOn !== undefined) overturned.set(s.recordId, overturnedOn);
    add({
      caseId: `sampling_disposal:${s.recordId}`,
      kind: 'sampling_disposal',
      recordId: s.recordId,
      openedOn,
      dueOn: due.date,
      basis: CASE_BASIS.sampling_disposal,
      startedOn: seen(disposal?.startedOn) ?? null,
      closedOn: overturnedOn ?? seen(disposal?.completedOn) ?? null,
      provisional: due.provisional,
      warnings,
      overturned: overturnedOn !== undefined,
    });
  }

  const penalties = active(records.penalties);
  for (const p of penalties) {
    if (!limits.publicityProcedures.includes(p.procedure)) continue;
    const due = addWorkingDays(p.decidedOn, limits.publicityWorkingDays, calendar);
    add({
      caseId: `penalty_publicity:${p.recordId}`,
      kind: 'penalty_publicity',
      recordId: p.recordId,
      openedOn: p.decidedOn,
      dueOn: due.date,
      basis: CASE_BASIS.penalty_publicity,
      startedOn: null,
      closedOn: seen(p.publishedOn) ?? null,
      provisional: due.provisional,
      warnings: [],
    });
  }

  for (const r of active(records.repairs)) {
    const accepted = seen(r.acceptedOn);
    const decided = seen(r.decidedOn);
    const acceptance = addWorkingDays(r.appliedOn, limits.repairAcceptanceWorkingDays, calendar);
    add({
      caseId: `repair_acceptance:${r.recordId}`,
      kind: 'repair_acceptance',
      recordId: r.recordId,
      openedOn: r.appliedOn,
      dueOn: acceptance.date,
      basis: CASE_BASIS.repair_acceptance,
      startedOn: null,
      closedOn: accepted ?? decided ?? null,
      provisional: acceptance.provisional,
      warnings: [],
    });
    if (accepted === undefined) continue;
    const decision = addWorkingDays(accepted, limits.repairDecisionWorkingDays, calendar);
    // A granted repair the penalty does not show would leave the penalty counting for credit.
    const recorded = penalties.some((p) => p.recordId === r.penaltyRecordId && p.repairedOn === decided);
    add({
      caseId: `repair_decision:${r.recordId}`,
      kind: 'repair_decision',
      recordId: r.recordId,
      openedOn: accepted,
      dueOn: decision.date,
      basis: CASE_BASIS.repair_decision,
      startedOn: null,
      closedOn: decided ?? null,
      provisional: decision.provisional,
      warnings: decided !== undefined && r.decision === 'granted' && !recorded ? ['repair_not_recorded'] : [],
    });
  }

  const reportFrom = addMonths(asOf, -limits.reportMonths);
  const reported = out
    .filter((c) => c.openedOn > reportFrom && c.openedOn <= asOf)
    .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  return { cases: reported, nextChangeOn: nextChange(reported, asOf, limits.reportMonths), overturned };
}

/** The state as of D, first that holds (deadlines.md §3), and the calendar days late. */
function stateOf(
  dueOn: IsoDate,
  closedOn: IsoDate | null,
  asOf: IsoDate,
  overturned: boolean,
): { state: CaseState; daysLate: number } {
  if (overturned) return { state: 'overturned', daysLate: 0 };
  if (closedOn !== null && closedOn <= dueOn) return { state: 'closed_on_time', daysLate: 0 };
  if (closedOn !== null) return { state: 'closed_late', daysLate: daysBetween(dueOn, closedOn) };
  if (asOf > dueOn) return { state: 'overdue', daysLate: daysBetween(dueOn, asOf) };
  return { state: 'open', daysLate: 0 };
}

/** An open case turns overdue on dueOn + 1; every case leaves the report reportMonths after it opened. */
function nextChange(reported: readonly Case[], asOf: IsoDate, reportMonths: number): IsoDate | null {
  let next: IsoDate | null = null;
  const consider = (d: IsoDate) => {
    if (d > asOf && (next === null || d < next)) next = d;
  };
  for (const c of reported) {
    if (c.state === 'open') consider(addDays(c.dueOn, 1));
    consider(addMonths(c.openedOn, reportMonths));
  }
  return next;
}
