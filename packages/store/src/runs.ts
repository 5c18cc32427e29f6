// Grading runs: a header written by the scheduler, one result item per shard written by the
// worker (a retried shard overwrites its own item, so counts never double), one item per
// enterprise that failed. The run's state is derived from them, never kept in two places.
// Headers are also listed on GSI3 (`RUNS`, by start time), so the runs can be listed newest
// first without a Scan. After a run has finished, the joint-discipline export records that it
// exported for it (`RUN#<id>` / `DISCIPLINE`): the list is exported once per run, not once per
// listing event (infra/README.md "At national scale").
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, forEachLimited, queryAll } from './batch.ts';
import { GSI_NEXT_CHANGE, keys } from './table.ts';

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

export type RunState = 'running' | 'finished' | 'finished_with_failures';

/** A run as listed: its header, state and counts (failures are counted, not named). */
export interface RunSummary extends RunHeader {
  state: RunState;
  shardsDone: number;
  counts: ShardCounts;
  finishedAt: string | null;
}

export interface RunStatus extends RunSummary {
  failures: RunFailure[];
}

export interface RunPage {
  items: RunSummary[];
  /** DynamoDB's LastEvaluatedKey on GSI3, to pass back as `from`; null on the last page. */
  next: Record<string, unknown> | null;
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
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: keys.run(header.runId),
          sk: keys.runHeader,
          ...header,
          gsi3pk: keys.runs,
          gsi3sk: keys.runByStart(header.startedAt, header.runId),
        },
      }),
    );
  }

  /**
   * One page of runs, newest start first (GSI3 `RUNS`), each with its state and counts summed
   * from its shard items (one Query per run on its own partition, shard items only: a run with
   * many failures costs no more to list). `from` is the `next` of the previous page.
   */
  async list(limit: number, from?: Record<string, unknown> | null): Promise<RunPage> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: GSI_NEXT_CHANGE,
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.runs },
        ScanIndexForward: false,
        Limit: limit,
        ...(from ? { ExclusiveStartKey: from } : {}),
      }),
    );
    const headers = (out.Items ?? []) as (RunHeader & Record<string, unknown>)[];
    const items: RunSummary[] = new Array(headers.length);
    await forEachLimited([...headers.keys()], 8, async (i) => {
      const header = headers[i] as RunHeader & Record<string, unknown>;
      const shards = await queryAll(this.doc, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :shard)',
        ExpressionAttributeValues: { ':pk': keys.run(header.runId), ':shard': 'SHARD#' },
      });
      items[i] = summarise(header, shards, null);
    });
    return { items, next: out.LastEvaluatedKey ?? null };
  }

  /**
   * Finished runs of the present whose joint-discipline export is still to be made, oldest first,
   * among the newest `limit` runs of the present. Re-grades of a past date are left out by the
   * Query's filter, not after its Limit: they write history rows only, so they change no listing,
   * and however many start after a present run they never push it out of the window. Costs a
   * Query of `RUNS` (a page per `limit` headers read, until `limit` present runs or the end), one
   * BatchGetItem of the export marks, and a Query of the shard items of each run not yet exported.
   */
  async awaitingDisciplineExport(limit = 5): Promise<RunSummary[]> {
    const headers: (RunHeader & Record<string, unknown>)[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI_NEXT_CHANGE,
          KeyConditionExpression: 'gsi3pk = :pk',
          FilterExpression: 'attribute_not_exists(regrade) OR regrade <> :regrade',
          ExpressionAttributeValues: { ':pk': keys.runs, ':regrade': true },
          ScanIndexForward: false,
          Limit: limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      headers.push(...((out.Items ?? []) as (RunHeader & Record<string, unknown>)[]));
      start = out.LastEvaluatedKey;
    } while (start && headers.length < limit);
    headers.splice(limit);
    if (headers.length === 0) return [];
    const marked = await batchGet(
      this.doc,
      this.table,
      headers.map((h) => ({ pk: keys.run(h.runId), sk: keys.runDisciplineExport })),
    );
    const exported = new Set(marked.map((item) => item.pk as string));
    const waiting: RunSummary[] = [];
    for (const header of headers) {
      if (exported.has(keys.run(header.runId))) continue;
      const shards = await queryAll(this.doc, {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :shard)',
        ExpressionAttributeValues: { ':pk': keys.run(header.runId), ':shard': 'SHARD#' },
      });
      const summary = summarise(header, shards, null);
      if (summary.state !== 'running') waiting.push(summary);
    }
    return waiting.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  }

  /** The joint-discipline list was exported for this finished run. */
  async markDisciplineExported(runId: string, exportedAt: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: keys.run(runId), sk: keys.runDisciplineExport, exportedAt },
      }),
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
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.run(runId) },
      ConsistentRead: true,
    });
    const failures: RunFailure[] = items
      .filter((item) => (item.sk as string).startsWith('FAIL#'))
      .map((item) => ({ uscc: item.uscc as string, reason: item.reason as string }));
    return { ...summarise(header, items, failures.length), failures };
  }
}

/**
 * State and counts of a run from its header and shard items. The failures counted are the FAIL#
 * items when they were read, else the shards' own count of them (the worker writes both).
 */
function summarise(
  header: RunHeader & Record<string, unknown>,
  items: readonly Record<string, unknown>[],
  failureItems: number | null,
): RunSummary {
  const counts = emptyShardCounts();
  let shardsDone = 0;
  let finishedAt: string | null = null;
  for (const item of items) {
    if (!(item.sk as string).startsWith('SHARD#')) continue;
    shardsDone++;
    for (const k of Object.keys(counts) as (keyof ShardCounts)[]) counts[k] += (item[k] as number) ?? 0;
    if (!finishedAt || (item.finishedAt as string) > finishedAt) finishedAt = item.finishedAt as string;
  }
  const done = shardsDone >= (header.shards as number);
  const failed = (failureItems ?? counts.failures) > 0;
  const { pk: _pk, sk: _sk, gsi3pk: _gpk, gsi3sk: _gsk, ...rest } = header;
  return {
    ...(rest as unknown as RunHeader),
    state: !done ? 'running' : failed ? 'finished_with_failures' : 'finished',
    shardsDone,
    counts,
    finishedAt: done ? finishedAt : null,
  };
}
