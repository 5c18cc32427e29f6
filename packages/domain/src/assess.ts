// assess(): one enterprise's risk grade and credit class as of a date, with every point and
// every adjustment traced to a rule and a record (grading-model.md §1–§8). The History (§1) is
// read once: each record is filed into the windows it falls in (factsOf), and one function per
// section of the spec reads those facts. A run grades every enterprise of a province this way,
// so the per-enterprise path has no per-rule filter, no date parsing and no sort of sorted lists.
import { type Case, caseRecordsOf, cases, recheckOf } from './cases.ts';
import { addMonths, firstDayAtLeastMonthsAfter } from './dates.ts';
import type { AdjustmentReason, CreditReason, FactorCode } from './factor-labels.ts';
import { isHeavy, type PersonBar, seriousListings } from './listing.ts';
import { type RuleSet, ruleSetFor } from './rules/index.ts';
import {
  type Adjustment,
  type Assessment,
  type Enterprise,
  type EnterpriseRecord,
  type Factor,
  GRADES,
  type Grade,
  type Inspection,
  type IsoDate,
  type Penalty,
  type Sampling,
  type SeriousListingRef,
  type Warning,
} from './types.ts';
import { recordDate } from './versions.ts';

export interface AssessOptions {
  /** Active person bars across all enterprises (FSL Art. 135), matched on the legal representative. */
  personBars?: readonly PersonBar[];
  /** Force a rule set instead of the one in force on asOf (re-grading under a rule change). */
  rules?: RuleSet;
}

type Category = RuleSet['categories']['map'][Enterprise['category']];

/** Returns null for a deregistered (revoked) enterprise: it gets no assessment (§1). */
export function assess(
  enterprise: Enterprise,
  records: readonly EnterpriseRecord[],
  asOf: IsoDate,
  options: AssessOptions = {},
): Assessment | null {
  return assessWithCases(enterprise, records, asOf, options).assessment;
}

/**
 * The assessment and the statutory-deadline cases (deadlines.md §3) of one enterprise in one
 * pass over its records: the day a case turns overdue or leaves the report is part of the
 * assessment's nextChangeOn, so the daily run regrades it on that day.
 */
export function assessWithCases(
  enterprise: Enterprise,
  records: readonly EnterpriseRecord[],
  asOf: IsoDate,
  options: AssessOptions = {},
): { assessment: Assessment | null; cases: Case[] } {
  if (enterprise.status !== 'active') return { assessment: null, cases: [] };
  const rules = options.rules ?? ruleSetFor(asOf);
  const deadlines = cases(enterprise, caseRecordsOf(records), asOf, { rules });
  const assessment = assessActive(enterprise, records, asOf, rules, options.personBars);
  const next = deadlines.nextChangeOn;
  if (next !== null && (assessment.nextChangeOn === null || next < assessment.nextChangeOn))
    assessment.nextChangeOn = next;
  return { assessment, cases: deadlines.cases };
}

function assessActive(
  enterprise: Enterprise,
  records: readonly EnterpriseRecord[],
  asOf: IsoDate,
  rules: RuleSet,
  personBars: readonly PersonBar[] | undefined,
): Assessment {
  const category = rules.categories.map[enterprise.category];
  const h = historyOf(enterprise, records, asOf, rules);
  const f = factsOf(h, rules);

  const statics = staticScore(category, rules);
  const dynamic = dynamicScore(f, rules);
  // §8 listing before §5: credit class D depends on it.
  const listing = seriousListings(h.penalties, asOf, rules);
  const credit = creditClass(f, h, rules, listing.active);
  const creditScore = rules.credit.score[credit.creditClass];
  const riskScore = statics.score + dynamic.score + creditScore;
  const grade = riskGrade(f, h, rules, riskScore, listing.shown);
  const frequency = inspectionFrequency(category, grade.riskGrade, credit.creditClass, rules);
  const bars = barsOfLegalRep(enterprise, asOf, personBars);
  const factors = [statics.factor, ...dynamic.factors];
  if (creditScore > 0) {
    // FRG-2022D adds the credit class to the risk score; a class that scores 0 is no factor.
    factors.push({ code: `credit_class_${credit.creditClass}`, points: creditScore, recordIds: credit.recordIds });
  }

  return {
    uscc: enterprise.uscc,
    name: enterprise.name,
    region: enterprise.region,
    sector: category.sector,
    category: enterprise.category,
    asOf,
    rulesVersion: rules.id,
    staticScore: statics.score,
    dynamicScore: dynamic.score,
    creditScore,
    riskScore,
    baseGrade: grade.baseGrade,
    riskGrade: grade.riskGrade,
    adjustments: grade.adjustments,
    creditClass: credit.creditClass,
    creditReasons: credit.reasons,
    keyInspection: frequency.keyInspection,
    inspectionsPerYear: frequency.inspectionsPerYear,
    inspectionOverdue: dynamic.inspectionOverdue,
    seriousListing: listing.shown,
    listingCandidate: f.candidates.length > 0 ? { recordIds: uniqueSorted(f.candidates) } : null,
    factors,
    warnings: bars.length > 0 ? [...listing.warnings, barredPersonWarning(bars)] : listing.warnings,
    nextChangeOn: nextChangeOn(h, records, rules, bars),
  };
}

// ---------------------------------------------------------------------------------------------
// §1 History

/** What one grading sees of an enterprise, and the windows of its asOf (§1). */
interface History {
  enterprise: Enterprise;
  asOf: IsoDate;
  /** Active records of this enterprise dated on or before asOf, chronological (then by record id). */
  inspections: Inspection[];
  samplings: Sampling[];
  penalties: Penalty[];
}

function historyOf(
  enterprise: Enterprise,
  records: readonly EnterpriseRecord[],
  asOf: IsoDate,
  rules: RuleSet,
): History {
  const h: History = { enterprise, asOf, inspections: [], samplings: [], penalties: [] };
  const uscc = enterprise.uscc;
  for (const r of records) {
    if (r.status !== 'active' || r.uscc !== uscc) continue;
    if (r.type === 'inspection') {
      if (r.inspectedOn <= asOf) h.inspections.push(r);
    } else if (r.type === 'sampling') {
      if (r.sampledOn <= asOf) h.samplings.push(r);
    } else if (r.type === 'penalty') {
      if (r.decidedOn <= asOf) h.penalties.push(r);
    }
    // Disposals and repair applications are steps of cases (deadlines.md), not graded.
  }
  // Chronological (then by record id) so factors and reasons read the same whatever order the
  // store returns; the lists are usually in order already, so only out-of-order ones are sorted.
  chronological(h.inspections, (i) => i.inspectedOn);
  chronological(h.penalties, (p) => p.decidedOn);
  chronological(h.samplings, (s) => s.sampledOn);
  for (let i = 0; i < h.samplings.length; i++) h.samplings[i] = asGraded(h.samplings[i] as Sampling, asOf, rules);
  return h;
}

function chronological<T extends { recordId: string }>(list: T[], date: (r: T) => IsoDate): void {
  const before = (a: T, b: T) => cmpStr(date(a), date(b)) || cmpStr(a.recordId, b.recordId);
  for (let i = 1; i < list.length; i++) {
    if (before(list[i - 1] as T, list[i] as T) > 0) {
      list.sort(before);
      return;
    }
  }
}

/** FSL Art. 88 (grading-model.md §4): a failure overturned by a timely re-test is a pass from its conclusion. */
function asGraded(s: Sampling, asOf: IsoDate, rules: RuleSet): Sampling {
  const recheck = s.recheckRequestedOn === undefined ? undefined : recheckOf(s, asOf, rules);
  return recheck === undefined || recheck === 'late' ? s : { ...s, result: 'pass' };
}

/**
 * The first day of each window of the rule set as of D: a record dated d (≤ D) is "within N
 * months" when d > addMonths(D, −N) (§1); a licence dated on or before the licence edge is old
 * enough. Every enterprise of a run shares them.
 */
type Edges = { [K in Exclude<keyof RuleSet['windows'], 'basis'>]: IsoDate } & {
  licensedForA: IsoDate;
  licensedForLower: IsoDate;
  /** Each distinct window length with its edge, for nextChangeOn. */
  distinct: { months: number; edge: IsoDate }[];
};
const edgesCache = new WeakMap<RuleSet, Edges & { asOf: IsoDate }>();
function edgesOf(rules: RuleSet, asOf: IsoDate): Edges {
  const known = edgesCache.get(rules);
  if (known?.asOf === asOf) return known;
  const w = rules.windows;
  const before = (months: number) => addMonths(asOf, -months);
  const months = [...new Set(Object.values(w).filter((v) => typeof v === 'number'))];
  const edges = {
    asOf,
    dynamic: before(w.dynamic),
    fullInspection: before(w.fullInspection),
    creditObstruction: before(w.creditObstruction),
    creditClean: before(w.creditClean),
    lowerClean: before(w.lowerClean),
    raise: before(w.raise),
    forceDHeavyPenalty: before(w.forceDHeavyPenalty),
    candidate: before(w.candidate),
    licensedForA: before(rules.credit.licensedMonthsForA),
    licensedForLower: before(rules.grade.licensedMonthsForLower),
    distinct: months.map((m) => ({ months: m, edge: before(m) })),
  };
  edgesCache.set(rules, edges);
  return edges;
}

/**
 * Everything §4–§8 ask of an enterprise's records, gathered in one pass per record: each record
 * is filed into the windows it falls in and counted for the rules it feeds, in chronological
 * order, so the rules below read lists and flags instead of filtering the history again.
 */
interface Facts {
  /** §4: dynamic-window factors per component, chronological. */
  inspectionFactors: Factor[];
  samplingFactors: Factor[];
  penaltyFactors: Factor[];
  /** SAMR-49: a full inspection within the full-inspection window. */
  fullInspected: boolean;
  /** §5 A / §6.2: compliant full inspections within the full-inspection window (the verified record). */
  compliantFull: string[];
  /** §5: penalties counting for credit; of those, the heavy and the aggravated ones. */
  counting: string[];
  countingHeavy: string[];
  countingAggravated: string[];
  /** §5 D: obstruction within the credit-obstruction window (inspections, then penalties). */
  creditObstruction: string[];
  /** §5 C. */
  failedSupervisory: string[];
  nonCompliant: string[];
  /** §5 A: something within the windows that rules out a clean record. */
  creditBlemish: boolean;
  /** §6.1 raise triggers within the raise window. */
  raiseNationalProvincial: string[];
  raiseIntentional: string[];
  raiseIncident: string[];
  raiseRecall: string[];
  raiseObstruction: string[];
  /** §6.2: something within the lower window that rules out lowering. */
  lowerBlemish: boolean;
  /** §6.3 heavy penalties within the force-D window. */
  forceDHeavy: string[];
  /** §8 listing candidates. */
  candidates: string[];
}

function factsOf(h: History, rules: RuleSet): Facts {
  const e = edgesOf(rules, h.asOf);
  const f: Facts = {
    inspectionFactors: [],
    samplingFactors: [],
    penaltyFactors: [],
    fullInspected: false,
    compliantFull: [],
    counting: [],
    countingHeavy: [],
    countingAggravated: [],
    creditObstruction: [],
    failedSupervisory: [],
    nonCompliant: [],
    creditBlemish: false,
    raiseNationalProvincial: [],
    raiseIntentional: [],
    raiseIncident: [],
    raiseRecall: [],
    raiseObstruction: [],
    lowerBlemish: false,
    forceDHeavy: [],
    candidates: [],
  };
  const obstructingPenalties: string[] = [];
  const raiseObstructingPenalties: string[] = [];

  for (const i of h.inspections) {
    const d = i.inspectedOn;
    const result = i.result;
    if (d > e.fullInspection && i.scope === 'full') {
      f.fullInspected = true;
      if (result === 'compliant') f.compliantFull.push(i.recordId);
    }
    if (d > e.dynamic && result !== 'compliant') {
      const factor = inspectionFactor(i, rules);
      if (factor) f.inspectionFactors.push(factor);
      f.creditBlemish = true;
      if (result === 'non_compliant') f.nonCompliant.push(i.recordId);
    }
    if (result === 'obstructed') {
      if (d > e.creditObstruction) f.creditObstruction.push(i.recordId);
      if (d > e.raise) f.raiseObstruction.push(i.recordId);
    }
    if ((result === 'non_compliant' || result === 'obstructed') && d > e.lowerClean) f.lowerBlemish = true;
  }

  for (const s of h.samplings) {
    if (s.result !== 'fail') continue;
    const d = s.sampledOn;
    const supervisory = s.kind === 'supervisory';
    if (d > e.dynamic) {
      f.samplingFactors.push(samplingFactor(s, rules));
      if (supervisory) f.failedSupervisory.push(s.recordId);
      if (supervisory || s.kind === 'evaluative') f.creditBlemish = true;
    }
    if (supervisory && d > e.raise && (s.level === 'national' || s.level === 'provincial')) {
      f.raiseNationalProvincial.push(s.recordId);
    }
    if (supervisory && d > e.lowerClean) f.lowerBlemish = true;
  }

  const intentionalMeasures = rules.grade.intentionalViolationMeasures;
  for (const p of h.penalties) {
    const d = p.decidedOn;
    const id = p.recordId;
    const heavy = isHeavy(p, rules);
    if (d > e.dynamic) f.penaltyFactors.push(penaltyFactor(p, heavy, rules));
    if (countsForCredit(p, h.asOf, rules)) {
      f.counting.push(id);
      if (heavy) f.countingHeavy.push(id);
      if (p.aggravated) f.countingAggravated.push(id);
    }
    const obstruction = p.violation === 'obstruction';
    if (obstruction && d > e.creditObstruction) obstructingPenalties.push(id);
    if (d > e.creditClean) f.creditBlemish = true;
    if (d > e.raise) {
      if (p.intentional === true && p.measures.some((m) => intentionalMeasures.includes(m)))
        f.raiseIntentional.push(id);
      if (p.incident) f.raiseIncident.push(id);
      if (p.recallFailure) f.raiseRecall.push(id);
      if (obstruction) raiseObstructingPenalties.push(id);
    }
    if (p.procedure === 'ordinary' && d > e.lowerClean) f.lowerBlemish = true;
    if (heavy && d > e.forceDHeavyPenalty) f.forceDHeavy.push(id);
    if (
      !p.seriousListing &&
      d > e.candidate &&
      (p.aggravated || heavy) &&
      rules.listing.seriousViolations.includes(p.violation) &&
      p.intentional !== false
    ) {
      f.candidates.push(id);
    }
  }
  // Reasons list the inspections, then the penalties.
  f.creditObstruction.push(...obstructingPenalties);
  f.raiseObstruction.push(...raiseObstructingPenalties);
  return f;
}

// ---------------------------------------------------------------------------------------------
// §3 static score

function staticScore(category: Category, rules: RuleSet): { score: number; factor: Factor } {
  const score = rules.tierPoints[category.tier];
  return { score, factor: { code: `static_tier_${category.tier}`, points: score, recordIds: [] } };
}

// ---------------------------------------------------------------------------------------------
// §4 dynamic score: each component capped, then the total capped

function dynamicScore(f: Facts, rules: RuleSet): { score: number; inspectionOverdue: boolean; factors: Factor[] } {
  const caps = rules.caps;
  // SAMR-49: every business gets a full inspection at least every two years.
  const inspectionOverdue = !f.fullInspected;
  const inspections = f.inspectionFactors;
  if (inspectionOverdue)
    inspections.push({ code: 'inspection_unverified', points: rules.inspectionPoints.unverified, recordIds: [] });
  const factors: Factor[] = [];
  const sum =
    capped(factors, inspections, caps.inspection, 'inspection_cap') +
    capped(factors, f.samplingFactors, caps.sampling, 'sampling_cap') +
    capped(factors, f.penaltyFactors, caps.penalty, 'penalty_cap');
  const score = Math.min(caps.dynamic, sum);
  if (score < sum) factors.push({ code: 'dynamic_cap', points: score - sum, recordIds: [] });
  return { score, inspectionOverdue, factors };
}

function inspectionFactor(i: Inspection, rules: RuleSet): Factor | null {
  if (i.result === 'compliant') return null;
  const ip = rules.inspectionPoints;
  const points =
    i.result === 'basically_compliant'
      ? Math.min(ip.basicallyCompliantMax, ip.basicallyCompliantPerGeneralItem * i.generalItemsFailed)
      : i.result === 'non_compliant'
        ? Math.min(
            ip.nonCompliantMax,
            ip.nonCompliantBase +
              ip.nonCompliantPerKeyItem * i.keyItemsFailed +
              ip.nonCompliantPerGeneralItem * i.generalItemsFailed,
          )
        : ip.obstructed;
  return points > 0 ? { code: `inspection_${i.result}`, points, recordIds: [i.recordId] } : null;
}

function samplingFactor(s: Sampling, rules: RuleSet): Factor {
  const sp = rules.samplingPoints;
  const [code, points]: [FactorCode, number] =
    s.kind === 'supervisory' && (s.level === 'national' || s.level === 'provincial')
      ? ['sampling_fail_supervisory_national_provincial', sp.supervisoryNationalProvincial]
      : s.kind === 'supervisory'
        ? ['sampling_fail_supervisory_municipal_county', sp.supervisoryMunicipalCounty]
        : s.kind === 'evaluative'
          ? ['sampling_fail_evaluative', sp.evaluative]
          : // Risk monitoring is listed but never scored: it is not a basis for sanctions.
            ['sampling_fail_monitoring', sp.monitoring];
  return { code, points, recordIds: [s.recordId] };
}

function penaltyFactor(p: Penalty, heavy: boolean, rules: RuleSet): Factor {
  const pp = rules.penaltyPoints;
  const [code, points]: [FactorCode, number] = heavy
    ? ['penalty_heavy', pp.heavy]
    : p.aggravated
      ? ['penalty_aggravated', pp.aggravated]
      : p.procedure === 'ordinary' && !warningAlone(p)
        ? ['penalty_ordinary', pp.ordinary]
        : ['penalty_minor', pp.minor];
  return { code, points, recordIds: [p.recordId] };
}

function warningAlone(p: Penalty): boolean {
  return p.measures.length === 1 && p.measures[0] === 'warning';
}

/** Appends a component's factors (and a negative cap factor when capped) and returns the component score. */
function capped(into: Factor[], parts: Factor[], cap: number, capCode: FactorCode): number {
  let sum = 0;
  for (const f of parts) {
    sum += f.points;
    into.push(f);
  }
  if (sum > cap) into.push({ code: capCode, points: cap - sum, recordIds: [] });
  return Math.min(cap, sum);
}

// ---------------------------------------------------------------------------------------------
// §5 credit class (CRC-2022)

/** PUB-45: publicity ends after 3 months for warning/fine-only decisions under the threshold, else 36. */
export function publicityEnd(p: Penalty, rules: RuleSet): IsoDate {
  const c = rules.credit;
  const light = p.measures.every((m) => m === 'warning' || m === 'fine') && p.fineYuan < c.publicityFineThreshold;
  return addMonths(p.decidedOn, light ? c.publicityShortMonths : c.publicityLongMonths);
}

/** §5: a penalty counts for credit while published, ordinary, more than a warning, and not repaired (REPAIR-2021). */
export function countsForCredit(p: Penalty, asOf: IsoDate, rules: RuleSet): boolean {
  return (
    p.status === 'active' &&
    p.decidedOn <= asOf &&
    p.procedure === 'ordinary' &&
    !warningAlone(p) &&
    (p.repairedOn === undefined || p.repairedOn > asOf) &&
    asOf < publicityEnd(p, rules)
  );
}

interface Credit {
  creditClass: Grade;
  reasons: CreditReason[];
  recordIds: string[];
}

/** The class of the first row (D, C, A) with a reason that holds, with every reason of that row; else B. */
function creditClass(f: Facts, h: History, rules: RuleSet, activeListings: readonly SeriousListingRef[]): Credit {
  // Class D (CRC-2022 high credit risk; SDL-44).
  const d = heldReasons<CreditReason>([
    ['serious_listing', ids(activeListings)],
    ['heavy_penalty', f.countingHeavy],
    [
      'repeat_aggravated',
      f.countingAggravated.length >= rules.credit.repeatAggravatedCount ? f.countingAggravated : [],
    ],
    ['obstruction', f.creditObstruction],
  ]);
  if (d) return { creditClass: 'D', ...d };
  const c = heldReasons<CreditReason>([
    ['published_penalty', f.counting],
    ['failed_supervisory_sample', f.failedSupervisory],
    ['non_compliant_inspection', f.nonCompliant],
  ]);
  if (c) return { creditClass: 'C', ...c };
  // Class A: a long, clean, verified record.
  const clean =
    h.enterprise.licensedOn <= edgesOf(rules, h.asOf).licensedForA && !f.creditBlemish && f.compliantFull.length > 0;
  if (clean) return { creditClass: 'A', reasons: ['clean_record'], recordIds: uniqueSorted(f.compliantFull) };
  return { creditClass: 'B', reasons: ['default'], recordIds: [] };
}

/** Rule reasons, each with the records that make it hold (none: it does not hold). */
type Reasons<R extends string> = [R, string[]][];

/** The reasons that hold and all their records, or null when none holds. */
function heldReasons<R extends string>(reasons: Reasons<R>): { reasons: R[]; recordIds: string[] } | null {
  const held: R[] = [];
  const recordIds: string[] = [];
  for (const [reason, ids] of reasons) {
    if (ids.length === 0) continue;
    held.push(reason);
    recordIds.push(...ids);
  }
  return held.length === 0 ? null : { reasons: held, recordIds: uniqueSorted(recordIds) };
}

// ---------------------------------------------------------------------------------------------
// §6 risk grade and adjustments (FRG-2016)

/** §6 bands (FRG-2016): A ≤ 30 < B ≤ 45 < C ≤ 60 < D. */
export function baseGradeFor(riskScore: number, rules: RuleSet): Grade {
  const bands = rules.grade.bands;
  return riskScore <= bands.A ? 'A' : riskScore <= bands.B ? 'B' : riskScore <= bands.C ? 'C' : 'D';
}

const D_INDEX = GRADES.length - 1;

function riskGrade(
  f: Facts,
  h: History,
  rules: RuleSet,
  riskScore: number,
  listed: SeriousListingRef | null,
): { baseGrade: Grade; riskGrade: Grade; adjustments: Adjustment[] } {
  const baseGrade = baseGradeFor(riskScore, rules);
  const adjustments: Adjustment[] = [];
  let index = GRADES.indexOf(baseGrade);
  const raiseOrLower = raiseOrLowerOf(f, h, rules, baseGrade);
  if (raiseOrLower) {
    adjustments.push(raiseOrLower);
    index += (raiseOrLower.kind === 'lower' ? -1 : 1) * raiseOrLower.levels;
  }
  const force = forceD(f, index, listed);
  if (force) {
    adjustments.push(force);
    index = D_INDEX;
  }
  return { baseGrade, riskGrade: GRADES[index] as Grade, adjustments };
}

/** §6.1–§6.2: raise by the distinct triggers (never above D); with none, three clean years lower one level. */
function raiseOrLowerOf(f: Facts, h: History, rules: RuleSet, grade: Grade): Adjustment | null {
  // §6.1 (FRG-2016): the raise triggers within the raise window, each with its records.
  const raise = heldReasons<AdjustmentReason>([
    ['national_provincial_sampling_failure', f.raiseNationalProvincial],
    ['intentional_violation', f.raiseIntentional],
    ['food_safety_incident', f.raiseIncident],
    ['recall_failure', f.raiseRecall],
    ['obstruction', f.raiseObstruction],
  ]);
  if (raise) {
    const levels = Math.min(rules.grade.maxRaiseLevels, raise.reasons.length, D_INDEX - GRADES.indexOf(grade));
    // A raise of a grade already D is not listed, and then no lowering either.
    return levels > 0 ? { kind: 'raise', levels, ...raise } : null;
  }
  // §6.2 (FRG-2016): three clean years lower the grade one level, on the compliant full inspections.
  const lower =
    grade !== 'A' &&
    h.enterprise.licensedOn <= edgesOf(rules, h.asOf).licensedForLower &&
    !f.lowerBlemish &&
    f.compliantFull.length > 0;
  return lower
    ? { kind: 'lower', levels: 1, reasons: ['three_years_clean'], recordIds: uniqueSorted(f.compliantFull) }
    : null;
}

/** §6.3: an active serious listing, or a heavy penalty within the window, forces D. */
function forceD(f: Facts, index: number, listed: SeriousListingRef | null): Adjustment | null {
  const force = heldReasons<AdjustmentReason>([
    ['serious_listing', listed ? [listed.recordId] : []],
    ['heavy_penalty', f.forceDHeavy],
  ]);
  if (!force || index === D_INDEX) return null;
  return { kind: 'force_d', levels: D_INDEX - index, ...force };
}

// ---------------------------------------------------------------------------------------------
// §7 key inspection (SAMR-49 Art. 22) and frequency

function inspectionFrequency(
  category: Category,
  grade: Grade,
  creditClass: Grade,
  rules: RuleSet,
): { keyInspection: boolean; inspectionsPerYear: number } {
  const key = keyInspection(category, grade, creditClass, rules);
  const { min, max } = rules.inspectionsPerYear[grade];
  return { keyInspection: key, inspectionsPerYear: key ? max : min };
}

function keyInspection(category: Category, grade: Grade, creditClass: Grade, rules: RuleSet): boolean {
  const k = rules.keyInspection;
  const sector = k.sectors[category.sector];
  return (
    sector.grades.includes(grade) ||
    category.flags.some((f) => k.categoryFlags.includes(f) || sector.flags.includes(f)) ||
    k.creditClasses.includes(creditClass)
  );
}

// ---------------------------------------------------------------------------------------------
// §8 person bars (the listing candidate, fenji proposes and a regulator decides (SDL-44), is a fact above)

// The bars of a whole population are passed to every assess() call of a shard or a run: index
// them once per array, or a run costs enterprises × bars (a province has thousands of bars).
const barIndexes = new WeakMap<readonly PersonBar[], Map<string, PersonBar[]>>();
function barsByIdHash(bars: readonly PersonBar[] = []): Map<string, PersonBar[]> {
  let index = barIndexes.get(bars);
  if (!index) {
    index = new Map();
    for (const b of bars) {
      const same = index.get(b.idHash);
      if (same) same.push(b);
      else index.set(b.idHash, [b]);
    }
    barIndexes.set(bars, index);
  }
  return index;
}

/** FSL Art. 135 bars on the legal representative, matched by ID-number hash, never by clear number. */
function barsOfLegalRep(enterprise: Enterprise, asOf: IsoDate, personBars?: readonly PersonBar[]): PersonBar[] {
  const repHash = enterprise.legalRepId?.hash;
  if (!repHash) return [];
  return (barsByIdHash(personBars).get(repHash) ?? []).filter((b) => b.decidedOn <= asOf && asOf < b.expiresOn);
}

function barredPersonWarning(bars: readonly PersonBar[]): Warning {
  return {
    code: 'banned_person_in_charge',
    message: `法定代表人 ${bars[0]?.masked} 处于食品安全法第一百三十五条从业禁止期内 (FSL Art. 135) / the legal representative is barred from food business until ${maxDate(bars.map((b) => b.expiresOn))}`,
    recordIds: uniqueSorted(bars.map((b) => b.recordId)),
  };
}

// ---------------------------------------------------------------------------------------------
// When to regrade

/**
 * The earliest date after asOf on which the result could change with no new record: a record
 * leaving a window, a licence age passing a threshold, a publicity, listing, repair, removal or
 * bar date arriving. An over-estimate of change dates only costs a regrade that changes nothing;
 * a missed one would leave a stale grade, so every window of the rule set is considered.
 * `records` are all of them, also those dated after asOf: each becomes visible on its date.
 */
function nextChangeOn(
  h: History,
  records: readonly EnterpriseRecord[],
  rules: RuleSet,
  bars: readonly PersonBar[],
): IsoDate | null {
  const { enterprise, asOf } = h;
  const edges = edgesOf(rules, asOf);
  let next: IsoDate | null = null;
  const consider = (d: IsoDate | undefined) => {
    if (d !== undefined && d > asOf && (next === null || d < next)) next = d;
  };
  // A date D leaves an m-month window (a licence comes of age) on firstDayAtLeastMonthsAfter(D, m),
  // which grows with D and is after asOf exactly when D > addMonths(asOf, −m) (§1): per window
  // only the earliest such record matters, so each window costs one date computation, not one
  // per record.
  const licensedOn = enterprise.licensedOn;
  if (licensedOn > edges.licensedForA) {
    consider(firstDayAtLeastMonthsAfter(licensedOn, rules.credit.licensedMonthsForA));
  }
  if (licensedOn > edges.licensedForLower) {
    consider(firstDayAtLeastMonthsAfter(licensedOn, rules.grade.licensedMonthsForLower));
  }
  const windows = edges.distinct;
  const earliest: (IsoDate | null)[] = windows.map(() => null);
  for (const r of records) {
    if (r.status !== 'active' || r.uscc !== enterprise.uscc) continue;
    // Disposals and repair applications move cases, not the grade: cases() gives their dates.
    if (r.type === 'disposal' || r.type === 'repair') continue;
    const date = recordDate(r);
    consider(date);
    for (let w = 0; w < windows.length; w++) {
      const e = earliest[w] ?? null;
      if (date > (windows[w] as { edge: IsoDate }).edge && (e === null || date < e)) earliest[w] = date;
    }
    if (r.type === 'penalty') {
      consider(publicityEnd(r, rules));
      consider(addMonths(r.decidedOn, rules.listing.termMonths));
      consider(r.repairedOn);
      consider(r.delistedOn);
    }
  }
  for (const b of bars) consider(b.expiresOn);
  consider(rules.effectiveUntil ?? undefined); // a new rule set takes over
  for (let w = 0; w < windows.length; w++) {
    const e = earliest[w];
    if (!e) continue;
    const months = (windows[w] as { months: number }).months;
    // The leave day is in or after the month `months` after e's: when that month is after the
    // earliest change found so far, it cannot be earlier (most enterprises; no date arithmetic).
    if (next !== null && monthIndex(e) + months > monthIndex(next)) continue;
    consider(firstDayAtLeastMonthsAfter(e, months));
  }
  return next;
}

/** year × 12 + month of a YYYY-MM-DD date, from its digits. */
function monthIndex(d: IsoDate): number {
  const n = (i: number) => d.charCodeAt(i) - 48;
  return (n(0) * 1000 + n(1) * 100 + n(2) * 10 + n(3)) * 12 + n(5) * 10 + n(6);
}

// ---------------------------------------------------------------------------------------------

function ids(records: readonly { recordId: string }[]): string[] {
  return records.map((r) => r.recordId);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqueSorted(ids: readonly string[]): string[] {
  if (ids.length < 2) return [...ids];
  const sorted = [...ids].sort();
  let n = 1;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i] as string;
  sorted.length = n;
  return sorted;
}

function maxDate(dates: string[]): string | undefined {
  return [...dates].sort().at(-1);
}
