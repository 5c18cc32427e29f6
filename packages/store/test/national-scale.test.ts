// The store at a country's scale (issue 17 part 5). Person bars by ID hash (FSL Art. 135): the
// bar items written with a revoking penalty, the lookup a grading shard makes for its legal
// representatives, and the one-off build over penalties stored before bar items existed; the
// lookup must give exactly the bars the whole DISCIPLINE partition gives for the same people, so
// grades do not change. The sharding derived from the population; a paced read of a partition.
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  fixedClock,
  makeResidentId,
  makeUscc,
  type Penalty,
  type Person,
  personBars,
  protectId,
  ruleSetFor,
} from '@fenji/domain';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprise, penalty } from '../../../test/support/records.ts';
import {
  disciplinePenalties,
  documentClient,
  emptyShardCounts,
  ensureGradeShards,
  ensurePersonBarIndex,
  gradeSharding,
  keys,
  PARTITION_LIMITS,
  personBarLookup,
  personBarSources,
  queryPaced,
  RecordStore,
  RunStore,
  SHARDING,
  updateIndexes,
} from '../src/index.ts';

const AS_OF = '2026-11-30';
const rules = ruleSetFor(AS_OF);
const clock = fixedClock('2026-11-30T04:00:00Z');
const KEY = 'person-bars-test-key-0123456789abcdef';
const person = (n: number): Person => ({
  name: `当事人${n}`,
  role: 'legal_representative',
  id: protectId(makeResidentId(`3303021980010${String(n).padStart(4, '0')}`), KEY),
});
const [A, B, C, D] = [1, 2, 3, 4].map(person) as [Person, Person, Person, Person];
const uscc = (n: number) => makeUscc(`91330302MA2D${String(n).padStart(5, '0')}`);
const revocation = (n: number, recordId: string, persons: Person[], over: Partial<Penalty> = {}): Penalty =>
  penalty({
    recordId,
    uscc: uscc(n),
    decidedOn: '2025-03-01',
    measures: ['fine', 'license_revoked'],
    persons,
    ...over,
  });

let env: Embedded;
let doc: DynamoDBDocumentClient;
let store: RecordStore;
let table: string;
beforeAll(async () => {
  env = await startEmbedded();
  doc = documentClient(env.dynamoConfig);
  table = env.tableName;
  store = new RecordStore({ doc, table, shards: 4, clock });
});
afterAll(async () => {
  doc.destroy();
  await env.stop();
});

const write = (...records: Penalty[]) =>
  store.writeRecords(records.map((record, line) => ({ record, source: 'penalties.jsonl', line })));
/** The bars of `who` as the whole DISCIPLINE partition gives them (what grading did before). */
const fromPartition = async (who: Person[]) => {
  const hashes = new Set(who.map((p) => p.id.hash));
  return personBars(await disciplinePenalties(doc, table), AS_OF, rules).filter((b) => hashes.has(b.idHash));
};
const fromLookup = async (who: Person[]) => {
  const hashes = new Set(who.map((p) => p.id.hash));
  return personBars(await personBarSources(doc, table, hashes), AS_OF, rules).filter((b) => hashes.has(b.idHash));
};

describe('person bars by ID hash', () => {
  it('a revocation naming two people bars each of them, found by either hash; no one else', async () => {
    await write(revocation(1, 'PB-1', [A, B]));
    expect((await fromLookup([A])).map((b) => [b.recordId, b.masked])).toEqual([['PB-1', A.id.masked]]);
    expect((await fromLookup([B])).map((b) => b.recordId)).toEqual(['PB-1']);
    expect(await fromLookup([C])).toEqual([]);
    expect(await personBarSources(doc, table, [])).toEqual([]);
    expect(await fromLookup([A, B, C])).toEqual(await fromPartition([A, B, C]));
  });

  it('a correction that drops a person lifts their bar; a late older version does not restore it', async () => {
    const v2 = revocation(1, 'PB-1', [A], { version: 2 });
    await write(v2);
    expect(await fromLookup([B])).toEqual([]);
    expect((await fromLookup([A]))[0]?.recordId).toBe('PB-1');
    // A racing writer of version 1 that classified before version 2 landed reaches the index step.
    await updateIndexes(doc, table, revocation(1, 'PB-1', [A, B]), undefined);
    expect(await fromLookup([B])).toEqual([]);
    expect(await fromLookup([A, B])).toEqual(await fromPartition([A, B]));
  });

  it('an entry left behind by racing versions bars no one the newest version does not name', async () => {
    await write(revocation(2, 'PB-2', [C], { version: 1 }));
    // Two writers of versions 2 and 3 that both read version 1 as the stored one: version 2
    // (naming A) indexes first, then version 3 (naming D) tombstones C, and knows nothing of A.
    await updateIndexes(doc, table, revocation(2, 'PB-2', [A], { version: 2 }), revocation(2, 'PB-2', [C]));
    await updateIndexes(doc, table, revocation(2, 'PB-2', [D], { version: 3 }), revocation(2, 'PB-2', [C]));
    const sources = await personBarSources(doc, table, [A.id.hash]);
    expect(sources.find((p) => p.recordId === 'PB-2')?.version).toBe(3); // the DISCIPLINE copy
    expect((await fromLookup([A])).map((b) => b.recordId)).toEqual(['PB-1']);
    expect((await fromLookup([D])).map((b) => b.recordId)).toEqual(['PB-2']);
    expect(await fromLookup([A, B, C, D])).toEqual(await fromPartition([A, B, C, D]));
  });

  it('a penalty that stops revoking lifts the bars; inactive and expired revocations bar no one, as before', async () => {
    await write(revocation(3, 'PB-3', [B]), revocation(4, 'PB-4', [B], { status: 'revoked' }));
    await write(revocation(5, 'PB-5', [B], { decidedOn: '2020-01-01' }));
    expect((await fromLookup([B])).map((b) => b.recordId)).toEqual(['PB-3']);
    await write(revocation(3, 'PB-3', [B], { version: 2, measures: ['fine'], seriousListing: true }));
    expect(await fromLookup([B])).toEqual([]);
    expect(await fromLookup([A, B, C, D])).toEqual(await fromPartition([A, B, C, D]));
  });

  it('penalties stored before bar items existed get them once, from the DISCIPLINE partition', async () => {
    const old = revocation(6, 'PB-6', [C]);
    // As an earlier version stored it: the DISCIPLINE copy only.
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { pk: keys.discipline, sk: keys.disciplinePenalty(old.recordId), uscc: old.uscc, version: 1, data: old },
      }),
    );
    const marker = { pk: keys.indexes, sk: keys.personBarIndexBuilt };
    await doc.send(new DeleteCommand({ TableName: table, Key: marker }));
    expect((await fromLookup([C])).map((b) => b.recordId)).toEqual([]);
    expect(await ensurePersonBarIndex(doc, table, '2026-11-30T04:00:00.000Z')).toBe(true);
    expect((await fromLookup([C])).map((b) => b.recordId)).toEqual(['PB-6']);
    expect((await doc.send(new GetCommand({ TableName: table, Key: marker }))).Item?.builtAt).toBe(
      '2026-11-30T04:00:00.000Z',
    );
    expect(await ensurePersonBarIndex(doc, table, '2026-12-01T04:00:00.000Z')).toBe(false);
    // The build never sets back an entry a newer version wrote (PB-1 v2 no longer names B).
    expect(await fromLookup([A, B, C, D])).toEqual(await fromPartition([A, B, C, D]));
  });
});

describe('gradeSharding: GRADE_SHARDS and SHARD_SIZE from the population and the workers', () => {
  it('key shards for the most workers a deployment accepts: a small population gets 80, never fewer than 16', () => {
    expect(gradeSharding({ enterprises: 10_000, workerConcurrency: 8 })).toEqual({ gradeShards: 80, shardSize: 125 });
    expect(gradeSharding({ enterprises: 1_000_000, workerConcurrency: 8 }).gradeShards).toBe(80);
  });

  it('GRADE_SHARDS does not move when only workerConcurrency does (it keys stored data); SHARD_SIZE does', () => {
    const many = gradeSharding({ enterprises: 2_000_000, workerConcurrency: 1000 });
    const few = gradeSharding({ enterprises: 2_000_000, workerConcurrency: 200 });
    expect(few.gradeShards).toBe(many.gradeShards);
    expect([many.shardSize, few.shardSize]).toEqual([200, 1000]);
  });

  it('a country: a key shard per 100,000 profiles; messages of at most 1,000 enterprises', () => {
    expect(gradeSharding({ enterprises: 50_000_000, workerConcurrency: 1000 })).toEqual({
      gradeShards: 500,
      shardSize: 1000,
    });
    expect(gradeSharding({ enterprises: 50_000_000, workerConcurrency: 50 }).shardSize).toBe(1000);
  });

  it('many workers on few enterprises: enough key shards to keep index writes under half a partition', () => {
    const { gradeShards } = gradeSharding({ enterprises: 100_000, workerConcurrency: 2 });
    const perKey = (1000 * SHARDING.gradedPerWorkerSecond * SHARDING.keyShardWriteUnitsPerEnterprise) / gradeShards;
    expect(perKey).toBeLessThanOrEqual(SHARDING.plannedShare * PARTITION_LIMITS.writeUnitsPerSecond);
    expect(gradeSharding({ enterprises: 2e9, workerConcurrency: 1000 }).gradeShards).toBe(SHARDING.maxGradeShards);
  });
});

describe('GRADE_SHARDS recorded in the table', () => {
  const item = { pk: keys.indexes, sk: keys.gradeShards };
  const profiles = (shards: number, from: number) =>
    new RecordStore({ doc, table, shards, clock }).writeRecords(
      Array.from({ length: 40 }, (_, i) => ({
        record: enterprise({ uscc: uscc(from + i) }),
        source: 'e.csv',
        line: i,
      })),
    );

  it('profiles stored under another count are refused before any count is recorded', async () => {
    await profiles(24, 100);
    await expect(ensureGradeShards(doc, table, 6, '2026-11-30T04:00:00.000Z')).rejects.toThrow(
      /GRADE_SHARDS is 6, but the profiles of table .* are keyed by .*not under shardOf\(uscc, 6\).*gradeShards=.*re-sharding.*not built/,
    );
    expect((await doc.send(new GetCommand({ TableName: table, Key: item }))).Item).toBeUndefined();
  });

  it('the first run records its count; another count is refused naming both, and what to do', async () => {
    await ensureGradeShards(doc, table, 24, '2026-11-30T04:00:00.000Z');
    expect((await doc.send(new GetCommand({ TableName: table, Key: item }))).Item).toMatchObject({ shards: 24 });
    await ensureGradeShards(doc, table, 24, '2026-12-01T04:00:00.000Z');
    for (const other of [12, 48])
      await expect(ensureGradeShards(doc, table, other, '2026-12-01T04:00:00.000Z')).rejects.toThrow(
        new RegExp(`GRADE_SHARDS is ${other}, but table .* is keyed by 24 grading shards.*gradeShards=24.*not built`),
      );
    expect((await doc.send(new GetCommand({ TableName: table, Key: item }))).Item?.recordedAt).toBe(
      '2026-11-30T04:00:00.000Z',
    );
  });
});

describe('person bars before the one-off build (personBarLookup)', () => {
  it('without the marker, bars come from the DISCIPLINE partition; once it is seen, by hash, and it is not asked again', async () => {
    const marker = { pk: keys.indexes, sk: keys.personBarIndexBuilt };
    const old = revocation(7, 'PB-7', [D]);
    // As an earlier version stored it: the DISCIPLINE copy only, and no marker.
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { pk: keys.discipline, sk: keys.disciplinePenalty(old.recordId), uscc: old.uscc, version: 1, data: old },
      }),
    );
    await doc.send(new DeleteCommand({ TableName: table, Key: marker }));
    // A container of its own (the marker is remembered per client).
    const fresh = documentClient(env.dynamoConfig);
    const gets: unknown[] = [];
    fresh.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetItemCommand') gets.push(args.input);
        return next(args);
      },
      { step: 'initialize', name: 'countGets' },
    );
    const bars = async (lookup: (h: Iterable<string>) => Promise<Penalty[]>, who: Person[]) =>
      personBars(await lookup(who.map((p) => p.id.hash)), AS_OF, rules).map((b) => b.recordId);
    const before = await personBarLookup(fresh, table);
    expect(await bars(before, [D])).toContain('PB-7');
    expect(await bars(before, [A, B, C, D])).toEqual((await fromPartition([A, B, C, D])).map((b) => b.recordId));
    await ensurePersonBarIndex(doc, table, '2026-12-02T04:00:00.000Z');
    const after = await personBarLookup(fresh, table);
    expect(await bars(after, [D])).toEqual(await bars(before, [D]));
    await personBarLookup(fresh, table);
    expect(gets).toHaveLength(2); // missing, then present; then remembered
    fresh.destroy();
  });

  it('bar items and DISCIPLINE copies are read strongly consistent', async () => {
    const fresh = documentClient(env.dynamoConfig);
    const batches: Record<string, { ConsistentRead?: boolean }>[] = [];
    fresh.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'BatchGetItemCommand')
          batches.push((args.input as { RequestItems: Record<string, { ConsistentRead?: boolean }> }).RequestItems);
        return next(args);
      },
      { step: 'initialize', name: 'seeBatchGets' },
    );
    expect((await personBarSources(fresh, table, [A.id.hash])).length).toBeGreaterThan(0);
    expect(batches.map((b) => b[table]?.ConsistentRead)).toEqual([true, true]);
    fresh.destroy();
  });
});

describe('runs awaiting the joint-discipline export', () => {
  it('re-grades started after a present run do not push it out of the newest runs looked at', async () => {
    const runs = new RunStore({ doc, table });
    await runs.start({
      runId: '2026-11-30-manual',
      kind: 'manual',
      asOf: '2026-11-30',
      startedAt: '2026-11-30T03:00:00.000Z',
      enterprises: 10,
      shards: 1,
    });
    for (let d = 1; d <= 6; d++)
      await runs.start({
        runId: `2026-11-2${d}-daily-regrade-2026-11-30`,
        kind: 'daily',
        asOf: `2026-11-2${d}`,
        startedAt: `2026-11-30T03:0${d}:00.000Z`,
        enterprises: 10,
        shards: 0,
        regrade: true,
      });
    await runs.shardDone('2026-11-30-manual', 0, emptyShardCounts(), [], '2026-11-30T03:30:00.000Z');
    expect((await runs.awaitingDisciplineExport(5)).map((r) => r.runId)).toEqual(['2026-11-30-manual']);
    expect((await runs.awaitingDisciplineExport(1)).map((r) => r.runId)).toEqual(['2026-11-30-manual']);
  });
});

describe('queryPaced: a large partition read at no more than a given rate', () => {
  it('reads every item, and waits between pages for the units it consumed', async () => {
    const all = await disciplinePenalties(doc, table);
    const input = {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.discipline },
      Limit: 2,
    };
    // Each page of two small items costs half a unit (eventually consistent): at 2 units a
    // second, every page after the first waits ~0.25 s.
    const started = performance.now();
    const items = await queryPaced(doc, input, 2);
    const seconds = (performance.now() - started) / 1000;
    expect(items.map((i) => i.sk).sort()).toEqual(all.map((p) => keys.disciplinePenalty(p.recordId)).sort());
    const pages = Math.ceil(items.length / 2);
    expect(seconds).toBeGreaterThanOrEqual((pages - 1) * 0.25 * 0.9);
  });
});
