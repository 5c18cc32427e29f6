// The rule sets of an impact job as the API takes them: a shipped rule set's id, or a rule-set
// object in the shipped file format (packages/domain/rules/README.md), validated exactly as the
// shipped files and `npm run impact --rules FILE` validate them — a bad value names its path.
import { loadRuleSets, RULE_SETS, type RuleSet, RuleSetFileError, ruleSetFor } from '@fenji/domain';
import type { ChosenRuleSet } from '@fenji/report';
import type { ImpactJobInputs } from '@fenji/store';

export const RULE_SET_IDS = RULE_SETS.map((r) => r.id) as [string, ...string[]];

/** Where a posted rule set "was read from" in impact.json (`proposed.file`). */
export const POSTED_RULE_SET = 'POST /impact body';

/**
 * Loads a posted rule-set object. Its `id` names it (a file's id must equal its file name; a
 * posted object has none, so the name is taken from the id).
 */
export function loadPostedRuleSet(data: Record<string, unknown>): RuleSet {
  const id = typeof data.id === 'string' && /^[a-z0-9-]+$/.test(data.id) ? data.id : 'posted';
  const [rules] = loadRuleSets([{ file: `${id}.json`, data }]);
  return rules as RuleSet;
}

/** The first problem of a posted rule-set object (its path in the file, and what is wrong), or null. */
export function ruleSetProblem(data: Record<string, unknown>): { path: string; message: string } | null {
  try {
    loadPostedRuleSet(data);
    return null;
  } catch (e) {
    if (e instanceof RuleSetFileError) {
      const issue = e.issues[0];
      return { path: issue?.path || '(file)', message: issue?.message ?? e.message };
    }
    throw e;
  }
}

/** The base and proposed rule sets of a job's inputs (validated by the API already). */
export function chooseRuleSets(inputs: ImpactJobInputs): { base: ChosenRuleSet; proposed: ChosenRuleSet } {
  const shipped = (id: string) => {
    const found = RULE_SETS.find((r) => r.id === id);
    if (!found) throw new Error(`unknown rule set ${id}; known: ${RULE_SET_IDS.join(', ')}`);
    return found;
  };
  const proposed: ChosenRuleSet =
    typeof inputs.rules === 'string'
      ? { rules: shipped(inputs.rules), file: null }
      : { rules: loadPostedRuleSet(inputs.rules), file: POSTED_RULE_SET };
  const base: ChosenRuleSet =
    inputs.base === null ? { rules: ruleSetFor(inputs.asOf), file: null } : { rules: shipped(inputs.base), file: null };
  return { base, proposed };
}
