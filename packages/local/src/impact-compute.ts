// The rule-change impact (issue 18): one population graded as of one date under a base and a
// proposed rule set with the engine's own assess() and plan(), and what differs — grade and
// credit transitions, key inspections, the plan and inspector load, listings, risk scores, and
// every enterprise whose grade changes with the factors and rule values that moved it.
import {
  type Assessment,
  assess,
  GRADES,
  type Grade,
  type Inspection,
  type Inspector,
  type IsoDate,
  type Plan,
  plan,
  type RuleSet,
  ruleSetFor,
} from '@fenji/domain';
import type {
  ImpactChange,
  ImpactGrading,
  ImpactListed,
  ImpactListing,
  ImpactPlanFigures,
  ImpactPlanRegion,
  ImpactRegionTransitions,
  ImpactReport,
  TransitionMatrix,
} from '@fenji/report';
import {
  type ChosenRuleSet,
  changedFactors,
  type RuleValueChange,
  responsibleValues,
  ruleDiff,
} from './impact-rules.ts';
import { inspectorsOf, type Population, personBarsOf, profiled } from './population.ts';
import type { Progress } from './progress.ts';

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
  const before = gradeAll(population, asOf, base.rules, { entries, progress, label: `${base.rules.id} 基准 base` });
  const after = gradeAll(population, asOf, proposed.rules, {
    entries,
    progress,
    label: `${proposed.rules.id} 拟议 proposed`,
  });
  // The same enterprises both times: only a deregistered profile goes ungraded, whatever the rules.
  if (before.length !== after.length || before.some((b, i) => b.uscc !== after[i]?.uscc)) {
    throw new Error('the base and proposed gradings cover different enterprises');
  }
  const changes = ruleDiff(base.rules, proposed.rules);
  const inspectors = inspectorsOf(population);
  const inspections = planHistory(entries, asOf);
  progress?.note(`plan 抽查计划 ${period}: drawing under both rule sets (seed ${seed})`);
  const plans = {
    before: drawBoth(before, inspectors, inspections, asOf, period, seed),
    after: drawBoth(after, inspectors, inspections, asOf, period, seed),
  };
  const regions = [...new Set([...before.map((a) => a.region), ...inspectors.map((i) => i.region)])].sort();

  const changed = enterpriseChanges(before, after, changes, base, proposed);
  const deltas = before.map((b, i) => (after[i] as Assessment).riskScore - b.riskScore);
  const planBefore = planFigures(plans.before, inspectors);
  const planAfter = planFigures(plans.after, inspectors);
  const listings = {
    seriousListings: listingChange(before, after, (a) => (a.seriousListing ? [a.seriousListing.recordId] : null)),
    listingCandidates: listingChange(before, after, (a) => a.listingCandidate?.recordIds ?? null),
  };
  const keyBefore = before.filter((a) => a.keyInspection).length;
  const keyAfter = after.filter((a) => a.keyInspection).length;
  const records = entries.reduce((n, e) => n + e.records.length, 0);

  return {
    format: 'fenji-impact/1',
    generatedAt: o.generatedAt,
    asOf,
    period,
    seed,
    base: { id: base.rules.id, title: base.rules.title, file: base.file },
    proposed: { id: proposed.rules.id, title: proposed.rules.title, file: proposed.file },
    baseInForce: ruleSetFor(asOf) === base.rules,
    population: {
      source: population.source.kind,
      path: population.source.path,
      enterprises: entries.length,
      assessed: before.length,
      records,
      inspectors: inspectors.length,
      rejected: population.counts?.rejected ?? null,
    },
    ruleChanges: changes,
    summary: {
      riskGradeChanged: before.filter((b, i) => b.riskGrade !== after[i]?.riskGrade).length,
      creditClassChanged: before.filter((b, i) => b.creditClass !== after[i]?.creditClass).length,
      changed: changed.length,
      riskScoreChanged: deltas.filter((d) => d !== 0).length,
      keyInspections: { before: keyBefore, after: keyAfter },
      plannedInspections: { before: planBefore.inspections, after: planAfter.inspections },
      inspectorDays: { before: planBefore.inspectorDays, after: planAfter.inspectorDays },
      shareOverMax: { before: planBefore.shareOverMax, after: planAfter.shareOverMax },
      seriousListings: { before: listings.seriousListings.before, after: listings.seriousListings.after },
      listingCandidates: { before: listings.listingCandidates.before, after: listings.listingCandidates.after },
    },
    transitions: {
      grades: [...GRADES],
      overall: {
        riskGrade: matrix(before, after, (a) => a.riskGrade),
        creditClass: matrix(before, after, (a) => a.creditClass),
      },
      byRegion: regionTransitions(before, after),
    },
    keyInspections: {
      before: keyBefore,
      after: keyAfter,
      added: before.filter((b, i) => !b.keyInspection && after[i]?.keyInspection).length,
      removed: before.filter((b, i) => b.keyInspection && !after[i]?.keyInspection).length,
      byRegion: regions.map((region) => ({
        region,
        before: before.filter((a) => a.region === region && a.keyInspection).length,
        after: after.filter((a) => a.region === region && a.keyInspection).length,
      })),
    },
    plan: {
      period,
      before: planBefore,
      after: planAfter,
      byRegion: regions.map(
        (region): ImpactPlanRegion => ({
          region,
          before: planFigures(plans.before, inspectors, region),
          after: planFigures(plans.after, inspectors, region),
        }),
      ),
    },
    listings,
    riskScoreChanges: scoreChanges(deltas),
    changes: changed,
    labels: IMPACT_LABELS,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * The inspections plan() reads (grading-model.md §10), reduced to those that decide its result:
 * of each enterprise's active inspections dated on or before asOf, every full-scope one (they make
 * a member not due) and every one on its latest date (their inspectors are rotated out). The
 * others change nothing in a draw, and the command draws four times.
 */
function planHistory(entries: readonly Entry[], asOf: IsoDate): Inspection[] {
  const out: Inspection[] = [];
  for (const { records } of entries) {
    let latest = '';
    for (const r of records) {
      if (r.type === 'inspection' && r.status === 'active' && r.inspectedOn <= asOf && r.inspectedOn > latest)
        latest = r.inspectedOn;
    }
    for (const r of records) {
      if (r.type !== 'inspection' || r.status !== 'active' || r.inspectedOn > asOf) continue;
      if (r.scope === 'full' || r.inspectedOn === latest) out.push(r);
    }
  }
  return out;
}

interface Draws {
  /** As the pipeline draws it (grading-model.md §10): no inspector beyond maxPerPeriod. */
  capped: Plan;
  /** The same draw with every cap lifted: the load each inspector would carry. */
  uncapped: Plan;
}

function drawBoth(
  assessments: readonly Assessment[],
  inspectors: readonly Inspector[],
  inspections: Inspection[],
  asOf: IsoDate,
  period: string,
  seed: string,
): Draws {
  const input = { asOf, period, seed, assessments: [...assessments], inspections };
  return {
    capped: plan({ ...input, inspectors: [...inspectors] }),
    uncapped: plan({ ...input, inspectors: inspectors.map((i) => ({ ...i, maxPerPeriod: Number.MAX_SAFE_INTEGER })) }),
  };
}

/** The plan's figures over every region, or one region's (its inspections and its inspectors). */
function planFigures(draws: Draws, inspectors: readonly Inspector[], region?: string): ImpactPlanFigures {
  const mine = <T extends { region: string }>(xs: readonly T[]) =>
    region === undefined ? xs : xs.filter((x) => x.region === region);
  const planned = mine(draws.capped.inspections);
  const active = mine(inspectors).filter((i) => i.active);
  const load = new Map<string, number>();
  for (const p of draws.uncapped.inspections) {
    for (const id of [p.inspector1, p.inspector2]) if (id !== null) load.set(id, (load.get(id) ?? 0) + 1);
  }
  const over = active.filter((i) => (load.get(i.inspectorId) ?? 0) > i.maxPerPeriod).length;
  const assigned = planned.filter((p) => p.status === 'assigned').length;
  return {
    inspections: planned.length,
    mandatory: planned.filter((p) => p.kind === 'mandatory').length,
    random: planned.filter((p) => p.kind === 'random').length,
    assigned,
    unassigned: planned.length - assigned,
    inspectorDays: 2 * planned.length,
    assignedInspectorDays: 2 * assigned,
    inspectors: active.length,
    capacity: active.reduce((n, i) => n + i.maxPerPeriod, 0),
    inspectorsOverMax: over,
    shareOverMax: active.length === 0 ? 0 : round(over / active.length, 4),
  };
}

function matrix(
  before: readonly Assessment[],
  after: readonly Assessment[],
  of: (a: Assessment) => Grade,
): TransitionMatrix {
  const m = GRADES.map(() => GRADES.map(() => 0));
  before.forEach((b, i) => {
    (m[GRADES.indexOf(of(b))] as number[])[GRADES.indexOf(of(after[i] as Assessment))]++;
  });
  return m;
}

function regionTransitions(before: readonly Assessment[], after: readonly Assessment[]): ImpactRegionTransitions[] {
  const byRegion = new Map<string, { before: Assessment[]; after: Assessment[] }>();
  before.forEach((b, i) => {
    let r = byRegion.get(b.region);
    if (!r) {
      r = { before: [], after: [] };
      byRegion.set(b.region, r);
    }
    r.before.push(b);
    r.after.push(after[i] as Assessment);
  });
  return [...byRegion.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([region, r]) => ({
      region,
      enterprises: r.before.length,
      riskGrade: matrix(r.before, r.after, (a) => a.riskGrade),
      creditClass: matrix(r.before, r.after, (a) => a.creditClass),
    }));
}

function grading(a: Assessment): ImpactGrading {
  return {
    riskScore: a.riskScore,
    baseGrade: a.baseGrade,
    riskGrade: a.riskGrade,
    creditClass: a.creditClass,
    keyInspection: a.keyInspection,
    inspectionsPerYear: a.inspectionsPerYear,
  };
}

function enterpriseChanges(
  before: readonly Assessment[],
  after: readonly Assessment[],
  changes: readonly RuleValueChange[],
  base: ChosenRuleSet,
  proposed: ChosenRuleSet,
): ImpactChange[] {
  const out: ImpactChange[] = [];
  before.forEach((b, i) => {
    const a = after[i] as Assessment;
    if (b.riskGrade === a.riskGrade && b.creditClass === a.creditClass) return;
    const factors = changedFactors(b, a);
    out.push({
      uscc: b.uscc,
      name: b.name,
      region: b.region,
      category: b.category,
      before: grading(b),
      after: grading(a),
      factors,
      ruleValues: responsibleValues(b, a, factors, changes, base.rules, proposed.rules),
    });
  });
  return out;
}

function listingChange(
  before: readonly Assessment[],
  after: readonly Assessment[],
  of: (a: Assessment) => string[] | null,
): ImpactListing {
  const listed = (a: Assessment, ids: string[]): ImpactListed => ({
    uscc: a.uscc,
    name: a.name,
    region: a.region,
    recordIds: ids,
  });
  const out: ImpactListing = { before: 0, after: 0, appear: [], disappear: [] };
  before.forEach((b, i) => {
    const a = after[i] as Assessment;
    const was = of(b);
    const is = of(a);
    if (was) out.before++;
    if (is) out.after++;
    if (is && !was) out.appear.push(listed(a, is));
    if (was && !is) out.disappear.push(listed(b, was));
  });
  return out;
}

function scoreChanges(deltas: readonly number[]): ImpactReport['riskScoreChanges'] {
  const counts = new Map<number, number>();
  for (const d of deltas) counts.set(d, (counts.get(d) ?? 0) + 1);
  const histogram = [...counts.entries()].sort(([a], [b]) => a - b).map(([delta, count]) => ({ delta, count }));
  return {
    changed: deltas.filter((d) => d !== 0).length,
    increased: deltas.filter((d) => d > 0).length,
    decreased: deltas.filter((d) => d < 0).length,
    min: histogram[0]?.delta ?? 0,
    max: histogram.at(-1)?.delta ?? 0,
    mean: deltas.length === 0 ? 0 : round(deltas.reduce((s, d) => s + d, 0) / deltas.length, 2),
    histogram,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** impact.json's fields in Chinese and English (grading-model.md §12 terms). */
export const IMPACT_LABELS: Record<string, string> = {
  base: '基准规则集 base rule set',
  proposed: '拟议规则集 proposed rule set',
  baseInForce: '基准规则集为评定日现行规则 the base is the rule set in force on asOf',
  asOf: '评定日期 grading date',
  period: '抽查计划周期 plan period',
  seed: '双随机抽取种子 seed of the double-random draws',
  population: '评定对象 population graded',
  ruleChanges: '变更的规则值（规则集文件路径、原值、新值） rule values changed (path in the rule-set file, old, new)',
  summary: '概要 summary',
  transitions:
    '风险等级与信用风险分类转移矩阵（行：基准，列：拟议） transition matrices of risk grade and credit class (rows base, columns proposed)',
  keyInspections: '重点监督检查企业数 enterprises under key inspection',
  plan: '双随机抽查计划及检查人员工作量 the double-random plan and inspector load',
  inspectorDays: '检查人日（每次现场检查两名执法人员） inspector-days (two officers per on-site inspection)',
  capacity: '检查人员本周期上限合计 sum of the inspectors’ maxPerPeriod',
  inspectorsOverMax: '任务量超过上限的检查人员 inspectors whose load exceeds their maxPerPeriod',
  shareOverMax: '超过上限的检查人员比例 share of inspectors over their maxPerPeriod',
  seriousListings: '严重违法失信名单 serious illegal-dishonest list',
  listingCandidates: '拟列入严重违法失信名单 listing candidates',
  appear: '新增 appear',
  disappear: '移出 disappear',
  riskScoreChanges: '风险分值变化分布 distribution of risk-score changes',
  changes: '风险等级或信用风险分类变化的企业 enterprises whose risk grade or credit class changes',
  factors: '分值变化的风险因素 factor codes whose points changed',
  ruleValues: '导致变化的规则值 rule values responsible',
  before: '基准规则集下 under the base rule set',
  after: '拟议规则集下 under the proposed rule set',
};
