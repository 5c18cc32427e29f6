// Use case: run one rule-change impact job (POST /impact) on the stored population and publish
// impact.json and impact.html to the exports bucket (docs/impact.md "Over the API").
//
// What is read is what `npm run impact --state` reads, through the same store queries: every
// enterprise profile by shard (GSI3), each enterprise's partition with one Query, the inspectors.
// It is graded as the grade worker grades: person bars (FSL Art. 135) looked up by the legal
// representatives' ID hashes (personBarLookup), per batch, never the whole DISCIPLINE partition.
//
// Streaming: the population of a province is 1M+ enterprises and 10M+ records, which do not fit
// in a function's memory. Enterprises are read in batches of LOOKAHEAD in uscc order (the order
// impact.json lists them in), graded under both rule sets and handed to the ImpactAccumulator of
// @fenji/report, which keeps counts, the enterprises that change or are listed, and the few fields
// the double-random plan needs — no records. Only the list of USCCs (~40 bytes each) is held whole,
// to put the shards' enterprises in uscc order.
//
// A job that would run out of the function's time stops between batches and fails with a reason
// that says so, rather than being cut off and retried from the start by SQS.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { assess, type Clock, type Enterprise, type PersonBar, personBars } from '@fenji/domain';
import { ImpactAccumulator, type ImpactReport, renderImpact } from '@fenji/report';
import {
  type AssessmentStore,
  forEachLimited,
  type ImpactJob,
  type ImpactJobStore,
  personBarLookup,
  type RecordStore,
  splitPartition,
} from '@fenji/store';
import { chooseRuleSets } from './rules.ts';

export interface ImpactWorkerDeps {
  records: RecordStore;
  assessments: AssessmentStore;
  jobs: ImpactJobStore;
  s3: S3Client;
  exportsBucket: string;
  /** The shard count of the profile index (GRADE_SHARDS). */
  shards: number;
  clock: Clock;
  /** Milliseconds left to the invocation (Lambda's getRemainingTimeInMillis); none: no limit. */
  remainingMs?: () => number;
}

/** What GET /impact/{id} shows of a finished job: figures that name no enterprise, and the files. */
export interface ImpactJobResult {
  base: { id: string; title: string };
  proposed: { id: string; title: string };
  baseInForce: boolean;
  population: { enterprises: number; assessed: number; records: number; inspectors: number };
  ruleChanges: number;
  summary: ImpactReport['summary'];
  files: { json: string; html: string };
}

export type ImpactOutcome =
  | { state: 'done'; result: ImpactJobResult }
  | { state: 'failed'; error: string }
  | { state: 'skipped'; reason: string }
  /** The run ended but could not record it: the job was no longer its own (taken over, marked, gone). */
  | { state: 'lost'; ran: 'done' | 'failed'; reason: string };

/** Which delivery of its message this is (SQS's ApproximateReceiveCount), and how many the queue allows. */
export interface ImpactDelivery {
  receiveCount: number;
  maxReceiveCount: number;
}

/**
 * How long a run can last: the impact worker's timeout (infra/lib/limits.ts TIMEOUT.impactWorker,
 * Lambda's maximum). A job running for longer has no live worker: it is stale.
 */
export const IMPACT_RUN_LIMIT_MS = 15 * 60_000;

/** Deliveries of a job's message before its DLQ when the queue does not say (infra: IMPACT_MAX_RECEIVE_COUNT). */
export const DEFAULT_IMPACT_MAX_RECEIVE_COUNT = 2;

/** What a stale job is marked with on its message's last delivery. */
export const WORKER_STOPPED =
  'the worker stopped on an earlier attempt (out of memory or time) without recording an outcome';

/** Enterprises read ahead together: their partitions, and one lookup of their representatives' bars. */
const LOOKAHEAD = 100;
const READ_CONCURRENCY = 16;
/** Stop reading when less than this is left: enough to draw the plans and write the files. */
const RESERVE_MS = 90_000;

export const impactKey = (id: string, file: 'impact.json' | 'impact.html') => `impact/${id}/${file}`;

/**
 * Runs a job once per job, whatever SQS delivers. A queued job is started (conditionally: of two
 * deliveries one starts it). A job found running is another delivery's: while it can still be
 * running (started less than `runLimitMs` ago) this delivery is skipped; after that its worker
 * died (out of memory or time) and the job is taken over — or, on the message's last delivery,
 * marked failed saying so rather than run again (it would most likely die the same way, and the
 * message would then go to the DLQ with the job running for ever). The outcome is recorded only
 * while the job is still this run's (its startedAt): a run that lost it records nothing.
 */
export async function runImpactJob(
  jobId: string,
  deps: ImpactWorkerDeps,
  delivery: ImpactDelivery = { receiveCount: 1, maxReceiveCount: DEFAULT_IMPACT_MAX_RECEIVE_COUNT },
  runLimitMs: number = IMPACT_RUN_LIMIT_MS,
): Promise<ImpactOutcome> {
  const job = await deps.jobs.get(jobId);
  if (!job) return { state: 'skipped', reason: `no impact job ${jobId}` };
  if (job.state === 'done' || job.state === 'failed')
    return { state: 'skipped', reason: `impact job ${jobId} is ${job.state} already` };
  const now = deps.clock.now();
  const startedAt = now.toISOString();
  if (job.state === 'running') {
    const since = job.startedAt === null ? Number.NaN : Date.parse(job.startedAt);
    // An unreadable start is no proof of a live worker: stale.
    if (now.getTime() - since < runLimitMs)
      return {
        state: 'skipped',
        reason: `impact job ${jobId} is running since ${job.startedAt} (a duplicate delivery of its message)`,
      };
    if (delivery.receiveCount >= delivery.maxReceiveCount) {
      const error = `${WORKER_STOPPED}: started ${job.startedAt}; not run again on delivery ${delivery.receiveCount} of ${delivery.maxReceiveCount}`;
      if (!(await deps.jobs.fail(jobId, startedAt, error, job.startedAt)))
        return { state: 'skipped', reason: `impact job ${jobId} changed while it was being marked failed` };
      return { state: 'failed', error };
    }
    if (!(await deps.jobs.takeOver(jobId, job.startedAt, startedAt)))
      return { state: 'skipped', reason: `impact job ${jobId} was taken over by another delivery` };
  } else if (!(await deps.jobs.start(jobId, startedAt)))
    return { state: 'skipped', reason: `impact job ${jobId} was started by another delivery` };
  const lost = async (ran: 'done' | 'failed'): Promise<ImpactOutcome> => {
    const current = await deps.jobs.get(jobId);
    const what = current
      ? `${current.state}${current.state === 'running' ? ` since ${current.startedAt}` : ''}`
      : 'gone';
    return {
      state: 'lost',
      ran,
      reason: `impact job ${jobId} ran (${ran}) from ${startedAt} but was no longer this run's when it ended: it is ${what}`,
    };
  };
  let result: ImpactJobResult;
  try {
    result = await computeAndPublish(job, deps);
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    if (!(await deps.jobs.fail(jobId, deps.clock.now().toISOString(), error, startedAt))) return lost('failed');
    return { state: 'failed', error };
  }
  const recorded = await deps.jobs.finish(
    jobId,
    deps.clock.now().toISOString(),
    result as unknown as Record<string, unknown>,
    startedAt,
  );
  if (!recorded) return lost('done');
  return { state: 'done', result };
}

class OutOfTime extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutOfTime';
  }
}

async function computeAndPublish(job: ImpactJob, deps: ImpactWorkerDeps): Promise<ImpactJobResult> {
  const { asOf, period, seed } = job.inputs;
  const { base, proposed } = chooseRuleSets(job.inputs);
  const impact = new ImpactAccumulator({ asOf, period, seed, base, proposed });

  const usccs: string[] = [];
  for (let shard = 0; shard < deps.shards; shard++) usccs.push(...(await deps.assessments.enterprises(shard)));
  usccs.sort();

  // By ID hash once the bar index exists; on a table from before it, from DISCIPLINE as the grade
  // worker does (packages/store indexes.ts personBarLookup).
  const barSources = await personBarLookup(deps.records.doc, deps.records.table);
  for (let start = 0; start < usccs.length; start += LOOKAHEAD) {
    const left = deps.remainingMs?.();
    if (left !== undefined && left < RESERVE_MS)
      throw new OutOfTime(
        `the function ran out of time after ${start} of ${usccs.length} enterprises; a population this large needs more than one invocation (docs/impact.md "Over the API")`,
      );
    const ahead = usccs.slice(start, start + LOOKAHEAD);
    const partitions = new Map<string, ReturnType<typeof splitPartition>>();
    await forEachLimited(ahead, READ_CONCURRENCY, async (uscc) => {
      partitions.set(uscc, splitPartition(await deps.records.enterprisePartition(uscc)));
    });
    const reps = [...partitions.values()].flatMap(({ profile }) => profile?.legalRepId?.hash ?? []);
    const sources = await barSources(reps);
    const bars: { base: PersonBar[]; proposed: PersonBar[] } = {
      base: personBars(sources, asOf, base.rules),
      proposed: personBars(sources, asOf, proposed.rules),
    };
    for (const uscc of ahead) {
      const { profile, records } = partitions.get(uscc) ?? splitPartition([]);
      // Records without a profile (orphans) are not graded, as in every grading.
      if (!profile) continue;
      const before = assess(profile as Enterprise, records, asOf, { rules: base.rules, personBars: bars.base });
      const after = assess(profile as Enterprise, records, asOf, {
        rules: proposed.rules,
        personBars: bars.proposed,
      });
      impact.add({ profile: profile as Enterprise, records }, before, after);
    }
  }

  const report = impact.finish({
    inspectors: await deps.records.inspectors(),
    population: { source: 'store', path: deps.records.table, rejected: null },
    generatedAt: deps.clock.now().toISOString(),
  });
  const files = { json: impactKey(job.id, 'impact.json'), html: impactKey(job.id, 'impact.html') };
  // The same bytes `npm run impact` writes.
  await put(deps, files.json, `${JSON.stringify(report, null, 2)}\n`, 'application/json; charset=utf-8');
  await put(deps, files.html, renderImpact(report), 'text/html; charset=utf-8');
  return {
    base: { id: report.base.id, title: report.base.title },
    proposed: { id: report.proposed.id, title: report.proposed.title },
    baseInForce: report.baseInForce,
    population: {
      enterprises: report.population.enterprises,
      assessed: report.population.assessed,
      records: report.population.records,
      inspectors: report.population.inspectors,
    },
    ruleChanges: report.ruleChanges.length,
    summary: report.summary,
    files,
  };
}

async function put(deps: ImpactWorkerDeps, key: string, body: string, contentType: string): Promise<void> {
  await deps.s3.send(
    new PutObjectCommand({ Bucket: deps.exportsBucket, Key: key, Body: body, ContentType: contentType }),
  );
}
