// The processing stack (stateless): ingest, grading and the joint-discipline export.
//
//   S3 → ingest queue (stateful stack) → ingest-s3 ─┐
//   upstream → record queue → ingest-sqs ───────────┴→ table (records, dirty markers)
//   Scheduler (daily, monthly) → grade-scheduler → grade queue → grade-worker → table + bus
//   Scheduler (each finished run, within 10 min; daily) → discipline-export → exports bucket
//
// Every failure ends in a DLQ with an alarm: the three SQS sources have their own DLQs; failed
// asynchronous invocations (Scheduler, EventBridge, and the functions they invoke) share one.

import { GSI_DIRTY, GSI_LATEST_BY_REGION, GSI_NEXT_CHANGE } from '@fenji/store';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnSchedule, CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { type IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { FenjiConfig } from './config.ts';
import { FenjiFunction } from './fenji-function.ts';
import {
  bucketList,
  grantObjects,
  KEY_DECRYPT,
  KEY_ENCRYPT,
  keyUse,
  RECORD_WRITE_ACTIONS,
  TABLE_WRITE_ACTIONS,
  tableRead,
  tableWrite,
} from './grants.ts';
import { DLQ_RETENTION, MAX_RECEIVE_COUNT, SCHEDULE_TIMEZONE, SCHEDULES, TIMEOUT, visibilityFor } from './limits.ts';
import { type StatefulStack, secureQueueDefaults } from './stateful-stack.ts';

/** The `source` of grading events (@fenji/app EVENT_SOURCE, packages/app/src/shared/adapters.ts). */
export const GRADING_EVENT_SOURCE = 'fenji.grading';
/**
 * Detail types that change the joint-discipline list (@fenji/app TRIGGER_DETAIL_TYPES). No rule
 * routes them to discipline-export any more: one export per event meant one full export per
 * listing a run starts or ends. The export runs once per finished run (SCHEDULES.disciplineRuns);
 * the handler still takes such an event (a replay from the archive).
 */
export const DISCIPLINE_TRIGGERS = ['ListingStarted', 'ListingEnded', 'BannedPersonInCharge'] as const;

export interface ProcessingStackProps extends StackProps {
  readonly config: FenjiConfig;
  readonly stateful: StatefulStack;
}

export class ProcessingStack extends Stack {
  readonly ingestS3: FenjiFunction;
  readonly ingestSqs: FenjiFunction;
  readonly gradeScheduler: FenjiFunction;
  readonly gradeWorker: FenjiFunction;
  readonly disciplineExport: FenjiFunction;
  readonly recordQueue: Queue;
  readonly recordDlq: Queue;
  readonly gradeQueue: Queue;
  readonly gradeDlq: Queue;
  readonly failedInvocations: Queue;
  readonly bus: EventBus;
  readonly schedules: Record<keyof typeof SCHEDULES, CfnSchedule>;
  readonly dlqAlarms: Alarm[] = [];
  readonly gradingFailuresAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ProcessingStackProps) {
    super(scope, id, props);
    const { config, stateful: s } = props;
    this.addStackDependency(s);
    const alarmAction = new SnsAction(s.alarmTopic);
    const shared = { config, alarmAction };
    const tableEnv = { TABLE_NAME: s.table.tableName, GRADE_SHARDS: String(config.gradeShards) };

    // --- Queues (KMS, TLS only), each with a DLQ.
    this.failedInvocations = new Queue(this, 'FailedInvocationsDlq', {
      ...secureQueueDefaults(s.key),
      retentionPeriod: DLQ_RETENTION,
    });
    this.recordDlq = new Queue(this, 'RecordDlq', { ...secureQueueDefaults(s.key), retentionPeriod: DLQ_RETENTION });
    this.recordQueue = new Queue(this, 'RecordQueue', {
      ...secureQueueDefaults(s.key),
      visibilityTimeout: visibilityFor(TIMEOUT.ingestSqs),
      deadLetterQueue: { queue: this.recordDlq, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.gradeDlq = new Queue(this, 'GradeDlq', { ...secureQueueDefaults(s.key), retentionPeriod: DLQ_RETENTION });
    this.gradeQueue = new Queue(this, 'GradeQueue', {
      ...secureQueueDefaults(s.key),
      visibilityTimeout: visibilityFor(TIMEOUT.gradeWorker),
      deadLetterQueue: { queue: this.gradeDlq, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    // --- The grading bus, archived a year so events can be replayed into a fixed consumer.
    this.bus = new EventBus(this, 'Bus', { description: 'fenji grading events (GradeChanged, Listing*, …)' });
    this.bus.archive('Archive', {
      description: 'Every fenji grading event, for replay',
      eventPattern: { source: [GRADING_EVENT_SOURCE] },
      retention: Duration.days(365),
    });

    // --- ingest-s3: a batch file per message; reads it, writes records, rejects to quarantine.
    this.ingestS3 = new FenjiFunction(this, 'IngestS3', {
      ...shared,
      name: 'ingest-s3',
      description: 'fenji: ingests a batch file from the records bucket (S3 notification via SQS)',
      memorySize: 1024,
      timeout: TIMEOUT.ingestS3,
      environment: {
        ...tableEnv,
        QUARANTINE_BUCKET: s.quarantineBucket.bucketName,
        FENJI_ID_KEY_SECRET_ARN: s.idKeySecret.secretArn,
      },
    });
    this.ingestS3.fn.addEventSource(
      new SqsEventSource(s.ingestQueue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: config.ingestConcurrency,
      }),
    );
    grantRecordWriter(this.ingestS3, s, 'ingest-s3 writes rejected records and its ingest report', [
      'rejects/*',
      'reports/*',
    ]);
    grantObjects(this.ingestS3, s.recordsBucket, ['*'], ['s3:GetObject'], 'ingest-s3 reads the uploaded batch file');
    this.ingestS3.grant(bucketList(s.recordsBucket));

    // --- ingest-sqs: one record per message from upstream systems.
    this.ingestSqs = new FenjiFunction(this, 'IngestSqs', {
      ...shared,
      name: 'ingest-sqs',
      description: 'fenji: ingests one record per message from the record queue',
      timeout: TIMEOUT.ingestSqs,
      environment: {
        ...tableEnv,
        QUARANTINE_BUCKET: s.quarantineBucket.bucketName,
        FENJI_ID_KEY_SECRET_ARN: s.idKeySecret.secretArn,
      },
    });
    this.ingestSqs.fn.addEventSource(
      new SqsEventSource(this.recordQueue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        maxConcurrency: config.ingestConcurrency,
      }),
    );
    grantRecordWriter(this.ingestSqs, s, 'ingest-sqs writes rejected records', ['rejects/*']);

    // --- grade-scheduler: finds what to grade, writes the run header, sends shards.
    this.gradeScheduler = new FenjiFunction(this, 'GradeScheduler', {
      ...shared,
      name: 'grade-scheduler',
      description: 'fenji: starts a grading run (Scheduler: daily, monthly; on demand: rules)',
      memorySize: config.schedulerMemoryMb,
      timeout: TIMEOUT.gradeScheduler,
      environment: {
        ...tableEnv,
        GRADE_QUEUE_URL: this.gradeQueue.queueUrl,
        SHARD_SIZE: String(config.shardSize),
      },
      deadLetterQueue: this.failedInvocations,
      // A retry would start a second run with a new id: a failed start goes to the DLQ for a person.
      retryAttempts: 0,
    });
    // Dirty markers (GSI2), due dates and every enterprise by shard (GSI3).
    this.gradeScheduler.grant(tableRead(s.table, [GSI_DIRTY, GSI_NEXT_CHANGE]));
    // The run header; once, the person-bar items of penalties stored before they existed, and
    // the marker that says so (ensurePersonBarIndex).
    this.gradeScheduler.grant(tableWrite(s.table, ['dynamodb:PutItem'], ['RUN#*', 'INDEXES']));
    this.gradeScheduler.grant(tableWrite(s.table, ['dynamodb:UpdateItem'], ['BAR#*']));
    this.gradeScheduler.grant(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.gradeQueue.queueArn] }),
    );
    this.gradeScheduler.grant(keyUse(s.key, [...KEY_DECRYPT, ...KEY_ENCRYPT]));

    // --- grade-worker: one shard per message; reserved concurrency bounds the load on the table.
    this.gradeWorker = new FenjiFunction(this, 'GradeWorker', {
      ...shared,
      name: 'grade-worker',
      description: 'fenji: grades a shard of enterprises, writes assessments, publishes change events',
      memorySize: 1024,
      timeout: TIMEOUT.gradeWorker,
      reservedConcurrency: config.workerConcurrency,
      environment: { ...tableEnv, EVENT_BUS_NAME: this.bus.eventBusName },
    });
    this.gradeWorker.fn.addEventSource(
      new SqsEventSource(this.gradeQueue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        // Never more pollers than reserved instances: messages wait in the queue, not in throttles.
        maxConcurrency: config.workerConcurrency,
      }),
    );
    // GSI1: a failed sample's disposal, wherever it is stored (deadlines.md §3).
    this.gradeWorker.grant(tableRead(s.table, [GSI_LATEST_BY_REGION]));
    this.gradeWorker.grant(tableWrite(s.table, TABLE_WRITE_ACTIONS));
    this.gradeWorker.grant(keyUse(s.key, [...KEY_DECRYPT, ...KEY_ENCRYPT]));
    this.gradeWorker.grant(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [this.bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': GRADING_EVENT_SOURCE } },
      }),
    );

    // --- discipline-export: one at a time (reserved concurrency 1), once per finished run and daily.
    this.disciplineExport = new FenjiFunction(this, 'DisciplineExport', {
      ...shared,
      name: 'discipline-export',
      description: 'fenji: writes the joint-discipline list to the exports bucket (once per finished run, and daily)',
      memorySize: config.exportMemoryMb,
      timeout: TIMEOUT.disciplineExport,
      reservedConcurrency: 1,
      environment: { ...tableEnv, EXPORTS_BUCKET: s.exportsBucket.bucketName },
      deadLetterQueue: this.failedInvocations,
      retryAttempts: 2, // idempotent: an unchanged list writes nothing
      // A 10-minute check that finds the previous export still running is throttled (reserved
      // concurrency 1) and retried; only throttling that lasts 15 minutes is worth a page.
      throttleEvaluationPeriods: 3,
    });
    // The list's sources and enterprises; the newest runs (GSI3 `RUNS`) and, per finished run,
    // the mark that its export was made (RUN#<id> / DISCIPLINE).
    this.disciplineExport.grant(tableRead(s.table, [GSI_NEXT_CHANGE]));
    this.disciplineExport.grant(tableWrite(s.table, ['dynamodb:PutItem'], ['RUN#*']));
    this.disciplineExport.grant(keyUse(s.key, [...KEY_DECRYPT, ...KEY_ENCRYPT]));
    grantObjects(
      this.disciplineExport,
      s.exportsBucket,
      ['discipline/*'],
      ['s3:GetObject', 's3:PutObject'],
      'discipline-export reads the previous manifest and writes the list',
    );
    this.disciplineExport.grant(bucketList(s.exportsBucket));

    // --- EventBridge Scheduler: daily incremental and monthly full grading, daily export.
    const group = new CfnScheduleGroup(this, 'ScheduleGroup', { name: this.stackName });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'fenji schedules: invoke grade-scheduler and discipline-export',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': this.account,
            'aws:SourceArn': group.attrArn,
          },
        },
      }),
    });
    schedulerRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.gradeScheduler.fn.functionArn, this.disciplineExport.fn.functionArn],
      }),
    );
    schedulerRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.failedInvocations.queueArn] }),
    );
    schedulerRole.addToPrincipalPolicy(keyUse(s.key, ['kms:GenerateDataKey', 'kms:Decrypt']));
    const schedule = (id: keyof typeof SCHEDULES, target: FenjiFunction, description: string) => {
      const { expression, input } = SCHEDULES[id];
      const cfn = new CfnSchedule(this, `Schedule-${id}`, {
        description,
        groupName: group.ref,
        scheduleExpression: expression,
        scheduleExpressionTimezone: SCHEDULE_TIMEZONE,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: target.fn.functionArn,
          roleArn: schedulerRole.roleArn,
          input: JSON.stringify(input),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: this.failedInvocations.queueArn },
        },
      });
      cfn.node.addDependency(schedulerRole);
      return cfn;
    };
    this.schedules = {
      gradeDaily: schedule('gradeDaily', this.gradeScheduler, 'fenji: daily incremental grading run'),
      gradeMonthly: schedule('gradeMonthly', this.gradeScheduler, 'fenji: monthly full grading run'),
      disciplineDaily: schedule('disciplineDaily', this.disciplineExport, 'fenji: daily joint-discipline export'),
      disciplineRuns: schedule(
        'disciplineRuns',
        this.disciplineExport,
        'fenji: joint-discipline export once per finished grading run',
      ),
    };

    // --- Alarms: every DLQ, grading failures, listings waiting for a profile.
    for (const [id, name, queue] of [
      ['IngestDlqAlarm', 'ingest queue (S3 notifications)', s.ingestDlq],
      ['RecordDlqAlarm', 'record queue', this.recordDlq],
      ['GradeDlqAlarm', 'grade queue', this.gradeDlq],
      [
        'FailedInvocationsDlqAlarm',
        'failed invocations (Scheduler, EventBridge, async Lambda)',
        this.failedInvocations,
      ],
    ] as const) {
      this.dlqAlarms.push(dlqAlarm(this, id, name, queue, alarmAction));
    }
    this.gradingFailuresAlarm = new Alarm(this, 'GradingFailuresAlarm', {
      alarmDescription:
        'fenji grade-worker: enterprises could not be graded (metric gradingFailures > 0). The run record RUN#<runId> lists them with reasons.',
      metric: new Metric({
        namespace: 'fenji',
        metricName: 'gradingFailures',
        dimensionsMap: { service: 'fenji' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.gradingFailuresAlarm.addAlarmAction(alarmAction);
    new Alarm(this, 'DisciplinePendingProfilesAlarm', {
      alarmDescription:
        'fenji discipline-export: listings or bars have waited three days for their enterprise profile and are missing from the published list.',
      metric: new Metric({
        namespace: 'fenji',
        metricName: 'disciplinePendingProfiles',
        dimensionsMap: { service: 'fenji' },
        statistic: 'Minimum',
        period: Duration.days(1),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(alarmAction);

    new CfnOutput(this, 'RecordQueueUrl', {
      value: this.recordQueue.queueUrl,
      description: 'Upstream systems send one record per message here',
    });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    new CfnOutput(this, 'GradeSchedulerFunction', {
      value: this.gradeScheduler.fn.functionName,
      description: 'Invoke with {"kind":"rules"} after a rule-set change',
    });
  }
}

/** What the record-parsing functions need: the table, the key, quarantine prefixes and the ID-key secret. */
function grantRecordWriter(fn: FenjiFunction, s: StatefulStack, why: string, quarantinePrefixes: string[]): void {
  fn.grant(tableRead(s.table, []));
  fn.grant(tableWrite(s.table, RECORD_WRITE_ACTIONS));
  fn.grant(keyUse(s.key, [...KEY_DECRYPT, ...KEY_ENCRYPT]));
  fn.grant(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [s.idKeySecret.secretArn] }));
  grantObjects(fn, s.quarantineBucket, quarantinePrefixes, ['s3:PutObject', 's3:AbortMultipartUpload'], why);
}

function dlqAlarm(scope: Construct, id: string, name: string, queue: IQueue, action: IAlarmAction): Alarm {
  const alarm = new Alarm(scope, id, {
    alarmDescription: `fenji: messages in the ${name} DLQ. Each one failed every retry; read it, fix the cause, then redrive it.`,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(action);
  return alarm;
}
