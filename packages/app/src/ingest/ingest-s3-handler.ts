// Lambda: S3 object-created notifications delivered through the ingest SQS queue.
// A message whose object fails transiently (DynamoDB throttled beyond retries, S3 timeout) is
// returned as a batch item failure: SQS redelivers it, and re-ingesting a file only counts
// duplicates. After the redrive limit it lands in the DLQ, which has an alarm.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, S3Event, SQSEvent, SQSRecord } from 'aws-lambda';
import { type IngestDeps, logger, metrics } from '../shared/index.ts';
import { type IngestObjectDeps, type IngestReport, ingestObject } from './ingest-object.ts';

export interface IngestS3Deps extends IngestDeps {
  onReport?: (report: IngestReport) => void;
  onBatch?: IngestObjectDeps['onBatch'];
}

/** S3 writes keys URL-encoded with `+` for spaces in notifications. */
export const decodeS3Key = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

export function makeIngestS3Handler(getDeps: () => IngestS3Deps | Promise<IngestS3Deps>) {
  const processor = new BatchProcessor(EventType.SQS);
  async function handleMessage(message: SQSRecord): Promise<void> {
    const deps = await getDeps();
    const event = JSON.parse(message.body) as Partial<S3Event> & { Event?: string };
    if (event.Event === 's3:TestEvent') return; // sent once when the notification is configured
    for (const r of event.Records ?? []) {
      const object = { bucket: r.s3.bucket.name, key: decodeS3Key(r.s3.object.key), etag: r.s3.object.eTag };
      const report = await ingestObject(object, {
        ...deps,
        ctx: { idKey: deps.idKey, today: deps.clock.today() },
      });
      deps.onReport?.(report);
      logger.info('object ingested', { ...report });
      metrics.addMetric('recordsAccepted', MetricUnit.Count, report.counts.accepted);
      metrics.addMetric('recordsDuplicate', MetricUnit.Count, report.counts.duplicates);
      metrics.addMetric('recordsRejected', MetricUnit.Count, report.counts.rejected + report.counts.conflicts);
    }
  }
  return middy((event: SQSEvent, context: Context) =>
    processPartialResponse(event, handleMessage, processor, { context }),
  )
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
