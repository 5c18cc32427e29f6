// Lambda: the impact worker. One impact-queue message = one job (POST /impact): it grades the
// stored population under the job's two rule sets and writes impact.json and impact.html to the
// exports bucket (run-impact.ts). A job that fails is marked failed with its reason and its
// message is consumed: running it again would fail again (a timeout is foreseen and reported as
// such before it happens). Only a crash of the function itself (out of memory) leaves the message
// to SQS, which retries it and then moves it to the impact DLQ (its alarm pages).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, metrics } from '../shared/index.ts';
import type { ImpactJobMessage } from './queue.ts';
import { type ImpactWorkerDeps, runImpactJob } from './run-impact.ts';

export function makeImpactWorkerHandler(getDeps: () => ImpactWorkerDeps | Promise<ImpactWorkerDeps>) {
  const processor = new BatchProcessor(EventType.SQS);
  let remaining: (() => number) | undefined;
  async function handleMessage(message: SQSRecord): Promise<void> {
    const { jobId } = JSON.parse(message.body) as ImpactJobMessage;
    const deps = await getDeps();
    const started = performance.now();
    const outcome = await runImpactJob(jobId, remaining ? { ...deps, remainingMs: remaining } : deps);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    if (outcome.state === 'done') {
      logger.info('impact job done', {
        jobId,
        seconds,
        assessed: outcome.result.population.assessed,
        changed: outcome.result.summary.changed,
      });
      metrics.addMetric('impactJobsDone', MetricUnit.Count, 1);
    } else if (outcome.state === 'failed') {
      logger.error('impact job failed', { jobId, seconds, error: outcome.error });
      metrics.addMetric('impactJobsFailed', MetricUnit.Count, 1);
    } else logger.warn('impact job skipped', { jobId, reason: outcome.reason });
  }
  return middy((event: SQSEvent, context: Context) => {
    remaining =
      typeof context?.getRemainingTimeInMillis === 'function' ? () => context.getRemainingTimeInMillis() : undefined;
    return processPartialResponse(event, handleMessage, processor, { context });
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
