// A grading harness over the embedded runtime: the scheduler's real SQS adapter and the
// worker's real EventBridge adapter, with the SDK clients mocked at the edge
// (aws-sdk-client-mock) so sent shards and published events can be read back and fed on.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  eventBridgePublisher,
  type GradeShardDeps,
  type GradeShardMessage,
  makeSchedulerHandler as makeScheduler,
  makeWorkerHandler as makeWorker,
  sqsGradeQueue,
} from '@fenji/app';
import { type Clock, clockFrom } from '@fenji/domain';
import type { Embedded } from '@fenji/embedded';
import { AssessmentStore, CaseStore, documentClient, RecordStore, RunStore } from '@fenji/store';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { lambdaContext, sampleEvent } from './lambda.ts';

export interface PublishedEvent {
  type: string;
  detail: { eventId: string; uscc: string; runId: string; [k: string]: unknown };
}

/** The harness's day before its first run: records ingested then are checked against it and stamped with it. */
const HARNESS_FIRST_DAY = '2026-11-30';

export function gradingHarness(env: Embedded, options: { shards?: number; shardSize?: number } = {}) {
  const doc = documentClient(env.dynamoConfig);
  const table = env.tableName;
  const shards = options.shards ?? 4;
  const sent: GradeShardMessage[] = [];
  // Each run happens on its own asOf unless a test sets the day (a re-grade of the past); what
  // is ingested before the first run arrives on HARNESS_FIRST_DAY. The harness's clock reads
  // noon of that day in Asia/Shanghai, never the wall clock.
  let currentAsOf = HARNESS_FIRST_DAY;
  let today: string | undefined;
  const day = () => today ?? currentAsOf;
  const clock: Clock = clockFrom(() => new Date(`${day()}T04:00:00Z`));
  const records = new RecordStore({ doc, table, shards, clock });
  const assessments = new AssessmentStore({ doc, table, shards });
  const cases = new CaseStore({ doc, table });
  const runs = new RunStore({ doc, table });
  const published: PublishedEvent[] = [];
  const sqsMock = mockClient(SQSClient);
  sqsMock.on(SendMessageBatchCommand).callsFake((input) => {
    for (const e of input.Entries ?? []) sent.push(JSON.parse(e.MessageBody));
    return {
      Successful: (input.Entries ?? []).map((e: { Id: string }) => ({
        Id: e.Id,
        MessageId: e.Id,
        MD5OfMessageBody: '',
      })),
      Failed: [],
    };
  });
  const ebMock = mockClient(EventBridgeClient);
  ebMock.on(PutEventsCommand).callsFake((input) => {
    for (const e of input.Entries ?? []) published.push({ type: e.DetailType, detail: JSON.parse(e.Detail) });
    return { FailedEntryCount: 0, Entries: (input.Entries ?? []).map(() => ({ EventId: 'x' })) };
  });

  const scheduler = makeScheduler(() => ({
    assessments,
    runs,
    queue: sqsGradeQueue(new SQSClient({ region: env.region }), 'https://sqs.local/fenji-grade'),
    shards,
    shardSize: options.shardSize ?? 50,
    clock,
  }));
  const workerDeps = (extra: Partial<GradeShardDeps> = {}): GradeShardDeps => ({
    records,
    assessments,
    cases,
    runs,
    events: eventBridgePublisher(new EventBridgeClient({ region: env.region }), 'fenji-bus'),
    clock,
    ...extra,
  });

  /** The shards sent so far as an SQS event, the way Lambda would deliver them. */
  const shardEvent = (messages: GradeShardMessage[]): SQSEvent => {
    const template = sampleEvent<SQSEvent>('sqs/records.json').Records[0];
    return {
      Records: messages.map((m) => ({ ...template, messageId: `${m.runId}-${m.shard}`, body: JSON.stringify(m) })),
    } as SQSEvent;
  };

  return {
    doc,
    clock,
    records,
    assessments,
    runs,
    sent,
    published,
    /** Schedules a run and works all its shards; returns the run's status. */
    /** The day the scheduler runs on (Asia/Shanghai); undefined: each run on its asOf. */
    setToday(day: string | undefined) {
      today = day;
    },
    async run(kind: 'daily' | 'monthly' | 'rules', asOf: string, runId?: string, more: { regrade?: true } = {}) {
      currentAsOf = asOf;
      const before = sent.length;
      const run = await scheduler(
        { kind, asOf, ...(runId ? { runId } : {}), ...more },
        lambdaContext('grade-scheduler'),
      );
      const messages = sent.slice(before);
      const out: SQSBatchResponse = await makeWorker(() => workerDeps())(
        shardEvent(messages),
        lambdaContext('grade-worker'),
      );
      return { run, messages, out, status: await runs.status(run.runId) };
    },
    schedule: (kind: 'daily' | 'monthly' | 'rules', asOf: string, runId?: string) => {
      currentAsOf = asOf;
      return scheduler({ kind, asOf, ...(runId ? { runId } : {}) }, lambdaContext('grade-scheduler'));
    },
    work: (messages: GradeShardMessage[], extra: Partial<GradeShardDeps> = {}) =>
      makeWorker(() => workerDeps(extra))(shardEvent(messages), lambdaContext('grade-worker')),
    /** The worker as SQS calls it, for redelivery simulations. */
    workerHandler(extra: Partial<GradeShardDeps> = {}) {
      const worker = makeWorker(() => workerDeps(extra));
      return (event: SQSEvent) => worker(event, lambdaContext('grade-worker'));
    },
    shardEvent,
    restore() {
      sqsMock.restore();
      ebMock.restore();
      doc.destroy();
    },
  };
}
