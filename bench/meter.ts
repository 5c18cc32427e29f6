// Counts DynamoDB requests and capacity units of every DynamoDBDocumentClient in this process.
//
// runPipeline() builds its document client inside, so the meter is attached from outside: the
// first send() of each client adds one initialize-step middleware to that client's stack. The
// middleware asks for ReturnConsumedCapacity: 'TOTAL' (no effect on results), counts the request
// by command name, keeps what dynalite reports, and estimates on-demand request units itself with
// DynamoDB's published rules, because dynalite (a) counts table units only, never the three GSIs,
// (b) sizes strings in UTF-16 code units instead of UTF-8 bytes (Chinese text is 3 bytes a
// character), (c) charges nothing for a failed conditional write or an empty Query.
//
// Estimation rules (DynamoDB developer guide, "read/write capacity unit consumption"):
// - write: ceil(item size / 1 KB) per item written, again for every GSI whose keys the item has
//   (projection ALL); a failed conditional write is charged its item size; a delete 1 unit plus 1
//   per GSI the deleted item type lives in (its size is not known here; fenji deletes only small
//   DIRTY markers, discipline index entries and latest assessments).
// - read: GetItem ceil(size / 4 KB), at least 1; BatchGetItem the same per requested key (a
//   missing item still costs the minimum); Query ceil(total size / 4 KB), at least 1; eventually
//   consistent reads half.
// - item size: attribute name bytes + value bytes (UTF-8 strings, ~1 byte per 2 digits + 1 for
//   numbers, 1 for booleans/null, 3 + 1 per element for lists and maps).
// Overwrites are charged by the new item (the old one's size is not known here) and a GSI key
// change (delete + insert in the index) is counted once: both make the estimate a little low.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface CommandTally {
  requests: number;
  failed: number;
  items: number;
  wcu: number;
  rcu: number;
  /** What dynalite reported (table only). */
  reported: number;
  /** Bytes of items written (successful puts, GSI copies included), for the storage estimate. */
  bytesWritten: number;
  /** Bytes of items read. */
  bytesRead: number;
}

export type Tallies = Record<string, CommandTally>;

const GSIS = [
  ['gsi1pk', 'gsi1sk'],
  ['gsi2pk', 'gsi2sk'],
  ['gsi3pk', 'gsi3sk'],
] as const;

function utf8(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function numberSize(n: number): number {
  const digits = String(Math.abs(n)).replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length === 0 ? 1 : Math.ceil(digits.length / 2) + 1;
}

function valueSize(v: unknown): number {
  if (v === null) return 1;
  switch (typeof v) {
    case 'string':
      return utf8(v);
    case 'number':
      return numberSize(v);
    case 'boolean':
      return 1;
    case 'bigint':
      return numberSize(Number(v));
    case 'object': {
      if (v instanceof Uint8Array) return v.length;
      if (v instanceof Set) return [...v].reduce((n: number, x) => n + valueSize(x), 0);
      if (Array.isArray(v)) return 3 + v.reduce((n: number, x) => n + 1 + (x === undefined ? 0 : valueSize(x)), 0);
      let n = 3;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x !== undefined) n += utf8(k) + 1 + valueSize(x);
      }
      return n;
    }
    default:
      return 0;
  }
}

export function itemSize(item: Record<string, unknown> | undefined): number {
  if (!item) return 0;
  let n = 0;
  for (const [k, v] of Object.entries(item)) if (v !== undefined) n += utf8(k) + valueSize(v);
  return n;
}

const writeUnits = (size: number) => Math.max(1, Math.ceil(size / 1024));
const readUnits = (size: number) => Math.max(1, Math.ceil(size / 4096));

function gsiCount(item: Record<string, unknown>): number {
  return GSIS.filter(([pk, sk]) => item[pk] !== undefined && item[sk] !== undefined).length;
}

/** GSIs a deleted item lives in, told from its sort key (table.ts). */
function gsiOfDeleted(key: Record<string, unknown>): number {
  const sk = String(key.sk ?? '');
  if (sk === 'DIRTY') return 1; // gsi2
  if (sk === 'ASMT#LATEST') return 2; // gsi1 + gsi3 (nextChangeOn)
  return 0;
}

function putUnits(item: Record<string, unknown>, ok: boolean): { wcu: number; bytes: number } {
  const size = itemSize(item);
  return { wcu: writeUnits(size) * (1 + (ok ? gsiCount(item) : 0)), bytes: ok ? size * (1 + gsiCount(item)) : 0 };
}

const TALLY_FIELDS = [
  'requests',
  'failed',
  'items',
  'wcu',
  'rcu',
  'reported',
  'bytesWritten',
  'bytesRead',
] as const satisfies readonly (keyof CommandTally)[];
const emptyTally = (): CommandTally => Object.fromEntries(TALLY_FIELDS.map((k) => [k, 0])) as unknown as CommandTally;

export class DynamoMeter {
  tallies: Tallies = {};

  private tally(name: string): CommandTally {
    this.tallies[name] ??= emptyTally();
    return this.tallies[name];
  }

  record(name: string, input: Record<string, unknown>, output: Record<string, unknown> | undefined, failed: boolean) {
    const t = this.tally(name.replace(/Command$/, ''));
    t.requests++;
    if (failed) t.failed++;
    const consistent = input.ConsistentRead === true;
    const readFactor = consistent ? 1 : 0.5;
    const cc = output?.ConsumedCapacity as { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
    for (const c of Array.isArray(cc) ? cc : cc ? [cc] : []) t.reported += c.CapacityUnits ?? 0;
    switch (name) {
      case 'PutItemCommand': {
        const u = putUnits(input.Item as Record<string, unknown>, !failed);
        t.items++;
        t.wcu += u.wcu;
        t.bytesWritten += u.bytes;
        break;
      }
      case 'DeleteItemCommand':
        t.items++;
        t.wcu += 1 + (failed ? 0 : gsiOfDeleted(input.Key as Record<string, unknown>));
        break;
      case 'UpdateItemCommand':
        t.items++;
        t.wcu += 1;
        break;
      case 'BatchWriteItemCommand': {
        const byTable = input.RequestItems as Record<
          string,
          { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } }[]
        >;
        for (const requests of Object.values(byTable)) {
          for (const r of requests) {
            t.items++;
            if (r.PutRequest) {
              const u = putUnits(r.PutRequest.Item, true);
              t.wcu += u.wcu;
              t.bytesWritten += u.bytes;
            } else if (r.DeleteRequest) t.wcu += 1 + gsiOfDeleted(r.DeleteRequest.Key);
          }
        }
        break;
      }
      case 'GetItemCommand': {
        const size = itemSize(output?.Item as Record<string, unknown> | undefined);
        t.items++;
        t.rcu += readUnits(size) * readFactor;
        t.bytesRead += size;
        break;
      }
      case 'BatchGetItemCommand': {
        const requested = input.RequestItems as Record<string, { Keys: unknown[]; ConsistentRead?: boolean }>;
        const responses = (output?.Responses ?? {}) as Record<string, Record<string, unknown>[]>;
        for (const [table, req] of Object.entries(requested)) {
          const found = responses[table] ?? [];
          const factor = req.ConsistentRead ? 1 : 0.5;
          t.items += req.Keys.length;
          // Found items by their size; every key not found costs the minimum.
          for (const item of found) {
            const size = itemSize(item);
            t.rcu += readUnits(size) * factor;
            t.bytesRead += size;
          }
          t.rcu += Math.max(0, req.Keys.length - found.length) * factor;
        }
        break;
      }
      case 'QueryCommand':
      case 'ScanCommand': {
        const items = (output?.Items ?? []) as Record<string, unknown>[];
        const size = items.reduce((n, i) => n + itemSize(i), 0);
        t.items += items.length;
        t.rcu += readUnits(size) * readFactor;
        t.bytesRead += size;
        break;
      }
      default:
        break;
    }
  }

  /** A deep copy of the counters, to diff stages. */
  snapshot(): Tallies {
    return structuredClone(this.tallies);
  }
}

export function diffTallies(after: Tallies, before: Tallies): Tallies {
  const out: Tallies = {};
  for (const [name, a] of Object.entries(after)) {
    const b = before[name];
    const d = emptyTally();
    for (const k of TALLY_FIELDS) d[k] = a[k] - (b?.[k] ?? 0);
    if (d.requests > 0) out[name] = d;
  }
  return out;
}

export function sumTallies(t: Tallies): CommandTally {
  const s = emptyTally();
  for (const x of Object.values(t)) for (const k of TALLY_FIELDS) s[k] += x[k];
  return s;
}

type Middleware = (
  next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>,
  context: { commandName?: string },
) => (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;

interface Stack {
  add(m: Middleware, options: { step: 'initialize'; name: string; priority?: 'high' | 'low' }): void;
}

/** Attaches `meter` to every DynamoDBDocumentClient's stack on its first send(). */
export function installMeter(meter: DynamoMeter): void {
  const proto = DynamoDBDocumentClient.prototype as unknown as {
    send: (...args: unknown[]) => Promise<unknown>;
    middlewareStack: Stack;
  };
  const original = proto.send;
  const metered = new WeakSet<object>();
  const middleware: Middleware = (next, context) => async (args) => {
    const name = context.commandName ?? 'Unknown';
    const input = { ...args.input, ReturnConsumedCapacity: 'TOTAL' };
    try {
      const out = await next({ ...args, input });
      meter.record(name, input, out.output, false);
      return out;
    } catch (e) {
      meter.record(name, input, undefined, true);
      throw e;
    }
  };
  proto.send = function send(this: typeof proto, ...args: unknown[]) {
    const stack = this.middlewareStack as unknown as object;
    if (!metered.has(stack)) {
      metered.add(stack);
      this.middlewareStack.add(middleware, { step: 'initialize', name: 'fenjiBenchMeter', priority: 'high' });
    }
    return original.apply(this, args);
  };
}
