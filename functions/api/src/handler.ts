// Lambda behind the API Gateway HTTP API: the API handler of @fenji/app, wired to the table, the
// exports bucket and the impact worker's queue named in the environment.
import { SQSClient } from '@aws-sdk/client-sqs';
import { type ApiDeps, makeApiHandler } from '@fenji/app/api';
import { sqsImpactQueue } from '@fenji/app/impact';
import { dynamoDocumentClient, lazy, loadConfig, required, s3Client } from '@fenji/app/shared';
import { systemClock } from '@fenji/domain';
import { ApiQueries, AssessmentStore, CaseStore, ImpactJobStore, PlanStore, RecordStore, RunStore } from '@fenji/store';

export function depsFromEnv(): ApiDeps {
  const config = loadConfig();
  const doc = dynamoDocumentClient(config);
  const table = config.TABLE_NAME;
  const shards = config.GRADE_SHARDS;
  return {
    records: new RecordStore({ doc, table, shards, clock: systemClock }),
    assessments: new AssessmentStore({ doc, table, shards }),
    cases: new CaseStore({ doc, table }),
    runs: new RunStore({ doc, table }),
    queries: new ApiQueries({ doc, table, shards }),
    plans: new PlanStore({ doc, table }),
    s3: s3Client(config),
    exportsBucket: required(config.EXPORTS_BUCKET, 'EXPORTS_BUCKET'),
    clock: systemClock,
    impactJobs: new ImpactJobStore({ doc, table }),
    impactQueue: sqsImpactQueue(
      new SQSClient({ region: config.AWS_REGION }),
      required(config.IMPACT_QUEUE_URL, 'IMPACT_QUEUE_URL'),
    ),
  };
}

export const handler = makeApiHandler(lazy(depsFromEnv));
