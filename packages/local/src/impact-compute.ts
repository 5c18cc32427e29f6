// The rule-change impact (issue 18) of a population in memory: each enterprise graded as of one
// date under the base and the proposed rule set, as the grade worker grades, and handed to the
// pure ImpactAccumulator of @fenji/report, which the API's impact worker uses too (what differs,
// the plans, the rule values responsible: packages/report/src/impact-compute.ts).
import { type Assessment, assess, type IsoDate, type RuleSet } from '@fenji/domain';
import { type ChosenRuleSet, IMPACT_LABELS, ImpactAccumulator, type ImpactReport } from '@fenji/report';
import { inspectorsOf, type Population, personBarsOf, profiled } from './population.ts';
import type { Progress } from './progress.ts';

export { IMPACT_LABELS };

export interface ImpactOptions {
  population: Population;
  asOf: IsoDate;
  period: string;
  /** Seed of the double-random draws; both rule sets draw with it. */
  seed: string;
  base: ChosenRuleSet;
  proposed: ChosenRuleSet;
  /** Stamped into impact.json (an ISO instant). */
  generatedAt: string;
  progress?: Progress;
}

/** An enterprise with a profile and its records (population.ts `profiled`). */
type Entry = ReturnType<typeof profiled>[number];

/**
 * The assessments of a population under one rule set, in uscc order, as the grade worker makes
 * them: the person bars of the whole population once, then assess() per enterprise. A
 * deregistered enterprise has none.
 */
export function gradeAll(
  population: Population,
  asOf: IsoDate,
  rules: RuleSet,
  options: { entries?: readonly Entry[]; progress?: Progress; label?: string } = {},
): Assessment[] {
  const entries = options.entries ?? profiled(population);
  const assessOptions = { rules, personBars: personBarsOf(population, asOf, rules) };
  const bar = options.progress?.bar(`评定 grade ${options.label ?? rules.id}`, entries.length);
  const out: Assessment[] = [];
  for (const [i, { profile, records }] of entries.entries()) {
    const a = assess(profile, records, asOf, assessOptions);
    if (a) out.push(a);
    if ((i & 1023) === 0) bar?.update(i);
  }
  bar?.update(entries.length);
  bar?.stop();
  return out;
}

export function computeImpact(o: ImpactOptions): ImpactReport {
  const { population, asOf, period, seed, base, proposed, progress } = o;
  const entries = profiled(population);
  const impact = new ImpactAccumulator({ asOf, period, seed, base, proposed });
  // Each enterprise under both sets in turn: its records are built once (a data folder's slots
  // build them on each read) and its two assessments are dropped once counted.
  const bars = {
    base: personBarsOf(population, asOf, base.rules),
    proposed: personBarsOf(population, asOf, proposed.rules),
  };
  const bar = progress?.bar(
    `评定 grade ${base.rules.id} 基准 base → ${proposed.rules.id} 拟议 proposed`,
    entries.length,
  );
  for (const [i, entry] of entries.entries()) {
    const records = entry.records;
    const before = assess(entry.profile, records, asOf, { rules: base.rules, personBars: bars.base });
    const after = assess(entry.profile, records, asOf, { rules: proposed.rules, personBars: bars.proposed });
    impact.add({ profile: entry.profile, records }, before, after);
    if ((i & 1023) === 0) bar?.update(i);
  }
  bar?.update(entries.length);
  bar?.stop();
  return impact.finish({
    inspectors: inspectorsOf(population),
    population: {
      source: population.source.kind,
      path: population.source.path,
      rejected: population.counts?.rejected ?? null,
    },
    generatedAt: o.generatedAt,
    onPlan: () => progress?.note(`plan 抽查计划 ${period}: drawing under both rule sets (seed ${seed})`),
  });
}
