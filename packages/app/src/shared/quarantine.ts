// The quarantine bucket: where every rejected record ends, as JSON Lines in the shape of
// records.md §3, so a clerk can fix and resend it. Objects are keyed by their source, so a
// re-delivered notification or message rewrites the same object instead of adding another.

import { PassThrough } from 'node:stream';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Reject } from '@fenji/domain';

export const rejectsKey = (source: string) => `rejects/${source.replace(/^\/+/, '')}.jsonl`;
export const reportKey = (source: string) => `reports/${source.replace(/^\/+/, '')}.json`;

/**
 * Streams rejects of one source into one object, opened on the first reject: a file with
 * millions of bad lines never sits in memory.
 */
export class RejectsWriter {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly key: string;
  count = 0;
  private stream: PassThrough | undefined;
  private upload: Promise<unknown> | undefined;

  constructor(s3: S3Client, bucket: string, source: string) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = rejectsKey(source);
  }

  async write(rejects: readonly Reject[]): Promise<void> {
    if (rejects.length === 0) return;
    if (!this.stream) {
      this.stream = new PassThrough();
      this.upload = new Upload({
        client: this.s3,
        params: {
          Bucket: this.bucket,
          Key: this.key,
          Body: this.stream,
          ContentType: 'application/x-ndjson; charset=utf-8',
        },
      }).done();
      // Surface an upload failure at close(), not as an unhandled rejection.
      this.upload.catch(() => undefined);
    }
    const text = rejects.map((r) => `${JSON.stringify(r)}\n`).join('');
    this.count += rejects.length;
    if (!this.stream.write(text)) {
      // A failed upload never drains: wait for whichever comes first, and let the failure surface.
      await Promise.race([new Promise((r) => this.stream?.once('drain', r)), this.upload]);
    }
  }

  /** Finishes the object; returns its key, or null when nothing was rejected. */
  async close(): Promise<string | null> {
    if (!this.stream) {
      // The same source re-sent without errors: the rejects of its earlier version no longer hold.
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key }));
      return null;
    }
    this.stream.end();
    await this.upload;
    return this.key;
  }
}

export async function putJson(s3: S3Client, bucket: string, key: string, body: unknown): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: `${JSON.stringify(body, null, 2)}\n`,
      ContentType: 'application/json; charset=utf-8',
    }),
  );
}

/** Rejects as JSON Lines, the shape of records.md §3, in one object. */
export async function putJsonLines(s3: S3Client, bucket: string, key: string, rows: readonly unknown[]): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: rows.map((r) => `${JSON.stringify(r)}\n`).join(''),
      ContentType: 'application/x-ndjson; charset=utf-8',
    }),
  );
}
