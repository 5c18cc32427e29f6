// The replay window of raw exports (PIPL Art. 19: personal information is kept no longer than
// its purpose needs). An upstream export holds clear ID numbers; within minutes its records are
// in the table, ID numbers masked and hashed, and the table is the source of truth. The raw file
// serves only a replay — a redrive from a DLQ, a re-ingest after a fix — so it is kept for the
// window and then deleted. In the cloud an S3 lifecycle rule does this (infra: replayWindowDays);
// locally `npm start` applies the same window to the embedded records bucket.
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** A quarter: the monthly cycle of corrections with room; a DLQ keeps a message 14 days. */
export const REPLAY_WINDOW_DAYS = 90;

const DAY_MS = 86_400_000;

/** Deletes the objects of `bucket` stored more than `days` days before `now`; returns their keys. */
export async function expireRawExports(
  s3: S3Client,
  bucket: string,
  now: Date,
  days: number = REPLAY_WINDOW_DAYS,
): Promise<string[]> {
  const cutoff = now.getTime() - days * DAY_MS;
  const expired: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (o.Key && o.LastModified && o.LastModified.getTime() <= cutoff) expired.push(o.Key);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  for (let i = 0; i < expired.length; i += 1000) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: expired.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
  return expired;
}
