export { depsFromEnv, handler, makeHandler } from './handler.ts';
export { type IngestReport, ingestObject } from './ingest-object.ts';
