// Lambda: the joint-discipline list export of @fenji/app (EventBridge Scheduler and the grading
// bus invoke it), wired to the table and the exports bucket named in the environment.
import { type ExportDeps, makeDisciplineExportHandler } from '@fenji/app/discipline';
import { dynamoDocumentClient, lazy, loadConfig, required, s3Client } from '@fenji/app/shared';
import { systemClock } from '@fenji/domain';
import { RecordStore } from '@fenji/store';

export function depsFromEnv(): ExportDeps {
  const config = loadConfig();
  return {
    records: new RecordStore({
      doc: dynamoDocumentClient(config),
      table: config.TABLE_NAME,
      shards: config.GRADE_SHARDS,
      clock: systemClock,
    }),
    s3: s3Client(config),
    bucket: required(config.EXPORTS_BUCKET, 'EXPORTS_BUCKET'),
    clock: systemClock,
  };
}

export const handler = makeDisciplineExportHandler(lazy(depsFromEnv));
