export { depsFromEnv, handler, makeHandler } from './handler.ts';
export { changeEvents, type GradeShardDeps, gradeShard } from './grade-shard.ts';
