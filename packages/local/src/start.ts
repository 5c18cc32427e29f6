// npm start: the whole fenji pipeline on a data folder, locally (records.md §4).
import { randomBytes } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Clock, gradingDateProblem, parsePeriod, systemClock } from '@fenji/domain';
import { dataFiles } from './data.ts';
import { terminalProgress } from './progress.ts';
import { defaultState, readMemory, STATE_ROOT } from './state.ts';
import { summaryTable } from './summary.ts';

const HELP = `fenji 分级 — grade food and drug enterprises on a data folder, locally

Usage: npm start -- [options]

  --data DIR        data folder: every *.csv and *.jsonl under it, typed by file or folder name
                    (enterprises, inspections, penalties, samplings, disposals, repairs,
                    inspectors)                                                       [events/data]
                    数据目录
  --as-of DATE      grading date YYYY-MM-DD (Asia/Shanghai), from the first rule set's start
                    to tomorrow                                                      [today]
                    分级基准日
  --out DIR         where the outputs go                                             [out]
                    输出目录
  --period P        plan and deadline-metrics period: YYYY, YYYY-Qn or YYYY-MM       [quarter of --as-of]
                    抽查计划及时限统计周期
  --seed TEXT       seed of the double-random draw; published with its SHA-256       [random, printed]
                    A period's plan is drawn once: a later run shows the published one
                    双随机抽取种子（每个周期只抽取一次）
  --state DIR       embedded database and objects; the same state makes runs incremental.
                    Each data folder has its own by default, so two folders never merge
                                                                          [${STATE_ROOT}/<folder>-<hash>]
                    本地状态目录
  --rewind          allow an --as-of earlier than the state's last run (the state's present
                    moves back; later records stay stored but are not seen)
                    允许基准日早于上次运行
  --redraw          draw the period's plan again although it was published; the previous
                    seed commitment is kept in plan-meta.json and shown in the report
                    重新抽取已发布的抽查计划
  --strict          exit with code 3 when any record was rejected (for scripts and schedulers)
                    有拒收记录时以退出码3结束
  -h, --help        this help

Outputs 输出 (in --out):
  assessments.jsonl      one assessment per enterprise: scores, grades, credit class, reasons
  discipline-list.jsonl  the joint-discipline list: listings and person bars (and .xlsx for Excel)
  plan.csv, plan.xlsx, plan-meta.json
                         the double-random plan; the seed, its commitment, population digests
  cases.jsonl            statutory-deadline cases as of --as-of
  case-metrics.jsonl     their timeliness for --period, per district and kind
  rejects.jsonl          every rejected record or file: source, line, recordId, errors
  orphans.jsonl          records kept for enterprises without a profile yet: type, id, uscc, source, line
  events.jsonl           the change events the grading published
  report.html            one self-contained page with all of the above, in Chinese and English
  run-summary.json       the counts of the run
Documentation: docs/README.md (records, outputs, rules, the local command)

Exit codes: 0 done; 2 bad options or data folder (nothing written); 3 --strict and rejects.
`;

/** A mistake in the options or the data folder: one line, exit code 2, nothing created. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

function fail(message: string): never {
  throw new UsageError(message);
}

/** The grading dates a run accepts: from the first rule set's start to tomorrow (a clock hours off). */
export function asOfProblem(asOf: string, today: string): string | undefined {
  const problem = gradingDateProblem(asOf, today);
  return problem && `--as-of ${problem}`;
}

/** A data folder that exists, can be read and holds data files; otherwise why not. */
export function dataProblem(data: string): string | undefined {
  try {
    if (!statSync(data).isDirectory()) return `--data ${data} is not a folder`;
    accessSync(data, constants.R_OK | constants.X_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `--data ${data} does not exist (数据目录不存在)`
      : `--data ${data} cannot be read (${code ?? 'error'}) (数据目录无法读取)`;
  }
  if (dataFiles(data).length === 0) return `--data ${data} holds no *.csv or *.jsonl file (数据目录中没有数据文件)`;
  return undefined;
}

/** Returns the process exit code: 0, or 3 with --strict when records were rejected. */
export async function main(argv: string[], clock: Clock): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    fail((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  // Everything is checked before anything is created: a mistake leaves no state or output behind.
  const data = v.data ?? 'events/data';
  const noData = dataProblem(data);
  if (noData) fail(noData);
  const asOf = v['as-of'] ?? clock.today();
  const badDate = asOfProblem(asOf, clock.today());
  if (badDate) fail(badDate);
  const period = v.period ?? `${asOf.slice(0, 4)}-Q${Math.floor((Number(asOf.slice(5, 7)) - 1) / 3) + 1}`;
  try {
    parsePeriod(period);
  } catch (e) {
    fail(`--period: ${(e as Error).message}`);
  }
  const state = v.state ?? defaultState(data);
  const last = readMemory(state).lastAsOf;
  const rewind = v.rewind === true;
  if (last !== null && asOf < last && !rewind) {
    fail(
      `the state ${state} was last graded as of ${last}; --as-of ${asOf} would move its present back. Add --rewind to do that (later records stay stored but are not seen), or use another --state (状态目录的上次基准日晚于本次；如确需回退请加 --rewind)`,
    );
  }
  if (last !== null && asOf < last) {
    process.stderr.write(
      `rewind 回退: ${state} moves from ${last} back to ${asOf}; records dated after ${asOf} stay stored but are not seen, and the report shows no "changes since the previous run"\n`,
    );
  }
  process.stderr.write(
    `state 状态目录: ${state}${v.state === undefined ? ` (this data folder's own; npm run serve -- --data ${data} serves it)` : ''}\n`,
  );
  const seed = v.seed ?? randomBytes(12).toString('hex');
  const options = {
    data,
    asOf,
    out: v.out ?? 'out',
    period,
    seed,
    seedGiven: v.seed !== undefined,
    state,
    rewind,
    redraw: v.redraw === true,
    clock,
  };
  // Handlers log JSON for CloudWatch and print EMF metrics; on a terminal only warnings and
  // errors are worth showing. Set before the handlers load: Powertools reads it at import.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const { runPipeline } = await import('./pipeline.ts');
  const started = performance.now();
  const summary = await runPipeline(options, terminalProgress());
  process.stdout.write(summaryTable(summary));
  process.stdout.write(
    `\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s. Outputs in ${options.out}/ — open ${options.out}/report.html\n`,
  );
  if (v.strict && summary.rejected > 0) {
    process.stderr.write(`--strict: ${summary.rejected} records were rejected (see rejects.jsonl); exit 3\n`);
    return 3;
  }
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
      period: { type: 'string' },
      seed: { type: 'string' },
      state: { type: 'string' },
      rewind: { type: 'boolean' },
      redraw: { type: 'boolean' },
      strict: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
}

/**
 * A command's entry point: its exit code, a UsageError as one line and exit code 2, anything
 * else with its stack and exit code 1. `name` prefixes every message (fenji, fenji impact).
 */
export function runCommand(name: string, run: () => Promise<number>): void {
  run().then(
    (code) => process.exit(code),
    (e) => {
      if (e instanceof UsageError) {
        process.stderr.write(`${name}: ${e.message}\nRun with --help for the options.\n`);
        process.exit(e.exitCode);
      }
      process.stderr.write(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}

if (import.meta.main) runCommand('fenji', () => main(process.argv.slice(2), systemClock));
