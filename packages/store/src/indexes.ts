// Small derived indexes kept beside the records they come from, so grading never scans:
// - every profile is listed by shard on GSI3 (full runs);
// - penalties that list an enterprise or revoke a licence are copied to the DISCIPLINE
//   partition (the joint-discipline sources and the person bars, grading-model.md §8);
// - enterprises are listed under their legal representative's ID hash, so a new bar on a
//   person marks every enterprise they run for regrading (FSL Art. 135);
// - every person named on a licence revocation has a bar item under their ID hash (`BAR#`), so
//   a grading shard finds the bars of its legal representatives with BatchGetItem. Before, each
//   shard read the whole DISCIPLINE partition: shards × listings read units on one partition
//   key, which at a country's scale (hundreds of thousands of shards and listings) no run could
//   finish (bench/country.ts, infra/README.md "At national scale").
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AnyRecord, Penalty } from '@fenji/domain';
import { batchGet, forEachLimited } from './batch.ts';
import { GSI_NEXT_CHANGE, keys, PARTITION_LIMITS, SHARDING, shardOf } from './table.ts';

export const isDisciplineSource = (p: Penalty) => p.seriousListing || p.measures.includes('license_revoked');

/** Legal-representative index items (idempotent puts, batched by the caller). */
export function legalRepItems(records: readonly AnyRecord[]): Record<string, unknown>[] {
  return records.flatMap((r) =>
    r.type === 'enterprise' && r.legalRepId
      ? [{ pk: keys.legalRep(r.legalRepId.hash), sk: keys.enterprise(r.uscc), uscc: r.uscc }]
      : [],
  );
}

/**
 * Extra attributes of the record item itself: profiles by shard (GSI3) and by name within their
 * district (GSI1, the API's enterprise search — a prefix Query, never a Scan); disposals by their
 * sample (GSI1), because a disposal naming another enterprise still belongs to the sample's case.
 * A new version of a profile rewrites the item, so a renamed or moved enterprise is found under
 * its new name and district only.
 */
export function indexAttributes(record: AnyRecord, shards: number): Record<string, string> {
  if (record.type === 'enterprise') {
    return {
      gsi3pk: keys.enterpriseShard(shardOf(record.uscc, shards)),
      gsi3sk: record.uscc,
      gsi1pk: keys.enterpriseNames(record.region),
      gsi1sk: keys.enterpriseByName(record.name, record.uscc),
    };
  }
  if (record.type === 'disposal') {
    return { gsi1pk: keys.disposalOfSampling(record.samplingRecordId), gsi1sk: record.uscc };
  }
  return {};
}

/**
 * Maintains the derived items of `record`, BEFORE the record itself is written: if a write
 * fails, the redelivered record is not a duplicate yet and everything is redone. A slower
 * writer of an older version never overwrites a newer copy (conditional on `version`).
 * Returns enterprises to mark dirty besides the record's own.
 */
export async function updateIndexes(
  doc: DynamoDBDocumentClient,
  table: string,
  record: AnyRecord,
  /** The stored version this record replaces, if any. */
  previous?: AnyRecord,
): Promise<string[]> {
  if (record.type !== 'penalty') return [];
  const before = previous?.type === 'penalty' ? previous : undefined;
  // A first version that neither lists nor revokes has no index entry to remove.
  if (!before && !isDisciplineSource(record)) return [];
  const key = { pk: keys.discipline, sk: keys.disciplinePenalty(record.recordId) };
  const olderOnly = {
    ConditionExpression: 'attribute_not_exists(pk) OR version <= :v',
    ExpressionAttributeValues: { ':v': record.version },
  };
  try {
    if (!isDisciplineSource(record)) {
      // A correction may have dropped the listing or the revocation.
      await doc.send(new DeleteCommand({ TableName: table, Key: key, ...olderOnly }));
    } else {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { ...key, uscc: record.uscc, version: record.version, data: record },
          ...olderOnly,
        }),
      );
    }
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return []; // a newer version is indexed already
    throw e;
  }
  await updatePersonBars(doc, table, record, before);
  // Everyone barred before or after this version (FSL Art. 135): a correction that lifts a bar
  // regrades the enterprises its people run just as a new bar does.
  const barred = (p: Penalty | undefined) =>
    p?.status === 'active' && p.measures.includes('license_revoked') ? p.persons : [];
  const hashes = new Set([...barred(before), ...barred(record)].map((person) => person.id.hash));
  const affected: string[] = [];
  for (const hash of hashes) {
    const out = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.legalRep(hash) },
      }),
    );
    for (const item of out.Items ?? []) affected.push(item.uscc as string);
  }
  return affected;
}

const revokes = (p: Penalty | undefined): p is Penalty => p?.measures.includes('license_revoked') === true;

/** What a bar item keeps per penalty: its version, and whether that version names the person on a revocation. */
interface BarEntry {
  version: number;
  barred: boolean;
}

/**
 * The bar items of the people a penalty version names on a revocation, and a `barred: false`
 * entry for those an earlier version named and this one does not (a correction), so an older
 * version written late cannot put the bar back (each entry is conditional on its version).
 */
async function updatePersonBars(
  doc: DynamoDBDocumentClient,
  table: string,
  record: Penalty,
  before: Penalty | undefined,
): Promise<void> {
  const named = new Set(revokes(record) ? record.persons.map((p) => p.id.hash) : []);
  const dropped = new Set(revokes(before) ? before.persons.map((p) => p.id.hash) : []);
  for (const hash of named)
    await writeBarEntry(doc, table, hash, record.recordId, { version: record.version, barred: true });
  for (const hash of dropped) {
    if (!named.has(hash))
      await writeBarEntry(doc, table, hash, record.recordId, { version: record.version, barred: false });
  }
}

async function writeBarEntry(
  doc: DynamoDBDocumentClient,
  table: string,
  idHash: string,
  recordId: string,
  entry: BarEntry,
): Promise<void> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: keys.personBars(idHash), sk: keys.personBarsItem },
        // One attribute per penalty: two penalties naming one person never overwrite each other.
        UpdateExpression: 'SET #e = :e',
        ConditionExpression: 'attribute_not_exists(#e) OR #e.#v <= :v',
        ExpressionAttributeNames: { '#e': keys.personBarEntry(recordId), '#v': 'version' },
        ExpressionAttributeValues: { ':e': entry, ':v': entry.version },
      }),
    );
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e; // a newer version wrote this entry
  }
}

/**
 * The stored penalties that may bar any of these people (FSL Art. 135): for grading, exactly
 * the part of disciplinePenalties() that personBars() can match to these ID hashes.
 *
 * Two consistent BatchGetItems: the bar items of the hashes (most people have none; a missing
 * key costs the minimum of one unit), then the DISCIPLINE copy of each penalty they name. The copy is the
 * one every other reader uses, kept at the newest version by its own conditional write, so an
 * entry left behind by two versions racing each other cannot bar someone the newest version no
 * longer names: the grade is the one the whole partition gave.
 */
export async function personBarSources(
  doc: DynamoDBDocumentClient,
  table: string,
  idHashes: Iterable<string>,
): Promise<Penalty[]> {
  const hashes = [...new Set(idHashes)].sort();
  // batchGet reads consistently: a bar written at ingest moments before a grading run (or by
  // the scheduler's one-off build just before its messages) is seen, and the copy read is the newest.
  const barItems = await batchGet(
    doc,
    table,
    hashes.map((h) => ({ pk: keys.personBars(h), sk: keys.personBarsItem })),
  );
  const recordIds = new Set<string>();
  const prefix = keys.personBarEntry('');
  for (const item of barItems) {
    for (const [name, value] of Object.entries(item)) {
      if (name.startsWith(prefix) && (value as BarEntry).barred) recordIds.add(name.slice(prefix.length));
    }
  }
  if (recordIds.size === 0) return [];
  const copies = await batchGet(
    doc,
    table,
    [...recordIds].sort().map((id) => ({ pk: keys.discipline, sk: keys.disciplinePenalty(id) })),
  );
  return copies.map((item) => item.data as Penalty).sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
}

/**
 * Builds the bar items from the DISCIPLINE partition once, for penalties stored before bar items
 * existed (a deployment or a local state from an earlier version); a marker item records that it
 * was done. Idempotent and version-conditional like the ingest path, so a record stored while it
 * runs is never set back. Returns whether it had to build.
 */
export async function ensurePersonBarIndex(
  doc: DynamoDBDocumentClient,
  table: string,
  /** Stamps the marker (the caller's clock). */
  builtAt: string,
  concurrency = 16,
): Promise<boolean> {
  const marker = { pk: keys.indexes, sk: keys.personBarIndexBuilt };
  const found = await doc.send(new GetCommand({ TableName: table, Key: marker, ConsistentRead: true }));
  if (found.Item) return false;
  const entries = (await disciplinePenalties(doc, table))
    .filter(revokes)
    .flatMap((p) => [...new Set(p.persons.map((x) => x.id.hash))].map((hash) => ({ hash, p })));
  await forEachLimited(entries, concurrency, ({ hash, p }) =>
    writeBarEntry(doc, table, hash, p.recordId, { version: p.version, barred: true }),
  );
  await doc.send(new PutCommand({ TableName: table, Item: { ...marker, builtAt } }));
  return true;
}

/** Tables (per client: one per container) whose bar-build marker has been seen; it is never removed. */
const barIndexSeen = new WeakMap<DynamoDBDocumentClient, Set<string>>();

/**
 * Whether ensurePersonBarIndex() has built the bar items on this table: one consistent GetItem
 * of its marker, remembered per client once present (so once per container), asked again while
 * it is missing.
 */
export async function personBarIndexReady(doc: DynamoDBDocumentClient, table: string): Promise<boolean> {
  if (barIndexSeen.get(doc)?.has(table)) return true;
  const found = await doc.send(
    new GetCommand({ TableName: table, Key: { pk: keys.indexes, sk: keys.personBarIndexBuilt }, ConsistentRead: true }),
  );
  if (!found.Item) return false;
  const seen = barIndexSeen.get(doc) ?? new Set<string>();
  seen.add(table);
  barIndexSeen.set(doc, seen);
  return true;
}

/** Penalties that may bar any of some ID hashes: what personBars() needs for those people. */
export type PersonBarSourceLookup = (idHashes: Iterable<string>) => Promise<Penalty[]>;

/**
 * The person-bar lookup for one invocation of a grader (grade-worker, impact-worker): call once
 * per invocation, then the returned function per batch in place of personBarSources().
 *
 * Once the bar items are built (personBarIndexReady) it is personBarSources(). Before that —
 * a message queued by the scheduler of an earlier version, a redrive from a DLQ, before the
 * first run of the new scheduler has built them — bar items are missing or partial, and a
 * lookup by hash would drop bars: the DISCIPLINE partition is read once, as graders did before
 * bar items existed, and the lookup serves from it (the same penalties per hash).
 */
export async function personBarLookup(doc: DynamoDBDocumentClient, table: string): Promise<PersonBarSourceLookup> {
  if (await personBarIndexReady(doc, table)) return (idHashes) => personBarSources(doc, table, idHashes);
  const byHash = new Map<string, Penalty[]>();
  for (const p of (await disciplinePenalties(doc, table)).filter(revokes)) {
    for (const hash of new Set(p.persons.map((x) => x.id.hash))) {
      const list = byHash.get(hash) ?? [];
      list.push(p);
      byHash.set(hash, list);
    }
  }
  return async (idHashes) => {
    const found = new Map<string, Penalty>();
    for (const hash of new Set(idHashes)) for (const p of byHash.get(hash) ?? []) found.set(p.recordId, p);
    return [...found.values()].sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
  };
}

/**
 * Records the GRADE_SHARDS of this table the first time it is asked (a conditional PutItem of
 * `INDEXES` / `GRADE_SHARDS`), and refuses any other count after: the dirty marks (DIRTY#n),
 * profiles (ENTS#n) and next-change rows (NEXT#n) are keyed by shardOf(uscc, count), so a run
 * under another count would miss enterprises (fewer shards) or grade some twice (more).
 *
 * A table from before this item (or whose count changed before it was recorded) is checked
 * first: the first profile of each key shard (a Query with Limit 1) must be where `shards` puts
 * it, and the key shards just past the last (ENTS#<shards>…) must be empty — a larger count
 * whose multiple `shards` is would pass the first test.
 */
export async function ensureGradeShards(
  doc: DynamoDBDocumentClient,
  table: string,
  shards: number,
  /** Stamps the item (the caller's clock). */
  recordedAt: string,
  concurrency = 16,
): Promise<void> {
  const key = { pk: keys.indexes, sk: keys.gradeShards };
  const what = `table ${table} (item ${key.pk} / ${key.sk})`;
  const remedy = (count: string) =>
    `Deploy with gradeShards=${count} (cdk context \`-c gradeShards=${count}\`). Moving a stored table to another count (re-sharding: rewriting every profile's ENTS# key, every DIRTY# mark and NEXT# row) is not built.`;
  let stored = (await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
  if (!stored) {
    const sampled = await profileSample(doc, table, shards, concurrency);
    const misplaced = sampled.filter(({ shard, uscc }) => shardOf(uscc, shards) !== shard).length;
    if (misplaced > 0) {
      const fit = countsFitting(sampled);
      throw new Error(
        `GRADE_SHARDS is ${shards}, but the profiles of table ${table} are keyed by ${fit.length === 1 ? fit[0] : 'another count'} ` +
          `(${misplaced} of ${sampled.length} sampled, one a key shard, are not under shardOf(uscc, ${shards})): ` +
          `a run with ${shards} would lose or duplicate enterprises. ${remedy(fit.length === 1 ? String(fit[0]) : '<the count the records were stored with>')}`,
      );
    }
    try {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { ...key, shards, recordedAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return;
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      // Another scheduler recorded it first: compare with that.
      stored = (await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
    }
  }
  const recorded = stored?.shards as number;
  if (recorded !== shards)
    throw new Error(
      `GRADE_SHARDS is ${shards}, but ${what} is keyed by ${recorded} grading shards (recorded ${String(stored?.recordedAt)}): ` +
        `its dirty marks, profile index and next-change dates are under shardOf(uscc, ${recorded}), so a run with ${shards} would lose or duplicate enterprises. ` +
        remedy(String(recorded)),
    );
}

/** The first profile of each ENTS# key shard up to a few past `shards`, with the shard it was found in. */
async function profileSample(
  doc: DynamoDBDocumentClient,
  table: string,
  shards: number,
  concurrency: number,
): Promise<{ shard: number; uscc: string }[]> {
  const found: { shard: number; uscc: string }[] = [];
  const all = Array.from({ length: Math.min(shards + 4, SHARDING.maxGradeShards) }, (_, shard) => shard);
  await forEachLimited(all, concurrency, async (shard) => {
    const out = await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: GSI_NEXT_CHANGE,
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.enterpriseShard(shard) },
        ProjectionExpression: 'gsi3sk',
        Limit: 1,
      }),
    );
    const uscc = out.Items?.[0]?.gsi3sk as string | undefined;
    if (uscc !== undefined) found.push({ shard, uscc });
  });
  return found;
}

/** The counts (1..maxGradeShards) that put every one of these profiles where it was found. */
function countsFitting(found: readonly { shard: number; uscc: string }[]): number[] {
  const fit: number[] = [];
  for (let n = 1; n <= SHARDING.maxGradeShards; n++)
    if (found.every(({ shard, uscc }) => shardOf(uscc, n) === shard)) fit.push(n);
  return fit;
}

/** Half a partition's read limit: what one reader of a large partition may take (SHARDING.plannedShare). */
export const PACED_READ_UNITS_PER_SECOND = PARTITION_LIMITS.readUnitsPerSecond * SHARDING.plannedShare;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every item of a Query, following LastEvaluatedKey, at no more than `readUnitsPerSecond` (each
 * page reports the units it consumed). One reader paging through a large partition as fast as
 * it can takes ~6,000 read units a second (a 1 MB page, 128 units eventually consistent, every
 * ~20 ms): twice what a partition serves, so it is throttled and so is everyone else on that
 * partition. Paced at half the limit it leaves the other half. A partition of a few pages never
 * waits (the pace applies between pages, from the first).
 */
export async function queryPaced(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
  readUnitsPerSecond: number = PACED_READ_UNITS_PER_SECOND,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const started = performance.now();
  let units = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({ ...input, ExclusiveStartKey: start, ReturnConsumedCapacity: 'TOTAL' }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
    units += page.ConsumedCapacity?.CapacityUnits ?? 0;
    const ahead = (units / readUnitsPerSecond) * 1000 - (performance.now() - started);
    if (start && ahead > 0) await sleep(ahead);
  } while (start);
  return items;
}

/**
 * Every stored penalty that lists or revokes (any status: grading filters by asOf and status).
 * One partition: read paced (queryPaced), since a country's ~500,000 make ~60,000 read units.
 */
export async function disciplinePenalties(doc: DynamoDBDocumentClient, table: string): Promise<Penalty[]> {
  const items = await queryPaced(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.discipline },
  });
  return items.map((item) => item.data as Penalty);
}
