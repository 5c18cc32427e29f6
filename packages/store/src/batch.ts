// BatchWriteItem / BatchGetItem with their unprocessed remainders retried with backoff: under
// throttling DynamoDB accepts part of a batch and returns the rest, which must never be dropped.
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 10, baseDelayMs: 25, maxDelayMs: 2_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Full-jitter exponential backoff. */
export const backoff = (attempt: number, p: RetryPolicy) =>
  sleep(Math.random() * Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt));

type WriteRequest = {
  PutRequest?: { Item: Record<string, unknown> };
  DeleteRequest?: { Key: Record<string, unknown> };
};

export async function batchWrite(
  doc: DynamoDBDocumentClient,
  table: string,
  requests: WriteRequest[],
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<{ requests: number }> {
  let calls = 0;
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= retry.attempts)
        throw new Error(`BatchWriteItem: ${pending.length} items still unprocessed after ${retry.attempts} attempts`);
      if (attempt > 0) await backoff(attempt, retry);
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      calls++;
      pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  }
  return { requests: calls };
}

export async function batchGet<T extends Record<string, unknown>>(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: { pk: string; sk: string }[],
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<T[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const items: T[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= retry.attempts)
        throw new Error(`BatchGetItem: ${pending.length} keys still unprocessed after ${retry.attempts} attempts`);
      if (attempt > 0) await backoff(attempt, retry);
      const out = await doc.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...((out.Responses?.[table] ?? []) as T[]));
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return items;
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After one failure the other lanes stop taking items: the caller reports the failure and
    // nothing keeps writing behind its back.
    while (next < items.length && !failed) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Every item of a Query, following LastEvaluatedKey across pages. */
export async function queryAll(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Where a listing over district partitions stopped: the partition's region and DynamoDB's LastEvaluatedKey in it. */
export interface ListingPosition {
  region: string;
  key?: Record<string, unknown>;
}

/**
 * One page over the partitions of `regions` (region code order, then the index's sort order).
 * A filtered Query returns fewer items than its Limit, so a page is filled by further Queries from
 * where the previous one stopped, at most `maxQueries`; a short page with a `next` position is
 * still a correct page. `query(region)` is the Query of one region's partition on a GSI whose
 * partition key attribute is `pkName`, whose value for the region is `pk(region)`.
 */
export async function pageAcrossRegions<T>(
  doc: DynamoDBDocumentClient,
  regions: readonly string[],
  page: { limit: number; from?: ListingPosition | null; maxQueries: number },
  partition: { pkName: string; pk: (region: string) => string; query: (region: string) => QueryCommandInput },
): Promise<{ items: T[]; next: ListingPosition | null; queries: number }> {
  const { limit, from, maxQueries } = page;
  const sorted = [...new Set(regions)].sort();
  // A position in a region no longer listed resumes at the next one in code order.
  let i = from ? sorted.findIndex((r) => r >= from.region) : 0;
  if (i < 0) return { items: [], next: null, queries: 0 };
  let key = from && sorted[i] === from.region ? from.key : undefined;
  if (key && key[partition.pkName] !== partition.pk(sorted[i] as string))
    throw new RangeError('listing position does not belong to its region');
  const items: T[] = [];
  let queries = 0;
  while (i < sorted.length) {
    const region = sorted[i] as string;
    if (items.length >= limit || queries >= maxQueries)
      return { items, next: { region, ...(key ? { key } : {}) }, queries };
    const out = await doc.send(
      new QueryCommand({ ...partition.query(region), Limit: limit - items.length, ExclusiveStartKey: key }),
    );
    queries++;
    for (const item of out.Items ?? []) items.push(item.data as T);
    if (out.LastEvaluatedKey) key = out.LastEvaluatedKey;
    else {
      i++;
      key = undefined;
    }
  }
  return { items, next: null, queries };
}
