// The rule sets of a rule-change impact (`npm run impact`): reading `--rules FILE|ID`. What two
// sets differ in and which values moved a grade is pure and lives in @fenji/report
// (impact-rules.ts), shared with the API's impact worker; it is re-exported here for the command.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleSets, RULE_SETS, type RuleSet, RuleSetFileError } from '@fenji/domain';
import type { ChosenRuleSet } from '@fenji/report';
import { UsageError } from './start.ts';

export {
  type ChosenRuleSet,
  changedFactors,
  comparedResult,
  FACTOR_RULES,
  pointsByCode,
  type RuleValueChange,
  responsibleValues,
  revertedRuleSet,
  ruleDiff,
} from '@fenji/report';

/** Where the shipped rule-set files are, beside the engine's source. */
const SHIPPED_RULES = join(import.meta.dirname, '..', '..', 'domain', 'rules');

/**
 * `--rules` / `--base`: a shipped rule set's id (cn-2016, cn-2022), or a rule-set file in the
 * shipped format (packages/domain/rules/README.md), validated as the shipped ones are: a bad
 * value is a UsageError naming the flag, the file and the path of the value.
 */
export function chooseRuleSet(flag: string, arg: string): ChosenRuleSet {
  const shipped = RULE_SETS.find((r) => r.id === arg);
  // The shipped file's JSON too: the leave-one-out variants are built from it (impact-compute.ts).
  if (shipped) return { rules: shipped, file: null, ...shippedData(shipped.id) };
  let isFile = false;
  try {
    isFile = statSync(arg).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    throw new UsageError(
      `${flag} ${arg} is neither a rule set id (${RULE_SETS.map((r) => r.id).join(', ')}) nor a file (既不是规则集编号也不是文件)`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(arg, 'utf8'));
  } catch (e) {
    throw new UsageError(
      `${flag}: rule set file ${arg} is not JSON: ${(e as Error).message} (规则集文件不是有效的 JSON)`,
    );
  }
  try {
    const [rules] = loadRuleSets([{ file: arg, data }]);
    return { rules: rules as RuleSet, file: arg, data };
  } catch (e) {
    if (e instanceof RuleSetFileError) throw new UsageError(`${flag}: ${e.message}`);
    throw e;
  }
}

function shippedData(id: string): { data?: unknown } {
  try {
    return { data: JSON.parse(readFileSync(join(SHIPPED_RULES, `${id}.json`), 'utf8')) };
  } catch {
    return {};
  }
}
