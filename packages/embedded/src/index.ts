// The embedded runtime: dynalite (the DynamoDB API in Node) and s3rver (S3) on free loopback
// ports, with fenji's table and buckets created. No Docker, no Java, no AWS account. The same
// SDK clients and handler code as in Lambda talk to them; only the endpoints differ.

import { mkdirSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { documentClient, tableDefinition } from '@fenji/store';
import S3rver from 's3rver';

/** s3rver accepts only its own fixed credentials; dynalite accepts any. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const REGION = 'cn-north-1';

export interface EmbeddedOptions {
  /** Folder for the database and objects; omitted = in memory (tests). */
  stateDir?: string;
  tableName?: string;
  buckets?: Partial<EmbeddedBuckets>;
}

export interface EmbeddedBuckets {
  records: string;
  quarantine: string;
  exports: string;
}

export interface Embedded {
  region: string;
  credentials: typeof CREDENTIALS;
  dynamoEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  buckets: EmbeddedBuckets;
  /** SDK configuration for a DynamoDB client against the embedded endpoint. */
  dynamoConfig: { endpoint: string; region: string; credentials: typeof CREDENTIALS };
  /** SDK configuration for an S3 client against s3rver (path-style, checksums only when required). */
  s3Config: {
    endpoint: string;
    region: string;
    credentials: typeof CREDENTIALS;
    forcePathStyle: true;
    requestChecksumCalculation: 'WHEN_REQUIRED';
    responseChecksumValidation: 'WHEN_REQUIRED';
  };
  /** Environment variables that point fenji's handlers at this runtime. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<Embedded> {
  const tableName = options.tableName ?? 'fenji';
  const buckets: EmbeddedBuckets = {
    records: 'fenji-records',
    quarantine: 'fenji-quarantine',
    exports: 'fenji-exports',
    ...options.buckets,
  };
  if (options.stateDir) mkdirSync(join(options.stateDir, 's3'), { recursive: true });

  // dynalite on its own thread: the database and the code under test use both cores.
  const ddbWorker = new Worker(new URL('./dynalite-worker.ts', import.meta.url), {
    workerData: options.stateDir ? { path: join(options.stateDir, 'dynamodb') } : {},
  });
  const ddbPort = await new Promise<number>((resolve, reject) => {
    ddbWorker.once('error', reject);
    ddbWorker.once('message', (m: { port: number }) => resolve(m.port));
  });
  const dynamoEndpoint = `http://127.0.0.1:${ddbPort}`;

  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    ...(options.stateDir ? { directory: join(options.stateDir, 's3') } : { directory: join(tmpDir(), 's3') }),
    configureBuckets: Object.values(buckets).map((name) => ({ name, configs: [] })),
  });
  const { port: s3Port } = (await s3rver.run()) as AddressInfo;
  const s3Endpoint = `http://127.0.0.1:${s3Port}`;

  const dynamoConfig = { endpoint: dynamoEndpoint, region: REGION, credentials: CREDENTIALS };
  const s3Config = {
    endpoint: s3Endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    forcePathStyle: true as const,
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
  };

  const ddb = new DynamoDBClient(dynamoConfig);
  try {
    await ddb.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
    await ddb.send(new CreateTableCommand(tableDefinition(tableName)));
  }
  ddb.destroy();
  const s3 = new S3Client(s3Config);
  for (const name of Object.values(buckets)) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    } catch (e) {
      if (
        (e as { name?: string }).name !== 'BucketAlreadyOwnedByYou' &&
        (e as { name?: string }).name !== 'BucketAlreadyExists'
      )
        throw e;
    }
  }
  s3.destroy();

  return {
    region: REGION,
    credentials: CREDENTIALS,
    dynamoEndpoint,
    s3Endpoint,
    tableName,
    buckets,
    dynamoConfig,
    s3Config,
    env: {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      FENJI_DYNAMODB_ENDPOINT: dynamoEndpoint,
      FENJI_S3_ENDPOINT: s3Endpoint,
      TABLE_NAME: tableName,
      RECORDS_BUCKET: buckets.records,
      QUARANTINE_BUCKET: buckets.quarantine,
      EXPORTS_BUCKET: buckets.exports,
    },
    async stop() {
      await s3rver.close();
      const stopped = new Promise((resolve) => ddbWorker.once('message', resolve));
      ddbWorker.postMessage('stop');
      await stopped;
      await ddbWorker.terminate();
    },
  };
}

export { documentClient };

function tmpDir(): string {
  return mkdtempSync(join(process.env.TMPDIR ?? '/tmp', `fenji-s3-${process.pid}-`));
}
