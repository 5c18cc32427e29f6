// One benchmark task in its own process: `node bench/child.ts <task> <json args> <result file>`.
// bench/run.ts starts these (common.ts runChild) so each task's peak RSS is its own.
import { join } from 'node:path';
import { scaleDir, writeJson } from './common.ts';
import { prepareScale } from './data.ts';
import { assessBench } from './fenji.ts';
import { ingest200k, make200k } from './ingest-200k.ts';
import { parseBench } from './parse.ts';
import { peerBench } from './peer.ts';
import { pipelineBench } from './pipeline.ts';

const [task, rawArgs, resultFile] = process.argv.slice(2);
if (!task || !rawArgs || !resultFile) {
  process.stderr.write('usage: node bench/child.ts <task> <json args> <result file>\n');
  process.exit(2);
}
const args = JSON.parse(rawArgs) as Record<string, unknown>;

async function main(): Promise<unknown> {
  switch (task) {
    case 'prepare':
      return prepareScale(args.scale as number);
    case 'parse': {
      const p = await prepareScale(args.scale as number);
      return parseBench({ dir: join(scaleDir(p.scale), 'uniform'), files: p.uniform, rounds: args.rounds as number });
    }
    case 'assess': {
      const p = await prepareScale(args.scale as number);
      return assessBench({
        dir: join(scaleDir(p.scale), p.fenjiDir),
        files: p.fenjiFiles,
        rounds: args.rounds as number,
        resultsFile: join(scaleDir(p.scale), 'fenji-results.jsonl'),
      });
    }
    case 'peer': {
      const p = await prepareScale(args.scale as number);
      return peerBench({
        dir: join(scaleDir(p.scale), 'peer'),
        files: p.peerFiles,
        fenjiResults: join(scaleDir(p.scale), 'fenji-results.jsonl'),
        fenjiSeconds: args.fenjiSeconds as number,
        fenjiCpuSeconds: args.fenjiCpuSeconds as number,
        rounds: args.rounds as number,
      });
    }
    case 'pipeline':
      return pipelineBench(args as { enterprises: number; dataDir?: string });
    case 'make200k':
      return make200k();
    case 'ingest200k':
      return ingest200k();
    default:
      throw new Error(`unknown bench task ${task}`);
  }
}

main().then(
  (result) => {
    writeJson(resultFile, result);
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`bench ${task}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
