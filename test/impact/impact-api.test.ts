// POST /impact end to end against the embedded runtime, through the real SDK clients: a small
// generated data set ingested and graded by `npm start` into a state, then the API handler queues
// a job and the impact worker's use case runs it on that state's table (dynalite) and writes to
// its exports bucket (s3rver). Its impact.json is the one `npm run impact` writes on the same
// data — from the data folder and from the state — as of the same day under the same rule sets:
// the same enterprises, grades, changes, plans and rule values; only when it was made and where
// the records came from differ.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type ApiDeps, inProcessImpactQueue, runImpactJob } from '@fenji/app';
import { fixedClock } from '@fenji/domain';
import { startEmbedded } from '@fenji/embedded';
import { runPipeline, silentProgress } from '@fenji/local';
import type { ImpactReport } from '@fenji/report';
import { writeDataset } from '@fenji/sample';
import {
  ApiQueries,
  AssessmentStore,
  CaseStore,
  documentClient,
  ImpactJobStore,
  PlanStore,
  RecordStore,
  RunStore,
} from '@fenji/store';
import { describe, expect, it } from 'vitest';
import { apiClient } from '../../packages/app/test/api/support.ts';
import { runImpact } from '../../packages/local/src/impact.ts';
import { chooseRuleSet } from '../../packages/local/src/impact-rules.ts';

const CLOCK = fixedClock('2026-11-30T04:00:00Z');
const AS_OF = '2026-11-30';
const tmp = mkdtempSync(join(tmpdir(), 'fenji-impact-api-'));

/** What does not depend on who made impact.json or where it read the records. */
function comparable(r: ImpactReport) {
  const { generatedAt: _g, population, ...rest } = r;
  const { source: _s, path: _p, rejected: _r, ...counts } = population;
  return { ...rest, population: counts };
}

describe('POST /impact on a stored population', () => {
  it('writes the impact.json that npm run impact writes on the same data, as of the same day', async () => {
    const data = join(tmp, 'data');
    await writeDataset(data, { enterprises: 40, seed: 'impact-api', asOf: AS_OF });
    const state = join(tmp, 'state');
    await runPipeline(
      { data, asOf: AS_OF, out: join(tmp, 'out'), period: '2026-Q4', seed: 's', state, clock: CLOCK },
      silentProgress,
    );
    const args = { asOf: AS_OF, period: '2026-Q4', seed: 'fenji-impact', clock: CLOCK };
    const rules = { base: chooseRuleSet('--base', 'cn-2022'), proposed: chooseRuleSet('--rules', 'cn-2016') };
    const local = async (source: { data: string } | { state: string }, out: string) => {
      await runImpact({ ...source, ...args, ...rules, out: join(tmp, out) }, silentProgress);
      return JSON.parse(readFileSync(join(tmp, out, 'impact.json'), 'utf8')) as ImpactReport;
    };
    const fromData = await local({ data }, 'from-data');
    const fromState = await local({ state }, 'from-state');

    const env = await startEmbedded({ stateDir: state });
    const doc = documentClient(env.dynamoConfig);
    const s3 = new S3Client(env.s3Config);
    try {
      const table = env.tableName;
      // npm start's shard count (packages/local/src/pipeline.ts).
      const shards = 16;
      const records = new RecordStore({ doc, table, shards, clock: CLOCK });
      const assessments = new AssessmentStore({ doc, table, shards });
      const impactJobs = new ImpactJobStore({ doc, table });
      const queue = inProcessImpactQueue(({ jobId }) =>
        runImpactJob(jobId, {
          records,
          assessments,
          jobs: impactJobs,
          s3,
          exportsBucket: env.buckets.exports,
          shards,
          clock: CLOCK,
        }),
      );
      const deps: ApiDeps = {
        records,
        assessments,
        cases: new CaseStore({ doc, table }),
        runs: new RunStore({ doc, table }),
        queries: new ApiQueries({ doc, table, shards }),
        plans: new PlanStore({ doc, table }),
        s3,
        exportsBucket: env.buckets.exports,
        clock: CLOCK,
        impactJobs,
        impactQueue: queue,
      };
      const api = apiClient(deps);
      const admin = { regions: ['330000'], role: 'admin' };
      const posted = await api.call('POST', '/impact', admin, {
        rules: 'cn-2016',
        base: 'cn-2022',
        asOf: AS_OF,
        period: '2026-Q4',
      });
      expect(posted.status).toBe(202);
      await queue.idle();
      const job = await api.call<{ state: string; result: { files: { json: string; html: string } } }>(
        'GET',
        `/impact/${posted.body.id}`,
        admin,
      );
      expect(job.body.state).toBe('done');
      const object = await s3.send(
        new GetObjectCommand({ Bucket: env.buckets.exports, Key: job.body.result.files.json }),
      );
      const fromApi = JSON.parse((await object.Body?.transformToString('utf-8')) as string) as ImpactReport;

      expect(fromApi.population).toMatchObject({ source: 'store', path: table, rejected: null });
      expect(fromApi.population.assessed).toBeGreaterThan(30);
      expect(fromApi.changes.length).toBeGreaterThan(0);
      expect(comparable(fromApi)).toEqual(comparable(fromState));
      expect(comparable(fromApi)).toEqual(comparable(fromData));
    } finally {
      s3.destroy();
      doc.destroy();
      await env.stop();
    }
  }, 120_000);
});
