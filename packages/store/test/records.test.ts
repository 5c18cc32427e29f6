// records.md §3 against dynalite through the real SDK clients: duplicate, replace, stale,
// conflict (both sources named), orphans, dirty markers, UnprocessedItems retried; lost races on
// a key found absent (why records stay conditional puts), and the two dirty marks of
// records.ts's module comment under a concurrent worker and a crash.
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

  it('a writer that loses the race to a newer version of a key it found absent is re-read and counted stale (conditional put)', async () => {
    await store.writeRecords([at('r.csv')(ent(7), 2)]);
    const racing = documentClient(env.dynamoConfig);
    const other = new RecordStore({ doc, table: env.tableName, shards: 4, clock });
    let raced = false;
    racing.middlewareStack.add(
      (next) => async (args) => {
        // Our first write of the record, in whatever form (a PutItem, or a BatchWriteItem put).
        const input = args.input as {
          Item?: { key?: string };
          RequestItems?: Record<string, { PutRequest?: { Item: { key?: string } } }[] | object>;
        };
        const batched = input.RequestItems?.[env.tableName];
        const writes = [input.Item, ...(Array.isArray(batched) ? batched.map((r) => r.PutRequest?.Item) : [])];
        if (!raced && writes.some((item) => item?.key === 'JC-70')) {
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

  it('a writer that loses the race to other content of the same version is a conflict, and the first stays', async () => {
    await store.writeRecords([at('r.csv')(ent(8), 2)]);
    const racing = documentClient(env.dynamoConfig);
    let raced = false;
    racing.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as {
          Item?: { key?: string };
          RequestItems?: Record<string, { PutRequest?: { Item: { key?: string } } }[] | object>;
        };
        const batched = input.RequestItems?.[env.tableName];
        const writes = [input.Item, ...(Array.isArray(batched) ? batched.map((r) => r.PutRequest?.Item) : [])];
        if (!raced && writes.some((item) => item?.key === 'JC-80')) {
          raced = true; // an SQS message with the same version and other content lands first
          await store.writeRecords([
            at('sqs:fast')(insp(8, 'JC-80', { result: 'non_compliant', keyItemsFailed: 1 }), 0),
          ]);
        }
        return next(args);
      },
      { step: 'initialize', name: 'raceSameVersion' },
    );
    const slow = new RecordStore({ doc: racing, table: env.tableName, shards: 4, clock });
    const r = await slow.writeRecords([at('slow.csv')(insp(8, 'JC-80'), 4)]);
    expect(raced).toBe(true);
    expect(r.counts).toMatchObject({ conflicts: 1, accepted: 0 });
    expect(r.rejects[0]?.errors[0]?.message).toContain('sqs:fast');
    expect(((await store.enterpriseHistory(uscc(8))).records[0] as Inspection).result).toBe('non_compliant');
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

// The write path of records.ts's module comment: which marks a batch writes, in what order, and
// that a worker or a crash between them never loses a record.
describe('dirty marks: the first only where none exists, the second always (issue 17 part 4)', () => {
  type Step = { kind: 'get' } | { kind: 'mark'; usccs: string[]; markedAt: string } | { kind: 'put'; key: string };
  /** A client that logs what a batch sends, and lets a test act just before a command goes out. */
  const logged = (before?: (step: Step, log: Step[]) => Promise<void>) => {
    const client = documentClient(env.dynamoConfig);
    const log: Step[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as {
          RequestItems?: Record<string, { PutRequest?: { Item: Record<string, string> } }[] | { Keys: unknown[] }>;
          Item?: { key?: string };
          ConditionExpression?: string;
        };
        const requested = input.RequestItems?.[env.tableName];
        let step: Step | undefined;
        if (requested && !Array.isArray(requested)) step = { kind: 'get' };
        else if (requested) {
          const marks = requested.flatMap((r) => (r.PutRequest?.Item.sk === keys.dirty ? [r.PutRequest.Item] : []));
          if (marks.length > 0)
            step = { kind: 'mark', usccs: marks.map((m) => m.uscc as string), markedAt: marks[0]?.markedAt as string };
        } else if (input.ConditionExpression && input.Item?.key) step = { kind: 'put', key: input.Item.key };
        if (step) {
          await before?.(step, log);
          log.push(step);
        }
        return next(args);
      },
      { step: 'initialize', name: 'logBatch' },
    );
    return { client, log, store: new RecordStore({ doc: client, table: env.tableName, shards: 4, clock }) };
  };
  const markOf = async (n: number) =>
    (await store.enterprisePartition(uscc(n))).find((i) => i.sk === keys.dirty)?.markedAt as string | undefined;
  const clearer = () => new AssessmentStore({ doc, table: env.tableName, shards: 4 });

  it('a new enterprise is marked before and after its records; a marked one only after; a re-sent batch only reads', async () => {
    const { client, log, store: s } = logged();
    await s.writeRecords([at('m.csv')(ent(40), 2), at('m.csv')(insp(40, 'JC-400'), 3)]);
    expect(log.map((l) => l.kind)).toEqual(['get', 'mark', 'put', 'put', 'mark']);
    const [first, second] = log.filter((l) => l.kind === 'mark');
    expect(first?.usccs).toEqual([uscc(40)]);
    expect(second?.usccs).toEqual([uscc(40)]);
    expect(second?.markedAt).not.toBe(first?.markedAt);
    expect(await markOf(40)).toBe(second?.markedAt);

    log.length = 0;
    const next = await s.writeRecords([at('n.csv')(insp(40, 'JC-401'), 2)]);
    expect(next.dirty).toEqual([uscc(40)]);
    expect(log.map((l) => l.kind)).toEqual(['get', 'put', 'mark']);

    log.length = 0;
    const again = await s.writeRecords([at('n.csv')(insp(40, 'JC-401'), 2)]);
    expect(again.counts).toMatchObject({ duplicates: 1, accepted: 0 });
    expect(log.map((l) => l.kind)).toEqual(['get']);
    client.destroy();
  });

  for (const markedBefore of [false, true]) {
    it(`a worker that read the partition before the record landed cannot clear the mark (${markedBefore ? 'mark there already' : 'no mark before'})`, async () => {
      const n = markedBefore ? 42 : 41;
      await store.writeRecords([at('w.csv')(ent(n), 2)]);
      if (!markedBefore) {
        const m = await markOf(n);
        expect(await clearer().clearDirty(uscc(n), m as string)).toBe(true);
      }
      // The worker reads the partition just before our record is put: mark there, record not yet.
      let read: string | undefined;
      const {
        client,
        log,
        store: s,
      } = logged(async (step) => {
        if (step.kind === 'put' && step.key === `JC-${n}0`) {
          const items = await store.enterprisePartition(uscc(n));
          expect(items.some((i) => i.sk === keys.record('inspection', `JC-${n}0`))).toBe(false);
          read = items.find((i) => i.sk === keys.dirty)?.markedAt as string;
        }
      });
      await s.writeRecords([at('w2.csv')(insp(n, `JC-${n}0`), 2)]);
      expect(log.filter((l) => l.kind === 'mark')).toHaveLength(markedBefore ? 1 : 2);
      expect(read).toBeDefined();
      // Its clear of what it read fails: the enterprise stays dirty for a run that sees the record.
      expect(await clearer().clearDirty(uscc(n), read as string)).toBe(false);
      expect(await markOf(n)).toBeDefined();
      client.destroy();
    });

    it(`a crash between the records and the second mark leaves the enterprise marked, and the redelivery keeps it so (${markedBefore ? 'mark there already' : 'no mark before'})`, async () => {
      const n = markedBefore ? 44 : 43;
      await store.writeRecords([at('c.csv')(ent(n), 2)]);
      const earlier = await markOf(n);
      if (!markedBefore) expect(await clearer().clearDirty(uscc(n), earlier as string)).toBe(true);
      const { client, store: s } = logged(async (step, log) => {
        if (step.kind === 'mark' && log.some((l) => l.kind === 'put'))
          throw new Error('Task timed out after 300.00 seconds (injected)');
      });
      const batch = [at('c2.csv')(insp(n, `JC-${n}0`), 2)];
      await expect(s.writeRecords(batch)).rejects.toThrow(/timed out/);
      expect((await store.enterpriseHistory(uscc(n))).records).toHaveLength(1);
      const left = await markOf(n);
      expect(left).toBeDefined();
      if (markedBefore) expect(left).toBe(earlier); // no first mark was needed
      const redelivered = await store.writeRecords(batch);
      expect(redelivered.counts).toMatchObject({ duplicates: 1, accepted: 0 });
      expect(await markOf(n)).toBe(left);
      client.destroy();
    });
  }
});
