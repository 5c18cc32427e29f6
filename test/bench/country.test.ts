// The country model's arithmetic on a case small enough to do by hand (bench/country.ts): the
// per-unit figures it takes from a pipeline run, the worker time of a run, its write units, a key's
// share of its partition limit, and what the old design reads per message.
import { describe, expect, it } from 'vitest';
import {
  COUNTRY,
  type Country,
  type Design,
  designs,
  type MeasuredPipeline,
  scenario,
  simulate,
  unitFigures,
} from '../../bench/country.ts';

const tally = (requests: number, rcu: number, wcu: number, items = requests) => ({
  requests,
  failed: 0,
  items,
  wcu,
  rcu,
  reported: 0,
  bytesWritten: 0,
  bytesRead: 0,
});

/** 100 enterprises, every one changed: round figures per enterprise. */
const pipeline: MeasuredPipeline = {
  enterprises: 100,
  dataLines: 800,
  files: 4,
  summary: { enterprisesGraded: 100, events: 200 },
  assessmentBytes: 700,
  stages: {
    ingest: { cpuSeconds: 0.8, dynamo: { PutItem: tally(800, 0, 1600), BatchWriteItem: tally(40, 0, 800, 800) } },
    schedule: { cpuSeconds: 0.01, dynamo: { Query: tally(2, 10, 0, 200) } },
    grade: {
      cpuSeconds: 0.2, // 2 ms an enterprise
      dynamo: {
        Query: tally(100, 150, 0), // 1 partition read, 1.5 units
        BatchGetItem: tally(1, 50, 0, 100), // the bar lookup: 0.5 units an enterprise
        BatchWriteItem: tally(200, 0, 500), // 2 writes, 5 units
        DeleteItem: tally(100, 0, 200), // the dirty mark: 1 delete, 2 units
        PutItem: tally(1, 0, 1), // the run's shard item (one message of 100)
      },
    },
    outputs: { cpuSeconds: 0, dynamo: {} },
  },
};
const parse = { wholeItemSeconds: 10e-6, projectedItemSeconds: 1e-6 };
const tiny: Country = {
  ...COUNTRY,
  enterprises: 1000,
  records: 8000,
  disciplineSources: 10,
  barredRepShare: 0,
  largestRegionShare: 0.01,
};

describe('the country model (bench/country.ts)', () => {
  const u = unitFigures(pipeline, parse);

  it('takes per-enterprise and per-record figures from the pipeline run', () => {
    expect(u).toMatchObject({
      readRequests: 1,
      readUnits: 1.5,
      writeBatchRequests: 2,
      writeSingleRequests: 0, // the one PutItem is the message's, not an enterprise's
      writeUnits: 5,
      clearRequests: 1,
      clearUnits: 2,
      cpuSeconds: 0.002,
      events: 2,
      barLookupUnits: 0.5,
      barLookupMeasured: true,
    });
    expect(u.ingest).toMatchObject({ requests: 1.05, writeUnits: 3, markWrites: 1 });
    expect(u.scheduleCpuPerItem).toEqual({ whole: 20e-6, projected: 2e-6 }); // × the SDK's own pass
  });

  it('a first run of 1,000 enterprises on 10 workers, by hand', () => {
    const after: Design = {
      ...designs(10, tiny).after,
      gradeShards: 2,
      shardSize: 100,
      workerReadConcurrency: 1,
    };
    const s = scenario('first', tiny);
    expect(s).toMatchObject({ targets: 1000, changed: 1000, dirty: 1000 });
    const r = simulate(after, s, 10, u, tiny);
    expect(r.messages).toBe(10);
    // Per enterprise: 2 ms CPU × 1769/1024 (1 GB Lambda) + one 8 ms read; per changed one two
    // 20 ms batch writes and a 20 ms PutEvents; per dirty one an 8 ms delete; per message one
    // 20 ms bar lookup and the 8 ms shard item.
    const perEnterprise = 0.002 * (1769 / 1024) + 0.008;
    const workerSeconds = 1000 * perEnterprise + 1000 * (2 * 0.02 + 0.02) + 1000 * 0.008 + 10 * (0.02 + 0.008);
    // Ten workers, reached in 10 / 300 minutes (half of it lost).
    const wall = workerSeconds / 10 + 2 / 2;
    expect(r.seconds.workers).toBeCloseTo(wall, 9);
    expect(r.seconds.grading).toBeCloseTo(wall, 9);
    expect(r.bound).toBe('10 workers');
    // Writes: 5 units per changed, 2 per cleared mark, 1 per shard item.
    expect(r.units.write).toBe(1000 * 5 + 1000 * 2 + 10);
    // 1,000 marks deleted over 2 key shards while the workers run, of 1,000 units a second.
    expect(r.keys.find((k) => k.key === 'DIRTY# key shard')?.share).toBeCloseTo(500 / wall / 1000, 9);
    expect(r.usd.eventBridge).toBeCloseTo(2000 / 1e6, 12);
    expect(r.problems).toEqual([]);
  });

  it('the old design reads the whole DISCIPLINE partition once per message', () => {
    const { before } = designs(10, tiny);
    const r = simulate(before, scenario('first', tiny), 10, u, tiny);
    expect(r.messages).toBe(5); // 200 enterprises a message
    // 10 sources × 700 bytes, eventually consistent: 0.5 units per 4 KB.
    const perMessage = ((10 * 700) / 4096) * 0.5;
    expect(r.keys.find((k) => k.key === 'DISCIPLINE')?.units).toBeCloseTo(5 * perMessage, 9);
  });

  it('a daily run grades the enterprises with a new record or a next-change date', () => {
    const dirty = 1 - Math.exp(-(8000 * tiny.dailyRecordShare) / 1000);
    expect(scenario('daily', tiny).targets).toBeCloseTo(1000 * (1 - (1 - dirty) * (1 - tiny.dueShareDaily)), 9);
  });
});
