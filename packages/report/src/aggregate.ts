// Aggregation in TypeScript, before anything is embedded: the page receives counts and capped
// tables, never the dataset, so a run of 100k enterprises still gives a page of a few hundred KB.
import {
  type Assessment,
  CASE_KINDS,
  type Case,
  type CaseKind,
  type CaseState,
  GRADES,
  type Grade,
  type Plan,
  type Reject,
  redactIds,
} from '@fenji/domain';

const GRADE_INDEX: Record<Grade, number> = { A: 0, B: 1, C: 2, D: 3 };

/** Code-point order, so the page reads the same whatever the machine's locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function zeroCounts(): Record<Grade, number> {
  return { A: 0, B: 0, C: 0, D: 0 };
}

export interface RegionGradeCounts {
  region: string;
  counts: Record<Grade, number>;
  total: number;
}

/** Enterprises per region and grade (`riskGrade`) or class (`creditClass`), regions in code order. */
export function countByRegion(
  assessments: readonly Pick<Assessment, 'region' | 'riskGrade' | 'creditClass'>[],
  key: 'riskGrade' | 'creditClass',
): RegionGradeCounts[] {
  const byRegion = new Map<string, RegionGradeCounts>();
  for (const a of assessments) {
    let row = byRegion.get(a.region);
    if (!row) {
      row = { region: a.region, counts: zeroCounts(), total: 0 };
      byRegion.set(a.region, row);
    }
    row.counts[a[key]]++;
    row.total++;
  }
  return [...byRegion.values()].sort((a, b) => byCodePoint(a.region, b.region));
}

export function totals(rows: readonly RegionGradeCounts[]): Record<Grade, number> {
  const t = zeroCounts();
  for (const r of rows) for (const g of GRADES) t[g] += r.counts[g];
  return t;
}

export interface ChangeRow {
  uscc: string;
  name: string;
  region: string;
  previousGrade: Grade;
  riskGrade: Grade;
  previousClass: Grade;
  creditClass: Grade;
  previousScore: number;
  riskScore: number;
}

export interface UpDown {
  /** Towards D: more risk. */
  up: number;
  down: number;
  same: number;
}

export interface Changes {
  previousAsOf: string | null;
  /** Enterprises present in both runs. */
  compared: number;
  added: number;
  removed: number;
  grade: UpDown;
  credit: UpDown;
  /** transitions[previous][current] for the risk grade, A..D by A..D. */
  gradeTransitions: number[][];
  byRegion: { region: string; gradeUp: number; gradeDown: number; creditUp: number; creditDown: number }[];
  /** Enterprises whose grade or class changed, most worsened first, at most `cap`. */
  rows: ChangeRow[];
  changedTotal: number;
}

export function changes(
  current: readonly Assessment[],
  previous: readonly Assessment[] | null,
  cap: number,
): Changes | null {
  if (previous === null) return null;
  const before = new Map<string, Assessment>();
  let previousAsOf: string | null = null;
  for (const p of previous) {
    before.set(p.uscc, p);
    if (previousAsOf === null || p.asOf > previousAsOf) previousAsOf = p.asOf;
  }
  const grade: UpDown = { up: 0, down: 0, same: 0 };
  const credit: UpDown = { up: 0, down: 0, same: 0 };
  const gradeTransitions = GRADES.map(() => GRADES.map(() => 0));
  const regions = new Map<string, Changes['byRegion'][number]>();
  const changed: (ChangeRow & { gradeDelta: number; classDelta: number })[] = [];
  let compared = 0;
  let added = 0;
  const seen = new Set<string>();
  for (const a of current) {
    seen.add(a.uscc);
    const p = before.get(a.uscc);
    if (!p) {
      added++;
      continue;
    }
    compared++;
    const gradeDelta = GRADE_INDEX[a.riskGrade] - GRADE_INDEX[p.riskGrade];
    const classDelta = GRADE_INDEX[a.creditClass] - GRADE_INDEX[p.creditClass];
    gradeTransitions[GRADE_INDEX[p.riskGrade]][GRADE_INDEX[a.riskGrade]]++;
    tally(grade, gradeDelta);
    tally(credit, classDelta);
    if (gradeDelta === 0 && classDelta === 0) continue;
    let r = regions.get(a.region);
    if (!r) {
      r = { region: a.region, gradeUp: 0, gradeDown: 0, creditUp: 0, creditDown: 0 };
      regions.set(a.region, r);
    }
    if (gradeDelta > 0) r.gradeUp++;
    if (gradeDelta < 0) r.gradeDown++;
    if (classDelta > 0) r.creditUp++;
    if (classDelta < 0) r.creditDown++;
    changed.push({
      uscc: a.uscc,
      name: a.name,
      region: a.region,
      previousGrade: p.riskGrade,
      riskGrade: a.riskGrade,
      previousClass: p.creditClass,
      creditClass: a.creditClass,
      previousScore: p.riskScore,
      riskScore: a.riskScore,
      gradeDelta,
      classDelta,
    });
  }
  let removed = 0;
  for (const uscc of before.keys()) if (!seen.has(uscc)) removed++;
  // Worsened first: those are the enterprises a regulator has to act on.
  changed.sort((x, y) => y.gradeDelta - x.gradeDelta || y.classDelta - x.classDelta || byCodePoint(x.uscc, y.uscc));
  return {
    previousAsOf,
    compared,
    added,
    removed,
    grade,
    credit,
    gradeTransitions,
    byRegion: [...regions.values()].sort((a, b) => byCodePoint(a.region, b.region)),
    rows: changed.slice(0, cap).map(({ gradeDelta: _g, classDelta: _c, ...row }) => row),
    changedTotal: changed.length,
  };
}

function tally(t: UpDown, delta: number): void {
  if (delta > 0) t.up++;
  else if (delta < 0) t.down++;
  else t.same++;
}

export interface RejectGroup {
  field: string;
  message: string;
  count: number;
  examples: { source: string; line: number | null; recordId: string | null; message: string }[];
}

/**
 * The same mistake on a thousand rows is one reason: values quoted in messages and numbers
 * (line numbers, lengths, counts) are blanked so those rows group together.
 */
export function normaliseMessage(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\d+(?:\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `persons[2].idNumber` and `persons[0].idNumber` are the same field. */
export function normaliseField(field: string): string {
  return field.replace(/\[\d+\]/g, '[]');
}

/** Rejects grouped by their first error's field and normalised message, largest group first. */
export function rejectGroups(rejects: readonly Reject[], examplesPerGroup: number): RejectGroup[] {
  const groups = new Map<string, RejectGroup>();
  for (const r of rejects) {
    const first = r.errors[0] ?? { field: '(none)', message: '(no message)' };
    // Ingest redacts already; a second pass costs little and keeps an ID number that slipped
    // through a shifted column off a page that gets printed and passed around.
    const message = redactIds(first.message, true);
    const field = normaliseField(first.field);
    const normalised = normaliseMessage(message);
    const key = `${field}\u0000${normalised}`;
    let g = groups.get(key);
    if (!g) {
      g = { field, message: normalised, count: 0, examples: [] };
      groups.set(key, g);
    }
    g.count++;
    if (g.examples.length < examplesPerGroup) {
      g.examples.push({ source: r.source, line: r.line, recordId: r.recordId, message });
    }
  }
  return [...groups.values()].sort(
    (a, b) => b.count - a.count || byCodePoint(a.field, b.field) || byCodePoint(a.message, b.message),
  );
}

export interface PlanRegionRow {
  region: string;
  /** Enterprises in the region's strata. */
  population: number;
  mandatory: number;
  random: number;
  assigned: number;
  unassigned: number;
  mandatoryAssigned: number;
  randomAssigned: number;
}

export function planByRegion(plan: Plan): PlanRegionRow[] {
  const rows = new Map<string, PlanRegionRow>();
  const row = (region: string): PlanRegionRow => {
    let r = rows.get(region);
    if (!r) {
      r = {
        region,
        population: 0,
        mandatory: 0,
        random: 0,
        assigned: 0,
        unassigned: 0,
        mandatoryAssigned: 0,
        randomAssigned: 0,
      };
      rows.set(region, r);
    }
    return r;
  };
  for (const s of plan.strata) row(s.region).population += s.population;
  for (const i of plan.inspections) {
    const r = row(i.region);
    const assigned = i.status === 'assigned';
    if (i.kind === 'mandatory') {
      r.mandatory++;
      if (assigned) r.mandatoryAssigned++;
    } else {
      r.random++;
      if (assigned) r.randomAssigned++;
    }
    if (assigned) r.assigned++;
    else r.unassigned++;
  }
  return [...rows.values()].sort((a, b) => byCodePoint(a.region, b.region));
}

/** What the load chart needs of an inspector; the domain's Inspector fits. */
export interface ReportInspector {
  inspectorId: string;
  name?: string;
  region?: string;
  maxPerPeriod: number;
  active?: boolean;
}

export interface InspectorLoad {
  inspectorId: string;
  name: string | null;
  region: string | null;
  assigned: number;
  maxPerPeriod: number | null;
}

/**
 * Assignments per inspector (each assigned inspection counts for both officers). Inspectors known
 * from `inspectors` appear even with no assignment, since an idle inspector is news too.
 */
export function inspectorLoad(plan: Plan, inspectors: readonly ReportInspector[] | undefined): InspectorLoad[] {
  const loads = new Map<string, InspectorLoad>();
  for (const p of inspectors ?? []) {
    if (p.active === false) continue;
    loads.set(p.inspectorId, {
      inspectorId: p.inspectorId,
      name: p.name ?? null,
      region: p.region ?? null,
      assigned: 0,
      maxPerPeriod: p.maxPerPeriod,
    });
  }
  for (const i of plan.inspections) {
    if (i.status !== 'assigned') continue;
    for (const id of [i.inspector1, i.inspector2]) {
      if (id === null) continue;
      let l = loads.get(id);
      if (!l) {
        l = { inspectorId: id, name: null, region: i.region, assigned: 0, maxPerPeriod: null };
        loads.set(id, l);
      }
      l.assigned++;
    }
  }
  return [...loads.values()].sort(
    (a, b) => byCodePoint(a.region ?? '', b.region ?? '') || byCodePoint(a.inspectorId, b.inspectorId),
  );
}

/** The overdue cases, longest overdue first, at most `cap`, with how many there are in all. */
export function overdueCases(cases: readonly Case[], cap: number): { rows: Case[]; total: number } {
  const overdue = cases.filter((c) => c.state === 'overdue');
  // Longest overdue first: those have waited longest for the regulator to act.
  overdue.sort((x, y) => y.daysLate - x.daysLate || byCodePoint(x.caseId, y.caseId));
  return { rows: overdue.slice(0, cap), total: overdue.length };
}

/** The open cases, soonest due first, at most `cap`, with how many there are in all. */
export function openCases(cases: readonly Case[], cap: number): { rows: Case[]; total: number } {
  const open = cases.filter((c) => c.state === 'open');
  open.sort((x, y) => byCodePoint(x.dueOn, y.dueOn) || byCodePoint(x.caseId, y.caseId));
  return { rows: open.slice(0, cap), total: open.length };
}

/** Cases per kind and state, every kind present (zeros included) so the table always has its rows. */
export function casesByKindAndState(
  cases: readonly Pick<Case, 'kind' | 'state'>[],
): Record<CaseKind, Record<CaseState, number>> {
  const zero = (): Record<CaseState, number> => ({
    open: 0,
    overdue: 0,
    closed_on_time: 0,
    closed_late: 0,
    overturned: 0,
  });
  const counts = Object.fromEntries(CASE_KINDS.map((k) => [k, zero()])) as Record<CaseKind, Record<CaseState, number>>;
  for (const c of cases) counts[c.kind][c.state]++;
  return counts;
}
