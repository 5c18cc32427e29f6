// What both ingest functions need, built once per container from the environment and the clock
// their handler hands in (the function is the edge that owns the wall clock).
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock } from '@fenji/domain';
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

export async function ingestDepsFromEnv(clock: Clock): Promise<IngestDeps> {
  const config = loadConfig();
  return {
    s3: s3Client(config),
    store: new RecordStore({
      doc: dynamoDocumentClient(config),
      table: config.TABLE_NAME,
      shards: config.GRADE_SHARDS,
      clock,
    }),
    quarantineBucket: required(config.QUARANTINE_BUCKET, 'QUARANTINE_BUCKET'),
    idKey: await resolveIdKey(config),
    clock,
  };
}
