// Lambda: invoked by EventBridge Scheduler with `{"kind": "daily" | "monthly" | "rules"}`
// (and optionally `asOf`, `runId`), or on demand with the same payload. An `asOf` before today
// re-grades the past (history rows only); one after today is refused.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { logger, metrics } from '../shared/index.ts';
import { type ScheduleDeps, type ScheduledRun, type ScheduleRequest, scheduleRun } from './schedule-run.ts';

export function makeSchedulerHandler(getDeps: () => ScheduleDeps) {
  return middy(async (event: ScheduleRequest): Promise<ScheduledRun> => {
    const run = await scheduleRun(event, getDeps());
    logger.info('grading run started', { ...run });
    metrics.addMetric('enterprisesScheduled', MetricUnit.Count, run.enterprises);
    return run;
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
