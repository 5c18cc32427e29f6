// Use case: one S3 object → stored records, a rejects object and a report. Streams the body
// batch by batch, so memory is bounded by a batch and never by the file.
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { ParseContext, Reject } from '@fenji/domain';
import { readRecords } from '@fenji/ingest';
import { addCounts, emptyCounts, type RecordStore, type WriteCounts } from '@fenji/store';
import { putJson, RejectsWriter, reportKey } from '../shared/index.ts';

export interface IngestObjectDeps {
  s3: S3Client;
  store: RecordStore;
  quarantineBucket: string;
  ctx: ParseContext;
  batchSize?: number;
  /** Called after every stored batch (progress bars, metrics). */
  onBatch?: (done: { lines: number; counts: WriteCounts; rejected: number }) => void;
}

export interface IngestReport {
  bucket: string;
  key: string;
  etag: string | null;
  counts: WriteCounts & { rejected: number };
  rejectsKey: string | null;
  /** Enterprises whose records changed: the next grading run regrades them. */
  dirtyEnterprises: number;
  seconds: number;
}

export async function ingestObject(
  object: { bucket: string; key: string; etag?: string },
  deps: IngestObjectDeps,
): Promise<IngestReport> {
  const started = performance.now();
  const counts = emptyCounts();
  const rejects = new RejectsWriter(deps.s3, deps.quarantineBucket, object.key);
  const dirty = new Set<string>();
  let lines = 0;
  let body: AsyncIterable<Uint8Array>;
  try {
    const got = await deps.s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
    body = got.Body as AsyncIterable<Uint8Array>;
  } catch (e) {
    // Deleted before we got to it: nothing to retry, but a person must see it.
    if (!(e instanceof NoSuchKey)) throw e;
    body = (async function* () {})();
    await rejects.write([missing(object.key)]);
  }

  for await (const batch of readRecords(body, {
    source: object.key,
    key: object.key,
    ctx: deps.ctx,
    batchSize: deps.batchSize,
  })) {
    const written = await deps.store.writeRecords(
      batch.records.map((r) => ({ record: r.record, source: object.key, line: r.line })),
    );
    addCounts(counts, written.counts);
    for (const u of written.dirty) dirty.add(u);
    await rejects.write([...batch.rejects, ...written.rejects]);
    lines += batch.records.length + batch.rejects.length;
    deps.onBatch?.({ lines, counts, rejected: rejects.count });
  }
  const rejectsKey = await rejects.close();
  const report: IngestReport = {
    bucket: object.bucket,
    key: object.key,
    etag: object.etag ?? null,
    counts: { ...counts, rejected: rejects.count - counts.conflicts },
    rejectsKey,
    dirtyEnterprises: dirty.size,
    // Milliseconds are plenty; a float tail of 17 digits also reads like an ID number to a scanner.
    seconds: Math.round(performance.now() - started) / 1000,
  };
  await putJson(deps.s3, deps.quarantineBucket, reportKey(object.key), report);
  return report;
}

function missing(key: string): Reject {
  return {
    source: key,
    line: null,
    recordId: null,
    errors: [{ field: 'file', message: '文件不存在 / the object was deleted before it could be ingested' }],
  };
}
