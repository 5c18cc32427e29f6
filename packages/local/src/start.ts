// npm start: the whole fenji pipeline on a data folder, locally (records.md §4).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Clock, isValidIsoDate, parsePeriod, systemClock } from '@fenji/domain';
import { terminalProgress } from './progress.ts';
import { summaryTable } from './summary.ts';

const HELP = `fenji 分级 — grade food and drug enterprises on a data folder, locally

Usage: npm start -- [options]

  --data DIR        data folder: every *.csv and *.jsonl under it, typed by file or folder name
                    (enterprises, inspections, penalties, samplings, inspectors)      [events/data]
                    数据目录
  --as-of DATE      grading date YYYY-MM-DD (Asia/Shanghai)                          [today]
                    分级基准日
  --out DIR         where the outputs go                                             [out]
                    输出目录: assessments.jsonl, discipline-list.jsonl, plan.csv,
                    plan-meta.json, rejects.jsonl, report.html, run-summary.json
  --period P        plan period: YYYY, YYYY-Qn or YYYY-MM                             [quarter of --as-of]
                    抽查计划周期
  --seed TEXT       seed of the double-random draw; published with its SHA-256       [random, printed]
                    双随机抽取种子
  --state DIR       embedded database and objects; the same state makes runs incremental,
                    a new folder starts empty                                        [.fenji]
                    本地状态目录
  -h, --help        this help
`;

function fail(message: string): never {
  process.stderr.write(`fenji: ${message}\nRun with --help for the options.\n`);
  process.exit(2);
}

export async function main(argv: string[], clock: Clock): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    fail((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(HELP);
    return;
  }
  const asOf = v['as-of'] ?? clock.today();
  if (!isValidIsoDate(asOf)) fail(`--as-of must be a calendar date YYYY-MM-DD; got ${asOf}`);
  const period = v.period ?? `${asOf.slice(0, 4)}-Q${Math.floor((Number(asOf.slice(5, 7)) - 1) / 3) + 1}`;
  try {
    parsePeriod(period);
  } catch (e) {
    fail(`--period: ${(e as Error).message}`);
  }
  const seed = v.seed ?? randomBytes(12).toString('hex');
  if (!v.seed) process.stderr.write(`seed 种子: ${seed} (random; pass --seed to repeat this draw)\n`);
  const options = {
    data: v.data ?? 'events/data',
    asOf,
    out: v.out ?? 'out',
    period,
    seed,
    state: v.state ?? '.fenji',
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
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
}

if (import.meta.main) {
  main(process.argv.slice(2), systemClock).catch((e) => {
    process.stderr.write(`fenji: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
