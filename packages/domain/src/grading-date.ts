// The grading dates fenji accepts, in one place: `npm start --as-of`, `npm run impact --as-of`
// and POST /impact's asOf refuse the same dates, each naming its own option or field.

import { addDays, isValidIsoDate } from './dates.ts';
import { RULE_SETS } from './rules/index.ts';

/**
 * Why a grading date cannot be graded, as a phrase that follows the option or field's name
 * (`--as-of …`, `asOf: …`), or undefined when it can: a calendar date from the first rule set's
 * start to tomorrow of `today` (a clock hours off). Before it no rule set applies (ruleSetFor
 * throws a RangeError); after it the records of that day cannot exist yet.
 */
export function gradingDateProblem(asOf: string, today: string): string | undefined {
  if (!isValidIsoDate(asOf)) return `must be a calendar date YYYY-MM-DD; got ${asOf}`;
  const first = RULE_SETS[0]?.effectiveFrom;
  if (first && asOf < first) {
    return `${asOf} is before ${first}, when the first rule set (${RULE_SETS[0]?.id}) took effect; nothing grades that date (基准日早于首个规则集生效日)`;
  }
  const tomorrow = addDays(today, 1);
  if (asOf > tomorrow) {
    return `${asOf} is after tomorrow (${tomorrow}); a grading date cannot be in the future (基准日不得晚于明天)`;
  }
  return undefined;
}
