// assess(): one enterprise's risk grade and credit class as of a date, with every point and
// every adjustment traced to a rule and a record (grading-model.md §1–§8). One function per
// section of the spec, each given the enterprise's History (§1) and the rule set.
import { type Case, caseRecordsOf, cases, recheckOf } from './cases.ts';
import { addMonths, atLeastMonthsBefore, firstDayAtLeastMonthsAfter, withinMonths } from './dates.ts';
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
  const next = [assessment.nextChangeOn, deadlines.nextChangeOn].filter((d) => d !== null).sort()[0] ?? null;
  return { assessment: { ...assessment, nextChangeOn: next }, cases: deadlines.cases };
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

  const statics = staticScore(category, rules);
  const dynamic = dynamicScore(h, rules);
  // §8 listing before §5: credit class D depends on it.
  const listing = seriousListings(h.penalties, asOf, rules);
  const credit = creditClass(h, rules, ids(listing.active));
  const creditScore = rules.credit.score[credit.creditClass];
  const riskScore = statics.score + dynamic.score + creditScore;
  const grade = riskGrade(h, rules, riskScore, listing.shown);
  const frequency = inspectionFrequency(category, grade.riskGrade, credit.creditClass, rules);
  const bars = barsOfLegalRep(enterprise, asOf, personBars);

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
    listingCandidate: listingCandidate(h, rules),
    factors: [statics.factor, ...dynamic.factors, ...creditFactors(credit, creditScore)],
    warnings: [...listing.warnings, ...barredPersonWarnings(bars)],
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
  /** "within N months" of asOf. */
  within(date: IsoDate, months: number): boolean;
  /** Licensed at least N months before asOf. */
  licensedFor(months: number): boolean;
}

function historyOf(
  enterprise: Enterprise,
  records: readonly EnterpriseRecord[],
  asOf: IsoDate,
  rules: RuleSet,
): History {
  const h: History = {
    enterprise,
    asOf,
    inspections: [],
    samplings: [],
    penalties: [],
    within: (date, months) => withinMonths(date, asOf, months),
    licensedFor: (months) => atLeastMonthsBefore(enterprise.licensedOn, asOf, months),
  };
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

/** Compliant full inspections within the full-inspection window: the verified record (§5 A, §6.2). */
function compliantFullInspections(h: History, rules: RuleSet): Inspection[] {
  return h.inspections.filter(
    (i) => i.scope === 'full' && i.result === 'compliant' && h.within(i.inspectedOn, rules.windows.fullInspection),
  );
}

// ---------------------------------------------------------------------------------------------
// §3 static score

function staticScore(category: Category, rules: RuleSet): { score: number; factor: Factor } {
  const score = rules.tierPoints[category.tier];
  return { score, factor: { code: `static_tier_${category.tier}`, points: score, recordIds: [] } };
}

// ---------------------------------------------------------------------------------------------
// §4 dynamic score: each component capped, then the total capped

function dynamicScore(h: History, rules: RuleSet): { score: number; inspectionOverdue: boolean; factors: Factor[] } {
  const w = rules.windows;
  const caps = rules.caps;
  // SAMR-49: every business gets a full inspection at least every two years.
  const inspectionOverdue = !h.inspections.some((i) => i.scope === 'full' && h.within(i.inspectedOn, w.fullInspection));
  const inspections = h.inspections
    .filter((i) => h.within(i.inspectedOn, w.dynamic))
    .flatMap((i) => inspectionFactor(i, rules) ?? []);
  if (inspectionOverdue)
    inspections.push({ code: 'inspection_unverified', points: rules.inspectionPoints.unverified, recordIds: [] });
  const samplings = h.samplings
    .filter((s) => s.result === 'fail' && h.within(s.sampledOn, w.dynamic))
    .map((s) => samplingFactor(s, rules));
  const penalties = h.penalties.filter((p) => h.within(p.decidedOn, w.dynamic)).map((p) => penaltyFactor(p, rules));

  const factors: Factor[] = [];
  const sum =
    capped(factors, inspections, caps.inspection, 'inspection_cap') +
    capped(factors, samplings, caps.sampling, 'sampling_cap') +
    capped(factors, penalties, caps.penalty, 'penalty_cap');
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

function penaltyFactor(p: Penalty, rules: RuleSet): Factor {
  const pp = rules.penaltyPoints;
  const [code, points]: [FactorCode, number] = isHeavy(p, rules)
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
  const sum = parts.reduce((t, f) => t + f.points, 0);
  into.push(...parts);
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
function creditClass(h: History, rules: RuleSet, activeListingIds: string[]): Credit {
  const counting = h.penalties.filter((p) => countsForCredit(p, h.asOf, rules));
  const rows: [Grade, () => Reasons<CreditReason>][] = [
    ['D', () => creditDReasons(h, rules, counting, activeListingIds)],
    ['C', () => creditCReasons(h, rules, counting)],
  ];
  for (const [cls, reasons] of rows) {
    const held = heldReasons(reasons());
    if (held) return { creditClass: cls, ...held };
  }
  const clean = cleanRecord(h, rules);
  if (clean) return { creditClass: 'A', reasons: ['clean_record'], recordIds: clean };
  return { creditClass: 'B', reasons: ['default'], recordIds: [] };
}

/** FRG-2022D adds the credit class to the risk score; a class that scores 0 is no factor. */
function creditFactors(credit: Credit, score: number): Factor[] {
  return score > 0 ? [{ code: `credit_class_${credit.creditClass}`, points: score, recordIds: credit.recordIds }] : [];
}

/** Rule reasons, each with the records that make it hold (none: it does not hold). */
type Reasons<R extends string> = [R, string[]][];

/** The reasons that hold and all their records, or null when none holds. */
function heldReasons<R extends string>(reasons: Reasons<R>): { reasons: R[]; recordIds: string[] } | null {
  const held = reasons.filter(([, ids]) => ids.length > 0);
  if (held.length === 0) return null;
  return { reasons: held.map(([r]) => r), recordIds: uniqueSorted(held.flatMap(([, ids]) => ids)) };
}

/** Class D (CRC-2022 high credit risk; SDL-44). */
function creditDReasons(
  h: History,
  rules: RuleSet,
  counting: Penalty[],
  activeListingIds: string[],
): Reasons<CreditReason> {
  const w = rules.windows;
  const aggravated = counting.filter((p) => p.aggravated);
  return [
    ['serious_listing', activeListingIds],
    ['heavy_penalty', ids(counting.filter((p) => isHeavy(p, rules)))],
    ['repeat_aggravated', aggravated.length >= rules.credit.repeatAggravatedCount ? ids(aggravated) : []],
    [
      'obstruction',
      ids([
        ...h.inspections.filter((i) => i.result === 'obstructed' && h.within(i.inspectedOn, w.creditObstruction)),
        ...h.penalties.filter((p) => p.violation === 'obstruction' && h.within(p.decidedOn, w.creditObstruction)),
      ]),
    ],
  ];
}

/** Class C. */
function creditCReasons(h: History, rules: RuleSet, counting: Penalty[]): Reasons<CreditReason> {
  const w = rules.windows;
  return [
    ['published_penalty', ids(counting)],
    [
      'failed_supervisory_sample',
      ids(
        h.samplings.filter((s) => s.kind === 'supervisory' && s.result === 'fail' && h.within(s.sampledOn, w.dynamic)),
      ),
    ],
    [
      'non_compliant_inspection',
      ids(h.inspections.filter((i) => i.result === 'non_compliant' && h.within(i.inspectedOn, w.dynamic))),
    ],
  ];
}

/** Class A: a long, clean, verified record; the ids of the compliant full inspections, or null. */
function cleanRecord(h: History, rules: RuleSet): string[] | null {
  const w = rules.windows;
  const compliantFull = compliantFullInspections(h, rules);
  const clean =
    h.licensedFor(rules.credit.licensedMonthsForA) &&
    !h.penalties.some((p) => h.within(p.decidedOn, w.creditClean)) &&
    !h.samplings.some(
      (s) =>
        s.result === 'fail' &&
        (s.kind === 'supervisory' || s.kind === 'evaluative') &&
        h.within(s.sampledOn, w.dynamic),
    ) &&
    h.inspections.filter((i) => h.within(i.inspectedOn, w.dynamic)).every((i) => i.result === 'compliant') &&
    compliantFull.length > 0;
  return clean ? uniqueSorted(ids(compliantFull)) : null;
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
  h: History,
  rules: RuleSet,
  riskScore: number,
  listed: SeriousListingRef | null,
): { baseGrade: Grade; riskGrade: Grade; adjustments: Adjustment[] } {
  const baseGrade = baseGradeFor(riskScore, rules);
  const steps = [(g: Grade) => raiseOrLower(h, rules, g), (g: Grade) => forceD(h, rules, g, listed)];
  const adjustments: Adjustment[] = [];
  let grade = baseGrade;
  for (const step of steps) {
    const adjustment = step(grade);
    if (!adjustment) continue;
    adjustments.push(adjustment);
    grade = GRADES[GRADES.indexOf(grade) + (adjustment.kind === 'lower' ? -1 : 1) * adjustment.levels];
  }
  return { baseGrade, riskGrade: grade, adjustments };
}

/** §6.1–§6.2: raise by the distinct triggers (never above D); with none, three clean years lower one level. */
function raiseOrLower(h: History, rules: RuleSet, grade: Grade): Adjustment | null {
  const raise = heldReasons(raiseTriggers(h, rules));
  if (raise) {
    const levels = Math.min(rules.grade.maxRaiseLevels, raise.reasons.length, D_INDEX - GRADES.indexOf(grade));
    // A raise of a grade already D is not listed, and then no lowering either.
    return levels > 0 ? { kind: 'raise', levels, ...raise } : null;
  }
  const clean = grade === 'A' ? null : lowerEligible(h, rules);
  return clean ? { kind: 'lower', levels: 1, reasons: ['three_years_clean'], recordIds: clean } : null;
}

/** §6.1 (FRG-2016): the raise triggers within the raise window, each with its records. */
function raiseTriggers(h: History, rules: RuleSet): Reasons<AdjustmentReason> {
  const within = (date: IsoDate) => h.within(date, rules.windows.raise);
  const recent = h.penalties.filter((p) => within(p.decidedOn));
  const intentionalMeasures = rules.grade.intentionalViolationMeasures;
  return [
    [
      'national_provincial_sampling_failure',
      ids(
        h.samplings.filter(
          (s) =>
            s.kind === 'supervisory' &&
            s.result === 'fail' &&
            (s.level === 'national' || s.level === 'provincial') &&
            within(s.sampledOn),
        ),
      ),
    ],
    [
      'intentional_violation',
      ids(recent.filter((p) => p.intentional === true && p.measures.some((m) => intentionalMeasures.includes(m)))),
    ],
    ['food_safety_incident', ids(recent.filter((p) => p.incident))],
    ['recall_failure', ids(recent.filter((p) => p.recallFailure))],
    [
      'obstruction',
      ids([
        ...h.inspections.filter((i) => i.result === 'obstructed' && within(i.inspectedOn)),
        ...recent.filter((p) => p.violation === 'obstruction'),
      ]),
    ],
  ];
}

/** §6.2 (FRG-2016): three clean years lower the grade one level; the ids of the compliant full inspections, or null. */
function lowerEligible(h: History, rules: RuleSet): string[] | null {
  const within = (date: IsoDate) => h.within(date, rules.windows.lowerClean);
  const clean =
    h.licensedFor(rules.grade.licensedMonthsForLower) &&
    !h.inspections.some((i) => (i.result === 'non_compliant' || i.result === 'obstructed') && within(i.inspectedOn)) &&
    !h.samplings.some((s) => s.kind === 'supervisory' && s.result === 'fail' && within(s.sampledOn)) &&
    !h.penalties.some((p) => p.procedure === 'ordinary' && within(p.decidedOn));
  const compliantFull = clean ? compliantFullInspections(h, rules) : [];
  return compliantFull.length > 0 ? uniqueSorted(ids(compliantFull)) : null;
}

/** §6.3: an active serious listing, or a heavy penalty within the window, forces D. */
function forceD(h: History, rules: RuleSet, grade: Grade, listed: SeriousListingRef | null): Adjustment | null {
  const force = heldReasons<AdjustmentReason>([
    ['serious_listing', listed ? [listed.recordId] : []],
    [
      'heavy_penalty',
      ids(h.penalties.filter((p) => isHeavy(p, rules) && h.within(p.decidedOn, rules.windows.forceDHeavyPenalty))),
    ],
  ]);
  if (!force || grade === 'D') return null;
  return { kind: 'force_d', levels: D_INDEX - GRADES.indexOf(grade), ...force };
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
// §8 listing candidate and person bars

/** fenji proposes, a regulator decides (SDL-44). */
function listingCandidate(h: History, rules: RuleSet): { recordIds: string[] } | null {
  const candidates = h.penalties.filter(
    (p) =>
      !p.seriousListing &&
      h.within(p.decidedOn, rules.windows.candidate) &&
      (p.aggravated || isHeavy(p, rules)) &&
      rules.listing.seriousViolations.includes(p.violation) &&
      p.intentional !== false,
  );
  return candidates.length > 0 ? { recordIds: uniqueSorted(ids(candidates)) } : null;
}

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

function barredPersonWarnings(bars: readonly PersonBar[]): Warning[] {
  if (bars.length === 0) return [];
  return [
    {
      code: 'banned_person_in_charge',
      message: `法定代表人 ${bars[0]?.masked} 处于食品安全法第一百三十五条从业禁止期内 (FSL Art. 135) / the legal representative is barred from food business until ${maxDate(bars.map((b) => b.expiresOn))}`,
      recordIds: uniqueSorted(bars.map((b) => b.recordId)),
    },
  ];
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
  let next: IsoDate | null = null;
  const consider = (d: IsoDate | undefined) => {
    if (d !== undefined && d > asOf && (next === null || d < next)) next = d;
  };
  consider(firstDayAtLeastMonthsAfter(enterprise.licensedOn, rules.credit.licensedMonthsForA));
  consider(firstDayAtLeastMonthsAfter(enterprise.licensedOn, rules.grade.licensedMonthsForLower));
  // A record dated D leaves an m-month window on firstDayAtLeastMonthsAfter(D, m), which grows
  // with D and is after asOf exactly when D > addMonths(asOf, −m) (§1): per window only the
  // earliest such record matters, so each window costs one date computation, not one per record.
  const windows = windowMonthsOf(rules);
  const edges = windows.map((m) => addMonths(asOf, -m));
  const earliest: (IsoDate | null)[] = windows.map(() => null);
  for (const r of records) {
    if (r.status !== 'active' || r.uscc !== enterprise.uscc) continue;
    // Disposals and repair applications move cases, not the grade: cases() gives their dates.
    if (r.type === 'disposal' || r.type === 'repair') continue;
    const date = recordDate(r);
    consider(date);
    for (let w = 0; w < edges.length; w++) {
      const e = earliest[w] ?? null;
      if (date > (edges[w] as IsoDate) && (e === null || date < e)) earliest[w] = date;
    }
    if (r.type === 'penalty') {
      consider(publicityEnd(r, rules));
      consider(addMonths(r.decidedOn, rules.listing.termMonths));
      consider(r.repairedOn);
      consider(r.delistedOn);
    }
  }
  for (let w = 0; w < windows.length; w++) {
    const e = earliest[w];
    if (e) consider(firstDayAtLeastMonthsAfter(e, windows[w] as number));
  }
  for (const b of bars) consider(b.expiresOn);
  consider(rules.effectiveUntil ?? undefined); // a new rule set takes over
  return next;
}

const windowMonths = new WeakMap<RuleSet, number[]>();
function windowMonthsOf(rules: RuleSet): number[] {
  let months = windowMonths.get(rules);
  if (!months) {
    months = [...new Set(Object.values(rules.windows).filter((v) => typeof v === 'number'))];
    windowMonths.set(rules, months);
  }
  return months;
}

// ---------------------------------------------------------------------------------------------

function ids(records: readonly { recordId: string }[]): string[] {
  return records.map((r) => r.recordId);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqueSorted(ids: string[]): string[] {
  return [...new Set(ids)].sort();
}

function maxDate(dates: string[]): string | undefined {
  return [...dates].sort().at(-1);
}
