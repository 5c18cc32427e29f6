// Privacy end to end (records.md §3): the whole local pipeline runs with handler logs at DEBUG,
// then the API answers for every enterprise; every output file, log line, stored item, object
// in every bucket and API response is scanned for the clear ID numbers the inputs carried, and
// for any other valid resident ID number.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG'; // before any handler's logger is created
});

import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expireRawExports, makeApiHandler as makeApi, REPLAY_WINDOW_DAYS, ROUTES, toHttpApiEvent } from '@fenji/app';
import { fixedClock, isValidResidentId, isValidUscc } from '@fenji/domain';
import { startEmbedded } from '@fenji/embedded';
import { runPipeline, silentProgress } from '@fenji/local';
import { writeDataset } from '@fenji/sample';
import {
  ApiQueries,
  AssessmentStore,
  CaseStore,
  documentClient,
  ImpactJobStore,
  PlanStore,
  RecordStore,
  RunStore,
} from '@fenji/store';
import { lambdaContext } from '../support/lambda.ts';

const root = mkdtempSync(join(tmpdir(), 'fenji-privacy-'));
const data = join(root, 'data');
const state = join(root, 'state');
const out = join(root, 'out');
const clock = fixedClock('2026-11-30T04:00:00Z');
const ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const validIds = (text: string) =>
  [...text.matchAll(ID)].map((m) => m[0].toUpperCase()).filter((t) => isValidResidentId(t) && !isValidUscc(t));

const texts: { where: string; text: string }[] = [];
let rawExports = 0;
let keptInsideWindow = -1;
let expired = 0;
const logs: string[] = [];
let clear = new Set<string>();

beforeAll(async () => {
  await writeDataset(data, { enterprises: 80, seed: 'privacy', asOf: '2026-11-30' });
  const inputs = readdirSync(data, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(csv|jsonl)$/.test(f))
    .map((f) => readFileSync(join(data, f), 'latin1'))
    .join('\n');
  clear = new Set(validIds(inputs));

  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
      logs.push(String(chunk));
      return true;
    }) as typeof stream.write);
  }
  const summary = await runPipeline(
    { data, asOf: '2026-11-30', out, period: '2026-Q4', seed: 'privacy', state, clock },
    silentProgress,
  );
  for (const f of readdirSync(out)) texts.push({ where: `out/${f}`, text: readFileSync(join(out, f), 'utf8') });

  // Everything the runtime stored: every item, every object.
  const env = await startEmbedded({ stateDir: state });
  const doc = documentClient(env.dynamoConfig);
  const s3 = new S3Client(env.s3Config);
  try {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: env.tableName, ExclusiveStartKey: start }));
      for (const item of page.Items ?? [])
        texts.push({ where: `dynamodb ${item.pk} ${item.sk}`, text: JSON.stringify(item) });
      start = page.LastEvaluatedKey;
    } while (start);
    // The raw exports hold the clear numbers by nature, until the retention step: with the clock
    // moved past the replay window (PIPL Art. 19), they are gone and nothing else holds one.
    const uploaded = (await s3.send(new ListObjectsV2Command({ Bucket: env.buckets.records }))).Contents ?? [];
    rawExports = uploaded.length;
    const newest = Math.max(...uploaded.map((o) => o.LastModified?.getTime() ?? 0));
    const justInside = new Date(newest + (REPLAY_WINDOW_DAYS - 1) * 86_400_000);
    keptInsideWindow = (await expireRawExports(s3, env.buckets.records, justInside)).length;
    expired = (
      await expireRawExports(s3, env.buckets.records, new Date(newest + (REPLAY_WINDOW_DAYS + 1) * 86_400_000))
    ).length;
    for (const bucket of Object.values(env.buckets)) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      for (const o of listed.Contents ?? []) {
        const body = await (
          await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }))
        ).Body?.transformToString('latin1');
        texts.push({ where: `s3://${bucket}/${o.Key}`, text: body ?? '' });
      }
    }

    // The API, as an admin of the whole province, for every enterprise.
    const table = env.tableName;
    const api = makeApi(() => ({
      records: new RecordStore({ doc, table, clock }),
      assessments: new AssessmentStore({ doc, table }),
      cases: new CaseStore({ doc, table }),
      runs: new RunStore({ doc, table }),
      queries: new ApiQueries({ doc, table, shards: 16 }),
      plans: new PlanStore({ doc, table }),
      s3,
      exportsBucket: env.buckets.exports,
      clock,
      // Only GET routes are called here: no impact job is queued.
      impactJobs: new ImpactJobStore({ doc, table }),
      impactQueue: { send: async () => {} },
    }));
    const call = async (url: string) => {
      const event = toHttpApiEvent(ROUTES, {
        method: 'GET',
        url,
        headers: { host: 'localhost' },
        receivedAt: clock.now(),
        body: null,
        claims: { sub: 't', regions: ['330000'], role: 'admin' },
      });
      const result = (await api(event as never, lambdaContext('api'))) as { body?: string };
      texts.push({ where: `api ${url}`, text: result.body ?? '' });
    };
    const usccs = readFileSync(join(out, 'assessments.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).uscc as string);
    for (const u of usccs) {
      await call(`/enterprises/${u}/assessment`);
      await call(`/enterprises/${u}/records`);
      await call(`/enterprises/${u}/assessments`);
    }
    await call('/assessments?region=330000&limit=200');
    await call('/discipline-list');
    await call('/plans/2026-Q4');
    await call(`/runs/${summary.runId}`);
  } finally {
    doc.destroy();
    s3.destroy();
    await env.stop();
    vi.restoreAllMocks();
  }
}, 180_000);

afterAll(() => vi.restoreAllMocks());

describe('no clear personal ID number anywhere (records.md §3)', () => {
  it('the raw exports are kept for the replay window and deleted after it (PIPL Art. 19)', () => {
    expect(rawExports).toBeGreaterThan(10);
    expect(keptInsideWindow).toBe(0);
    expect(expired).toBe(rawExports);
  });

  it('the inputs do carry ID numbers, and the run logged at DEBUG', () => {
    expect(clear.size).toBeGreaterThan(20);
    expect(logs.join('').length).toBeGreaterThan(1000);
    expect(texts.filter((t) => t.where.startsWith('dynamodb')).length).toBeGreaterThan(500);
    expect(texts.filter((t) => t.where.startsWith('api')).length).toBeGreaterThan(200);
  });

  it('outputs, stored items, objects, API responses and log lines hold none of them, nor any other valid ID number', () => {
    const leaks: string[] = [];
    for (const { where, text } of [...texts, { where: 'logs', text: logs.join('') }]) {
      for (const id of clear) if (text.includes(id)) leaks.push(`${where}: input ID ${id.slice(0, 6)}…`);
      for (const id of validIds(text)) leaks.push(`${where}: ID-shaped ${id.slice(0, 6)}…`);
    }
    expect(leaks).toEqual([]);
  });
});
