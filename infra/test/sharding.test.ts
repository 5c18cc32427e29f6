// GRADE_SHARDS keys the stored dirty marks, profiles and next-change dates: the deployment's
// config derives it from the population (`enterprises`) alone, so changing only the worker count
// (SHARD_SIZE follows it) never moves it under a stored table.
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../lib/config.ts';

const config = (context: Record<string, unknown>) =>
  readConfig(new App({ context: { consoleDist: '/tmp/fenji-console-dist', ...context } }).node);

describe('GRADE_SHARDS from the configuration', () => {
  it('does not move when only workerConcurrency does', () => {
    const many = config({ enterprises: 2_000_000, workerConcurrency: 1000 });
    const few = config({ enterprises: 2_000_000, workerConcurrency: 200 });
    expect(few.gradeShards).toBe(many.gradeShards);
    expect(few.shardSize).not.toBe(many.shardSize);
    expect(config({ enterprises: 2_000_000, workerConcurrency: 8 }).gradeShards).toBe(many.gradeShards);
  });

  it('stays 16 without `enterprises`, and an explicit value wins', () => {
    expect(config({ workerConcurrency: 1000 }).gradeShards).toBe(16);
    expect(config({ enterprises: 2_000_000, workerConcurrency: 1000, gradeShards: 40 }).gradeShards).toBe(40);
  });
});
