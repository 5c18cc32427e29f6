// @fenji/store: the DynamoDB single-table repository (SDK v3, lib-dynamodb).
export * from './api-queries.ts';
export * from './assessments.ts';
export * from './batch.ts';
export * from './cases.ts';
export * from './client.ts';
export * from './impact-jobs.ts';
export * from './indexes.ts';
export * from './plans.ts';
export * from './records.ts';
export * from './runs.ts';
export * from './table.ts';
