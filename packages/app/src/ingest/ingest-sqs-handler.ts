// Lambda: one record per SQS message (records.md §1). An invalid record is reported to
// quarantine and acknowledged — retrying cannot fix it. A transient failure is thrown, so
// Powertools reports it as a batch item failure and SQS retries it, then moves it to the DLQ.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parseMessage } from '@fenji/ingest';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { type IngestDeps, logger, metrics, putJsonLines, rejectsKey } from '../shared/index.ts';

export type IngestSqsDeps = IngestDeps;

export function makeIngestSqsHandler(getDeps: () => IngestSqsDeps | Promise<IngestSqsDeps>) {
  const processor = new BatchProcessor(EventType.SQS);
  async function handleMessage(message: SQSRecord): Promise<void> {
    const deps = await getDeps();
    const source = `sqs:${message.messageId}`;
    const parsed = parseMessage(message.body, source, { idKey: deps.idKey, today: deps.clock.today() });
    const rejects = parsed.reject
      ? [parsed.reject]
      : (await deps.store.writeRecords([{ record: parsed.record, source, line: null }])).rejects;
    if (rejects.length > 0) {
      await putJsonLines(deps.s3, deps.quarantineBucket, rejectsKey(source), rejects);
      logger.warn('record rejected', {
        source,
        recordId: rejects[0]?.recordId,
        fields: rejects.flatMap((r) => r.errors.map((e) => e.field)),
      });
      metrics.addMetric('recordsRejected', MetricUnit.Count, 1);
      return;
    }
    metrics.addMetric('recordsReceived', MetricUnit.Count, 1);
  }
  return middy((event: SQSEvent, context: Context) =>
    processPartialResponse(event, handleMessage, processor, { context }),
  )
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
