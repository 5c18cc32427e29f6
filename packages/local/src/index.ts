export * from './data.ts';
export * from './pipeline.ts';
export * from './progress.ts';
export * from './state.ts';
export * from './summary.ts';
