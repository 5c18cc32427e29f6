// Lambda: runs one rule-change impact job per impact-queue message (POST /impact), wired to the
// table and the exports bucket named in the environment.
import { type ImpactWorkerDeps, makeImpactWorkerHandler } from '@fenji/app/impact';
import { dynamoDocumentClient, lazy, loadConfig, required, s3Client } from '@fenji/app/shared';
import { systemClock } from '@fenji/domain';
import { AssessmentStore, ImpactJobStore, RecordStore } from '@fenji/store';

export function depsFromEnv(): ImpactWorkerDeps {
  const config = loadConfig();
  const doc = dynamoDocumentClient(config);
  const table = config.TABLE_NAME;
  const shards = config.GRADE_SHARDS;
  return {
    records: new RecordStore({ doc, table, shards, clock: systemClock }),
    assessments: new AssessmentStore({ doc, table, shards }),
    jobs: new ImpactJobStore({ doc, table }),
    s3: s3Client(config),
    exportsBucket: required(config.EXPORTS_BUCKET, 'EXPORTS_BUCKET'),
    shards,
    clock: systemClock,
  };
}

export const handler = makeImpactWorkerHandler(lazy(depsFromEnv));
