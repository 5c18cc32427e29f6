export * from './ingest-object.ts';
export * from './ingest-s3-handler.ts';
export * from './ingest-sqs-handler.ts';
export * from './retention.ts';
