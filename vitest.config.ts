import { defineConfig } from 'vitest/config';

// Handlers log through Powertools; tests that read log lines raise the level themselves.
const env = { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' };

/**
 * The suites where a day matters: the use cases and their handlers, the stores, the local command
 * and server, grading runs. They run once more on each of these days, with the process's wall clock
 * moved there (test/support/time-travel.ts), so `npm test` itself proves that no test depends on
 * the day it runs: early January 2027, past a New Year with no holiday notice loaded yet, and a day
 * years ahead.
 */
const DATE_SENSITIVE = [
  'packages/app/test/**/*.test.ts',
  'functions/*/test/**/*.test.ts',
  'packages/local/test/**/*.test.ts',
  'packages/store/test/**/*.test.ts',
  'test/grading/**/*.test.ts',
  'test/local/**/*.test.ts',
];
const TIME_TRAVEL_DAYS = ['2027-01-05T09:30:00+08:00', '2031-03-01T12:00:00+08:00'];

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: one worker on CI's two. The long files
    // (whole pipelines) wait on dynalite's thread and the short ones are CPU, so two share well.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'fenji',
          include: [
            'packages/*/test/**/*.test.ts',
            'functions/*/test/**/*.test.ts',
            'infra/test/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          env,
        },
      },
      ...TIME_TRAVEL_DAYS.map((day) => ({
        extends: true as const,
        test: {
          name: `on ${day.slice(0, 10)}`,
          include: DATE_SENSITIVE,
          // Byte identity of the bundled sample is about the code, not the day (its clock is fixed).
          // These fix every clock they use (pipeline, server, tokens, browser) and run whole
          // pipelines: a moved wall clock changes nothing in them but the suite's time.
          exclude: [
            '**/node_modules/**',
            'test/local/golden-sample.test.ts',
            'test/local/console.test.ts',
            'packages/local/test/first-hour.test.ts',
            // Fixed as-of dates and clocks throughout (rule sets compared on a given day).
            'packages/local/test/impact.test.ts',
          ],
          setupFiles: ['test/support/time-travel.ts'],
          env: { ...env, FENJI_TIME_TRAVEL: day },
        },
      })),
    ],
  },
});
