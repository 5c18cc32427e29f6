// Lambda: starts a grading run (EventBridge Scheduler, or on demand), wired to the table and the
// grade queue named in the environment.
import { SQSClient } from '@aws-sdk/client-sqs';
import { makeSchedulerHandler, type ScheduleDeps } from '@fenji/app/grading';
import { dynamoDocumentClient, lazy, loadConfig, required, sqsGradeQueue } from '@fenji/app/shared';
import { systemClock } from '@fenji/domain';
import { AssessmentStore, RunStore } from '@fenji/store';

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

export const handler = makeSchedulerHandler(lazy(depsFromEnv));
