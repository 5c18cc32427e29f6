// records.md §3 against dynalite through the real SDK clients: duplicate, replace, stale,
// conflict (both sources named), orphans, dirty markers, UnprocessedItems retried.
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Enterprise, fixedClock, type Inspection, makeUscc, type Penalty } from '@fenji/domain';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprise, inspection, penalty } from '../../../test/support/records.ts';
import {
  AssessmentStore,
  disciplinePenalties,
  documentClient,
  keys,
  RecordStore,
  shardOf,
  updateIndexes,
} from '../src/index.ts';

const clock = fixedClock('2026-11-30T04:00:00Z');
let env: Embedded;
let doc: DynamoDBDocumentClient;
let store: RecordStore;
beforeAll(async () => {
  env = await startEmbedded();
  doc = documentClient(env.dynamoConfig);
  store = new RecordStore({ doc, table: env.tableName, shards: 4, clock });
});
afterAll(async () => {
  doc.destroy();
  await env.stop();
});

const uscc = (n: number) => makeUscc(`91330302MA2B${String(n).padStart(5, '0')}`);
const ent = (n: number, over: Partial<Enterprise> = {}): Enterprise =>
  enterprise({ uscc: uscc(n), name: `企业${n}`, licensedOn: '2018-01-01', ...over });
const insp = (n: number, id: string, over: Partial<Inspection> = {}): Inspection =>
  inspection({ recordId: id, uscc: uscc(n), inspectors: ['I1', 'I2'], ...over });
const pen = (n: number, id: string, over: Partial<Penalty> = {}): Penalty =>
  penalty({ recordId: id, uscc: uscc(n), decidedOn: '2026-01-05', violation: 'hygiene', fineYuan: 200_000, ...over });
const at = (source: string) => (record: Enterprise | Inspection | Penalty, line: number) => ({ record, source, line });

describe('RecordStore.writeRecords (records.md §3)', () => {
  it('stores new records, then counts the same file again as duplicates only', async () => {
    const file = at('inspections/a.csv');
    const batch = [file(ent(1), 2), file(insp(1, 'JC-1'), 3), file(insp(1, 'JC-2'), 4)];
    const first = await store.writeRecords(batch);
    expect(first.counts).toMatchObject({ accepted: 3, inserted: 3, duplicates: 0, conflicts: 0 });
    const again = await store.writeRecords(batch);
    expect(again.counts).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(again.dirty).toEqual([]);
    const history = await store.enterpriseHistory(uscc(1));
    expect(history.profile?.name).toBe('企业1');
    expect(history.records.map((r) => (r.type === 'inspection' ? r.recordId : '')).sort()).toEqual(['JC-1', 'JC-2']);
  });

  it('a higher version replaces, a lower one arriving later is stale', async () => {
    await store.writeRecords([at('a.jsonl')(ent(2), 1), at('a.jsonl')(insp(2, 'JC-20'), 2)]);
    const v2 = insp(2, 'JC-20', { version: 2, result: 'basically_compliant', generalItemsFailed: 2 });
    expect((await store.writeRecords([at('b.jsonl')(v2, 7)])).counts).toMatchObject({ replaced: 1, accepted: 1 });
    expect((await store.writeRecords([at('c.jsonl')(insp(2, 'JC-20'), 9)])).counts).toMatchObject({
      stale: 1,
      accepted: 0,
    });
    const stored = (await store.enterpriseHistory(uscc(2))).records[0] as Inspection;
    expect(stored.version).toBe(2);
    expect(stored.result).toBe('basically_compliant');
  });

  it('a same-version record with other content is a conflict naming both sources', async () => {
    await store.writeRecords([at('inspections/first.csv')(insp(3, 'JC-30'), 5)]);
    const other = insp(3, 'JC-30', { result: 'non_compliant', keyItemsFailed: 1 });
    const r = await store.writeRecords([at('sqs:msg-1')(other, 0)]);
    expect(r.counts).toMatchObject({ conflicts: 1, accepted: 0 });
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]).toMatchObject({ source: 'sqs:msg-1', recordId: 'JC-30' });
    expect(r.rejects[0]?.errors[0]?.field).toBe('version');
    expect(r.rejects[0]?.errors[0]?.message).toContain('inspections/first.csv:5');
    expect(((await store.enterpriseHistory(uscc(3))).records[0] as Inspection).result).toBe('compliant');
  });

  it('two versions of one record in the same batch resolve in order', async () => {
    const v1 = insp(4, 'JC-40');
    const v2 = insp(4, 'JC-40', { version: 2, scope: 'partial' });
    const r = await store.writeRecords([at('x.csv')(v2, 2), at('x.csv')(v1, 3), at('x.csv')(v2, 4)]);
    expect(r.counts).toMatchObject({ inserted: 1, stale: 1, duplicates: 1 });
    expect(((await store.enterpriseHistory(uscc(4))).records[0] as Inspection).version).toBe(2);
  });

  it('records of an enterprise without a profile are kept and counted as orphans until it arrives', async () => {
    const r = await store.writeRecords([at('o.csv')(insp(5, 'JC-50'), 2), at('o.csv')(insp(5, 'JC-51'), 3)]);
    expect(r.counts).toMatchObject({ accepted: 2, orphans: 2 });
    expect((await store.enterpriseHistory(uscc(5))).profile).toBeNull();
    const later = await store.writeRecords([at('e.csv')(ent(5), 2), at('o2.csv')(insp(5, 'JC-52'), 2)]);
    expect(later.counts).toMatchObject({ accepted: 2, orphans: 0 });
  });

  it('marks the enterprises whose records changed as dirty, in their shard', async () => {
    const r = await store.writeRecords([at('d.csv')(ent(6), 2)]);
    expect(r.dirty).toEqual([uscc(6)]);
    const items = await store.enterprisePartition(uscc(6));
    expect(items.find((i) => i.sk === keys.dirty)).toMatchObject({
      gsi2pk: keys.dirtyShard(shardOf(uscc(6), 4)),
      gsi2sk: uscc(6),
    });
  });

  it('stores inspectors in their own partition', async () => {
    await store.writeRecords([
      at('inspectors.csv')(
        {
          type: 'inspector',
          inspectorId: 'I-9',
          version: 1,
          name: '王五',
          region: '330302',
          active: true,
          maxPerPeriod: 10,
          conflicts: [],
        } as never,
        2,
      ),
    ]);
    expect((await store.inspectors()).map((i) => i.inspectorId)).toContain('I-9');
  });

  it('a writer that loses the race to a newer version is re-read and counted stale (conditional put)', async () => {
    await store.writeRecords([at('r.csv')(ent(7), 2)]);
    const racing = documentClient(env.dynamoConfig);
    const other = new RecordStore({ doc, table: env.tableName, shards: 4, clock });
    let raced = false;
    racing.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Item?: { key?: string }; ConditionExpression?: string };
        if (!raced && input.ConditionExpression && input.Item?.key === 'JC-70') {
          raced = true; // another writer stores v3 between our classification and our put
          await other.writeRecords([at('sqs:fast')(insp(7, 'JC-70', { version: 3 }), 0)]);
        }
        return next(args);
      },
      { step: 'initialize', name: 'raceAnotherWriter' },
    );
    const slow = new RecordStore({ doc: racing, table: env.tableName, shards: 4, clock });
    const r = await slow.writeRecords([at('slow.csv')(insp(7, 'JC-70', { version: 2 }), 2)]);
    expect(raced).toBe(true);
    expect(r.counts).toMatchObject({ stale: 1, accepted: 0, inserted: 0 });
    expect(((await store.enterpriseHistory(uscc(7))).records[0] as Inspection).version).toBe(3);
    racing.destroy();
  });
});

describe('derived indexes are written before the record, so a failure is repaired by the retry', () => {
  it('an index write that fails leaves the record unwritten; the redelivery writes record, index and dirty marker', async () => {
    const flaky = documentClient(env.dynamoConfig);
    let failures = 1;
    flaky.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Item?: { pk?: string } };
        if (input.Item?.pk === keys.discipline && failures-- > 0) throw new Error('socket hang up');
        return next(args);
      },
      { step: 'initialize', name: 'failIndexOnce' },
    );
    const flakyStore = new RecordStore({ doc: flaky, table: env.tableName, shards: 4, clock });
    const listed = pen(20, 'CF-IDX-1', { violation: 'illegal_additive', aggravated: true, seriousListing: true });
    await expect(flakyStore.writeRecords([at('sqs:m-1')(listed, 0)])).rejects.toThrow(/socket hang up/);
    expect((await store.enterpriseHistory(uscc(20))).records).toEqual([]);
    const retry = await flakyStore.writeRecords([at('sqs:m-1')(listed, 0)]);
    expect(retry.counts).toMatchObject({ inserted: 1, duplicates: 0 });
    expect((await disciplinePenalties(doc, env.tableName)).map((p) => p.recordId)).toContain('CF-IDX-1');
    expect((await store.enterprisePartition(uscc(20))).some((i) => i.sk === keys.dirty)).toBe(true);
    flaky.destroy();
  });

  it('an older version written late never replaces the indexed copy of a newer one', async () => {
    const v2 = pen(21, 'CF-IDX-2', { measures: ['fine', 'license_revoked'], version: 2 });
    await store.writeRecords([at('a.jsonl')(v2, 1)]);
    expect((await disciplinePenalties(doc, env.tableName)).find((p) => p.recordId === 'CF-IDX-2')?.version).toBe(2);
    // A racing writer of version 1 that classified before version 2 landed reaches the index step.
    await updateIndexes(doc, env.tableName, { ...v2, version: 1, measures: ['fine'] }, { ...v2, version: 0 });
    const indexed = (await disciplinePenalties(doc, env.tableName)).find((p) => p.recordId === 'CF-IDX-2');
    expect(indexed?.version).toBe(2);
  });
});

describe('the name index of profiles (GET /enterprises)', () => {
  const profileItem = async (n: number) =>
    (
      await doc.send(
        new GetCommand({ TableName: env.tableName, Key: { pk: keys.enterprise(uscc(n)), sk: keys.profile } }),
      )
    ).Item as Record<string, unknown>;

  it('a profile is listed under its district by name; a new version moves it, a re-sent old state gets it', async () => {
    await store.writeRecords([at('a.csv')(ent(30, { name: '鹿城小吃店', region: '330302' }), 1)]);
    expect(await profileItem(30)).toMatchObject({ gsi1pk: 'NAMES#330302', gsi1sk: `鹿城小吃店#${uscc(30)}` });
    await store.writeRecords([at('b.csv')(ent(30, { name: '瓯海小吃店', region: '330304', version: 2 }), 1)]);
    expect(await profileItem(30)).toMatchObject({ gsi1pk: 'NAMES#330304', gsi1sk: `瓯海小吃店#${uscc(30)}` });
    // A profile stored before the index existed: the same file again (all duplicates) adds it.
    await doc.send(
      new UpdateCommand({
        TableName: env.tableName,
        Key: { pk: keys.enterprise(uscc(30)), sk: keys.profile },
        UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
      }),
    );
    const again = await store.writeRecords([
      at('b.csv')(ent(30, { name: '瓯海小吃店', region: '330304', version: 2 }), 1),
    ]);
    expect(again.counts).toMatchObject({ duplicates: 1, accepted: 0 });
    expect(await profileItem(30)).toMatchObject({ gsi1pk: 'NAMES#330304', gsi1sk: `瓯海小吃店#${uscc(30)}` });
  });
});

describe('person bars and the enterprises their people run (FSL Art. 135)', () => {
  it('a revocation marks the enterprise of the barred legal representative; a correction lifting it marks it again', async () => {
    const rep = { masked: '330302********0017', hash: 'rep-hash-31' };
    await store.writeRecords([at('e.csv')(ent(31, { legalRepName: '王某', legalRepId: rep }), 2)]);
    const marked = async () => (await store.enterprisePartition(uscc(31))).find((i) => i.sk === keys.dirty);
    const clear = async () => {
      const m = await marked();
      if (m)
        await new AssessmentStore({ doc, table: env.tableName, shards: 4 }).clearDirty(uscc(31), m.markedAt as string);
    };
    await clear();
    const revocation = pen(32, 'CF-BAR-1', {
      measures: ['fine', 'license_revoked'],
      persons: [{ name: '王某', role: 'legal_representative', id: rep }],
    });
    expect((await store.writeRecords([at('p.jsonl')(revocation, 1)])).dirty).toContain(uscc(31));
    await clear();
    const lifted = { ...revocation, version: 2, measures: ['fine' as const] };
    expect((await store.writeRecords([at('p2.jsonl')(lifted, 1)])).dirty).toContain(uscc(31));
    expect(await marked()).toBeDefined();
  });
});

describe('batched writes retry UnprocessedItems (DynamoDB partial batches)', () => {
  it('re-sends what BatchWriteItem returned unprocessed until all is written', async () => {
    const flaky = documentClient(env.dynamoConfig);
    let cut = 0;
    flaky.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { RequestItems?: Record<string, { PutRequest?: unknown }[]> };
        const requests = input.RequestItems?.[env.tableName];
        if (requests && requests.length > 1 && requests[0]?.PutRequest && cut < 3) {
          cut++;
          const keep = requests.slice(0, 1);
          const rest = requests.slice(1);
          const out = await next({ ...args, input: { ...input, RequestItems: { [env.tableName]: keep } } });
          (out.output as { UnprocessedItems?: unknown }).UnprocessedItems = { [env.tableName]: rest };
          return out;
        }
        return next(args);
      },
      { step: 'initialize', name: 'dropPartOfBatch' },
    );
    const flakyStore = new RecordStore({ doc: flaky, table: env.tableName, shards: 4, clock });
    const usccs = [10, 11, 12, 13, 14].map(uscc);
    await flakyStore.markDirty(usccs);
    expect(cut).toBeGreaterThan(0);
    for (const u of usccs) {
      expect((await store.enterprisePartition(u)).some((i) => i.sk === keys.dirty)).toBe(true);
    }
    flaky.destroy();
  });
});
