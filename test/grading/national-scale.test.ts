// What a grading run asks of DynamoDB at a country's scale (issue 17 part 5), on the dataset of
// runs.test.ts: a shard finds the person bars of its legal representatives by ID hash and never
// reads the DISCIPLINE partition; a state stored before bar items existed gets them from the
// scheduler once, with the same grades; a worker reads the region registry and does not rewrite it.
import { S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type GradeShardMessage, makeIngestSqsHandler as makeIngestSqs } from '@fenji/app';
import { mergeUnique, scheduleRun } from '@fenji/app/grading';
import { fixedClock, makeUscc } from '@fenji/domain';
import { startEmbedded } from '@fenji/embedded';
import {
  AssessmentStore,
  documentClient,
  keys,
  queryAll,
  REGIONS_PK,
  RecordStore,
  RunStore,
  type StoredAssessment,
} from '@fenji/store';
import { afterEach, describe, expect, it } from 'vitest';
import { gradingHarness } from '../support/grading.ts';
import { handlerEnv, lambdaContext, recordMessagesEvent } from '../support/lambda.ts';
import { enterprise, inspection } from '../support/records.ts';
import { messages, uscc } from './dataset.ts';

const ID_KEY = handlerEnv({}).FENJI_ID_KEY as string;

interface Sent {
  command: string;
  input: Record<string, unknown>;
}

async function setUp() {
  const env = await startEmbedded();
  const h = gradingHarness(env, { shardSize: 3 });
  const sent: Sent[] = [];
  h.doc.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ command: String(context.commandName), input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  const s3 = new S3Client(env.s3Config);
  await makeIngestSqs(() => ({
    s3,
    store: h.records,
    quarantineBucket: env.buckets.quarantine,
    clock: h.clock,
    idKey: ID_KEY,
  }))(recordMessagesEvent(messages), lambdaContext('ingest-sqs'));
  s3.destroy();
  return { env, h, sent };
}

const readsDiscipline = (s: Sent) =>
  s.command === 'QueryCommand' &&
  (s.input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':pk'] === keys.discipline;
const barred = async (h: ReturnType<typeof gradingHarness>) =>
  (
    (await h.records.enterprisePartition(uscc(7))).find((i) => i.sk === keys.latestAssessment)?.data as StoredAssessment
  )?.warnings.map((w) => w.code);

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('grading at national scale', () => {
  it('the worker looks bars up by ID hash and reads no DISCIPLINE partition; the barred representative still shows', async () => {
    const { env, h, sent } = await setUp();
    cleanup = async () => {
      h.restore();
      await env.stop();
    };
    const scheduled = await h.schedule('daily', '2026-11-30', 'run-n');
    sent.length = 0;
    expect(await h.work(h.sent.filter((m) => m.runId === scheduled.runId))).toEqual({ batchItemFailures: [] });
    expect(sent.filter(readsDiscipline)).toEqual([]);
    // One BatchGetItem of bar items per 100 enterprises read ahead (three messages here), and one
    // of the DISCIPLINE copies where a bar was found.
    expect(sent.filter((s) => s.command === 'BatchGetItemCommand').length).toBeLessThanOrEqual(4);
    expect(await barred(h)).toEqual(['banned_person_in_charge']);
  });

  it('a state stored before bar items existed: the scheduler builds them once, the grades are the same', async () => {
    const { env, h, sent } = await setUp();
    cleanup = async () => {
      h.restore();
      await env.stop();
    };
    // As an earlier version left it: no bar items, no marker.
    const table = h.records.table;
    for (const item of await queryAll(h.doc, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.discipline },
    })) {
      for (const p of (item.data as { persons: { id: { hash: string } }[] }).persons) {
        await h.doc.send(
          new DeleteCommand({ TableName: table, Key: { pk: keys.personBars(p.id.hash), sk: keys.personBarsItem } }),
        );
      }
    }
    await h.doc.send(new DeleteCommand({ TableName: table, Key: { pk: keys.indexes, sk: keys.personBarIndexBuilt } }));
    sent.length = 0;
    await h.run('daily', '2026-11-30', 'run-old');
    expect(sent.filter(readsDiscipline)).toHaveLength(1); // the scheduler's build, once
    expect(await barred(h)).toEqual(['banned_person_in_charge']);
    sent.length = 0;
    await h.run('monthly', '2026-11-30', 'run-again');
    expect(sent.filter(readsDiscipline)).toEqual([]);
  });

  it('a shard graded before the scheduler has built the bar items keeps the bar (DISCIPLINE read, as before)', async () => {
    const { env, h } = await setUp();
    cleanup = async () => {
      h.restore();
      await env.stop();
    };
    await h.run('daily', '2026-11-30', 'run-old');
    expect(await barred(h)).toEqual(['banned_person_in_charge']);
    // As an earlier version left it: no bar items, no marker.
    const table = h.records.table;
    for (const item of await queryAll(h.doc, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.discipline },
    })) {
      for (const p of (item.data as { persons: { id: { hash: string } }[] }).persons) {
        await h.doc.send(
          new DeleteCommand({ TableName: table, Key: { pk: keys.personBars(p.id.hash), sk: keys.personBarsItem } }),
        );
      }
    }
    await h.doc.send(new DeleteCommand({ TableName: table, Key: { pk: keys.indexes, sk: keys.personBarIndexBuilt } }));
    // A message the earlier scheduler queued, to a new container (its own client).
    const doc = documentClient(env.dynamoConfig);
    const records = new RecordStore({ doc, table, shards: 4, clock: h.clock });
    const message = { runId: '2026-11-30-monthly', kind: 'monthly', asOf: '2026-11-30', shard: 0, usccs: [uscc(7)] };
    expect(await h.work([message as GradeShardMessage], { records })).toEqual({ batchItemFailures: [] });
    expect(await barred(h)).toEqual(['banned_person_in_charge']);
    doc.destroy();
  });

  it('a new worker reads the region registry once and writes no region already in it', async () => {
    const { env, h, sent } = await setUp();
    cleanup = async () => {
      h.restore();
      await env.stop();
    };
    await h.run('daily', '2026-11-30', 'run-1');
    const registered = await queryAll(h.doc, {
      TableName: h.records.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': REGIONS_PK },
    });
    expect(registered.map((i) => i.region).sort()).toEqual(['330302', '330381']);
    // Another container: a fresh store, as a new Lambda instance has.
    const fresh = new AssessmentStore({ doc: h.doc, table: h.records.table, shards: 4 });
    const stored = (await h.records.enterprisePartition(uscc(1))).find((i) => i.sk === keys.latestAssessment)
      ?.data as StoredAssessment;
    sent.length = 0;
    await fresh.write([{ assessment: stored, history: false }]);
    const registryWrites = sent
      .filter((s) => s.command === 'BatchWriteCommand')
      .flatMap((s) =>
        Object.values(s.input.RequestItems as Record<string, { PutRequest?: { Item: { pk: string } } }[]>),
      )
      .flat()
      .filter((w) => w.PutRequest?.Item.pk === REGIONS_PK);
    expect(registryWrites).toEqual([]);
    expect(sent.filter((s) => s.command === 'QueryCommand')).toHaveLength(1);
  });
});

describe('GRADE_SHARDS on a stored table', () => {
  const clock = fixedClock('2026-11-30T04:00:00Z');
  const u = (n: number) => makeUscc(`91330302MA2E${String(n).padStart(5, '0')}`);
  const N = 64;
  const schedule = async (doc: DynamoDBDocumentClient, table: string, shards: number, runId: string) => {
    const sent: GradeShardMessage[] = [];
    await scheduleRun(
      { kind: 'monthly', asOf: '2026-11-30', runId },
      {
        assessments: new AssessmentStore({ doc, table, shards }),
        runs: new RunStore({ doc, table }),
        queue: { send: async (m) => void sent.push(...m) },
        shards,
        shardSize: 1000,
        clock,
      },
    );
    return sent.flatMap((m) => m.usccs);
  };
  const profiles = (doc: DynamoDBDocumentClient, table: string, shards: number) =>
    new RecordStore({ doc, table, shards, clock }).writeRecords(
      Array.from({ length: N }, (_, i) => ({ record: enterprise({ uscc: u(i) }), source: 'e.csv', line: i })),
    );

  it('a count other than the one recorded (or the one the profiles are under) is refused, naming both', async () => {
    const env = await startEmbedded();
    const doc = documentClient(env.dynamoConfig);
    cleanup = async () => {
      doc.destroy();
      await env.stop();
    };
    await profiles(doc, env.tableName, 80);
    // Before any count is recorded: 80 -> 20 (a divisor) and 80 -> 160 are both seen in the profiles.
    await expect(schedule(doc, env.tableName, 20, 'decrease')).rejects.toThrow(/GRADE_SHARDS is 20, .*gradeShards=/);
    await expect(schedule(doc, env.tableName, 160, 'increase')).rejects.toThrow(/GRADE_SHARDS is 160, .*gradeShards=/);
    expect(new Set(await schedule(doc, env.tableName, 80, 'same')).size).toBe(N);
    await expect(schedule(doc, env.tableName, 16, 'after')).rejects.toThrow(
      /GRADE_SHARDS is 16, but table .* is keyed by 80 grading shards.*gradeShards=80.*re-sharding.*not built/,
    );
  });

  it('an enterprise found under two key shards (its mark under another count) is sent once', async () => {
    const env = await startEmbedded();
    const doc = documentClient(env.dynamoConfig);
    cleanup = async () => {
      doc.destroy();
      await env.stop();
    };
    await profiles(doc, env.tableName, 32);
    await new RecordStore({ doc, table: env.tableName, shards: 16, clock }).writeRecords(
      Array.from({ length: N }, (_, i) => ({
        record: inspection({ uscc: u(i), recordId: `JC-X${i}` }),
        source: 'i.csv',
        line: i,
      })),
    );
    const targets = await schedule(doc, env.tableName, 32, 'merged');
    expect(targets).toHaveLength(N);
    expect(targets).toEqual([...targets].sort());
  });

  it('mergeUnique: the sorted union of sorted lists, each value once', () => {
    expect([...mergeUnique([['b', 'd', 'f'], [], ['a', 'b', 'e'], ['f', 'g'], ['d']])]).toEqual([
      'a',
      'b',
      'd',
      'e',
      'f',
      'g',
    ]);
    expect([...mergeUnique([])]).toEqual([]);
  });
});
