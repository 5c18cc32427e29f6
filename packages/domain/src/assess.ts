// assess(): one enterprise's risk grade and credit class as of a date, with every point and
// every adjustment traced to a rule and a record (grading-model.md §1–§8).
import { addDays, addMonths, atLeastMonthsBefore, withinMonths } from './dates.ts';
import { isHeavy, type PersonBar, seriousListings } from './listing.ts';
import { type RuleSet, ruleSetFor } from './rules/index.ts';
import type {
  Adjustment,
  Assessment,
  Enterprise,
  EnterpriseRecord,
  Factor,
  Grade,
  Inspection,
  IsoDate,
  Penalty,
  Sampling,
  Warning,
} from './types.ts';

export interface AssessOptions {
  /** Active person bars across all enterprises (FSL Art. 135), matched on the legal representative. */
  personBars?: readonly PersonBar[];
  /** Force a rule set instead of the one in force on asOf (re-grading under a rule change). */
  rules?: RuleSet;
}

const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D'];

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

/** Returns null for a deregistered (revoked) enterprise: it gets no assessment (§1). */
export function assess(
  enterprise: Enterprise,
  records: readonly EnterpriseRecord[],
  asOf: IsoDate,
  options: AssessOptions = {},
): Assessment | null {
  if (enterprise.status !== 'active') return null;
  const rules = options.rules ?? ruleSetFor(asOf);
  const category = rules.categories.map[enterprise.category];

  // §1: only active records of this enterprise dated on or before asOf are seen.
  const inspections: Inspection[] = [];
  const samplings: Sampling[] = [];
  const penalties: Penalty[] = [];
  // Chronological (then by record id) so factors and reasons read the same whatever order the store returns.
  const ordered = [...records].sort((a, b) => cmpStr(recordDate(a), recordDate(b)) || cmpStr(a.recordId, b.recordId));
  for (const r of ordered) {
    if (r.status !== 'active' || r.uscc !== enterprise.uscc || recordDate(r) > asOf) continue;
    if (r.type === 'inspection') inspections.push(r);
    else if (r.type === 'sampling') samplings.push(r);
    else penalties.push(r);
  }
  const within = (date: IsoDate, months: number) => withinMonths(date, asOf, months);
  const w = rules.windows;
  const warnings: Warning[] = [];

  // §3 static score.
  const staticScore = rules.tierPoints[category.tier];
  const factors: Factor[] = [{ code: `static_tier_${category.tier}`, points: staticScore, recordIds: [] }];

  // §4 dynamic score: each component capped, then the total capped.
  const inspectionFactors: Factor[] = [];
  const ip = rules.inspectionPoints;
  for (const i of inspections) {
    if (!within(i.inspectedOn, w.dynamic)) continue;
    let points = 0;
    if (i.result === 'basically_compliant') {
      points = Math.min(ip.basicallyCompliantMax, ip.basicallyCompliantPerGeneralItem * i.generalItemsFailed);
    } else if (i.result === 'non_compliant') {
      points = Math.min(
        ip.nonCompliantMax,
        ip.nonCompliantBase +
          ip.nonCompliantPerKeyItem * i.keyItemsFailed +
          ip.nonCompliantPerGeneralItem * i.generalItemsFailed,
      );
    } else if (i.result === 'obstructed') {
      points = ip.obstructed;
    }
    if (points > 0) inspectionFactors.push({ code: `inspection_${i.result}`, points, recordIds: [i.recordId] });
  }
  // SAMR-49: every business gets a full inspection at least every two years.
  const inspectionOverdue = !inspections.some((i) => i.scope === 'full' && within(i.inspectedOn, w.fullInspection));
  if (inspectionOverdue)
    inspectionFactors.push({ code: 'inspection_unverified', points: ip.unverified, recordIds: [] });

  const samplingFactors: Factor[] = [];
  const sp = rules.samplingPoints;
  for (const s of samplings) {
    if (s.result !== 'fail' || !within(s.sampledOn, w.dynamic)) continue;
    let code: string;
    let points: number;
    if (s.kind === 'supervisory' && (s.level === 'national' || s.level === 'provincial')) {
      [code, points] = ['sampling_fail_supervisory_national_provincial', sp.supervisoryNationalProvincial];
    } else if (s.kind === 'supervisory') {
      [code, points] = ['sampling_fail_supervisory_municipal_county', sp.supervisoryMunicipalCounty];
    } else if (s.kind === 'evaluative') {
      [code, points] = ['sampling_fail_evaluative', sp.evaluative];
    } else {
      // Risk monitoring is listed but never scored: it is not a basis for sanctions.
      [code, points] = ['sampling_fail_monitoring', sp.monitoring];
    }
    samplingFactors.push({ code, points, recordIds: [s.recordId] });
  }

  const penaltyFactors: Factor[] = [];
  const pp = rules.penaltyPoints;
  for (const p of penalties) {
    if (!within(p.decidedOn, w.dynamic)) continue;
    const [code, points] = isHeavy(p, rules)
      ? ['penalty_heavy', pp.heavy]
      : p.aggravated
        ? ['penalty_aggravated', pp.aggravated]
        : p.procedure === 'ordinary' && !warningAlone(p)
          ? ['penalty_ordinary', pp.ordinary]
          : ['penalty_minor', pp.minor];
    penaltyFactors.push({ code, points, recordIds: [p.recordId] });
  }

  const caps = rules.caps;
  const inspectionScore = capped(factors, inspectionFactors, caps.inspection, 'inspection_cap');
  const samplingScore = capped(factors, samplingFactors, caps.sampling, 'sampling_cap');
  const penaltyScore = capped(factors, penaltyFactors, caps.penalty, 'penalty_cap');
  const dynamicSum = inspectionScore + samplingScore + penaltyScore;
  const dynamicScore = Math.min(caps.dynamic, dynamicSum);
  if (dynamicScore < dynamicSum)
    factors.push({ code: 'dynamic_cap', points: dynamicScore - dynamicSum, recordIds: [] });

  // §8 listing, computed first because credit class D depends on it.
  const listing = seriousListings(penalties, asOf, rules);
  warnings.push(...listing.warnings);

  // §5 credit class.
  const credit = creditClass(
    enterprise,
    inspections,
    samplings,
    penalties,
    asOf,
    rules,
    listing.active.map((l) => l.recordId),
  );
  const creditScore = rules.credit.score[credit.creditClass];
  if (creditScore > 0)
    factors.push({ code: `credit_class_${credit.creditClass}`, points: creditScore, recordIds: credit.recordIds });

  // §6 risk grade.
  const riskScore = staticScore + dynamicScore + creditScore;
  const baseGrade = baseGradeFor(riskScore, rules);
  let grade = baseGrade;
  const adjustments: Adjustment[] = [];

  const raise = raiseTriggers(inspections, samplings, penalties, asOf, rules);
  if (raise.reasons.length > 0) {
    const to = Math.min(3, GRADES.indexOf(grade) + Math.min(rules.grade.maxRaiseLevels, raise.reasons.length));
    const levels = to - GRADES.indexOf(grade);
    if (levels > 0) {
      grade = GRADES[to] as Grade;
      adjustments.push({ kind: 'raise', levels, reasons: raise.reasons, recordIds: raise.recordIds });
    }
  } else if (grade !== 'A') {
    const lower = lowerEligible(enterprise, inspections, samplings, penalties, asOf, rules);
    if (lower) {
      grade = GRADES[GRADES.indexOf(grade) - 1] as Grade;
      adjustments.push({ kind: 'lower', levels: 1, reasons: ['three_years_clean'], recordIds: lower.recordIds });
    }
  }
  const forceReasons: string[] = [];
  const forceIds: string[] = [];
  if (listing.shown) {
    forceReasons.push('serious_listing');
    forceIds.push(listing.shown.recordId);
  }
  const recentHeavy = penalties.filter((p) => isHeavy(p, rules) && within(p.decidedOn, w.forceDHeavyPenalty));
  if (recentHeavy.length > 0) {
    forceReasons.push('heavy_penalty');
    forceIds.push(...recentHeavy.map((p) => p.recordId));
  }
  if (forceReasons.length > 0 && grade !== 'D') {
    adjustments.push({
      kind: 'force_d',
      levels: 3 - GRADES.indexOf(grade),
      reasons: forceReasons,
      recordIds: uniqueSorted(forceIds),
    });
    grade = 'D';
  }

  // §7 key inspection (SAMR-49 Art. 22) and frequency.
  const s = category.sector;
  const keyInspection =
    (s === 'food_production' && (category.flags.includes('special') || grade === 'C' || grade === 'D')) ||
    ((s === 'food_sales' || s === 'catering') && grade === 'D') ||
    category.flags.includes('key') ||
    ((s === 'drug_manufacturing' ||
      s === 'drug_distribution' ||
      s === 'drug_retail' ||
      s === 'medical_device' ||
      s === 'cosmetics') &&
      (grade === 'C' || grade === 'D')) ||
    // FSL Art. 113: bad credit records raise inspection frequency.
    credit.creditClass === 'C' ||
    credit.creditClass === 'D';
  const frequency = rules.inspectionsPerYear[grade];

  // §8 listing candidate: fenji proposes, a regulator decides.
  const candidates = penalties.filter(
    (p) =>
      !p.seriousListing &&
      within(p.decidedOn, w.candidate) &&
      (p.aggravated || isHeavy(p, rules)) &&
      rules.listing.seriousViolations.includes(p.violation) &&
      p.intentional !== false,
  );

  // §8 person bars: the legal representative matched by ID-number hash, never by clear number.
  const repHash = enterprise.legalRepId?.hash;
  const bars = repHash
    ? (barsByIdHash(options.personBars).get(repHash) ?? []).filter((b) => b.decidedOn <= asOf && asOf < b.expiresOn)
    : [];
  if (bars.length > 0) {
    warnings.push({
      code: 'banned_person_in_charge',
      message: `法定代表人 ${bars[0]?.masked} 处于食品安全法第一百三十五条从业禁止期内 (FSL Art. 135) / the legal representative is barred from food business until ${maxDate(bars.map((b) => b.expiresOn))}`,
      recordIds: uniqueSorted(bars.map((b) => b.recordId)),
    });
  }

  return {
    uscc: enterprise.uscc,
    name: enterprise.name,
    region: enterprise.region,
    sector: category.sector,
    category: enterprise.category,
    asOf,
    rulesVersion: rules.id,
    staticScore,
    dynamicScore,
    creditScore,
    riskScore,
    baseGrade,
    riskGrade: grade,
    adjustments,
    creditClass: credit.creditClass,
    creditReasons: credit.reasons,
    keyInspection,
    inspectionsPerYear: keyInspection ? frequency.max : frequency.min,
    inspectionOverdue,
    seriousListing: listing.shown,
    listingCandidate: candidates.length > 0 ? { recordIds: uniqueSorted(candidates.map((p) => p.recordId)) } : null,
    factors,
    warnings,
    nextChangeOn: nextChangeOn(enterprise, records, asOf, rules, bars),
  };
}

/** §6 bands (FRG-2016): A ≤ 30 < B ≤ 45 < C ≤ 60 < D. */
export function baseGradeFor(riskScore: number, rules: RuleSet): Grade {
  const bands = rules.grade.bands;
  return riskScore <= bands.A ? 'A' : riskScore <= bands.B ? 'B' : riskScore <= bands.C ? 'C' : 'D';
}

function recordDate(r: EnterpriseRecord): IsoDate {
  return r.type === 'inspection' ? r.inspectedOn : r.type === 'sampling' ? r.sampledOn : r.decidedOn;
}

function warningAlone(p: Penalty): boolean {
  return p.measures.length === 1 && p.measures[0] === 'warning';
}

/** Appends a component's factors (and a negative cap factor when capped) and returns the component score. */
function capped(into: Factor[], parts: Factor[], cap: number, capCode: string): number {
  const sum = parts.reduce((t, f) => t + f.points, 0);
  into.push(...parts);
  if (sum > cap) into.push({ code: capCode, points: cap - sum, recordIds: [] });
  return Math.min(cap, sum);
}

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

function creditClass(
  enterprise: Enterprise,
  inspections: Inspection[],
  samplings: Sampling[],
  penalties: Penalty[],
  asOf: IsoDate,
  rules: RuleSet,
  activeListingIds: string[],
): { creditClass: Grade; reasons: string[]; recordIds: string[] } {
  const w = rules.windows;
  const within = (date: IsoDate, months: number) => withinMonths(date, asOf, months);
  const counting = penalties.filter((p) => countsForCredit(p, asOf, rules));

  // Class D (CRC-2022 high credit risk; SDL-44).
  const d: string[] = [];
  const dIds: string[] = [];
  if (activeListingIds.length > 0) {
    d.push('serious_listing');
    dIds.push(...activeListingIds);
  }
  const heavy = counting.filter((p) => isHeavy(p, rules));
  if (heavy.length > 0) {
    d.push('heavy_penalty');
    dIds.push(...heavy.map((p) => p.recordId));
  }
  const aggravated = counting.filter((p) => p.aggravated);
  if (aggravated.length >= rules.credit.repeatAggravatedCount) {
    d.push('repeat_aggravated');
    dIds.push(...aggravated.map((p) => p.recordId));
  }
  const obstruction = [
    ...inspections.filter((i) => i.result === 'obstructed' && within(i.inspectedOn, w.creditObstruction)),
    ...penalties.filter((p) => p.violation === 'obstruction' && within(p.decidedOn, w.creditObstruction)),
  ];
  if (obstruction.length > 0) {
    d.push('obstruction');
    dIds.push(...obstruction.map((r) => r.recordId));
  }
  if (d.length > 0) return { creditClass: 'D', reasons: d, recordIds: uniqueSorted(dIds) };

  // Class C.
  const c: string[] = [];
  const cIds: string[] = [];
  if (counting.length > 0) {
    c.push('published_penalty');
    cIds.push(...counting.map((p) => p.recordId));
  }
  const failedSupervisory = samplings.filter(
    (s) => s.kind === 'supervisory' && s.result === 'fail' && within(s.sampledOn, w.dynamic),
  );
  if (failedSupervisory.length > 0) {
    c.push('failed_supervisory_sample');
    cIds.push(...failedSupervisory.map((s) => s.recordId));
  }
  const nonCompliant = inspections.filter((i) => i.result === 'non_compliant' && within(i.inspectedOn, w.dynamic));
  if (nonCompliant.length > 0) {
    c.push('non_compliant_inspection');
    cIds.push(...nonCompliant.map((i) => i.recordId));
  }
  if (c.length > 0) return { creditClass: 'C', reasons: c, recordIds: uniqueSorted(cIds) };

  // Class A: a long, clean, verified record.
  const recentInspections = inspections.filter((i) => within(i.inspectedOn, w.dynamic));
  const compliantFull = inspections.filter(
    (i) => i.scope === 'full' && i.result === 'compliant' && within(i.inspectedOn, w.fullInspection),
  );
  const clean =
    atLeastMonthsBefore(enterprise.licensedOn, asOf, rules.credit.licensedMonthsForA) &&
    !penalties.some((p) => within(p.decidedOn, w.creditClean)) &&
    !samplings.some(
      (s) =>
        s.result === 'fail' && (s.kind === 'supervisory' || s.kind === 'evaluative') && within(s.sampledOn, w.dynamic),
    ) &&
    recentInspections.every((i) => i.result === 'compliant') &&
    compliantFull.length > 0;
  if (clean)
    return {
      creditClass: 'A',
      reasons: ['clean_record'],
      recordIds: uniqueSorted(compliantFull.map((i) => i.recordId)),
    };
  return { creditClass: 'B', reasons: ['default'], recordIds: [] };
}

/** §6.1 (FRG-2016): distinct raise triggers within the raise window. */
function raiseTriggers(
  inspections: Inspection[],
  samplings: Sampling[],
  penalties: Penalty[],
  asOf: IsoDate,
  rules: RuleSet,
) {
  const within = (date: IsoDate) => withinMonths(date, asOf, rules.windows.raise);
  const recentPenalties = penalties.filter((p) => within(p.decidedOn));
  const triggers: [string, string[]][] = [
    [
      'national_provincial_sampling_failure',
      samplings
        .filter(
          (s) =>
            s.kind === 'supervisory' &&
            s.result === 'fail' &&
            (s.level === 'national' || s.level === 'provincial') &&
            within(s.sampledOn),
        )
        .map((s) => s.recordId),
    ],
    [
      'intentional_violation',
      recentPenalties
        .filter(
          (p) =>
            p.intentional === true &&
            p.measures.some((m) => m === 'fine' || m === 'confiscation' || m === 'suspension'),
        )
        .map((p) => p.recordId),
    ],
    ['food_safety_incident', recentPenalties.filter((p) => p.incident).map((p) => p.recordId)],
    ['recall_failure', recentPenalties.filter((p) => p.recallFailure).map((p) => p.recordId)],
    [
      'obstruction',
      [
        ...inspections.filter((i) => i.result === 'obstructed' && within(i.inspectedOn)).map((i) => i.recordId),
        ...recentPenalties.filter((p) => p.violation === 'obstruction').map((p) => p.recordId),
      ],
    ],
  ];
  const held = triggers.filter(([, ids]) => ids.length > 0);
  return { reasons: held.map(([kind]) => kind), recordIds: uniqueSorted(held.flatMap(([, ids]) => ids)) };
}

/** §6.2 (FRG-2016): three clean years lower the grade one level. */
function lowerEligible(
  enterprise: Enterprise,
  inspections: Inspection[],
  samplings: Sampling[],
  penalties: Penalty[],
  asOf: IsoDate,
  rules: RuleSet,
): { recordIds: string[] } | null {
  const w = rules.windows;
  const within = (date: IsoDate, months: number) => withinMonths(date, asOf, months);
  if (!atLeastMonthsBefore(enterprise.licensedOn, asOf, rules.grade.licensedMonthsForLower)) return null;
  if (
    inspections.some(
      (i) => (i.result === 'non_compliant' || i.result === 'obstructed') && within(i.inspectedOn, w.lowerClean),
    )
  )
    return null;
  if (samplings.some((s) => s.kind === 'supervisory' && s.result === 'fail' && within(s.sampledOn, w.lowerClean)))
    return null;
  if (penalties.some((p) => p.procedure === 'ordinary' && within(p.decidedOn, w.lowerClean))) return null;
  const compliantFull = inspections.filter(
    (i) => i.scope === 'full' && i.result === 'compliant' && within(i.inspectedOn, w.fullInspection),
  );
  return compliantFull.length > 0 ? { recordIds: uniqueSorted(compliantFull.map((i) => i.recordId)) } : null;
}

/**
 * The earliest date after asOf on which the result could change with no new record: a record
 * leaving a window, a licence age passing a threshold, a publicity, listing, repair, removal or
 * bar date arriving. An over-estimate of change dates only costs a regrade that changes nothing;
 * a missed one would leave a stale grade, so every window of the rule set is considered.
 */
function nextChangeOn(
  enterprise: Enterprise,
  records: readonly EnterpriseRecord[],
  asOf: IsoDate,
  rules: RuleSet,
  bars: readonly PersonBar[],
): IsoDate | null {
  const w = rules.windows;
  const windowMonths = new Set([
    w.dynamic,
    w.fullInspection,
    w.creditObstruction,
    w.creditClean,
    w.lowerClean,
    w.raise,
    w.forceDHeavyPenalty,
    w.candidate,
  ]);
  const dates: IsoDate[] = [];
  const leaves = (date: IsoDate, months: number) => dates.push(firstDayAtLeastMonthsAfter(date, months));
  leaves(enterprise.licensedOn, rules.credit.licensedMonthsForA);
  leaves(enterprise.licensedOn, rules.grade.licensedMonthsForLower);
  for (const r of records) {
    if (r.status !== 'active' || r.uscc !== enterprise.uscc) continue;
    const date = recordDate(r);
    dates.push(date); // a record dated after asOf becomes visible on its date
    for (const m of windowMonths) leaves(date, m);
    if (r.type === 'penalty') {
      dates.push(publicityEnd(r, rules), addMonths(r.decidedOn, rules.listing.termMonths));
      if (r.repairedOn) dates.push(r.repairedOn);
      if (r.delistedOn) dates.push(r.delistedOn);
    }
  }
  for (const b of bars) dates.push(b.expiresOn);
  if (rules.effectiveUntil) dates.push(rules.effectiveUntil); // a new rule set takes over
  const future = dates.filter((d) => d > asOf).sort();
  return future[0] ?? null;
}

/** First D with `date ≤ addMonths(D, −months)`: the day a record leaves a window or a licence comes of age (§1). */
function firstDayAtLeastMonthsAfter(date: IsoDate, months: number): IsoDate {
  // addMonths(date, months) is the answer except when month-end clamping makes it fall a few
  // days short (2025-08-31 + 6 months = 2026-02-28, but 2026-02-28 − 6 months = 2025-08-28).
  let d = addMonths(date, months);
  // Only days 29–31 can be clamped short; the others are exact.
  if (Number(date.slice(8, 10)) <= 28) return d;
  // addMonths directly: the window-edge cache of dates.ts holds the edges of the asOf being graded.
  while (date > addMonths(d, -months)) d = addDays(d, 1);
  return d;
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
