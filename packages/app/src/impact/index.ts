export * from './queue.ts';
export * from './rules.ts';
export * from './run-impact.ts';
export * from './worker-handler.ts';
