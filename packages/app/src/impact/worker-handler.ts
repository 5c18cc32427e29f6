// Lambda: the impact worker. One impact-queue message = one job (POST /impact): it grades the
// stored population under the job's two rule sets and writes impact.json and impact.html to the
// exports bucket (run-impact.ts). A job that fails is marked failed with its reason and its
// message is consumed: running it again would fail again (a timeout is foreseen and reported as
// such before it happens). Only a crash of the function itself (out of memory, the hard timeout)
// leaves the message to SQS, which delivers it again after the visibility timeout: that delivery
// finds the job running with no live worker and takes it over, or on the last delivery the queue
// allows (IMPACT_MAX_RECEIVE_COUNT) marks it failed saying so. A duplicate delivery of a job that
// is still running is skipped and consumed.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, metrics } from '../shared/index.ts';
import type { ImpactJobMessage } from './queue.ts';
import {
  DEFAULT_IMPACT_MAX_RECEIVE_COUNT,
  IMPACT_RUN_LIMIT_MS,
  type ImpactWorkerDeps,
  runImpactJob,
} from './run-impact.ts';

export interface ImpactWorkerConfig {
  /** The impact queue's maxReceiveCount: its last delivery marks a stale job failed rather than running it. */
  maxReceiveCount: number;
  /** The function's timeout: a job running for longer has no live worker. */
  runLimitMs: number;
}

/**
 * The worker's settings from its environment (infra/lib/api-stack.ts sets them from limits.ts):
 * IMPACT_MAX_RECEIVE_COUNT and IMPACT_TIMEOUT_SECONDS; when absent, the values infra uses.
 */
export function impactWorkerConfig(env: NodeJS.ProcessEnv = process.env): ImpactWorkerConfig {
  const positive = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`fenji configuration is invalid: ${name} must be a positive integer; got ${raw}`);
    return n;
  };
  return {
    maxReceiveCount: positive('IMPACT_MAX_RECEIVE_COUNT', DEFAULT_IMPACT_MAX_RECEIVE_COUNT),
    runLimitMs: positive('IMPACT_TIMEOUT_SECONDS', IMPACT_RUN_LIMIT_MS / 1000) * 1000,
  };
}

/** Which delivery of its message a record is (SQS's ApproximateReceiveCount; 1 when it does not say). */
export function receiveCountOf(message: SQSRecord): number {
  const n = Number(message.attributes?.ApproximateReceiveCount);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function makeImpactWorkerHandler(
  getDeps: () => ImpactWorkerDeps | Promise<ImpactWorkerDeps>,
  config: ImpactWorkerConfig = impactWorkerConfig(),
) {
  const processor = new BatchProcessor(EventType.SQS);
  let remaining: (() => number) | undefined;
  async function handleMessage(message: SQSRecord): Promise<void> {
    const { jobId } = JSON.parse(message.body) as ImpactJobMessage;
    const deps = await getDeps();
    const started = performance.now();
    const receiveCount = receiveCountOf(message);
    const outcome = await runImpactJob(
      jobId,
      remaining ? { ...deps, remainingMs: remaining } : deps,
      { receiveCount, maxReceiveCount: config.maxReceiveCount },
      config.runLimitMs,
    );
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
      logger.error('impact job failed', { jobId, seconds, receiveCount, error: outcome.error });
      metrics.addMetric('impactJobsFailed', MetricUnit.Count, 1);
    } else if (outcome.state === 'lost') {
      // Its files may be written; the job item keeps what its owner recorded. Consumed: the job
      // is another delivery's (or gone), running this one again would change nothing.
      logger.error('impact job outcome not recorded', { jobId, seconds, receiveCount, reason: outcome.reason });
      metrics.addMetric('impactJobsLost', MetricUnit.Count, 1);
    } else logger.warn('impact job skipped', { jobId, receiveCount, reason: outcome.reason });
  }
  return middy((event: SQSEvent, context: Context) => {
    remaining =
      typeof context?.getRemainingTimeInMillis === 'function' ? () => context.getRemainingTimeInMillis() : undefined;
    return processPartialResponse(event, handleMessage, processor, { context });
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
