// npm run impact: what a proposed rule set would do to a population before it is adopted
// (issue 18) — the same enterprises graded as of one date under the base rule set and under the
// proposed one, in memory, and the difference written as impact.json and impact.html.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Clock, parsePeriod, RULE_SETS, ruleSetFor, systemClock } from '@fenji/domain';
import { type ImpactReport, renderImpact } from '@fenji/report';
import { computeImpact } from './impact-compute.ts';
import { type ChosenRuleSet, chooseRuleSet } from './impact-rules.ts';
import { loadDataFolder, loadState, type Population, stateProblem } from './population.ts';
import { type Progress, terminalProgress } from './progress.ts';
import { asOfProblem, dataProblem, runCommand, UsageError } from './start.ts';

const DEFAULT_SEED = 'fenji-impact';

const HELP = `fenji 分级 — rule-change impact: what a proposed rule set would do before it is adopted
规则变更影响评估：拟议规则集施行前对监管对象的影响

Usage: npm run impact -- --rules FILE|ID [--base FILE|ID] [--data DIR | --state DIR] [options]

  --rules FILE|ID   the proposed rule set: a rule-set file in the shipped format (a copy of
                    packages/domain/rules/cn-2022.json with changed values, its id the file
                    name) or a shipped id (${RULE_SETS.map((r) => r.id).join(', ')})           [required]
                    拟议规则集（规则集文件或编号）
  --base FILE|ID    the rule set compared with                   [the one in force on --as-of]
                    基准规则集
  --data DIR        grade the records of a data folder, read in memory as npm start reads
                    it (no database)                                              [events/data]
                    数据目录
  --state DIR       grade the records of an npm start state instead (.fenji/<folder>-<hash>)
                    本地状态目录
  --as-of DATE      grading date YYYY-MM-DD                                            [today]
                    评定日期
  --period P        plan period: YYYY, YYYY-Qn or YYYY-MM                   [quarter of --as-of]
                    抽查计划周期
  --seed TEXT       seed of the double-random draws, the same under both sets  [${DEFAULT_SEED}]
                    双随机抽取种子
  --out DIR         where impact.json and impact.html go                                [out]
                    输出目录
  -h, --help        this help

Outputs 输出 (in --out):
  impact.json   transitions of risk grade and credit class (overall and per district), key
                inspections, the plan and inspector-days before and after, the share of
                inspectors over maxPerPeriod, listings and candidates that appear or disappear,
                risk-score changes, and every enterprise whose grade changes with the factor
                codes and rule values (path, old value, new value) responsible
  impact.html   the same as one self-contained page, in Chinese and English
Documentation: docs/impact.md

Exit codes: 0 done; 2 bad options, data folder, state or rule-set file (nothing written).
`;

export interface ImpactRun {
  report: ImpactReport;
  files: string[];
  seconds: { read: number; impact: number; write: number };
}

/** The whole command after its options are checked: read, grade twice, compare, write. */
export async function runImpact(
  o: {
    data?: string;
    state?: string;
    asOf: string;
    period: string;
    seed: string;
    out: string;
    base: ChosenRuleSet;
    proposed: ChosenRuleSet;
    clock: Clock;
  },
  progress: Progress,
): Promise<ImpactRun> {
  const t0 = performance.now();
  const population: Population = o.state
    ? await loadState(o.state, { clock: o.clock, progress })
    : await loadDataFolder(o.data ?? 'events/data', { clock: o.clock, progress });
  const t1 = performance.now();
  const report = computeImpact({
    population,
    asOf: o.asOf,
    period: o.period,
    seed: o.seed,
    base: o.base,
    proposed: o.proposed,
    generatedAt: o.clock.now().toISOString(),
    progress,
  });
  const t2 = performance.now();
  mkdirSync(o.out, { recursive: true });
  writeFileSync(join(o.out, 'impact.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(o.out, 'impact.html'), renderImpact(report));
  const t3 = performance.now();
  const s = (a: number, b: number) => Math.round((b - a) / 10) / 100;
  return {
    report,
    files: ['impact.json', 'impact.html'],
    seconds: { read: s(t0, t1), impact: s(t1, t2), write: s(t2, t3) },
  };
}

/** Returns the process exit code. */
export async function main(argv: string[], clock: Clock): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  // Everything is checked before anything is read or written.
  if (values.rules === undefined)
    throw new UsageError('--rules FILE|ID is required: the proposed rule set (拟议规则集必填)');
  if (values.data !== undefined && values.state !== undefined)
    throw new UsageError('give --data or --state, not both (数据目录与状态目录只能二选一)');
  const state = values.state;
  const data = state === undefined ? (values.data ?? 'events/data') : undefined;
  const noSource = state === undefined ? dataProblem(data as string) : stateProblem(state);
  if (noSource) throw new UsageError(noSource);
  const asOf = values['as-of'] ?? clock.today();
  const badDate = asOfProblem(asOf, clock.today());
  if (badDate) throw new UsageError(badDate);
  const period = values.period ?? `${asOf.slice(0, 4)}-Q${Math.floor((Number(asOf.slice(5, 7)) - 1) / 3) + 1}`;
  try {
    parsePeriod(period);
  } catch (e) {
    throw new UsageError(`--period: ${(e as Error).message}`);
  }
  const proposed = chooseRuleSet('--rules', values.rules);
  const base =
    values.base === undefined ? { rules: ruleSetFor(asOf), file: null } : chooseRuleSet('--base', values.base);
  const out = values.out ?? 'out';

  process.stderr.write(
    `impact 规则变更影响: ${base.rules.id}${values.base === undefined ? ` (in force on 现行于 ${asOf})` : ''} → ${proposed.rules.id}${proposed.file ? ` (${proposed.file})` : ''}, as of 评定日期 ${asOf}, ${state ? `state 状态目录 ${state}` : `data 数据目录 ${data}`}\n`,
  );
  const started = performance.now();
  const run = await runImpact(
    {
      ...(state === undefined ? { data: data as string } : { state }),
      asOf,
      period,
      seed: values.seed ?? DEFAULT_SEED,
      out,
      base,
      proposed,
      clock,
    },
    terminalProgress(),
  );
  process.stdout.write(summaryText(run.report));
  process.stdout.write(
    `\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s (read ${run.seconds.read} s, grade and compare ${run.seconds.impact} s, write ${run.seconds.write} s). ` +
      `Outputs in ${out}/ — open ${out}/impact.html\n`,
  );
  return 0;
}

/** The headline figures, for the terminal. */
export function summaryText(r: ImpactReport): string {
  const s = r.summary;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const rows: [string, string][] = [
    ['rule values changed 规则值变更', String(r.ruleChanges.length)],
    ['enterprises assessed 评定企业', String(r.population.assessed)],
    ['risk grade changes 风险等级变化', String(s.riskGradeChanged)],
    ['credit class changes 信用风险分类变化', String(s.creditClassChanged)],
    ['risk score changes 风险分值变化', String(s.riskScoreChanged)],
    ['key inspection 重点监督检查', `${s.keyInspections.before} → ${s.keyInspections.after}`],
    [`planned inspections 计划检查 ${r.period}`, `${s.plannedInspections.before} → ${s.plannedInspections.after}`],
    ['inspector-days 检查人日', `${s.inspectorDays.before} → ${s.inspectorDays.after}`],
    ['inspectors over maxPerPeriod 超过上限', `${pct(s.shareOverMax.before)} → ${pct(s.shareOverMax.after)}`],
    ['serious list 严重违法失信名单', `${s.seriousListings.before} → ${s.seriousListings.after}`],
    ['listing candidates 拟列入', `${s.listingCandidates.before} → ${s.listingCandidates.after}`],
  ];
  return `\nfenji impact 规则变更影响  ${r.base.id} → ${r.proposed.id}, as of ${r.asOf}\n${rows.map(([k, v]) => `  ${k.padEnd(38)} ${v}`).join('\n')}\n`;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      rules: { type: 'string' },
      base: { type: 'string' },
      data: { type: 'string' },
      state: { type: 'string' },
      'as-of': { type: 'string' },
      period: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
}

if (import.meta.main) runCommand('fenji impact', () => main(process.argv.slice(2), systemClock));
