// The rule-change impact (issue 18) as a pure computation over plain data: one population graded
// as of one date under a base and a proposed rule set with the engine's own assess() and plan(),
// and what differs — grade and credit transitions, key inspections, the plan and inspector load,
// listings, risk scores, and every enterprise whose grade changes with the factors and rule
// values that moved it.
//
// Why an accumulator: `npm run impact` holds its population in memory, but the API's impact
// worker reads a stored population of a province (1M+ enterprises, 10M+ records) from the table.
// Enterprises are added one at a time, in uscc order, each with its two assessments; what is kept
// of each is only what the result needs at the end — counts, the enterprises that change or are
// listed, and for the double-random plan (which needs the whole population at once) a few fields
// of each assessment and of the inspections that decide a draw. Records are never kept. Both
// callers feed the same accumulator, so impact.json is the same whichever of them made it
// (packages/local/test/impact.test.ts pins the command's output; test/impact pins the worker's
// against it).
import {
  type Assessment,
  assess,
  type Enterprise,
  type EnterpriseRecord,
  GRADES,
  type Grade,
  type Inspection,
  type Inspector,
  type IsoDate,
  type Plan,
  type PlanInput,
  plan,
  type RuleSet,
  ruleSetFor,
} from '@fenji/domain';
import {
  type ChosenRuleSet,
  changedFactors,
  comparedResult,
  type RuleValueChange,
  responsibleValues,
  revertedRuleSet,
  revertedRuleSetObject,
  ruleDiff,
} from './impact-rules.ts';
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
} from './impact-types.ts';

export interface ImpactSetup {
  asOf: IsoDate;
  period: string;
  /** Seed of the double-random draws; both rule sets draw with it. */
  seed: string;
  base: ChosenRuleSet;
  proposed: ChosenRuleSet;
}

export interface ImpactFinish {
  inspectors: readonly Inspector[];
  population: {
    source: ImpactReport['population']['source'];
    path: string;
    /** Records refused when reading a data folder; null otherwise. */
    rejected: number | null;
  };
  /** Stamped into impact.json (an ISO instant). */
  generatedAt: string;
  /** Called before the plan is drawn four times (the slow part of finish). */
  onPlan?: () => void;
}

/** What plan() reads of an assessment (PlanInput), and nothing more. */
type PlanMember = PlanInput['assessments'][number];

/** Counts of one district: its transitions and its key inspections. */
interface RegionCounts {
  enterprises: number;
  riskGrade: TransitionMatrix;
  creditClass: TransitionMatrix;
  keyBefore: number;
  keyAfter: number;
}

const emptyMatrix = (): TransitionMatrix => GRADES.map(() => GRADES.map(() => 0));
const bump = (m: TransitionMatrix, from: Grade, to: Grade) => {
  (m[GRADES.indexOf(from)] as number[])[GRADES.indexOf(to)]++;
};
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class ImpactAccumulator {
  readonly setup: ImpactSetup;
  /** Every rule value that differs between the two sets, in file order. */
  readonly ruleChanges: RuleValueChange[];
  private enterprises = 0;
  private records = 0;
  private readonly planBefore: PlanMember[] = [];
  private readonly planAfter: PlanMember[] = [];
  private readonly inspections: Inspection[] = [];
  private readonly regions = new Map<string, RegionCounts>();
  private readonly overall = { riskGrade: emptyMatrix(), creditClass: emptyMatrix() };
  private riskGradeChanged = 0;
  private creditClassChanged = 0;
  private keyBefore = 0;
  private keyAfter = 0;
  private keyAdded = 0;
  private keyRemoved = 0;
  private readonly deltas = new Map<number, number>();
  private deltaSum = 0;
  private readonly changes: ImpactChange[] = [];
  private readonly serious: ImpactListing = { before: 0, after: 0, appear: [], disappear: [] };
  private readonly candidates: ImpactListing = { before: 0, after: 0, appear: [], disappear: [] };
  private lastUscc: string | null = null;
  /** The leave-one-out variants, by changed value: built once, when an enterprise first changes. */
  private variants: { change: RuleValueChange; rules: RuleSet }[] | null = null;

  constructor(setup: ImpactSetup) {
    this.setup = setup;
    this.ruleChanges = ruleDiff(setup.base.rules, setup.proposed.rules);
  }

  /**
   * The proposed set once per changed value with that one value put back to its base value —
   * from the proposed file's JSON when the caller gave it, else from the compiled set. A value
   * that cannot be put back alone (metadata, or a set invalid without the others) has none.
   */
  private variantsOf(): { change: RuleValueChange; rules: RuleSet }[] {
    if (this.variants) return this.variants;
    const { proposed } = this.setup;
    this.variants = this.ruleChanges.flatMap((change) => {
      const rules =
        proposed.data === undefined
          ? revertedRuleSetObject(proposed.rules, change)
          : revertedRuleSet(proposed.data, proposed.rules, change);
      return rules ? [{ change, rules }] : [];
    });
    return this.variants;
  }

  /**
   * Leave-one-out (docs/impact.md "Rule values responsible"): the changed values without which
   * this enterprise's result under the proposed set (risk grade, credit class, risk score, key
   * inspection, inspections per year, any factor's points) would differ — each regraded once, from
   * the records add() is handed, which are not kept. Person bars (FSL Art. 135) are not passed:
   * they only add a warning and move nextChangeOn, neither of which is compared. When no single
   * value is responsible (two values, each enough alone), the values the dependency map names.
   */
  private responsible(
    entry: { profile: Enterprise; records: readonly EnterpriseRecord[] },
    before: Assessment,
    after: Assessment,
    factors: readonly { code: string }[],
  ): RuleValueChange[] {
    const { asOf, base, proposed } = this.setup;
    const result = comparedResult(after);
    const found = this.variantsOf()
      .filter(({ rules }) => comparedResult(assess(entry.profile, entry.records, asOf, { rules })) !== result)
      .map(({ change }) => change);
    return found.length > 0
      ? found
      : responsibleValues(before, after, factors, this.ruleChanges, base.rules, proposed.rules);
  }

  /**
   * One enterprise with a profile, graded under the base (`before`) and the proposed (`after`)
   * rule set — null for a deregistered one, under both. Enterprises come in uscc order, each once.
   */
  add(
    entry: { profile: Enterprise; records: readonly EnterpriseRecord[] },
    before: Assessment | null,
    after: Assessment | null,
  ): void {
    const uscc = entry.profile.uscc;
    if (this.lastUscc !== null && uscc <= this.lastUscc)
      throw new Error(`impact: enterprises must come in uscc order, once each (${uscc} after ${this.lastUscc})`);
    this.lastUscc = uscc;
    // The same enterprises both times: only a deregistered profile goes ungraded, whatever the rules.
    if ((before === null) !== (after === null) || (before && after && before.uscc !== after.uscc))
      throw new Error('the base and proposed gradings cover different enterprises');
    this.enterprises++;
    this.records += entry.records.length;
    this.keepPlanHistory(entry.records);
    if (!before || !after) return;

    this.planBefore.push(planMember(before));
    this.planAfter.push(planMember(after));
    let r = this.regions.get(before.region);
    if (!r) {
      r = { enterprises: 0, riskGrade: emptyMatrix(), creditClass: emptyMatrix(), keyBefore: 0, keyAfter: 0 };
      this.regions.set(before.region, r);
    }
    r.enterprises++;
    for (const m of [this.overall, r]) {
      bump(m.riskGrade, before.riskGrade, after.riskGrade);
      bump(m.creditClass, before.creditClass, after.creditClass);
    }
    if (before.keyInspection) {
      this.keyBefore++;
      r.keyBefore++;
    }
    if (after.keyInspection) {
      this.keyAfter++;
      r.keyAfter++;
    }
    if (!before.keyInspection && after.keyInspection) this.keyAdded++;
    if (before.keyInspection && !after.keyInspection) this.keyRemoved++;
    if (before.riskGrade !== after.riskGrade) this.riskGradeChanged++;
    if (before.creditClass !== after.creditClass) this.creditClassChanged++;
    const delta = after.riskScore - before.riskScore;
    this.deltas.set(delta, (this.deltas.get(delta) ?? 0) + 1);
    this.deltaSum += delta;
    listing(this.serious, before, after, (a) => (a.seriousListing ? [a.seriousListing.recordId] : null));
    listing(this.candidates, before, after, (a) => a.listingCandidate?.recordIds ?? null);
    if (before.riskGrade !== after.riskGrade || before.creditClass !== after.creditClass) {
      const factors = changedFactors(before, after);
      this.changes.push({
        uscc: before.uscc,
        name: before.name,
        region: before.region,
        category: before.category,
        before: grading(before),
        after: grading(after),
        factors,
        ruleValues: this.responsible(entry, before, after, factors),
      });
    }
  }

  /** Enterprises added so far (with a profile). */
  get count(): number {
    return this.enterprises;
  }

  /** The plans under both rule sets and the whole result. */
  finish(o: ImpactFinish): ImpactReport {
    const { asOf, period, seed, base, proposed } = this.setup;
    const inspectors = [...o.inspectors].sort((a, b) => byCode(a.inspectorId, b.inspectorId));
    o.onPlan?.();
    const plans = {
      before: drawBoth(this.planBefore, inspectors, this.inspections, asOf, period, seed),
      after: drawBoth(this.planAfter, inspectors, this.inspections, asOf, period, seed),
    };
    const regions = [...new Set([...this.planBefore.map((a) => a.region), ...inspectors.map((i) => i.region)])].sort();
    const planBefore = planFigures(plans.before, inspectors);
    const planAfter = planFigures(plans.after, inspectors);
    const assessed = this.planBefore.length;
    const histogram = [...this.deltas.entries()].sort(([a], [b]) => a - b).map(([delta, count]) => ({ delta, count }));
    const scoreChanged = assessed - (this.deltas.get(0) ?? 0);
    let increased = 0;
    let decreased = 0;
    for (const { delta, count } of histogram) {
      if (delta > 0) increased += count;
      if (delta < 0) decreased += count;
    }

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
        source: o.population.source,
        path: o.population.path,
        enterprises: this.enterprises,
        assessed,
        records: this.records,
        inspectors: inspectors.length,
        rejected: o.population.rejected,
      },
      ruleChanges: this.ruleChanges,
      summary: {
        riskGradeChanged: this.riskGradeChanged,
        creditClassChanged: this.creditClassChanged,
        changed: this.changes.length,
        riskScoreChanged: scoreChanged,
        keyInspections: { before: this.keyBefore, after: this.keyAfter },
        plannedInspections: { before: planBefore.inspections, after: planAfter.inspections },
        inspectorDays: { before: planBefore.inspectorDays, after: planAfter.inspectorDays },
        shareOverMax: { before: planBefore.shareOverMax, after: planAfter.shareOverMax },
        seriousListings: { before: this.serious.before, after: this.serious.after },
        listingCandidates: { before: this.candidates.before, after: this.candidates.after },
      },
      transitions: {
        grades: [...GRADES],
        overall: { riskGrade: this.overall.riskGrade, creditClass: this.overall.creditClass },
        byRegion: [...this.regions.entries()]
          .sort(([a], [b]) => byCode(a, b))
          .map(
            ([region, r]): ImpactRegionTransitions => ({
              region,
              enterprises: r.enterprises,
              riskGrade: r.riskGrade,
              creditClass: r.creditClass,
            }),
          ),
      },
      keyInspections: {
        before: this.keyBefore,
        after: this.keyAfter,
        added: this.keyAdded,
        removed: this.keyRemoved,
        byRegion: regions.map((region) => ({
          region,
          before: this.regions.get(region)?.keyBefore ?? 0,
          after: this.regions.get(region)?.keyAfter ?? 0,
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
      listings: { seriousListings: this.serious, listingCandidates: this.candidates },
      riskScoreChanges: {
        changed: scoreChanged,
        increased,
        decreased,
        min: histogram[0]?.delta ?? 0,
        max: histogram.at(-1)?.delta ?? 0,
        mean: assessed === 0 ? 0 : round(this.deltaSum / assessed, 2),
        histogram,
      },
      changes: this.changes,
      labels: IMPACT_LABELS,
    };
  }

  /**
   * The inspections plan() reads (grading-model.md §10), reduced to those that decide its result:
   * of the enterprise's active inspections dated on or before asOf, every full-scope one (they
   * make a member not due) and every one on its latest date (their inspectors are rotated out),
   * and of those only the fields plan() reads. The others change nothing in a draw, and an impact
   * draws four times.
   */
  private keepPlanHistory(records: readonly EnterpriseRecord[]): void {
    const { asOf } = this.setup;
    let latest = '';
    for (const r of records) {
      if (r.type === 'inspection' && r.status === 'active' && r.inspectedOn <= asOf && r.inspectedOn > latest)
        latest = r.inspectedOn;
    }
    for (const r of records) {
      if (r.type !== 'inspection' || r.status !== 'active' || r.inspectedOn > asOf) continue;
      if (r.scope === 'full' || r.inspectedOn === latest) {
        const kept = {
          type: r.type,
          uscc: r.uscc,
          status: r.status,
          inspectedOn: r.inspectedOn,
          scope: r.scope,
          inspectors: r.inspectors,
        };
        this.inspections.push(kept as Inspection);
      }
    }
  }
}

function planMember(a: Assessment): PlanMember {
  return {
    uscc: a.uscc,
    name: a.name,
    region: a.region,
    riskGrade: a.riskGrade,
    keyInspection: a.keyInspection,
    inspectionsPerYear: a.inspectionsPerYear,
  };
}

interface Draws {
  /** As the pipeline draws it (grading-model.md §10): no inspector beyond maxPerPeriod. */
  capped: Plan;
  /** The same draw with every cap lifted: the load each inspector would carry. */
  uncapped: Plan;
}

function drawBoth(
  members: readonly PlanMember[],
  inspectors: readonly Inspector[],
  inspections: Inspection[],
  asOf: IsoDate,
  period: string,
  seed: string,
): Draws {
  const input = { asOf, period, seed, assessments: [...members], inspections };
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

function listing(into: ImpactListing, before: Assessment, after: Assessment, of: (a: Assessment) => string[] | null) {
  const listed = (a: Assessment, ids: string[]): ImpactListed => ({
    uscc: a.uscc,
    name: a.name,
    region: a.region,
    recordIds: ids,
  });
  const was = of(before);
  const is = of(after);
  if (was) into.before++;
  if (is) into.after++;
  if (is && !was) into.appear.push(listed(after, is));
  if (was && !is) into.disappear.push(listed(before, was));
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
