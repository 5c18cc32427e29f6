// Fault injection through the real SDK clients, and an SQS redelivery simulator.
//
// Errors are thrown inside the SDK's retry loop (deserialize step) with the names and codes
// the SDK classifies as throttling or transient, so the SDK's own retries run first; what they
// cannot absorb reaches fenji's code (batch item failure → redelivery). Partial batches are
// cut at the command level (UnprocessedItems / UnprocessedKeys) as DynamoDB does under load.

import type { S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type FaultKind = 'throttle' | 'reset' | 'lost-response' | 'partial-batch';

export interface FaultPlan {
  /** Probability that a request gets a fault. */
  rate: number;
  kinds: FaultKind[];
  seed: number;
}

export interface FaultStats {
  requests: number;
  injected: Record<FaultKind, number>;
}

/** mulberry32: a small seeded PRNG, so a failing fault run can be replayed exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const throttled = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), {
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
const reset = () => Object.assign(new Error('socket hang up (injected)'), { name: 'Error', code: 'ECONNRESET' });

type Client = Pick<DynamoDBDocumentClient, 'middlewareStack'>;

export function injectDynamoFaults(doc: Client, table: string, plan: FaultPlan): FaultStats {
  const random = seeded(plan.seed);
  const stats: FaultStats = {
    requests: 0,
    injected: { throttle: 0, reset: 0, 'lost-response': 0, 'partial-batch': 0 },
  };
  const pick = () => (random() < plan.rate ? plan.kinds[Math.floor(random() * plan.kinds.length)] : undefined);

  // Inside the retry loop: throttles and resets before the request, lost responses after it.
  doc.middlewareStack.add(
    (next) => async (args) => {
      stats.requests++;
      const kind = pick();
      if (kind === 'throttle') {
        stats.injected.throttle++;
        throw throttled();
      }
      if (kind === 'reset') {
        stats.injected.reset++;
        throw reset();
      }
      const out = await next(args);
      if (kind === 'lost-response') {
        stats.injected['lost-response']++; // the write happened; the caller never hears of it
        throw reset();
      }
      return out;
    },
    { step: 'deserialize', name: 'injectDynamoFaults', priority: 'low' },
  );

  // Partial batches: DynamoDB processes part of a BatchWriteItem / BatchGetItem.
  doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as {
        RequestItems?: Record<string, unknown[] | { Keys?: unknown[] }>;
      };
      const requested = input.RequestItems?.[table];
      if (!requested || !plan.kinds.includes('partial-batch') || random() >= plan.rate) return next(args);
      const list = Array.isArray(requested) ? requested : (requested.Keys ?? []);
      if (list.length < 2) return next(args);
      stats.injected['partial-batch']++;
      const cut = Math.ceil(list.length / 2);
      const kept = Array.isArray(requested) ? list.slice(0, cut) : { ...requested, Keys: list.slice(0, cut) };
      const out = await next({ ...args, input: { ...input, RequestItems: { [table]: kept } } });
      const output = out.output as { UnprocessedItems?: unknown; UnprocessedKeys?: unknown };
      if (Array.isArray(requested)) output.UnprocessedItems = { [table]: list.slice(cut) };
      else output.UnprocessedKeys = { [table]: { ...requested, Keys: list.slice(cut) } };
      return out;
    },
    { step: 'initialize', name: 'injectPartialBatches' },
  );
  return stats;
}

/** Cuts GetObject bodies after `afterBytes` with a connection reset, `times` times. */
export function cutS3Streams(
  s3: Pick<S3Client, 'middlewareStack'>,
  afterBytes: number,
  times: number,
): { cuts: number } {
  const state = { cuts: 0 };
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName !== 'GetObjectCommand' || state.cuts >= times) return out;
      state.cuts++;
      const body = (out.output as { Body: AsyncIterable<Uint8Array> }).Body;
      (out.output as { Body: unknown }).Body = (async function* () {
        let sent = 0;
        for await (const chunk of body) {
          if (sent + chunk.length > afterBytes) {
            yield chunk.subarray(0, Math.max(0, afterBytes - sent));
            throw reset();
          }
          sent += chunk.length;
          yield chunk;
        }
      })();
      return out;
    },
    { step: 'deserialize', name: 'cutS3Streams', priority: 'low' },
  );
  return state;
}

export interface Delivery {
  deliveries: number;
  dlq: SQSRecord[];
}

/**
 * SQS as the event source mapping behaves: batches of up to 10, failed items (or the whole
 * batch when the handler throws) redelivered, moved to the DLQ after `maxReceives`.
 */
export async function deliverUntilDone(
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>,
  records: SQSRecord[],
  options: { maxReceives?: number; batchSize?: number; order?: (r: SQSRecord[]) => SQSRecord[] } = {},
): Promise<Delivery> {
  const maxReceives = options.maxReceives ?? 10;
  const receives = new Map<string, number>();
  let pending = [...records];
  const dlq: SQSRecord[] = [];
  let deliveries = 0;
  while (pending.length > 0) {
    const round = options.order ? options.order(pending) : pending;
    pending = [];
    for (let i = 0; i < round.length; i += options.batchSize ?? 10) {
      const batch = round.slice(i, i + (options.batchSize ?? 10));
      deliveries++;
      let failed: Set<string>;
      try {
        const out = await handler({ Records: batch });
        failed = new Set((out?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch {
        failed = new Set(batch.map((r) => r.messageId)); // the invocation failed: all come back
      }
      for (const r of batch) {
        if (!failed.has(r.messageId)) continue;
        const n = (receives.get(r.messageId) ?? 1) + 1;
        receives.set(r.messageId, n);
        if (n > maxReceives) dlq.push(r);
        else pending.push({ ...r, attributes: { ...r.attributes, ApproximateReceiveCount: String(n) } });
      }
    }
  }
  return { deliveries, dlq };
}

/** The table's content minus what legitimately differs between runs (timestamps, provenance). */
export async function tableState(
  doc: DynamoDBDocumentClient,
  table: string,
  options: { skip?: RegExp } = {},
): Promise<string[]> {
  const VOLATILE = new Set(['storedAt', 'markedAt', 'consumedMark', 'startedAt', 'finishedAt', 'source', 'line']);
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) {
      if (options.skip?.test(`${item.pk}|${item.sk}`)) continue;
      items.push(JSON.stringify(sortDeep(Object.fromEntries(Object.entries(item).filter(([k]) => !VOLATILE.has(k))))));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort();
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]),
    );
  return v;
}
