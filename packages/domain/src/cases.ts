// Statutory deadlines as cases (deadlines.md §3): one case per deadline of one record, its due
// date in working or calendar days (calendar.ts), and whether it was met as of D. Like assess(),
// a pure function of an enterprise's records and D, each due date traced to its basis.
import { addDaysRolled, addWorkingDays, cnCalendar, type DueDate, type WorkingDayCalendar } from './calendar.ts';
import { addDays, addMonths, daysBetween } from './dates.ts';
import { parsePeriod } from './plan.ts';
import { type RuleSet, ruleSetFor } from './rules/index.ts';
import type {
  Disposal,
  Enterprise,
  EnterpriseRecord,
  IsoDate,
  Penalty,
  RecordStatus,
  Repair,
  Sampling,
} from './types.ts';

export const CASE_KINDS = ['sampling_disposal', 'penalty_publicity', 'repair_acceptance', 'repair_decision'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
/** In the order of deadlines.md §3: the first that holds is the state. */
export const CASE_STATES = ['overturned', 'closed_on_time', 'closed_late', 'overdue', 'open'] as const;
export type CaseState = (typeof CASE_STATES)[number];
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
  samplings: readonly Sampling[];
  penalties: readonly Penalty[];
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
  const seen = (d: IsoDate | undefined) => seenBy(d, asOf);
  const active = <T extends { status: RecordStatus }>(rs: readonly T[]) => rs.filter((r) => r.status === 'active');
  const out: Case[] = [];
  /** A case from what its row decides; its id, basis, state and days late follow from them. */
  const add = (c: {
    kind: CaseKind;
    recordId: string;
    openedOn: IsoDate;
    due: DueDate;
    closedOn: IsoDate | undefined;
    startedOn?: IsoDate | undefined;
    warnings?: CaseWarning[];
    overturned?: boolean;
  }) => {
    const closedOn = c.closedOn ?? null;
    const { state, daysLate } = stateOf(c.due.date, closedOn, asOf, c.overturned === true);
    // Fields in the order of deadlines.md §3, which cases.jsonl keeps.
    out.push({
      caseId: `${c.kind}:${c.recordId}`,
      kind: c.kind,
      uscc: enterprise.uscc,
      region: enterprise.region,
      recordId: c.recordId,
      openedOn: c.openedOn,
      dueOn: c.due.date,
      basis: CASE_BASIS[c.kind],
      state,
      startedOn: c.startedOn ?? null,
      closedOn,
      daysLate,
      provisional: c.due.provisional,
      warnings: [...(c.warnings ?? [])].sort(),
    });
  };

  const disposals = new Map(active(records.disposals).map((d) => [d.samplingRecordId, d]));
  for (const s of active(records.samplings)) {
    if (s.result !== 'fail' || s.kind !== 'supervisory') continue;
    const warnings: CaseWarning[] = [];
    const openedOn = disposalOpenedOn(s, asOf);
    if (openedOn !== s.notifiedOn) warnings.push('notified_on_missing');
    const due = addDaysRolled(openedOn, limits.disposalDays, calendar);
    const recheck = recheckOf(s, asOf, rules, calendar);
    if (recheck === 'late') warnings.push('recheck_after_window');
    const overturnedOn = recheck === 'late' ? undefined : recheck;
    let disposal = disposals.get(s.recordId);
    if (disposal && disposal.uscc !== s.uscc) {
      warnings.push('disposal_uscc_mismatch');
      disposal = undefined;
    }
    if (overturnedOn !== undefined) overturned.set(s.recordId, overturnedOn);
    add({
      kind: 'sampling_disposal',
      recordId: s.recordId,
      openedOn,
      due,
      startedOn: seen(disposal?.startedOn),
      closedOn: overturnedOn ?? seen(disposal?.completedOn),
      warnings,
      overturned: overturnedOn !== undefined,
    });
  }

  const penalties = active(records.penalties);
  for (const p of penalties) {
    if (!limits.publicityProcedures.includes(p.procedure)) continue;
    add({
      kind: 'penalty_publicity',
      recordId: p.recordId,
      openedOn: p.decidedOn,
      due: addWorkingDays(p.decidedOn, limits.publicityWorkingDays, calendar),
      closedOn: seen(p.publishedOn),
    });
  }

  for (const r of active(records.repairs)) {
    const accepted = seen(r.acceptedOn);
    const decided = seen(r.decidedOn);
    add({
      kind: 'repair_acceptance',
      recordId: r.recordId,
      openedOn: r.appliedOn,
      due: addWorkingDays(r.appliedOn, limits.repairAcceptanceWorkingDays, calendar),
      closedOn: accepted ?? decided,
    });
    if (accepted === undefined) continue;
    // A granted repair the penalty does not show would leave the penalty counting for credit.
    const recorded = penalties.some((p) => p.recordId === r.penaltyRecordId && p.repairedOn === decided);
    add({
      kind: 'repair_decision',
      recordId: r.recordId,
      openedOn: accepted,
      due: addWorkingDays(accepted, limits.repairDecisionWorkingDays, calendar),
      closedOn: decided,
      warnings: decided !== undefined && r.decision === 'granted' && !recorded ? ['repair_not_recorded'] : [],
    });
  }

  const reportFrom = addMonths(asOf, -limits.reportMonths);
  const reported = out
    .filter((c) => c.openedOn > reportFrom && c.openedOn <= asOf)
    .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const next = nextChange(reported, asOf, limits.reportMonths, records);
  return { cases: reported, nextChangeOn: next, overturned };
}

/**
 * The failed samples whose disposal a store must find for cases() as of D: those that open a
 * sampling_disposal case still in the report. Their disposals may name another enterprise.
 */
export function samplesAwaitingDisposal(
  records: readonly EnterpriseRecord[],
  asOf: IsoDate,
  rules: RuleSet = ruleSetFor(asOf),
): string[] {
  const reportFrom = addMonths(asOf, -rules.deadlines.reportMonths);
  return records
    .filter(
      (r): r is Sampling =>
        r.type === 'sampling' &&
        r.status === 'active' &&
        r.result === 'fail' &&
        r.kind === 'supervisory' &&
        disposalOpenedOn(r, asOf) > reportFrom,
    )
    .map((s) => s.recordId)
    .sort();
}

/** The records a case is made of, from an enterprise's history of every type. */
export function caseRecordsOf(records: readonly EnterpriseRecord[]): CaseRecords {
  const samplings: Sampling[] = [];
  const penalties: Penalty[] = [];
  const disposals: Disposal[] = [];
  const repairs: Repair[] = [];
  for (const r of records) {
    if (r.type === 'sampling') samplings.push(r);
    else if (r.type === 'penalty') penalties.push(r);
    else if (r.type === 'disposal') disposals.push(r);
    else if (r.type === 'repair') repairs.push(r);
  }
  return { samplings, penalties, disposals, repairs };
}

/** Every dated step: a step dated after D changes its case (and a re-test the grade) on that day. */
function stepDates(records: CaseRecords, consider: (d: IsoDate | undefined) => void): void {
  for (const s of records.samplings) {
    consider(s.sampledOn);
    consider(s.notifiedOn);
    consider(s.recheckRequestedOn);
    consider(s.recheckConcludedOn);
  }
  for (const p of records.penalties) {
    consider(p.decidedOn);
    consider(p.publishedOn);
  }
  for (const d of records.disposals) {
    consider(d.startedOn);
    consider(d.completedOn);
  }
  for (const r of records.repairs) {
    consider(r.appliedOn);
    consider(r.acceptedOn);
    consider(r.decidedOn);
  }
}

/**
 * A case computed as of an earlier day, read on `day`: an overdue case's days late grow with
 * the day. Nothing else of a case changes without a regrade, and the enterprise's nextChangeOn
 * schedules every regrade that would change it (a due date passing, a step's day, leaving the report).
 */
export function caseOnDay(c: Case, day: IsoDate): Case {
  return c.state === 'overdue' && day > c.dueOn ? { ...c, daysLate: daysBetween(c.dueOn, day) } : c;
}

/**
 * What a failed sampling's re-test amounts to as of D (FSL Art. 88, deadlines.md §3): the day a
 * timely passing re-test overturned the failure, 'late' for a re-test requested after its window
 * (ignored), or undefined. A step dated after D is not seen yet. grading-model.md §4 counts an
 * overturned failure as a pass from that day on.
 */
export function recheckOf(
  s: Sampling,
  asOf: IsoDate,
  rules: RuleSet = ruleSetFor(asOf),
  calendar: WorkingDayCalendar = cnCalendar(),
): IsoDate | 'late' | undefined {
  const requested = seenBy(s.recheckRequestedOn, asOf);
  if (s.result !== 'fail' || requested === undefined) return undefined;
  const window = addWorkingDays(disposalOpenedOn(s, asOf), rules.deadlines.recheckWorkingDays, calendar);
  if (requested > window.date) return 'late';
  return s.recheckResult === 'pass' ? seenBy(s.recheckConcludedOn, asOf) : undefined;
}

/** A step dated after D is not seen yet: treated as absent (deadlines.md §3). */
function seenBy(d: IsoDate | undefined, asOf: IsoDate): IsoDate | undefined {
  return d !== undefined && d <= asOf ? d : undefined;
}

/** A failed sample's periods run from the day its result was served, else from the sampling day. */
function disposalOpenedOn(s: Sampling, asOf: IsoDate): IsoDate {
  return seenBy(s.notifiedOn, asOf) ?? s.sampledOn;
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

/**
 * An open case turns overdue on dueOn + 1; every case leaves the report reportMonths after it
 * opened; a step dated after D is seen on its day (which opens, closes or overturns a case).
 */
function nextChange(
  reported: readonly Case[],
  asOf: IsoDate,
  reportMonths: number,
  records: CaseRecords,
): IsoDate | null {
  let next: IsoDate | null = null;
  const consider = (d: IsoDate | undefined) => {
    if (d !== undefined && d > asOf && (next === null || d < next)) next = d;
  };
  for (const c of reported) {
    if (c.state === 'open') consider(addDays(c.dueOn, 1));
    consider(addMonths(c.openedOn, reportMonths));
  }
  stepDates(records, consider);
  return next;
}

/** One line of case-metrics.jsonl (deadlines.md §4). */
export interface CaseMetric {
  period: string;
  region: string;
  kind: CaseKind;
  due: number;
  onTime: number;
  late: number;
  overdueOpen: number;
  /** onTime / due, rounded half up to 4 decimals. */
  rate: number;
}

/** The first and last day of a plan period: YYYY, YYYY-Qn or YYYY-MM. */
export function periodDays(period: string): { from: IsoDate; to: IsoDate } {
  parsePeriod(period);
  const year = period.slice(0, 4);
  const quarter = /-Q([1-4])$/.exec(period);
  const [first, last] = quarter
    ? [3 * Number(quarter[1]) - 2, 3 * Number(quarter[1])]
    : period.length === 7
      ? [Number(period.slice(5)), Number(period.slice(5))]
      : [1, 12];
  const from = `${year}-${String(first).padStart(2, '0')}-01`;
  return { from, to: addDays(addMonths(`${year}-${String(last).padStart(2, '0')}-01`, 1), -1) };
}

/**
 * Timeliness per district and kind for a period as of D (deadlines.md §4): the cases not
 * overturned whose dueOn lies in the period and before D. For sampling_disposal this is the
 * 核查处置按时完成率 the seed plan holds at 100 %.
 */
export function caseMetrics(all: readonly Case[], period: string, asOf: IsoDate): CaseMetric[] {
  const { from, to } = periodDays(period);
  const lines = new Map<string, CaseMetric>();
  for (const c of all) {
    if (c.state === 'overturned' || c.dueOn < from || c.dueOn > to || c.dueOn >= asOf) continue;
    const key = `${c.region}\u0000${c.kind}`;
    let line = lines.get(key);
    if (!line) {
      line = { period, region: c.region, kind: c.kind, due: 0, onTime: 0, late: 0, overdueOpen: 0, rate: 0 };
      lines.set(key, line);
    }
    line.due++;
    if (c.state === 'closed_on_time') line.onTime++;
    else if (c.state === 'closed_late') line.late++;
    else if (c.state === 'overdue') line.overdueOpen++;
  }
  return [...lines.values()]
    .map((l) => ({ ...l, rate: halfUp4(l.onTime, l.due) }))
    .sort((a, b) => (a.region === b.region ? (a.kind < b.kind ? -1 : 1) : a.region < b.region ? -1 : 1));
}

/** n / d rounded half up to 4 decimals, in integers so that 1/32 gives 0.0313. */
function halfUp4(n: number, d: number): number {
  return Math.floor((2 * n * 10_000 + d) / (2 * d)) / 10_000;
}
