// Lambda: invoked by EventBridge Scheduler with `{"kind": "daily" | "monthly" | "rules"}`
// (and optionally `asOf`, `runId`), or on demand with the same payload. An `asOf` before today
// re-grades the past (history rows only); one after today is refused.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import { systemClock } from '@fenji/domain';
import {
  dynamoDocumentClient,
  lazy,
  loadConfig,
  logger,
  metrics,
  required,
  sqsGradeQueue,
} from '@fenji/functions-shared';
import { AssessmentStore, RunStore } from '@fenji/store';
import middy from '@middy/core';
import { type ScheduleDeps, type ScheduledRun, type ScheduleRequest, scheduleRun } from './schedule-run.ts';

export function depsFromEnv(): ScheduleDeps {
  const config = loadConfig();
  const doc = dynamoDocumentClient(config);
  return {
    assessments: new AssessmentStore({ doc, table: config.TABLE_NAME, shards: config.GRADE_SHARDS }),
    runs: new RunStore({ doc, table: config.TABLE_NAME }),
    queue: sqsGradeQueue(
      new SQSClient({ region: config.AWS_REGION }),
      required(config.GRADE_QUEUE_URL, 'GRADE_QUEUE_URL'),
    ),
    shards: config.GRADE_SHARDS,
    shardSize: config.SHARD_SIZE,
    clock: systemClock,
  };
}

export function makeHandler(getDeps: () => ScheduleDeps) {
  return middy(async (event: ScheduleRequest): Promise<ScheduledRun> => {
    const run = await scheduleRun(event, getDeps());
    logger.info('grading run started', { ...run });
    metrics.addMetric('enterprisesScheduled', MetricUnit.Count, run.enterprises);
    return run;
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

export const handler = makeHandler(lazy(depsFromEnv));
