// Timings that several constructs must agree on: an SQS queue's visibility timeout is six times
// its consumer's timeout (AWS's guidance for Lambda event sources), so a slow batch is not
// delivered twice while it is still running.
import { Duration } from 'aws-cdk-lib';

export const TIMEOUT = {
  ingestS3: Duration.minutes(5),
  ingestSqs: Duration.minutes(1),
  /** A full run at a country's scale enumerates tens of millions of enterprises (infra/README.md "At national scale"). */
  gradeScheduler: Duration.minutes(15),
  gradeWorker: Duration.minutes(5),
  /** A country's list reads ~450,000 enterprise partitions and renders as many lines. */
  disciplineExport: Duration.minutes(15),
  /**
   * A rule-change impact (POST /impact) reads every enterprise partition and grades each twice:
   * Lambda's maximum. The worker stops 90 s before it and fails the job saying so.
   */
  impactWorker: Duration.minutes(15),
  /** HTTP APIs end an integration after 30 s; the function stops first and reports it. */
  api: Duration.seconds(29),
} as const;

export const visibilityFor = (consumerTimeout: Duration) => Duration.seconds(consumerTimeout.toSeconds() * 6);

/** Deliveries before a message goes to its DLQ. */
export const MAX_RECEIVE_COUNT = 5;

/**
 * Deliveries of an impact job before its DLQ: the worker consumes the message of a job that
 * failed (the job says why), so a redelivery means the function itself died (out of memory, the
 * hard timeout), which another 15-minute attempt would most likely repeat. The worker is told
 * this count (IMPACT_MAX_RECEIVE_COUNT): on the last delivery it marks a job left running by a
 * dead worker failed, saying so, instead of running it again; on an earlier one it takes it over.
 * With 2, a crash is recorded on the next delivery, not retried; raise it to allow retries.
 */
export const IMPACT_MAX_RECEIVE_COUNT = 2;

/** How long a DLQ keeps a message: the SQS maximum, time enough to read and redrive it. */
export const DLQ_RETENTION = Duration.days(14);

/** Schedules run in China Standard Time (grading dates are Asia/Shanghai dates). */
export const SCHEDULE_TIMEZONE = 'Asia/Shanghai';

export const SCHEDULES = {
  /** Incremental grading at 02:00 after the night's uploads — not on the 1st, the full run's day. */
  gradeDaily: { expression: 'cron(0 2 2-31 * ? *)', input: { kind: 'daily' } },
  /** Full grading at 02:00 on the 1st of each month (it covers that day's incremental run). */
  gradeMonthly: { expression: 'cron(0 2 1 * ? *)', input: { kind: 'monthly' } },
  /** The joint-discipline list, daily, after the grading runs (listings also end by the calendar). */
  disciplineDaily: { expression: 'cron(0 6 * * ? *)', input: { kind: 'daily' } },
  /**
   * Every 10 minutes: the joint-discipline list once for each grading run that has finished since
   * (a run's listing changes are published within 10 minutes of its end). An idle check is one
   * small Query. It replaces one export per listing event (infra/README.md "At national scale").
   */
  disciplineRuns: { expression: 'cron(0/10 * * * ? *)', input: { kind: 'runs' } },
} as const;
