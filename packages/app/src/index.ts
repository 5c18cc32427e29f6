// @fenji/app: fenji's use cases, each with the Lambda handler that drives it. functions/* wire
// a handler to the environment; the local command and server drive the same handlers.
//
//   ingest/      an S3 object or an SQS message → validated, versioned records (records.md §1–§3)
//   grading/     schedule a run; grade a shard and publish what changed (grading-model.md §1–§8)
//   discipline/  the joint-discipline list (grading-model.md §8)
//   plan/        the double-random inspection plan (grading-model.md §10)
//   impact/      a rule-change impact on the stored population (POST /impact; docs/impact.md)
//   api/         the regulators' HTTP API: routes, read models, OpenAPI
//   shared/      ports and their AWS adapters, configuration, clients, logging, quarantine
export * from './api/index.ts';
export * from './discipline/index.ts';
export * from './grading/index.ts';
export * from './impact/index.ts';
export * from './ingest/index.ts';
export * from './plan/index.ts';
export * from './shared/index.ts';
