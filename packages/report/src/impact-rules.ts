// The pure half of a rule-change impact (issue 18): the values that differ between two rule sets
// (path in the rule-set file, old value, new value), and which of those values each factor code
// and each step of the grade depends on — so a changed grade names the rule values that moved it.
// Pure over plain data (no file, no database): `npm run impact` (packages/local, which reads the
// rule-set files) and the API's impact worker (packages/app) both use it, so the two cannot
// disagree on what a rule change explains.
import { type Assessment, baseGradeFor, canonicalJson, type RuleSet, referenceOf } from '@fenji/domain';

/** A rule set as an impact got it: shipped (by id), or read from a file or a request. */
export interface ChosenRuleSet {
  rules: RuleSet;
  /** Where it was read from (a file, a request); null for a shipped set given by id. */
  file: string | null;
}

// ---------------------------------------------------------------------------------------------
// The values that differ

/** One value that differs: its path in the rule-set file (without `.value`), old and new value. */
export interface RuleValueChange {
  path: string;
  before: unknown;
  after: unknown;
  /** The proposed value's legal reference (the base's when the proposed set has no such value). */
  reference: string | null;
}

/** What names a set, not what grades: never compared. `basis` is derived from the references. */
const NOT_VALUES = new Set(['id', 'title', 'effectiveUntil', 'sources', 'basis']);

/**
 * Every value that differs between two rule sets, in file order. Objects are compared key by key
 * down to their values; a list is one value (a set of measures, violations or flags), compared
 * regardless of order when it holds plain values.
 */
export function ruleDiff(base: RuleSet, proposed: RuleSet): RuleValueChange[] {
  const out: RuleValueChange[] = [];
  const walk = (a: unknown, b: unknown, path: string, top: boolean) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
      for (const k of keys) {
        if (top ? NOT_VALUES.has(k) : k === 'basis') continue;
        walk(a[k], b[k], joinPath(path, k), false);
      }
      return;
    }
    if (comparable(a) === comparable(b)) return;
    out.push({
      path,
      before: a ?? null,
      after: b ?? null,
      reference: referenceOf(proposed, path) ?? referenceOf(base, path) ?? null,
    });
  };
  walk(base, proposed, '', true);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function comparable(v: unknown): string {
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) {
    return canonicalJson([...v].map((x) => JSON.stringify(x)).sort());
  }
  return canonicalJson(v ?? null);
}

/** The path syntax of the rule-set files (`a.b`, `a["x-y"]`), as referenceOf reads it. */
function joinPath(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (path === '') return part;
  return part.startsWith('[') ? `${path}${part}` : `${path}.${part}`;
}

// ---------------------------------------------------------------------------------------------
// What each result depends on (grading-model.md §3–§8)

/** `{category}` stands for the enterprise's category. */
const TIER = (t: string) => [`tierPoints.${t}`, 'categories.map.{category}.tier'];
const SAMPLING = (points: string) => [`samplingPoints.${points}`, 'windows.dynamic', 'deadlines.recheckWorkingDays'];
const PENALTY = (points: string) => [`penaltyPoints.${points}`, 'heavyMeasures.measures', 'windows.dynamic'];

/** §5: the credit class and its reasons. */
const CREDIT_CLASS_RULES = [
  'credit.publicityShortMonths',
  'credit.publicityLongMonths',
  'credit.publicityFineThreshold',
  'credit.repeatAggravatedCount',
  'credit.licensedMonthsForA',
  'windows.creditObstruction',
  'windows.creditClean',
  'windows.dynamic',
  'windows.fullInspection',
  'heavyMeasures.measures',
  'listing.termMonths',
  'deadlines.recheckWorkingDays',
];

/** §6.1–§6.3: raise, lower and force D. */
const ADJUSTMENT_RULES = [
  'grade.maxRaiseLevels',
  'grade.licensedMonthsForLower',
  'grade.intentionalViolationMeasures',
  'windows.raise',
  'windows.lowerClean',
  'windows.forceDHeavyPenalty',
  'windows.fullInspection',
  'heavyMeasures.measures',
  'listing.termMonths',
  'deadlines.recheckWorkingDays',
];

/** §3–§5: the rule values each factor code's points depend on. */
export const FACTOR_RULES: Readonly<Record<string, readonly string[]>> = {
  static_tier_I: TIER('I'),
  static_tier_II: TIER('II'),
  static_tier_III: TIER('III'),
  static_tier_IV: TIER('IV'),
  inspection_basically_compliant: [
    'inspectionPoints.basicallyCompliantPerGeneralItem',
    'inspectionPoints.basicallyCompliantMax',
    'windows.dynamic',
  ],
  inspection_non_compliant: [
    'inspectionPoints.nonCompliantBase',
    'inspectionPoints.nonCompliantPerKeyItem',
    'inspectionPoints.nonCompliantPerGeneralItem',
    'inspectionPoints.nonCompliantMax',
    'windows.dynamic',
  ],
  inspection_obstructed: ['inspectionPoints.obstructed', 'windows.dynamic'],
  inspection_unverified: ['inspectionPoints.unverified', 'windows.fullInspection'],
  inspection_cap: ['caps.inspection'],
  sampling_fail_supervisory_national_provincial: SAMPLING('supervisoryNationalProvincial'),
  sampling_fail_supervisory_municipal_county: SAMPLING('supervisoryMunicipalCounty'),
  sampling_fail_evaluative: SAMPLING('evaluative'),
  sampling_fail_monitoring: SAMPLING('monitoring'),
  sampling_cap: ['caps.sampling'],
  penalty_heavy: PENALTY('heavy'),
  penalty_aggravated: PENALTY('aggravated'),
  penalty_ordinary: PENALTY('ordinary'),
  penalty_minor: PENALTY('minor'),
  penalty_cap: ['caps.penalty'],
  dynamic_cap: ['caps.dynamic'],
  credit_class_A: ['credit.score.A', ...CREDIT_CLASS_RULES],
  credit_class_B: ['credit.score.B', ...CREDIT_CLASS_RULES],
  credit_class_C: ['credit.score.C', ...CREDIT_CLASS_RULES],
  credit_class_D: ['credit.score.D', ...CREDIT_CLASS_RULES],
};

/** Points per factor code (a code may occur more than once: one per record). */
export function pointsByCode(a: Assessment): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of a.factors) out.set(f.code, (out.get(f.code) ?? 0) + f.points);
  return out;
}

/** The factor codes whose points differ, in the order of the base's factors then the proposed's. */
export function changedFactors(
  before: Assessment,
  after: Assessment,
): { code: string; before: number; after: number }[] {
  const b = pointsByCode(before);
  const a = pointsByCode(after);
  const codes = [...new Set([...b.keys(), ...a.keys()])];
  return codes
    .map((code) => ({ code, before: b.get(code) ?? 0, after: a.get(code) ?? 0 }))
    .filter((f) => f.before !== f.after);
}

/**
 * The changed rule values that moved one enterprise's result: those its changed factors depend
 * on; the grade bands when they alone would put either score in another band; the raise, lower
 * and force-D rules when its adjustments differ; the credit rules when its credit class or
 * reasons differ. In the order of `changes`.
 */
export function responsibleValues(
  before: Assessment,
  after: Assessment,
  factors: readonly { code: string }[],
  changes: readonly RuleValueChange[],
  base: RuleSet,
  proposed: RuleSet,
): RuleValueChange[] {
  if (changes.length === 0) return [];
  const depends: string[] = [];
  for (const f of factors) depends.push(...(FACTOR_RULES[f.code] ?? []));
  const bandsMoved = [before.riskScore, after.riskScore].some(
    (score) => baseGradeFor(score, base) !== baseGradeFor(score, proposed),
  );
  if (bandsMoved) depends.push('grade.bands');
  if (canonicalJson(adjustmentsOf(before)) !== canonicalJson(adjustmentsOf(after))) depends.push(...ADJUSTMENT_RULES);
  if (before.creditClass !== after.creditClass || before.creditReasons.join() !== after.creditReasons.join())
    depends.push(...CREDIT_CLASS_RULES);
  const paths = depends.map((p) => p.replace('{category}', before.category));
  return changes.filter((c) => paths.some((p) => within(c.path, p)));
}

function adjustmentsOf(a: Assessment) {
  return a.adjustments.map((x) => ({ kind: x.kind, levels: x.levels, reasons: x.reasons }));
}

/** Whether a changed value at `changed` is, holds or lies inside the dependency `path`. */
function within(changed: string, path: string): boolean {
  return (
    changed === path ||
    changed.startsWith(`${path}.`) ||
    changed.startsWith(`${path}[`) ||
    path.startsWith(`${changed}.`) ||
    path.startsWith(`${changed}[`)
  );
}
