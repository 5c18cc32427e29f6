import type { IsoDate } from '../types.ts';
import { cn2016 } from './cn-2016.ts';
import { cn2022 } from './cn-2022.ts';
import type { RuleSet } from './rule-set.ts';

export type { CategoryFlag, RuleSet, Tier } from './rule-set.ts';

/** Every rule set, oldest first (grading-model.md §2). */
export const RULE_SETS: readonly RuleSet[] = [cn2016, cn2022];

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
