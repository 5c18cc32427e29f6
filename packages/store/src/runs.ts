// Grading runs: a header written by the scheduler, one result item per shard written by the
// worker (a retried shard overwrites its own item, so counts never double), one item per
// enterprise that failed. The run's state is derived from them, never kept in two places.
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './batch.ts';
import { keys } from './table.ts';

export type RunKind = 'daily' | 'monthly' | 'rules' | 'manual';

export interface RunHeader {
  runId: string;
  kind: RunKind;
  asOf: string;
  startedAt: string;
  enterprises: number;
  shards: number;
  /** A re-grade of a past date: history rows only (grade-scheduler). */
  regrade?: boolean;
}

export interface ShardCounts {
  graded: number;
  changed: number;
  unchanged: number;
  events: number;
  failures: number;
  /** Records whose enterprise has no profile yet: not graded until it arrives (records.md §3). */
  orphans: number;
}

export interface RunFailure {
  uscc: string;
  reason: string;
}

export interface RunStatus extends RunHeader {
  state: 'running' | 'finished' | 'finished_with_failures';
  shardsDone: number;
  counts: ShardCounts;
  failures: RunFailure[];
  finishedAt: string | null;
}

export const emptyShardCounts = (): ShardCounts => ({
  graded: 0,
  changed: 0,
  unchanged: 0,
  events: 0,
  failures: 0,
  orphans: 0,
});

export class RunStore {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;

  constructor(options: { doc: DynamoDBDocumentClient; table: string }) {
    this.doc = options.doc;
    this.table = options.table;
  }

  async start(header: RunHeader): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { pk: keys.run(header.runId), sk: keys.runHeader, ...header } }),
    );
  }

  async shardDone(
    runId: string,
    shard: number,
    counts: ShardCounts,
    failures: RunFailure[],
    finishedAt: string,
  ): Promise<void> {
    for (const f of failures) {
      await this.doc.send(
        new PutCommand({ TableName: this.table, Item: { pk: keys.run(runId), sk: keys.runFailure(f.uscc), ...f } }),
      );
    }
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: keys.run(runId), sk: keys.runShard(shard), shard, ...counts, finishedAt },
      }),
    );
  }

  async status(runId: string): Promise<RunStatus | null> {
    const header = (
      await this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk: keys.run(runId), sk: keys.runHeader },
          ConsistentRead: true,
        }),
      )
    ).Item as (RunHeader & Record<string, unknown>) | undefined;
    if (!header) return null;
    const counts = emptyShardCounts();
    const failures: RunFailure[] = [];
    let shardsDone = 0;
    let finishedAt: string | null = null;
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.run(runId) },
      ConsistentRead: true,
    });
    for (const item of items) {
      const sk = item.sk as string;
      if (sk.startsWith('SHARD#')) {
        shardsDone++;
        for (const k of Object.keys(counts) as (keyof ShardCounts)[]) counts[k] += (item[k] as number) ?? 0;
        if (!finishedAt || (item.finishedAt as string) > finishedAt) finishedAt = item.finishedAt as string;
      } else if (sk.startsWith('FAIL#')) failures.push({ uscc: item.uscc as string, reason: item.reason as string });
    }
    const done = shardsDone >= header.shards;
    const { pk: _pk, sk: _sk, ...rest } = header as RunHeader & { pk?: string; sk?: string };
    return {
      ...(rest as RunHeader),
      state: !done ? 'running' : failures.length > 0 ? 'finished_with_failures' : 'finished',
      shardsDone,
      counts,
      failures,
      finishedAt: done ? finishedAt : null,
    };
  }
}
