// The pure half of a rule-change impact (issue 18): the values that differ between two rule sets
// (path in the rule-set file, old value, new value), the proposed set with one of them put back
// (leave-one-out: which values moved a grade), and which values each factor code and each step
// of the grade depends on (the fallback when no single value did).
// Pure over plain data (no file, no database): `npm run impact` (packages/local, which reads the
// rule-set files) and the API's impact worker (packages/app) both use it, so the two cannot
// disagree on what a rule change explains.
import { type Assessment, baseGradeFor, canonicalJson, loadRuleSets, type RuleSet, referenceOf } from '@fenji/domain';

/** A rule set as an impact got it: shipped (by id), or read from a file or a request. */
export interface ChosenRuleSet {
  rules: RuleSet;
  /** Where it was read from (a file, a request); null for a shipped set given by id. */
  file: string | null;
  /**
   * The rule-set file's JSON as read (the file, the posted object, the shipped file), from which
   * the proposed set's leave-one-out variants are built (`revertedRuleSet`). Optional: without it
   * a variant is the compiled set with the one value put back (`revertedRuleSetObject`).
   */
  data?: unknown;
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
const CATEGORY = (field: string) => `categories.map.{category}.${field}`;
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
 * The changed rule values one enterprise's result rests on, by the dependency map — the fallback
 * of leave-one-out (ImpactAccumulator) when no single value is responsible: those its changed
 * factors depend on; the grade bands when they alone would put either score in another band; the
 * raise, lower and force-D rules when its adjustments differ; the credit rules when its credit
 * class or reasons differ; the key-inspection rules and its category's sector and flags when its
 * key inspection differs; the inspections per year when they differ. In the order of `changes`.
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
  // §7: key inspection rests on the sector's and the flags' rules and the enterprise's category;
  // the inspections per year on the grade's frequency (and on key inspection: max or min).
  const keyMoved = before.keyInspection !== after.keyInspection;
  if (keyMoved) depends.push('keyInspection', CATEGORY('sector'), CATEGORY('flags'));
  if (keyMoved || before.inspectionsPerYear !== after.inspectionsPerYear) depends.push('inspectionsPerYear');
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

// ---------------------------------------------------------------------------------------------
// Leave-one-out: the proposed set with one changed value put back to its base value

/**
 * Changed values that are not grading values and are never put back: `effectiveFrom` (with id,
 * title, effectiveUntil, sources and basis, which ruleDiff never lists) names when and what a set
 * is, not how it grades — and putting back a start date could make the set invalid or overlap.
 */
const NOT_REVERTED = new Set(['effectiveFrom']);

/** Whether leave-one-out may put this changed value back (not a metadata path). */
export function revertible(change: RuleValueChange): boolean {
  return !NOT_REVERTED.has(pathKeys(change.path)[0] as string);
}

/** `a.b["x-y"]` → ['a', 'b', 'x-y'] (the path syntax of joinPath). */
function pathKeys(path: string): string[] {
  const keys: string[] = [];
  for (const m of path.matchAll(/\.?([A-Za-z_$][\w$]*)|\[("(?:[^"\\]|\\.)*")\]/g))
    keys.push(m[1] ?? (JSON.parse(m[2] as string) as string));
  return keys;
}

/**
 * The proposed set with the one changed value `change` put back to its base value, built from
 * the proposed rule-set file's JSON (`data`) and compiled by the same parser as every rule-set
 * file (loadRuleSets). A value of the file is `{value, reference}` (its value is put back, its
 * reference kept), a field of an entry (`categories.map.pastry.tier`), or a list of referenced
 * values (`keyInspection.categoryFlags`: the base's values, each with the list's reference).
 * Null when the value cannot be put back alone: the set would be invalid without the others.
 */
export function revertedRuleSet(data: unknown, proposed: RuleSet, change: RuleValueChange): RuleSet | null {
  if (!revertible(change)) return null;
  const file = structuredClone(data) as Record<string, unknown>;
  const keys = pathKeys(change.path);
  let node: unknown = file;
  for (const key of keys.slice(0, -1)) {
    if (isReferenced(node) && 'value' in node) node = node.value;
    if (!isPlainObject(node) || !isPlainObject(node[key])) return null;
    node = node[key];
  }
  if (isReferenced(node) && 'value' in node) node = node.value;
  if (!isPlainObject(node)) return null;
  const last = keys.at(-1) as string;
  const current = node[last];
  const reference = referenceOf(proposed, change.path) ?? change.reference ?? '';
  if (isReferenced(current) && 'value' in current) current.value = structuredClone(change.before);
  else if (change.before === null) delete node[last];
  else if (Array.isArray(current) && Array.isArray(change.before) && current.every(isReferenced))
    node[last] = change.before.map((value) => ({ value, reference: current[0]?.reference ?? reference }));
  else if (current === undefined && !isPlainObject(change.before))
    node[last] = { value: structuredClone(change.before), reference };
  else node[last] = structuredClone(change.before);
  try {
    return loadRuleSets([{ file: `${proposed.id}.json`, data: file }])[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The same variant without the file (a rule set the caller gave no JSON of): the compiled
 * proposed set, copied, with the one value put back. Not validated, as nothing is parsed.
 */
export function revertedRuleSetObject(proposed: RuleSet, change: RuleValueChange): RuleSet | null {
  if (!revertible(change)) return null;
  const rules = structuredClone(proposed) as unknown as Record<string, unknown>;
  const keys = pathKeys(change.path);
  let node: unknown = rules;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node) || !isPlainObject(node[key])) return null;
    node = node[key];
  }
  if (!isPlainObject(node)) return null;
  const last = keys.at(-1) as string;
  if (change.before === null) delete node[last];
  else node[last] = structuredClone(change.before);
  return rules as unknown as RuleSet;
}

function isReferenced(node: unknown): node is Record<string, unknown> & { reference: string } {
  return isPlainObject(node) && typeof node.reference === 'string';
}

/**
 * What leave-one-out compares of one enterprise's result: risk grade, credit class, risk score,
 * key inspection, inspections per year and every factor code's points.
 */
export function comparedResult(a: Assessment | null): string {
  if (a === null) return 'null';
  const points = [...pointsByCode(a).entries()].filter(([, p]) => p !== 0).sort(([x], [y]) => (x < y ? -1 : 1));
  return JSON.stringify([a.riskGrade, a.creditClass, a.riskScore, a.keyInspection, a.inspectionsPerYear, points]);
}
