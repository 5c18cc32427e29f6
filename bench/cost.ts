// The cost model: measured DynamoDB request units and CPU of the local pipeline run, turned
// into USD at on-demand list prices. Every constant is here with its source and date.
import { round } from './common.ts';
import { sumTallies, type Tallies } from './meter.ts';
import type { PipelineResult } from './pipeline.ts';

/**
 * AWS public list prices for us-east-1 (N. Virginia), USD, as known to the author of this bench
 * in mid-2025. Regions differ: fenji's production region would be cn-north-1 (Beijing, operated
 * by Sinnet) or cn-northwest-1 (Ningxia, NWCD), priced in CNY on amazonaws.cn and not converted
 * here. Check the current pages before quoting these figures.
 */
export const PRICES = {
  region: 'us-east-1',
  currency: 'USD',
  asOf: '2025-06 (list prices as known then; verify on aws.amazon.com/pricing)',
  dynamodb: {
    source: 'aws.amazon.com/dynamodb/pricing/on-demand (on-demand throughput price cut of 2024-11-01)',
    perMillionWriteRequestUnits: 0.625,
    perMillionReadRequestUnits: 0.125,
    perGbMonthStorage: 0.25,
  },
  lambda: {
    source: 'aws.amazon.com/lambda/pricing (Arm / Graviton, first pricing tier)',
    perGbSecondArm64: 0.0000133334,
    perMillionRequests: 0.2,
  },
  s3: {
    source: 'aws.amazon.com/s3/pricing (S3 Standard)',
    perThousandPut: 0.005,
    perThousandGet: 0.0004,
  },
  sqs: { source: 'aws.amazon.com/sqs/pricing (standard queue, per 64 KB request)', perMillionRequests: 0.4 },
  eventBridge: { source: 'aws.amazon.com/eventbridge/pricing (custom events)', perMillionEvents: 1.0 },
} as const;

export const ASSUMPTIONS = {
  lambdaMemoryMb: 1024,
  /** Lambda gives one full vCPU at 1,769 MB; CPU-bound time stretches below it. */
  fullVcpuMemoryMb: 1769,
  /** In-region DynamoDB round trips, typical: single-item ~8 ms, batch (25 writes / 100 reads) ~20 ms. */
  singleRequestMs: 8,
  batchRequestMs: 20,
  /** RecordStore's conditional writes in flight (pipeline.ts: concurrency 32). */
  ingestConcurrency: 32,
  /** Grade worker: enterprises one after another in a shard; 100 enterprises per shard message. */
  gradeShardSize: 100,
  /** Per file: the exporter's PUT, ingest's GET, the report PUT and a rejects PUT (upper bound). */
  s3PutsPerFile: 3,
  s3GetsPerFile: 1,
  /** Per file: S3 → SQS notification send, receive, delete. */
  sqsRequestsPerFile: 3,
  /** DynamoDB bills 100 bytes of index overhead per stored item. */
  itemOverheadBytes: 100,
  notes: [
    'Lambda duration = measured main-thread CPU (this machine: AMD EPYC, taken as equal to one Graviton core) × 1769/1024 + DynamoDB round trips on the critical path × latency; arm64, 1,024 MB.',
    'Ingest critical path: every batch request (BatchGetItem, BatchWriteItem) in sequence plus single-item requests / 32 in flight.',
    'Grading critical path: every request in sequence (the worker grades the enterprises of a shard one by one).',
    'Request units are estimated from item sizes with DynamoDB rules (bench/meter.ts), including the three GSIs (projection ALL); dynalite reports table units only.',
    'The measured grading run is a first run: every enterprise changes, so each gets a history row and events. A month in which nothing changed costs only the reads (the "noneChanged" bound).',
    'Free tiers are ignored.',
  ],
} as const;

const SEC = 1000;

function roundTripSeconds(t: Tallies, concurrency: number): number {
  let s = 0;
  for (const [name, x] of Object.entries(t)) {
    const batch = name.startsWith('Batch');
    s += batch
      ? (x.requests * ASSUMPTIONS.batchRequestMs) / SEC
      : (x.requests * ASSUMPTIONS.singleRequestMs) / SEC / concurrency;
  }
  return s;
}

const cpuStretch = () => ASSUMPTIONS.fullVcpuMemoryMb / ASSUMPTIONS.lambdaMemoryMb;
const gb = () => ASSUMPTIONS.lambdaMemoryMb / 1024;
const ddbUsd = (wcu: number, rcu: number) =>
  (wcu * PRICES.dynamodb.perMillionWriteRequestUnits + rcu * PRICES.dynamodb.perMillionReadRequestUnits) / 1e6;

export interface CostModel {
  prices: typeof PRICES;
  assumptions: typeof ASSUMPTIONS;
  measuredOn: { enterprises: number; dataLines: number; files: number };
  perRecord: {
    dynamoRequests: number;
    writeUnits: number;
    readUnits: number;
    lambdaGbSeconds: number;
  };
  perEnterpriseGraded: {
    dynamoRequests: number;
    writeUnits: number;
    readUnits: number;
    readUnitsNoneChanged: number;
    lambdaGbSeconds: number;
    events: number;
  };
  /** USD per million records (data lines) ingested. */
  perMillionRecordsIngested: Record<string, number>;
  /** USD per full monthly grading run (scheduler + workers + plan/discipline outputs). */
  monthlyRun: Record<string, Record<string, number>>;
  /** USD per month to keep the tables (records, indexes, latest assessments, one history row). */
  storagePerMonth: Record<string, number>;
}

export function costModel(p: PipelineResult, scales: readonly number[]): CostModel {
  const lines = p.dataLines;
  const enterprises = Number(p.summary.enterprisesGraded ?? p.enterprises);
  const ingest = sumTallies(p.stages.ingest.dynamo);
  const grade = sumTallies(p.stages.grade.dynamo);
  const schedule = sumTallies(p.stages.schedule.dynamo);
  const outputs = sumTallies(p.stages.outputs.dynamo);

  // --- Ingest, per record (data line).
  const ingestLambdaSeconds =
    p.stages.ingest.cpuSeconds * cpuStretch() + roundTripSeconds(p.stages.ingest.dynamo, ASSUMPTIONS.ingestConcurrency);
  const perRecord = {
    dynamoRequests: ingest.requests / lines,
    writeUnits: ingest.wcu / lines,
    readUnits: ingest.rcu / lines,
    lambdaGbSeconds: (ingestLambdaSeconds * gb()) / lines,
  };
  const filesPerRecord = p.files / lines;
  const M = 1e6;
  const ingestUsd = {
    dynamodb: ddbUsd(perRecord.writeUnits * M, perRecord.readUnits * M),
    lambda:
      perRecord.lambdaGbSeconds * M * PRICES.lambda.perGbSecondArm64 +
      ((filesPerRecord * M) / 1e6) * PRICES.lambda.perMillionRequests,
    s3:
      ((filesPerRecord * M * ASSUMPTIONS.s3PutsPerFile) / 1000) * PRICES.s3.perThousandPut +
      ((filesPerRecord * M * ASSUMPTIONS.s3GetsPerFile) / 1000) * PRICES.s3.perThousandGet,
    sqs: ((filesPerRecord * M * ASSUMPTIONS.sqsRequestsPerFile) / 1e6) * PRICES.sqs.perMillionRequests,
  };

  // --- Grading, per enterprise: scheduler + workers; the plan/discipline outputs once per run.
  const gradeLambdaSeconds =
    (p.stages.grade.cpuSeconds + p.stages.schedule.cpuSeconds) * cpuStretch() +
    roundTripSeconds(p.stages.grade.dynamo, 1) +
    roundTripSeconds(p.stages.schedule.dynamo, 1);
  const outputsLambdaSeconds =
    p.stages.outputs.cpuSeconds * cpuStretch() + roundTripSeconds(p.stages.outputs.dynamo, 1);
  const events = Number(p.summary.events ?? 0);
  const perEnterprise = {
    dynamoRequests: (grade.requests + schedule.requests) / enterprises,
    writeUnits: (grade.wcu + schedule.wcu) / enterprises,
    readUnits: (grade.rcu + schedule.rcu) / enterprises,
    readUnitsNoneChanged: (grade.rcu + schedule.rcu) / enterprises,
    lambdaGbSeconds: (gradeLambdaSeconds * gb()) / enterprises,
    events: events / enterprises,
  };
  const outputsPerEnterprise = {
    wcu: outputs.wcu / enterprises,
    rcu: outputs.rcu / enterprises,
    gbs: (outputsLambdaSeconds * gb()) / enterprises,
  };
  const monthlyRun: CostModel['monthlyRun'] = {};
  const storagePerMonth: CostModel['storagePerMonth'] = {};
  const writtenItems = ingest.items + grade.items;
  const storedBytesPerEnterprise =
    (ingest.bytesWritten + grade.bytesWritten + writtenItems * ASSUMPTIONS.itemOverheadBytes) / enterprises;
  for (const n of scales) {
    const dynamodb = ddbUsd(
      (perEnterprise.writeUnits + outputsPerEnterprise.wcu) * n,
      (perEnterprise.readUnits + outputsPerEnterprise.rcu) * n,
    );
    const dynamodbNoneChanged = ddbUsd(0, (perEnterprise.readUnitsNoneChanged + outputsPerEnterprise.rcu) * n);
    const invocations = n / ASSUMPTIONS.gradeShardSize + 3;
    const lambda =
      (perEnterprise.lambdaGbSeconds + outputsPerEnterprise.gbs) * n * PRICES.lambda.perGbSecondArm64 +
      (invocations / 1e6) * PRICES.lambda.perMillionRequests;
    const shardMessages = n / ASSUMPTIONS.gradeShardSize;
    const sqs = ((shardMessages / 10 + 2 * shardMessages) / 1e6) * PRICES.sqs.perMillionRequests;
    const eventBridge = ((perEnterprise.events * n) / 1e6) * PRICES.eventBridge.perMillionEvents;
    monthlyRun[String(n)] = {
      dynamodb: round(dynamodb, 2),
      lambda: round(lambda, 2),
      sqs: round(sqs, 4),
      eventBridge: round(eventBridge, 2),
      total: round(dynamodb + lambda + sqs + eventBridge, 2),
      totalNoneChanged: round(dynamodbNoneChanged + lambda + sqs, 2),
    };
    storagePerMonth[String(n)] = round(((storedBytesPerEnterprise * n) / 1e9) * PRICES.dynamodb.perGbMonthStorage, 2);
  }

  // The worker's partition Query reads every history row (ASMT#date#run) as well.
  const r = (o: Record<string, number>, d = 2) => {
    const out: Record<string, number> = {};
    let total = 0;
    for (const [k, v] of Object.entries(o)) {
      out[k] = round(v, d);
      total += v;
    }
    out.total = round(total, d);
    return out;
  };
  return {
    prices: PRICES,
    assumptions: ASSUMPTIONS,
    measuredOn: { enterprises, dataLines: lines, files: p.files },
    perRecord: {
      dynamoRequests: round(perRecord.dynamoRequests, 3),
      writeUnits: round(perRecord.writeUnits, 3),
      readUnits: round(perRecord.readUnits, 3),
      lambdaGbSeconds: round(perRecord.lambdaGbSeconds, 6),
    },
    perEnterpriseGraded: {
      dynamoRequests: round(perEnterprise.dynamoRequests, 2),
      writeUnits: round(perEnterprise.writeUnits, 2),
      readUnits: round(perEnterprise.readUnits, 2),
      readUnitsNoneChanged: round(perEnterprise.readUnitsNoneChanged, 2),
      lambdaGbSeconds: round(perEnterprise.lambdaGbSeconds, 5),
      events: round(perEnterprise.events, 2),
    },
    perMillionRecordsIngested: r(ingestUsd),
    monthlyRun,
    storagePerMonth,
  };
}
