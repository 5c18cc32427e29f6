// The whole pipeline on one machine, through the same handlers as in Lambda: the data folder
// is uploaded to the embedded records bucket, each object is announced to ingest-s3 as the
// S3 → SQS notification AWS would send, the grade scheduler's shards are handed to the grade
// worker as SQS-shaped batches, then the discipline list is exported, the plan drawn, and the
// outputs of records.md §4 written.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  datedKey,
  drawPlan,
  expireRawExports,
  exportDisciplineList,
  type FenjiEvent,
  type GradeShardMessage,
  type IngestReport,
  JSONL_FILE,
  latestKey,
  loadPlanInputs,
  makeIngestS3Handler as makeIngestS3,
  makeSchedulerHandler as makeScheduler,
  makeWorkerHandler as makeWorker,
  type PlanInputs,
  publishedPlan,
  REPLAY_WINDOW_DAYS,
  rejectsKey,
  XLSX_FILE,
} from '@fenji/app';
import {
  type Assessment,
  CASE_KINDS,
  CASE_STATES,
  type Case,
  type CaseKind,
  type CaseState,
  type Clock,
  caseMetrics,
  caseOnDay,
  GRADES,
  presentOn,
  type Reject,
} from '@fenji/domain';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { renderReport } from '@fenji/report';
import {
  AssessmentStore,
  addCounts,
  CaseStore,
  documentClient,
  emptyCounts,
  keys,
  PlanStore,
  RecordStore,
  RunStore,
} from '@fenji/store';
import type { Context, SQSEvent } from 'aws-lambda';
import { dataFiles } from './data.ts';
import { assessmentLine, caseLine, caseMetricLine, distribution } from './outputs.ts';
import type { Progress } from './progress.ts';
import { claimRunNumber, idKey, type LocalRunMemory, readMemory, writeMemory } from './state.ts';

export interface PipelineOptions {
  data: string;
  asOf: string;
  out: string;
  period: string;
  seed: string;
  state: string;
  shards?: number;
  shardSize?: number;
  /** The edge's clock: today for validating record dates, instants for stamps and the run id. */
  clock: Clock;
  /** Whether --seed was given (else the seed is random and printed when a plan is drawn). */
  seedGiven?: boolean;
  /** Draw the period's plan again although it was published (--redraw). */
  redraw?: boolean;
}

const context = (name: string): Context =>
  ({ functionName: name, awsRequestId: 'local', getRemainingTimeInMillis: () => 900_000 }) as unknown as Context;

/** SQS-shaped batches of up to 10 messages, as the event source mapping delivers them. */
function sqsBatches(bodies: readonly string[], prefix: string): SQSEvent[] {
  const events: SQSEvent[] = [];
  for (let i = 0; i < bodies.length; i += 10) {
    events.push({
      Records: bodies.slice(i, i + 10).map((body, j) => ({
        messageId: `${prefix}-${i + j}`,
        receiptHandle: 'local',
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:local:000000000000:fenji-${prefix}`,
        awsRegion: 'local',
      })),
    });
  }
  return events;
}

async function getText(s3: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    return (
      (await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString('utf-8')) ??
      null
    );
  } catch (e) {
    if (e instanceof NoSuchKey) return null;
    throw e;
  }
}

/** What every stage of a run shares: the options, the embedded runtime and its stores. */
interface Run {
  options: PipelineOptions;
  progress: Progress;
  env: Embedded;
  s3: S3Client;
  records: RecordStore;
  assessments: AssessmentStore;
  cases: CaseStore;
  runs: RunStore;
  plans: PlanStore;
  shards: number;
  /** The state's HMAC key for ID numbers. */
  idKey: string;
  /** Seconds per stage, for the summary. */
  seconds: Record<string, number>;
}

async function stage<T>(run: Pick<Run, 'seconds'>, name: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const result = await work();
  run.seconds[name] = Math.round((performance.now() - t) / 10) / 100;
  return result;
}

export async function runPipeline(options: PipelineOptions, progress: Progress) {
  const seconds: Record<string, number> = {};
  const memory = readMemory(options.state);
  mkdirSync(options.out, { recursive: true });

  const env: Embedded = await stage({ seconds }, 'start', () => startEmbedded({ stateDir: options.state }));
  const s3 = new S3Client(env.s3Config);
  const doc = documentClient(env.dynamoConfig);
  const shards = options.shards ?? 16;
  const table = env.tableName;
  const run: Run = {
    options,
    progress,
    env,
    s3,
    records: new RecordStore({ doc, table, shards, concurrency: 32, clock: options.clock }),
    assessments: new AssessmentStore({ doc, table, shards }),
    cases: new CaseStore({ doc, table }),
    runs: new RunStore({ doc, table }),
    plans: new PlanStore({ doc, table }),
    shards,
    idKey: idKey(options.state),
    seconds,
  };
  try {
    const { files, totalLines } = await upload(run);
    const ingested = await ingest(run, files, totalLines);
    const graded = await grade(run, memory);
    const discipline = await exportDiscipline(run);
    const { inputs, drawn } = await drawThePlan(run);
    return await writeOutputs(run, { files, ingested, graded, discipline, inputs, drawn, memory });
  } finally {
    s3.destroy();
    doc.destroy();
    await env.stop();
  }
}

/** 1. The data folder becomes the records bucket's objects; those past the replay window go. */
async function upload(run: Run): Promise<{ files: string[]; totalLines: number }> {
  const { options, env, s3 } = run;
  const expired = await expireRawExports(s3, env.buckets.records, options.clock.now());
  if (expired.length > 0) {
    run.progress.note(
      `retention 保存期限: ${expired.length} raw exports older than ${REPLAY_WINDOW_DAYS} days deleted from the state (their records stay in the table)`,
    );
  }
  const files = dataFiles(options.data);
  if (files.length === 0) throw new Error(`no *.csv, *.jsonl or *.ndjson file under ${options.data}`);
  let totalLines = 0;
  await stage(run, 'upload', async () => {
    for (const f of files) {
      const body = readFileSync(join(options.data, f));
      totalLines += body.reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
      await s3.send(new PutObjectCommand({ Bucket: env.buckets.records, Key: f, Body: body }));
    }
  });
  return { files, totalLines };
}

/** 2. Ingest: one notification per object through ingest-s3. */
async function ingest(run: Run, files: readonly string[], totalLines: number) {
  const { env, s3 } = run;
  const reports: IngestReport[] = [];
  const bar = run.progress.bar('导入 ingest', totalLines);
  let linesBefore = 0;
  const ingestS3 = makeIngestS3(() => ({
    s3,
    store: run.records,
    quarantineBucket: env.buckets.quarantine,
    idKey: run.idKey,
    clock: run.options.clock,
    onReport: (r) => {
      reports.push(r);
      linesBefore += r.counts.accepted + r.counts.duplicates + r.counts.stale + r.counts.conflicts + r.counts.rejected;
      bar.update(linesBefore);
    },
    onBatch: ({ lines }) => bar.update(linesBefore + lines),
  }));
  await stage(run, 'ingest', async () => {
    const notifications = files.map((f) =>
      JSON.stringify({
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: {
              bucket: { name: env.buckets.records },
              object: { key: encodeURIComponent(f).replace(/%2F/g, '/'), size: 0, eTag: '' },
            },
          },
        ],
      }),
    );
    // One object per invocation, in path order: Powertools handles a batch's messages in
    // parallel, and when versions of a record sit in different files the arrival order
    // decides what is counted as stale or replaced (never the final state). Locally the
    // counts must repeat too.
    for (const event of sqsBatches(notifications, 'ingest').flatMap((e) => e.Records.map((r) => ({ Records: [r] })))) {
      const out = await ingestS3(event, context('ingest-s3'));
      if (out.batchItemFailures.length > 0)
        throw new Error(`ingest failed for ${out.batchItemFailures.length} objects; see the log above`);
    }
  });
  bar.stop();
  return {
    counts: reports.reduce((c, r) => addCounts(c, r.counts), emptyCounts()),
    rejected: reports.reduce((n, r) => n + r.counts.rejected, 0),
  };
}

/** 3. Grade: the scheduler's shards go to the worker as SQS batches. */
async function grade(run: Run, memory: LocalRunMemory) {
  const { options } = run;
  // Again on the same day, only what can have changed; any other day, everything: a local data
  // folder holds records dated after an earlier --as-of, and a daily run would miss the person
  // bars they start (in the cloud a new bar marks its enterprises dirty when it arrives).
  const kind = memory.lastAsOf === options.asOf ? 'daily' : 'monthly';
  const sent: GradeShardMessage[] = [];
  const events: FenjiEvent[] = [];
  // The local command grades as on --as-of, earlier or later than the clock: its run is
  // the present of its state, never a re-grade of the past.
  const clock = presentOn(options.clock, options.asOf);
  // Each invocation on a state is its own run, named by its number there: the same data, date
  // and seed on a fresh state give the same run id, so events.jsonl repeats byte for byte.
  const runId = `local-${options.asOf}-${claimRunNumber(options.state)}`;
  const scheduled = await stage(run, 'schedule', () =>
    makeScheduler(() => ({
      assessments: run.assessments,
      runs: run.runs,
      shards: run.shards,
      shardSize: options.shardSize ?? 100,
      queue: { send: async (m) => void sent.push(...m) },
      clock,
    }))({ kind, asOf: options.asOf, runId }, context('grade-scheduler')),
  );
  const gradeBar = run.progress.bar('分级 grade', scheduled.enterprises);
  let graded = 0;
  const worker = makeWorker(() => ({
    records: run.records,
    assessments: run.assessments,
    cases: run.cases,
    runs: run.runs,
    events: { publish: async (e) => void events.push(...e) },
    clock,
    beforeEnterprise: () => gradeBar.update(++graded),
  }));
  await stage(run, 'grade', async () => {
    // Batches of one shard each, eight at a time: the worker mostly waits on the database.
    const batches = sqsBatches(
      sent.map((m) => JSON.stringify(m)),
      'grade',
    ).flatMap((e) => e.Records.map((r) => ({ Records: [r] })));
    let next = 0;
    const lane = async () => {
      while (next < batches.length) {
        const out = await worker(batches[next++] as SQSEvent, context('grade-worker'));
        if (out.batchItemFailures.length > 0) throw new Error('a grading shard failed; see the log above');
      }
    };
    await Promise.all(Array.from({ length: 8 }, lane));
  });
  gradeBar.stop();
  // Shards are graded eight at a time, so events arrive in any order; their ids order them.
  events.sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  return { runId, kind, events, status: await run.runs.status(runId) };
}

/** 4. The joint-discipline list, as the export function publishes it (JSON Lines and the workbook). */
async function exportDiscipline(run: Run): Promise<{ jsonl: string; xlsx: Uint8Array | null }> {
  const { options, env, s3 } = run;
  await stage(run, 'discipline', () =>
    exportDisciplineList(
      { asOf: options.asOf },
      { records: run.records, s3, bucket: env.buckets.exports, concurrency: 16, clock: options.clock },
    ),
  );
  // The copy dated --as-of when this run wrote one (after a rewind `latest` stays the later list);
  // else the list did not change since the published one, which is then the same.
  const bytes = async (file: string) => {
    for (const key of [datedKey(options.asOf, file), latestKey(file)]) {
      try {
        const got = await s3.send(new GetObjectCommand({ Bucket: env.buckets.exports, Key: key }));
        return (await got.Body?.transformToByteArray()) ?? null;
      } catch (e) {
        if (!(e instanceof NoSuchKey)) throw e;
      }
    }
    return null;
  };
  const [jsonl, xlsx] = await Promise.all([bytes(JSONL_FILE), bytes(XLSX_FILE)]);
  return { jsonl: jsonl ? Buffer.from(jsonl).toString('utf8') : '', xlsx };
}

/**
 * 5. The double-random plan of the period: drawn once, as the API does (a redraw until a result
 * suits would defeat the published seed commitment, grading-model.md §10). A later run shows the
 * published plan; --redraw draws again and keeps the previous commitment on record.
 */
async function drawThePlan(run: Run) {
  const { options, env } = run;
  const inputs = await stage(run, 'load', () => loadPlanInputs(run.records, run.assessments));
  const deps = {
    records: run.records,
    assessments: run.assessments,
    plans: run.plans,
    s3: run.s3,
    exportsBucket: env.buckets.exports,
  };
  const published = await publishedPlan(options.period, deps);
  if (published && !options.redraw) {
    run.progress.note(
      `plan 抽查计划 ${options.period}: the published draw is shown again (seed commitment ${published.plan.seedCommitment}, drawn as of ${published.plan.asOf}); --redraw draws it again${options.seedGiven && options.seed !== published.plan.seed ? ', and only then is --seed used' : ''}`,
    );
    return { inputs, drawn: published };
  }
  const previous = published ? { seedCommitment: published.plan.seedCommitment, asOf: published.plan.asOf } : undefined;
  const drawn = await stage(run, 'plan', () =>
    drawPlan(
      { period: options.period, seed: options.seed, asOf: options.asOf, ...(previous ? { previous } : {}) },
      deps,
      inputs,
    ),
  );
  if (previous) {
    run.progress.note(
      `plan 抽查计划 ${options.period}: drawn again (--redraw); the previous seed commitment ${previous.seedCommitment} is kept in plan-meta.json`,
    );
  }
  if (!options.seedGiven) {
    run.progress.note(`seed 种子: ${options.seed} (random; published in plan-meta.json; pass --seed to choose it)`);
  }
  return { inputs, drawn };
}

/** 6. The outputs of records.md §4, and what the next run compares with. */
async function writeOutputs(
  run: Run,
  done: {
    files: readonly string[];
    ingested: Awaited<ReturnType<typeof ingest>>;
    graded: Awaited<ReturnType<typeof grade>>;
    discipline: Awaited<ReturnType<typeof exportDiscipline>>;
    inputs: PlanInputs;
    drawn: Awaited<ReturnType<typeof drawPlan>>;
    memory: LocalRunMemory;
  },
) {
  const { options, env, s3, seconds } = run;
  const { counts } = done.ingested;
  const { runId, kind, events, status } = done.graded;
  const { drawn, discipline, memory } = done;
  const disciplineJsonl = discipline.jsonl;
  const all: Assessment[] = done.inputs.assessments.map((a) => ({ ...a, asOf: options.asOf }));
  const assessmentsJsonl = all.map((a) => assessmentLine(a, options.asOf)).join('');
  // Cases are stored by the grading pass; read as of --as-of (deadlines.md §3–4).
  const cases = (await run.cases.inRegions(all.map((a) => a.region))).map((c) => caseOnDay(c, options.asOf));
  const metrics = caseMetrics(cases, options.period, options.asOf);
  const rejects: Reject[] = [];
  for (const f of done.files) {
    const text = await getText(s3, env.buckets.quarantine, rejectsKey(f));
    if (text) for (const line of text.split('\n')) if (line.trim()) rejects.push(JSON.parse(line));
  }
  rejects.sort((a, b) => (a.source === b.source ? (a.line ?? 0) - (b.line ?? 0) : a.source < b.source ? -1 : 1));
  const orphans = await waitingRecords(run);
  if (orphans.length > 0) {
    run.progress.note(
      `orphans 待补企业档案: ${orphans.length} records wait for the profile of their enterprise (orphans.jsonl)`,
    );
  }
  // The summary counts records, not rejects: a file rejected whole held all its lines. (Conflicts,
  // which the store rejects, are counted apart; the ingest reports count each reject once.)
  const rejectedRecords = rejects.reduce((n, r) => n + recordsCovered(options.data, r) - 1, done.ingested.rejected);
  for (const r of rejects.filter((x) => x.line === null)) {
    run.progress.note(
      `rejected whole 整个文件被拒收: ${r.source} (${recordsCovered(options.data, r)} data lines): ${r.errors.map((e) => e.message).join('; ')}`,
    );
  }

  // After a rewind the previous run is later than this one: "changes since" would run backwards.
  const rewound = memory.lastAsOf !== null && memory.lastAsOf > options.asOf;
  const previous =
    memory.assessmentsJsonl && !rewound
      ? memory.assessmentsJsonl
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Assessment)
      : null;
  const summary = {
    asOf: options.asOf,
    period: options.period,
    seed: options.seed,
    seedCommitment: drawn.plan.seedCommitment,
    runId,
    runKind: kind,
    accepted: counts.accepted,
    duplicates: counts.duplicates,
    stale: counts.stale,
    conflicts: counts.conflicts,
    rejected: rejectedRecords,
    orphans: orphans.length,
    enterprisesGraded: status?.counts.graded ?? 0,
    assessmentsChanged: status?.counts.changed ?? 0,
    events: events.length,
    enterprises: all.length,
    riskGrades: distribution(
      all.map((a) => a.riskGrade),
      GRADES,
    ),
    creditClasses: distribution(
      all.map((a) => a.creditClass),
      GRADES,
    ),
    keyInspections: all.filter((a) => a.keyInspection).length,
    seriousListings: all.filter((a) => a.seriousListing).length,
    listingCandidates: all.filter((a) => a.listingCandidate).length,
    cases: caseCounts(cases),
    plan: drawn.meta.counts,
    secondsPerStage: seconds,
  };

  const written: string[] = [];
  const write = (name: string, body: string | Uint8Array) => {
    writeFileSync(join(options.out, name), body);
    written.push(name);
  };
  write('assessments.jsonl', assessmentsJsonl);
  write('discipline-list.jsonl', disciplineJsonl);
  if (discipline.xlsx) write('discipline-list.xlsx', discipline.xlsx);
  write('plan.csv', drawn.csv);
  write('plan.xlsx', drawn.xlsx);
  write('plan-meta.json', `${JSON.stringify(drawn.meta, null, 2)}\n`);
  write('rejects.jsonl', rejects.map((r) => `${JSON.stringify(r)}\n`).join(''));
  write('orphans.jsonl', orphans.map((o) => `${JSON.stringify(o)}\n`).join(''));
  write('events.jsonl', events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  write('cases.jsonl', cases.map(caseLine).join(''));
  write('case-metrics.jsonl', metrics.map(caseMetricLine).join(''));
  write(
    'report.html',
    renderReport({
      generatedAt: options.clock.now().toISOString(),
      asOf: options.asOf,
      period: options.period,
      rulesVersion: all[0]?.rulesVersion ?? '',
      assessments: all,
      previous,
      plan: drawn.plan,
      inspectors: await run.records.inspectors(),
      disciplineList: disciplineJsonl
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
      rejects,
      cases,
      caseMetrics: metrics,
      summary: { ...summary, secondsPerStage: seconds },
      files: written,
      ...(drawn.meta.previous ? { planPrevious: drawn.meta.previous } : {}),
    }),
  );
  write('run-summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  writeMemory(options.state, options.asOf, assessmentsJsonl);
  return summary;
}

/** Cases by kind and state, every pair present (the run summary and the report show zeros too). */
function caseCounts(cases: readonly Case[]): Record<CaseKind, Record<CaseState, number>> {
  const out = Object.fromEntries(CASE_KINDS.map((k) => [k, distribution<CaseState>([], CASE_STATES)])) as Record<
    CaseKind,
    Record<CaseState, number>
  >;
  for (const c of cases) out[c.kind][c.state]++;
  return out;
}

/**
 * The records a reject stands for: one for a record; every data line of the file for a file
 * rejected whole; the lines from where decoding failed to the end for a file cut short.
 */
function recordsCovered(dataDir: string, r: Reject): number {
  const readToEnd = r.line === null || r.errors.some((e) => e.field === 'encoding');
  if (!readToEnd) return 1;
  let lines: string[];
  try {
    lines = readFileSync(join(dataDir, r.source), 'latin1').split(/\r?\n/);
  } catch {
    return 1;
  }
  const from = r.line === null ? (/\.csv$/i.test(r.source) ? 1 : 0) : r.line - 1;
  // NULs are the other half of UTF-16 code units: a line of them alone is no line.
  return Math.max(1, lines.slice(from).filter((l) => l.replace(/\0/g, '').trim() !== '').length);
}

/** One line of orphans.jsonl: a record kept for an enterprise that has no profile yet. */
interface WaitingRecord {
  type: string;
  recordId: string;
  uscc: string;
  source: string;
  line: number | null;
}

/**
 * Records that wait for their enterprise's profile (records.md §3 orphans): kept, never graded,
 * and their enterprise stays marked dirty until the profile arrives — so the dirty index (GSI2)
 * finds them with Queries, and each partition says which records they are and where they came from.
 */
async function waitingRecords(run: Run): Promise<WaitingRecord[]> {
  const out: WaitingRecord[] = [];
  for (let shard = 0; shard < run.shards; shard++) {
    for (const { uscc } of await run.assessments.dirty(shard)) {
      const items = await run.records.enterprisePartition(uscc);
      if (items.some((i) => i.sk === keys.profile)) continue;
      for (const i of items) {
        if (!(i.sk as string).startsWith('REC#')) continue;
        out.push({
          type: i.type as string,
          recordId: i.key as string,
          uscc,
          source: i.source as string,
          line: (i.line as number | null) ?? null,
        });
      }
    }
  }
  const order = (w: WaitingRecord) => `${w.uscc}\u0000${w.type}\u0000${w.recordId}`;
  return out.sort((a, b) => (order(a) < order(b) ? -1 : 1));
}
