// What both ingest functions need, built once per container from the environment.
import type { S3Client } from '@aws-sdk/client-s3';
import { type Clock, systemClock } from '@fenji/domain';
import { RecordStore } from '@fenji/store';
import { dynamoDocumentClient, s3Client } from './clients.ts';
import { loadConfig, required, resolveIdKey } from './config.ts';

export interface IngestDeps {
  s3: S3Client;
  store: RecordStore;
  quarantineBucket: string;
  /** HMAC key that turns ID numbers into matchable hashes (records.md §3). */
  idKey: string;
  /** Today, against which record dates are validated (records.md §2: no date after today). */
  clock: Clock;
}

export async function ingestDepsFromEnv(): Promise<IngestDeps> {
  const config = loadConfig();
  return {
    s3: s3Client(config),
    store: new RecordStore({
      doc: dynamoDocumentClient(config),
      table: config.TABLE_NAME,
      shards: config.GRADE_SHARDS,
      clock: systemClock,
    }),
    quarantineBucket: required(config.QUARANTINE_BUCKET, 'QUARANTINE_BUCKET'),
    idKey: await resolveIdKey(config),
    clock: systemClock,
  };
}
