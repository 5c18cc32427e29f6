// @fenji/app: fenji's use cases, each with the Lambda handler that drives it. functions/* wire
// a handler to the environment; the local command and server drive the same handlers.
//
//   ingest/      an S3 object or an SQS message → validated, versioned records (records.md §1–§3)
//   grading/     schedule a run; grade a shard and publish what changed (grading-model.md §1–§8)
//   discipline/  the joint-discipline list (grading-model.md §8)
//   plan/        the double-random inspection plan (grading-model.md §10)
//   api/         the regulators' HTTP API: routes, read models, OpenAPI
//   shared/      ports and their AWS adapters, configuration, clients, logging, quarantine
export * from './api/api-handler.ts';
export * from './api/match.ts';
export * from './api/openapi.ts';
export * from './api/routes.ts';
export * from './api/scope.ts';
export * from './discipline/export-handler.ts';
export {
  collectEntries,
  datedKey,
  type ExportCounts,
  type ExportDeps,
  type ExportRequest,
  type ExportResult,
  exportDisciplineList,
  latestKey,
  type Manifest,
  type ManifestFile,
  readManifest,
} from './discipline/export-list.ts';
export {
  CSV_FILE,
  CSV_HEADER,
  JSONL_FILE,
  MANIFEST_FILE,
  toCsv as disciplineListCsv,
  toJsonl as disciplineListJsonl,
} from './discipline/render.ts';
export * from './grading/grade-shard.ts';
export * from './grading/schedule-run.ts';
export * from './grading/scheduler-handler.ts';
export * from './grading/worker-handler.ts';
export * from './ingest/ingest-object.ts';
export * from './ingest/ingest-s3-handler.ts';
export * from './ingest/ingest-sqs-handler.ts';
export * from './plan/draw-plan.ts';
export * from './shared/index.ts';
