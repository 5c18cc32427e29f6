// `npm run generate`: writes the sample data set (node packages/sample/src/cli.ts --help).
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS } from './dataset.ts';
import { formatBytes, writeDataset } from './generate.ts';

const HELP = `Usage: node packages/sample/src/cli.ts [options]

Writes a Wenzhou-like sample of food and drug records for fenji: enterprises of the 12
county-level divisions of Wenzhou, their inspections, samplings and penalties, the statutory
steps that follow them (results served, re-tests, disposals of failed samples, publication,
credit repair applications) and the inspectors, as CSV (some GB18030) and JSON Lines, with
version-2 corrections, re-sent duplicates and a few deliberately bad lines. The same options
always give the same bytes.

  --enterprises N     number of enterprises (default ${DEFAULT_OPTIONS.enterprises})
  --seed TEXT         seed of the generator (default "${DEFAULT_OPTIONS.seed}")
  --out DIR           folder to write into (required; an empty or new folder)
  --as-of YYYY-MM-DD  newest date any record may have (default ${DEFAULT_OPTIONS.asOf})
  --force             write into a folder that already holds files (the bundled sample is
                      regenerated with --out events/data --force --clean)
  --clean             first delete the *.csv, *.jsonl and manifest.json already under DIR
  -h, --help          show this help

用法：node packages/sample/src/cli.ts [选项]

生成供 fenji 使用的温州模拟数据：温州市 12 个县级行政区的食品药品企业及其监督检查、
抽检、行政处罚记录，随后的法定环节（检验结论送达、复检、不合格核查处置、处罚信息公示、
信用修复申请）和检查人员名录，输出为 CSV（部分为 GB18030 编码）和 JSON Lines，
含版本 2 更正记录、重复报送记录和少量故意设置的错误行。相同参数总是生成完全相同的文件。

  --enterprises N     企业数量（默认 ${DEFAULT_OPTIONS.enterprises}）
  --seed TEXT         随机种子（默认 "${DEFAULT_OPTIONS.seed}"）
  --out DIR           输出目录（必填；须为空目录或新目录）
  --as-of YYYY-MM-DD  记录的最晚日期（默认 ${DEFAULT_OPTIONS.asOf}）
  --force             允许写入已有文件的目录（重新生成内置样例：--out events/data --force --clean）
  --clean             先删除输出目录中已有的 *.csv、*.jsonl 和 manifest.json
  -h, --help          显示本帮助
`;

function usage(message: string): never {
  process.stderr.write(`${message}\n\nRun with --help for the options (使用 --help 查看选项).\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (err) {
    usage((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const enterprises = values.enterprises === undefined ? DEFAULT_OPTIONS.enterprises : Number(values.enterprises);
  if (!Number.isSafeInteger(enterprises)) usage(`--enterprises must be a whole number, got "${values.enterprises}"`);
  const options = {
    enterprises,
    seed: values.seed ?? DEFAULT_OPTIONS.seed,
    asOf: values['as-of'] ?? DEFAULT_OPTIONS.asOf,
  };
  const out = values.out;
  if (out === undefined) usage('--out is required: the folder to write into (须指定输出目录 --out)');
  if (!values.force && folderHasFiles(out)) {
    usage(
      `--out ${out} already holds files; add --force to write into it (and --clean to delete its data files first) (输出目录非空，如需覆盖请加 --force)`,
    );
  }
  let dataset: Awaited<ReturnType<typeof writeDataset>>;
  try {
    dataset = await writeDataset(out, options, { clean: values.clean ?? false });
  } catch (err) {
    if (err instanceof RangeError) usage(err.message);
    throw err;
  }
  const { files, manifest } = dataset;
  const bytes = files.reduce((s, f) => s + f.bytes.length, 0);
  const l = manifest.lines;
  process.stdout.write(
    `wrote ${files.length} files (${formatBytes(bytes)}) to ${out}: ${l.enterprise} enterprises, ${l.inspector} inspectors, ` +
      `${l.inspection} inspections, ${l.sampling} samplings, ${l.penalty} penalties, ` +
      `${l.disposal} disposals, ${l.repair} repair applications ` +
      `(${manifest.corrections.length} corrections, ${manifest.duplicates.length} duplicates included) ` +
      `+ ${manifest.badLines.length} deliberate bad lines; seed "${options.seed}", as of ${options.asOf}\n`,
  );
}

function folderHasFiles(dir: string): boolean {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false; // a new folder
  }
}

function parse() {
  return parseArgs({
    options: {
      enterprises: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'as-of': { type: 'string' },
      clean: { type: 'boolean' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
