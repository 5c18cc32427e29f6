export { depsFromEnv, handler, makeHandler } from './handler.ts';
export { type ScheduleDeps, type ScheduledRun, type ScheduleRequest, scheduleRun } from './schedule-run.ts';
