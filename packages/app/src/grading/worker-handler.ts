// Lambda: one grade-queue message = one shard. A shard that fails transiently is a batch item
// failure: SQS retries it and gradeShard() converges (see grade-shard.ts).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { type GradeShardMessage, logger, metrics } from '../shared/index.ts';
import { type GradeShardDeps, gradeShard } from './grade-shard.ts';

export function makeWorkerHandler(getDeps: () => GradeShardDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  async function handleMessage(message: SQSRecord): Promise<void> {
    const shard = JSON.parse(message.body) as GradeShardMessage;
    const { counts, failures } = await gradeShard(shard, getDeps());
    logger.info('shard graded', { runId: shard.runId, shard: shard.shard, ...counts });
    for (const f of failures)
      logger.error('enterprise not graded', { runId: shard.runId, uscc: f.uscc, reason: f.reason });
    metrics.addMetric('enterprisesGraded', MetricUnit.Count, counts.graded);
    metrics.addMetric('assessmentsChanged', MetricUnit.Count, counts.changed);
    metrics.addMetric('eventsPublished', MetricUnit.Count, counts.events);
    metrics.addMetric('gradingFailures', MetricUnit.Count, counts.failures);
  }
  return middy((event: SQSEvent, context: Context) =>
    processPartialResponse(event, handleMessage, processor, { context }),
  )
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
