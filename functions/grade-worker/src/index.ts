export { changeEvents, type GradeShardDeps, gradeShard } from './grade-shard.ts';
export { depsFromEnv, handler, makeHandler } from './handler.ts';
