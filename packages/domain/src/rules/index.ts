// The rule sets (grading-model.md §2), one JSON file each under packages/domain/rules/. The
// files are imported statically, so esbuild bundles them into the Lambdas and nothing reads a
// file at run time; each is validated here, once, when the module loads.
import cn2016 from '../../rules/cn-2016.json' with { type: 'json' };
import cn2022 from '../../rules/cn-2022.json' with { type: 'json' };
import type { IsoDate } from '../types.ts';
import { parseRuleSetFile, RuleSetFileError, type RuleValue, ruleValuesOf, toRuleSet } from './file.ts';
import type { RuleSet } from './rule-set.ts';

export { type RuleSetFile, RuleSetFileError, type RuleValue, ruleSetFileSchema } from './file.ts';
export { CATEGORY_FLAGS, type CategoryFlag, type RuleSet, TIERS, type Tier } from './rule-set.ts';

/** A new rule set is a new file in packages/domain/rules/, its import above and its line here (any order). */
const RULE_SET_FILES: readonly RuleSetSource[] = [
  { file: 'packages/domain/rules/cn-2016.json', data: cn2016 },
  { file: 'packages/domain/rules/cn-2022.json', data: cn2022 },
];

export interface RuleSetSource {
  /** The file's path, for error messages. */
  file: string;
  data: unknown;
}

const valuesOf = new WeakMap<RuleSet, ReadonlyMap<string, RuleValue>>();

/**
 * Validates rule-set files and links their periods: ordered by `effectiveFrom`, each ends where
 * the next begins. Only the first may start `null` (from the beginning); two files starting on
 * the same day would overlap. Throws RuleSetFileError naming the file and the bad value.
 */
export function loadRuleSets(sources: readonly RuleSetSource[]): RuleSet[] {
  const files = sources
    .map(({ file, data }) => ({ file, parsed: parseRuleSetFile(file, data) }))
    .sort((a, b) => startOrder(a.parsed.effectiveFrom.value, b.parsed.effectiveFrom.value));
  // The id is the file name (parseRuleSetFile), so only the periods can clash.
  files.forEach(({ file, parsed }, i) => {
    const previous = files[i - 1];
    if (previous !== undefined && parsed.effectiveFrom.value === previous.parsed.effectiveFrom.value) {
      const start = parsed.effectiveFrom.value ?? 'the beginning (null)';
      throw new RuleSetFileError(file, [
        {
          path: 'effectiveFrom.value',
          message: `${start} is also the start of ${previous.file}: the periods would overlap`,
        },
      ]);
    }
  });
  return files.map(({ parsed }, i) => {
    const rules = toRuleSet(parsed, files[i + 1]?.parsed.effectiveFrom.value ?? null);
    valuesOf.set(rules, new Map(ruleValuesOf(parsed).map((v) => [v.path, v])));
    return rules;
  });
}

/** null (from the beginning) first, then by date. */
function startOrder(a: IsoDate | null, b: IsoDate | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Every rule set, oldest first (grading-model.md §2). */
export const RULE_SETS: readonly RuleSet[] = loadRuleSets(RULE_SET_FILES);

/** The rule set in force for a grading date. */
export function ruleSetFor(asOf: IsoDate): RuleSet {
  const found = RULE_SETS.find(
    (r) =>
      (r.effectiveFrom === null || asOf >= r.effectiveFrom) && (r.effectiveUntil === null || asOf < r.effectiveUntil),
  );
  if (!found) throw new RangeError(`no rule set is in force on ${asOf}`);
  return found;
}

export function ruleSetById(id: string): RuleSet {
  const found = RULE_SETS.find((r) => r.id === id);
  if (!found) throw new RangeError(`unknown rule set ${id}; known: ${RULE_SETS.map((r) => r.id).join(', ')}`);
  return found;
}

/**
 * Every value of a rule set with its path in the file (without `.value`) and its reference, in
 * file order; empty for a RuleSet not loaded from a file (one built in a test).
 */
export function ruleValues(rules: RuleSet): readonly RuleValue[] {
  return [...(valuesOf.get(rules)?.values() ?? [])];
}

/**
 * The legal reference of the value at `path` (`tierPoints.I`, `categories.map.pastry.tier`,
 * `listing.seriousViolations[3]`): its own, or that of the entry holding it. Undefined for a
 * path the rule set does not have.
 */
export function referenceOf(rules: RuleSet, path: string): string | undefined {
  const values = valuesOf.get(rules);
  for (let p = path; p !== ''; p = parentPath(p)) {
    const found = values?.get(p);
    if (found) return found.reference;
  }
  return undefined;
}

/** `a.b[2]` → `a.b` → `a` → ''. */
function parentPath(path: string): string {
  const cut = path.search(/(?:\.[\w$]+|\[(?:\d+|"(?:[^"\\]|\\.)*")\])$/);
  return cut > 0 ? path.slice(0, cut) : '';
}
