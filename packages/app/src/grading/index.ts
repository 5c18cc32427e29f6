export * from './grade-shard.ts';
export * from './schedule-run.ts';
export * from './scheduler-handler.ts';
export * from './worker-handler.ts';
