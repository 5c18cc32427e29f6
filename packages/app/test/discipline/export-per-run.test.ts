// The joint-discipline list once per finished grading run (issue 17 part 5), not once per listing
// event: the `{"kind": "runs"}` schedule exports when a run has finished and marks it, exports
// nothing for a run still running, a run already exported or a re-grade of the past.
import { S3Client } from '@aws-sdk/client-s3';
import { fixedClock } from '@fenji/domain';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { documentClient, emptyShardCounts, RecordStore, RunStore } from '@fenji/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, storeFixture } from '../../../../test/support/discipline-fixture.ts';
import { lambdaContext } from '../../../../test/support/lambda.ts';
import {
  type DisciplineExportEvent,
  exportForFinishedRuns,
  makeDisciplineExportHandler,
  RUNS_KIND,
} from '../../src/discipline/export-handler.ts';
import type { ExportDeps } from '../../src/discipline/export-list.ts';

const clock = fixedClock('2026-11-30T01:00:00Z');
let env: Embedded;
let s3: S3Client;
let deps: ExportDeps;
let runs: RunStore;

beforeAll(async () => {
  env = await startEmbedded();
  s3 = new S3Client(env.s3Config);
  const doc = documentClient(env.dynamoConfig);
  const records = new RecordStore({ doc, table: env.tableName, shards: 4, clock });
  runs = new RunStore({ doc, table: env.tableName });
  deps = { records, s3, bucket: env.buckets.exports, clock };
  await storeFixture(records);
});
afterAll(async () => {
  s3.destroy();
  deps.records.doc.destroy();
  await env.stop();
});

const start = (runId: string, startedAt: string, shards: number, extra: { regrade?: boolean } = {}) =>
  runs.start({ runId, kind: 'daily', asOf: AS_OF, startedAt, enterprises: shards * 10, shards, ...extra });
const done = (runId: string, shard: number) =>
  runs.shardDone(runId, shard, emptyShardCounts(), [], '2026-11-30T02:30:00.000Z');

describe('discipline export once per finished run', () => {
  it('nothing while the run is running; one export when it has finished; none again', async () => {
    await start('run-a', '2026-11-30T02:00:00.000Z', 2);
    await done('run-a', 0);
    expect(await exportForFinishedRuns(deps)).toEqual({ trigger: `schedule:${RUNS_KIND}`, runs: [], exports: [] });

    await done('run-a', 1);
    const out = await exportForFinishedRuns(deps);
    expect(out.runs).toEqual(['run-a']);
    expect(out.exports).toHaveLength(1);
    expect(out.exports[0]).toMatchObject({ asOf: AS_OF, changed: true, trigger: 'schedule:runs' });
    expect(out.exports[0]?.counts).toMatchObject({ listings: 2, personBars: 2 });

    expect((await exportForFinishedRuns(deps)).runs).toEqual([]);
  });

  it('two runs finished since the last check make one export per date, and a re-grade none', async () => {
    await start('run-b', '2026-11-30T03:00:00.000Z', 1);
    await start('run-c', '2026-11-30T03:10:00.000Z', 1);
    await start('run-r', '2026-11-30T03:20:00.000Z', 1, { regrade: true });
    for (const id of ['run-b', 'run-c', 'run-r']) await done(id, 0);
    const out = await exportForFinishedRuns(deps);
    expect(out.runs).toEqual(['run-b', 'run-c']);
    expect(out.exports.map((e) => [e.asOf, e.changed])).toEqual([[AS_OF, false]]); // the same list
  });

  it('the handler takes {"kind": "runs"} as that check; other schedules still export as before', async () => {
    const handler = makeDisciplineExportHandler(() => deps) as unknown as (
      event: DisciplineExportEvent,
      context: unknown,
    ) => Promise<unknown>;
    expect(await handler({ kind: RUNS_KIND }, lambdaContext('discipline-export'))).toMatchObject({ runs: [] });
    expect(await handler({ kind: 'daily', asOf: AS_OF }, lambdaContext('discipline-export'))).toMatchObject({
      trigger: 'schedule:daily',
      changed: false,
    });
  });
});
