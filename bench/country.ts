// `npm run bench -- --country`: a country on paper (issue 17, part 5). An analytic model, not
// AWS: what a national deployment (50 million enterprises, ~400 million records, ~500,000
// listings and revocations, ~0.5 % new records a day) would do to DynamoDB, Lambda, SQS and
// EventBridge, for N grade workers, as the code was ("before") and as it is ("after").
//
// Every per-record and per-enterprise figure (requests by command, request units, CPU) is the
// pipeline bench's measurement (bench/results.json `pipeline`, as bench/cost.ts reads it); the
// prices, Lambda sizing and round-trip latencies are cost.ts's. What is not measured is an
// assumption in COUNTRY or LIMITS below, with its source. The model is arithmetic over those
// figures, so it runs in milliseconds and every number can be checked by hand (test/bench/).
//
// How a run is modelled:
// - scheduler: reads the key shards (dirty marks on GSI2; profiles or due dates on GSI3), sorts,
//   sends the messages; one Lambda.
// - workers: N Lambdas, each grading one message at a time, enterprise after enterprise; time per
//   enterprise = CPU (stretched below a full vCPU) + DynamoDB and EventBridge round trips on its
//   critical path; per message the shard's own work (before: reading the whole DISCIPLINE
//   partition; after: the person-bar lookups).
// - the run cannot be faster than any of: the workers; the table's on-demand throughput quota;
//   EventBridge's PutEvents quota; any one partition key's limit (3,000 read or 1,000 write units
//   a second — what a partition serves; adaptive capacity and burst capacity move capacity
//   between partitions and over seconds, they never lift one key above it, and a Query of one
//   key cannot be split). The slowest of these is the run's wall time and its "bound".
// - a key's share is the rate the run would put on it at its unconstrained pace, over the
//   limit: above 100 % the key sets the pace; the target is at most 50 %.
// - the joint-discipline export: before, once per listing event (one instance at a time); after,
//   once per finished run.
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { gradeSharding, PARTITION_LIMITS, SHARDING } from '@fenji/store';
import { ASSUMPTIONS, PRICES } from './cost.ts';
import type { Tallies } from './meter.ts';

/** What the pipeline bench keeps of a run (results.json `pipeline`). */
export interface MeasuredPipeline {
  enterprises: number;
  dataLines: number;
  files: number;
  summary: Record<string, unknown>;
  stages: Record<'ingest' | 'schedule' | 'grade' | 'outputs', { cpuSeconds: number; dynamo: Tallies }>;
  /** Mean size of one assessment as JSON. */
  assessmentBytes?: number;
}

/** The country. Where a figure is not the issue's, its source is given. */
export const COUNTRY = {
  enterprises: 50_000_000,
  records: 400_000_000,
  /** Penalties that list an enterprise (SDL-44) or revoke a licence (FSL Art. 135). */
  disciplineSources: 500_000,
  /** Of them, revocations (bench data, 2,000 enterprises: 10 of 30), each naming ~1.8 people. */
  revocationShare: 1 / 3,
  personsPerRevocation: 1.8,
  /** New records a day, as a share of all records. */
  dailyRecordShare: 0.005,
  /**
   * Enterprises whose next-change date comes on a given day with no new record (a record leaving
   * a window, a listing ending): bench pipeline output, 188 of 1,991 due within 7 days.
   */
  dueShareDaily: 188 / 1991 / 7,
  /** Listings run 3 years (SDL-44 Art. 13), bars 5 (FSL Art. 135): each source starts and ends once in ~3.7 years. */
  sourceTermYears: 3.7,
  /** Enterprises on the list per source (several penalties of one enterprise). */
  listedEnterprisesPerSource: 0.9,
  /** A DISCIPLINE item: a penalty with its people (bench data: 433 bytes as JSON) as stored, with hashes and keys. */
  disciplineItemBytes: 700,
  /** Enterprises whose legal representative is barred (bench pipeline output: 14 of 1,991). */
  barredRepShare: 14 / 1991,
  /** China's county-level divisions, and the share of enterprises in the largest (a Pudong-sized district). */
  regions: 2_850,
  largestRegionShare: 0.006,
  /** Cases written per changed enterprise (bench pipeline output: 577 cases, 1,991 enterprises). */
  casesPerEnterprise: 577 / 1991,
  /** A person who is legal representative of many enterprises (a chain): their bar item is read by each message holding one. */
  enterprisesOfBusiestRep: 2_000,
} as const;

/** A country as the model takes it (COUNTRY, or any other population). */
export type Country = { readonly [K in keyof typeof COUNTRY]: number };

/** Published limits and platform behaviour the model runs against. */
export const LIMITS = {
  partitionReadUnitsPerSecond: PARTITION_LIMITS.readUnitsPerSecond,
  partitionWriteUnitsPerSecond: PARTITION_LIMITS.writeUnitsPerSecond,
  /** The share of a key's limit the design may plan for. */
  targetShare: SHARDING.plannedShare,
  /** On-demand table throughput quota, per table, default (a service quota; can be raised). */
  tableReadUnitsPerSecond: 40_000,
  tableWriteUnitsPerSecond: 40_000,
  /** Lambda: account concurrency (default quota), of which 100 stay unreserved. */
  accountConcurrency: 1_000,
  unreservedConcurrency: 100,
  /** Lambda's SQS event source adds up to 300 concurrent invocations a minute. */
  sqsScaleUpPerMinute: 300,
  /** EventBridge PutEvents, requests a second (us-east-1 default; smaller regions have less). */
  putEventsPerSecond: 10_000,
  /** Lambda's asynchronous queue drops an event older than this (the rule's maxEventAge was 6 h). */
  asyncEventMaxAgeHours: 6,
  /** V8's Set and Map hold at most 2^24 entries (a RangeError beyond). */
  v8SetMaxEntries: 2 ** 24,
  /** DynamoDB: a Query page holds at most 1 MB of items read. */
  queryPageBytes: 1024 * 1024,
  /** Burst capacity: a partition keeps up to 300 s of unused capacity; loads shorter than this are absorbed. */
  burstSeconds: 300,
} as const;

/** Limits as the model takes them (LIMITS, or raised quotas). */
export type Limits = { readonly [K in keyof typeof LIMITS]: number };

/** Model constants that are neither measured nor published: each is an estimate, said as such. */
export const ESTIMATES = {
  /** A PutEvents call with one enterprise's events, in-region (like a batch request). */
  putEventsMs: 20,
  /**
   * The SDK's own deserializer walks every attribute of a response before lib-dynamodb's
   * unmarshall does: taken as doubling the JSON.parse + unmarshall time measureParsing() times.
   */
  sdkDeserializeFactor: 2,
  /**
   * Whole items the scheduler's Query reads (read units are charged on them, projection or not):
   * a dirty mark ~110 bytes, a profile ~590 (the pipeline of 2026-12-04 at 23fae10, before the
   * projection: 1,407,105 bytes for 2,000 marks and 2,000 profiles); a latest assessment is its
   * JSON (results.json assessmentBytes) and ~160 bytes of keys.
   */
  markItemBytes: 110,
  profileItemBytes: 590,
  latestItemOverheadBytes: 160,
  /** One comparison of the scheduler's sort, in V8. */
  sortComparisonSeconds: 1e-7,
  /** Bytes the scheduler holds per target (USCC string, array slot, message slot); config.ts sizes its memory by it. */
  schedulerBytesPerTarget: 100,
  /** A worker holding the whole DISCIPLINE partition: heap per stored byte (V8 objects of parsed JSON). */
  heapPerStoredByte: 3,
  /** The export: rendering one line as JSON, CSV and a worksheet row. */
  exportRenderSeconds: 0.0005,
  /** Districts in one message of 200 USCCs sorted over the whole population (the before design). */
  regionsPerSortedMessage: 1.2,
} as const;

/** Per-unit figures derived from the measured pipeline run. */
export interface UnitFigures {
  measuredOn: { enterprises: number; records: number; messages: number };
  /** Grading, per enterprise: the partition Query (consistent) and disposal lookups. */
  readRequests: number;
  readUnits: number;
  /** Bytes of one enterprise partition as read. */
  partitionBytes: number;
  /** Per changed enterprise: history, latest, cases, registry (BatchWriteItem) and other single writes. */
  writeBatchRequests: number;
  writeSingleRequests: number;
  writeUnits: number;
  /** Per enterprise graded that was dirty: the conditional delete of its mark (table + GSI2). */
  clearRequests: number;
  clearUnits: number;
  /** Main-thread CPU per enterprise graded (this machine; cost.ts takes it as one Graviton core). */
  cpuSeconds: number;
  /** Events per changed enterprise (first run). */
  events: number;
  /** Bytes of one latest-assessment item (the NEXT# index projects it whole). */
  latestItemBytes: number;
  /** CPU to receive one Query item (measureParsing): a whole profile, or only its USCC (projected). */
  scheduleCpuPerItem: { whole: number; projected: number };
  /** Per enterprise: read units of the person-bar lookup (measured when the bench ran the lookup). */
  barLookupUnits: number;
  barLookupMeasured: boolean;
  /** CPU per stored byte of whole items read by Query (parsing and unmarshalling). */
  cpuPerByte: number;
  ingest: {
    requests: number;
    writeUnits: number;
    readUnits: number;
    /** Lambda seconds per record (cost.ts's critical path: CPU stretched, batch requests in turn, single ones 32 at a time). */
    lambdaSeconds: number;
    /** BatchWriteItem items per record: dirty marks and legal-representative items, each a GSI2 or table write. */
    markWrites: number;
  };
}

const sum = (t: Tallies) => {
  const s = { requests: 0, items: 0, wcu: 0, rcu: 0, bytesRead: 0 };
  for (const x of Object.values(t)) {
    s.requests += x.requests;
    s.items += x.items;
    s.wcu += x.wcu;
    s.rcu += x.rcu;
    s.bytesRead += x.bytesRead;
  }
  return s;
};
const cmd = (t: Tallies, name: string) =>
  t[name] ?? { requests: 0, failed: 0, items: 0, wcu: 0, rcu: 0, reported: 0, bytesWritten: 0, bytesRead: 0 };

const stretchAt = (memoryMb: number) => Math.max(1, ASSUMPTIONS.fullVcpuMemoryMb / memoryMb);
const SINGLE = ASSUMPTIONS.singleRequestMs / 1000;
const BATCH = ASSUMPTIONS.batchRequestMs / 1000;
/** The local pipeline's messages hold 100 enterprises (packages/local: shardSize 100). */
const MEASURED_SHARD_SIZE = 100;

/** What receiving Query items costs here, per item (JSON.parse of the page and unmarshall). */
export interface ParseCost {
  wholeItemSeconds: number;
  projectedItemSeconds: number;
}

/**
 * Times JSON.parse + unmarshall of Query pages of profile items, whole and projected to the USCC
 * (what the scheduler receives before and after its ProjectionExpression), on this machine. The
 * pipeline bench lists only ~4,000 items, too few to tell this from its fixed costs. ~0.3 s.
 */
export function measureParsing(items = 5_000, rounds = 5): ParseCost {
  const uscc = (i: number) => `91330302MA2B${String(i).padStart(5, '0')}X`;
  const profile = (i: number) => ({
    pk: `ENT#${uscc(i)}`,
    sk: 'PROFILE',
    type: 'enterprise',
    key: uscc(i),
    version: 1,
    uscc: uscc(i),
    source: 'enterprises/2026-11.csv',
    line: i,
    storedAt: '2026-11-30T04:00:00.000Z',
    gsi3pk: 'ENTS#012',
    gsi3sk: uscc(i),
    gsi1pk: 'NAMES#330302',
    gsi1sk: `温州市鹿城区餐饮店${i}#${uscc(i)}`,
    data: {
      type: 'enterprise',
      uscc: uscc(i),
      name: `温州市鹿城区餐饮店${i}`,
      region: '330302',
      category: 'restaurant',
      licensedOn: '2018-01-01',
      legalRepName: '张三',
      legalRepId: { hash: 'a'.repeat(64), masked: '330302********1234' },
      status: 'active',
      version: 1,
    },
  });
  const page = (item: (i: number) => Record<string, unknown>) =>
    JSON.stringify({ Items: Array.from({ length: items }, (_, i) => item(i)) });
  const time = (body: string) => {
    const per: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t = process.cpuUsage();
      for (const it of (JSON.parse(body) as { Items: Record<string, never>[] }).Items) unmarshall(it);
      const u = process.cpuUsage(t);
      per.push((u.user + u.system) / 1e6 / items);
    }
    return per.sort((a, b) => a - b)[Math.floor(rounds / 2)] as number;
  };
  return {
    wholeItemSeconds: time(page((i) => marshall(profile(i)))),
    projectedItemSeconds: time(page((i) => ({ gsi3sk: { S: uscc(i) } }))),
  };
}

export function unitFigures(p: MeasuredPipeline, parse: ParseCost): UnitFigures {
  const e = Number(p.summary.enterprisesGraded ?? p.enterprises);
  const messages = Math.ceil(p.enterprises / MEASURED_SHARD_SIZE);
  const g = p.stages.grade.dynamo;
  // Code with the person-bar lookup reads bar items with BatchGetItem and no DISCIPLINE Query;
  // code without it read the DISCIPLINE partition once per message (one Query at bench scale).
  const lookup = cmd(g, 'BatchGetItem');
  const barLookupMeasured = lookup.requests > 0;
  const disciplineQueries = barLookupMeasured ? 0 : messages;
  const query = cmd(g, 'Query');
  const put = cmd(g, 'PutItem');
  const batchWrite = cmd(g, 'BatchWriteItem');
  const del = cmd(g, 'DeleteItem');
  const ingest = sum(p.stages.ingest.dynamo);
  const lines = p.dataLines;
  const ingestRoundTrips = Object.entries(p.stages.ingest.dynamo).reduce(
    (s, [name, x]) =>
      s + (name.startsWith('Batch') ? x.requests * BATCH : (x.requests * SINGLE) / ASSUMPTIONS.ingestConcurrency),
    0,
  );
  return {
    measuredOn: { enterprises: e, records: lines, messages },
    // The DISCIPLINE Query per message (old code) is a per-message cost, modelled apart.
    readRequests: (query.requests - disciplineQueries) / e,
    readUnits: query.rcu / e,
    barLookupUnits: barLookupMeasured ? lookup.rcu / e : 1,
    barLookupMeasured,
    partitionBytes: query.bytesRead / query.requests,
    writeBatchRequests: batchWrite.requests / e,
    // One PutItem per message is the run's shard item: also per message.
    writeSingleRequests: Math.max(0, put.requests - messages) / e,
    writeUnits: (batchWrite.wcu + Math.max(0, put.wcu - messages)) / e,
    clearRequests: del.requests / e,
    clearUnits: del.wcu / e,
    cpuSeconds: p.stages.grade.cpuSeconds / e,
    events: Number(p.summary.events ?? 0) / e,
    latestItemBytes: (p.assessmentBytes ?? 718) + ESTIMATES.latestItemOverheadBytes,
    scheduleCpuPerItem: {
      whole: parse.wholeItemSeconds * ESTIMATES.sdkDeserializeFactor,
      projected: parse.projectedItemSeconds * ESTIMATES.sdkDeserializeFactor,
    },
    cpuPerByte: (parse.wholeItemSeconds * ESTIMATES.sdkDeserializeFactor) / ESTIMATES.profileItemBytes,
    ingest: {
      requests: ingest.requests / lines,
      writeUnits: ingest.wcu / lines,
      readUnits: ingest.rcu / lines,
      lambdaSeconds: (p.stages.ingest.cpuSeconds * stretchAt(ASSUMPTIONS.lambdaMemoryMb) + ingestRoundTrips) / lines,
      markWrites: cmd(p.stages.ingest.dynamo, 'BatchWriteItem').items / lines,
    },
  };
}

/** What differs between the code as it was and as it is. */
export interface Design {
  name: 'before' | 'after';
  gradeShards: number;
  shardSize: number;
  scheduler: {
    /** Key shards read at once. */
    readConcurrency: number;
    /** Only the USCC comes back (ProjectionExpression). */
    projected: boolean;
    /** Reads paced at half a partition's limit. */
    paced: boolean;
    /** One Set of every target (V8's limit applies). */
    globalSet: boolean;
    memoryMb: number;
    timeoutSeconds: number;
  };
  /** Every message reads the whole DISCIPLINE partition. */
  disciplinePerMessage: boolean;
  /** Partition Queries in flight in a worker. */
  workerReadConcurrency: number;
  /** The export runs once per listing event (else once per finished run). */
  exportPerEvent: boolean;
  export: { concurrency: number; memoryMb: number; paced: boolean; timeoutSeconds: number };
  /** A worker reads the region registry once and writes only the regions it lacks. */
  registryReadOnce: boolean;
  /** Districts one message spans (sorted globally: ~1; concatenated key shards: many). */
  regionsPerMessage: number;
}

const WORKER_MEMORY_MB = 1024;

export function designs(workers: number, c: Country = COUNTRY): { before: Design; after: Design } {
  const sized = gradeSharding({ enterprises: c.enterprises, workerConcurrency: workers });
  // Each message of the after design is a slice of one or two key shards (hash order): its
  // districts are as many as its enterprises reach, at most all of them.
  const spread = Math.min(c.regions, sized.shardSize);
  return {
    before: {
      name: 'before',
      gradeShards: 16,
      shardSize: 200,
      scheduler: {
        readConcurrency: 1,
        projected: false,
        paced: false,
        globalSet: true,
        memoryMb: 512,
        timeoutSeconds: 300,
      },
      disciplinePerMessage: true,
      workerReadConcurrency: 1,
      exportPerEvent: true,
      export: { concurrency: 8, memoryMb: 1024, paced: false, timeoutSeconds: 300 },
      registryReadOnce: false,
      regionsPerMessage: ESTIMATES.regionsPerSortedMessage,
    },
    after: {
      name: 'after',
      gradeShards: sized.gradeShards,
      shardSize: sized.shardSize,
      scheduler: {
        readConcurrency: 16,
        projected: true,
        paced: true,
        globalSet: false,
        memoryMb: Math.min(10_240, Math.ceil((512 + (c.enterprises * 100) / 2 ** 20) / 64) * 64),
        timeoutSeconds: 900,
      },
      disciplinePerMessage: false,
      workerReadConcurrency: 8,
      exportPerEvent: false,
      export: { concurrency: 64, memoryMb: 4096, paced: true, timeoutSeconds: 900 },
      registryReadOnce: true,
      regionsPerMessage: spread,
    },
  };
}

export type RunKind = 'monthly' | 'first' | 'daily';

export interface Scenario {
  kind: RunKind;
  title: string;
  /** Enterprises the run grades. */
  targets: number;
  /** Of them, whose result changes (history row, latest row, events). */
  changed: number;
  /** Of them, carrying a dirty mark. */
  dirty: number;
  /** Items the scheduler lists: dirty marks, profiles (full runs), due next-change dates (daily runs). */
  listed: number;
  marks: number;
  profiles: number;
  due: number;
  /** ListingStarted / ListingEnded / BannedPersonInCharge events in the run. */
  listingEvents: number;
}

export function scenario(kind: RunKind, c: Country = COUNTRY): Scenario {
  const dirtyShare = 1 - Math.exp(-(c.records * c.dailyRecordShare) / c.enterprises);
  const dailyTargets = c.enterprises * (1 - (1 - dirtyShare) * (1 - c.dueShareDaily));
  const dailyListingEvents = (2 * c.disciplineSources) / (c.sourceTermYears * 365);
  if (kind === 'daily')
    return {
      kind,
      title: `daily run: ${pct(dailyTargets / c.enterprises)} of enterprises (new records or a next-change date), every one of them changed`,
      targets: dailyTargets,
      changed: dailyTargets,
      dirty: c.enterprises * dirtyShare,
      listed: c.enterprises * dirtyShare + c.enterprises * c.dueShareDaily,
      marks: c.enterprises * dirtyShare,
      profiles: 0,
      due: c.enterprises * c.dueShareDaily,
      listingEvents: dailyListingEvents,
    };
  if (kind === 'first')
    return {
      kind,
      title: 'first monthly run after a national load: every enterprise dirty and changed (cost.ts upper bound)',
      targets: c.enterprises,
      changed: c.enterprises,
      dirty: c.enterprises,
      listed: 2 * c.enterprises,
      marks: c.enterprises,
      profiles: c.enterprises,
      due: 0,
      listingEvents: c.disciplineSources,
    };
  return {
    kind,
    title: `monthly full run: every enterprise; as a daily run comes every other day, only the day's ${pct(dailyTargets / c.enterprises)} change`,
    targets: c.enterprises,
    changed: dailyTargets,
    dirty: c.enterprises * dirtyShare,
    listed: c.enterprises + c.enterprises * dirtyShare,
    marks: c.enterprises * dirtyShare,
    profiles: c.enterprises,
    due: 0,
    listingEvents: dailyListingEvents,
  };
}

export interface KeyLoad {
  key: string;
  where: 'table' | 'GSI1' | 'GSI2' | 'GSI3';
  op: 'read' | 'write';
  /** Request units on the key in the run. */
  units: number;
  /** Over how long they come (the phase that makes them), at the unconstrained pace. */
  seconds: number;
  /** units / seconds / limit. */
  share: number;
  note: string;
}

export interface RunResult {
  design: Design['name'];
  kind: RunKind;
  workers: number;
  gradeShards: number;
  shardSize: number;
  messages: number;
  seconds: {
    scheduler: number;
    /** The workers alone (ramp-up included). */
    workers: number;
    /** The grading phase: the slowest of the workers and every quota and key. */
    grading: number;
    /** Scheduler + grading. */
    run: number;
    /** One export of the joint-discipline list. */
    exportOnce: number;
    /** From the run's start to the list reflecting it. */
    listPublished: number;
  };
  bound: string;
  requests: { dynamodb: number; lambda: number; sqs: number; putEvents: number };
  units: { read: number; write: number };
  usd: { dynamodb: number; lambda: number; sqs: number; eventBridge: number; total: number };
  keys: KeyLoad[];
  /** Things that fail outright (a timeout, memory, a V8 limit, a quota). */
  problems: string[];
}

const usdDynamo = (read: number, write: number) =>
  (read * PRICES.dynamodb.perMillionReadRequestUnits + write * PRICES.dynamodb.perMillionWriteRequestUnits) / 1e6;
const usdLambda = (gbSeconds: number, invocations: number) =>
  gbSeconds * PRICES.lambda.perGbSecondArm64 + (invocations / 1e6) * PRICES.lambda.perMillionRequests;

/** Read units of `bytes` read by Query, eventually consistent (0.5 per 4 KB). */
const queryUnits = (bytes: number) => (bytes / 4096) * 0.5;

export function simulate(
  d: Design,
  s: Scenario,
  workers: number,
  u: UnitFigures,
  c: Country = COUNTRY,
  l: Limits = LIMITS,
): RunResult {
  const problems: string[] = [];
  const messages = Math.ceil(s.targets / d.shardSize);
  const paced = l.partitionReadUnitsPerSecond * l.targetShare;

  // --- Scheduler: whole items are read (and charged) whether or not only the USCC comes back.
  const listedBytes =
    s.marks * ESTIMATES.markItemBytes + s.profiles * ESTIMATES.profileItemBytes + s.due * u.latestItemBytes;
  const listedUnits = queryUnits(listedBytes);
  const pages = listedBytes / l.queryPageBytes;
  const cpuPerItem = d.scheduler.projected ? u.scheduleCpuPerItem.projected : u.scheduleCpuPerItem.whole;
  const perKeyUnits = listedUnits / d.gradeShards;
  // One Query stream per key shard: as fast as it pages, or paced; the streams share one Lambda's
  // one thread for unmarshalling, so the CPU may set the pace instead.
  const perKeyIo = Math.max(
    (pages / d.gradeShards) * BATCH,
    perKeyUnits / (d.scheduler.paced ? paced : l.partitionReadUnitsPerSecond),
  );
  const group = d.scheduler.globalSet ? s.targets : s.targets / d.gradeShards;
  const sortSeconds = s.targets * Math.log2(Math.max(2, group)) * ESTIMATES.sortComparisonSeconds;
  const schedulerCpu = (s.listed * cpuPerItem + sortSeconds) * stretchAt(d.scheduler.memoryMb);
  const schedulerReadSeconds = Math.max(
    (perKeyIo * d.gradeShards) / d.scheduler.readConcurrency,
    schedulerCpu,
    listedUnits / l.tableReadUnitsPerSecond,
  );
  // How long one key shard is being read: its share of the reading time, `readConcurrency` at once.
  const perKeySeconds = (schedulerReadSeconds * d.scheduler.readConcurrency) / d.gradeShards;
  const sendSeconds = (messages / 10) * BATCH;
  const schedulerSeconds = schedulerReadSeconds + sendSeconds;
  if (d.scheduler.globalSet && s.targets > l.v8SetMaxEntries)
    problems.push(
      `scheduler: a Set of ${int(s.targets)} targets exceeds V8's ${int(l.v8SetMaxEntries)} entries (RangeError): the run never starts`,
    );
  const schedulerMb = (s.targets * ESTIMATES.schedulerBytesPerTarget) / 2 ** 20;
  if (schedulerMb > d.scheduler.memoryMb)
    problems.push(`scheduler: needs ~${int(schedulerMb)} MB for the targets, has ${int(d.scheduler.memoryMb)} MB`);
  if (schedulerSeconds > d.scheduler.timeoutSeconds)
    problems.push(
      `scheduler: ~${dur(schedulerSeconds)} of work against a ${dur(d.scheduler.timeoutSeconds)} timeout (and no retry)`,
    );

  // --- The DISCIPLINE partition and the export.
  const disciplineBytes = c.disciplineSources * c.disciplineItemBytes;
  const disciplineUnits = queryUnits(disciplineBytes);
  const disciplinePages = disciplineBytes / l.queryPageBytes;
  const listed = c.disciplineSources * c.listedEnterprisesPerSource;
  const exportStretch = stretchAt(d.export.memoryMb);
  const disciplineReadSeconds = Math.max(
    disciplinePages * BATCH + disciplineBytes * u.cpuPerByte * exportStretch,
    disciplineUnits / (d.export.paced ? paced : l.partitionReadUnitsPerSecond),
  );
  const exportOnce =
    disciplineReadSeconds +
    (listed * SINGLE) / d.export.concurrency +
    listed * (u.partitionBytes * u.cpuPerByte + ESTIMATES.exportRenderSeconds) * exportStretch;
  const exportUnits = disciplineUnits + listed * (u.readUnits / Math.max(u.readRequests, 1));
  const exports = d.exportPerEvent ? s.listingEvents : 1;

  // --- Workers.
  const cpu = u.cpuSeconds * stretchAt(WORKER_MEMORY_MB);
  const perEnterprise = cpu + (u.readRequests * SINGLE) / d.workerReadConcurrency;
  const perChanged = u.writeBatchRequests * BATCH + u.writeSingleRequests * SINGLE + ESTIMATES.putEventsMs / 1000;
  const perDirty = u.clearRequests * SINGLE;
  const barredInMessage = 1 - (1 - c.barredRepShare) ** Math.min(100, d.shardSize);
  const lookups = Math.ceil(d.shardSize / 100);
  const perMessage = d.disciplinePerMessage
    ? disciplinePages * BATCH + disciplineBytes * u.cpuPerByte * stretchAt(WORKER_MEMORY_MB) + SINGLE
    : lookups * (1 + barredInMessage) * BATCH + SINGLE;
  if (d.disciplinePerMessage) {
    const heapMb = (disciplineBytes * ESTIMATES.heapPerStoredByte) / 2 ** 20;
    if (heapMb > WORKER_MEMORY_MB * 0.8)
      problems.push(
        `worker: holds the whole DISCIPLINE partition (~${int(heapMb)} MB of heap) in a ${WORKER_MEMORY_MB} MB Lambda, per message`,
      );
  }
  const messageSeconds = d.shardSize * (perEnterprise + perChanged * (s.changed / s.targets)) + perMessage;
  if (messageSeconds > 300) problems.push(`worker: a message takes ~${dur(messageSeconds)} against a 5 min timeout`);
  const workerSeconds = s.targets * perEnterprise + s.changed * perChanged + s.dirty * perDirty + messages * perMessage;
  const ramp = (workers / l.sqsScaleUpPerMinute) * 60;
  const workersWall = workerSeconds / workers + ramp / 2;

  // --- Units of the grading phase.
  // After: a bar item key per enterprise (a consistent read: one unit, found or not), and the
  // DISCIPLINE copy of each penalty found (the barred representatives only).
  const barUnits = d.disciplinePerMessage
    ? messages * disciplineUnits
    : u.barLookupMeasured
      ? s.targets * u.barLookupUnits
      : s.targets * 1 + s.targets * c.barredRepShare * 1;
  const gradeRead = s.targets * u.readUnits + barUnits;
  const shardItems = messages; // the run's SHARD# items, 1 unit each
  // Each worker writes each district it meets once (before), or none it finds registered (after).
  const registryWrites = d.registryReadOnce
    ? 0
    : workers * Math.min(c.regions, (messages / workers) * d.regionsPerMessage);
  const gradeWrite = s.changed * u.writeUnits + s.dirty * u.clearUnits + shardItems + registryWrites;
  const events = s.changed * u.events;

  // --- Keys, at the workers' pace.
  const G = d.gradeShards;
  const nextWrites = s.kind === 'first' ? 1 : 2; // a first latest row is an insert; later ones move their key
  const keys: KeyLoad[] = [
    {
      key: 'DISCIPLINE',
      where: 'table',
      op: 'read',
      units: d.disciplinePerMessage ? messages * disciplineUnits : s.targets * c.barredRepShare * 1,
      seconds: workersWall,
      share: 0,
      note: d.disciplinePerMessage
        ? `every message reads all ${int(c.disciplineSources)} sources (${int(disciplineUnits)} units)`
        : 'the bar lookup reads the DISCIPLINE copy of each penalty it finds (barred representatives only)',
    },
    {
      key: 'DISCIPLINE (export)',
      where: 'table',
      op: 'read',
      units: disciplineUnits,
      seconds: disciplineReadSeconds,
      share: 0,
      note: d.export.paced
        ? 'one export per run, its Query paced at half the limit'
        : `one export per listing event, its Query as fast as it pages (${int(exports)} exports, one after another)`,
    },
    {
      key: 'ENTS# / NEXT# key shard (scheduler)',
      where: 'GSI3',
      op: 'read',
      units: perKeyUnits,
      seconds: perKeySeconds,
      share: 0,
      note: d.scheduler.paced
        ? `${G} key shards, each read by one paced Query stream, ${d.scheduler.readConcurrency} at a time`
        : `${G} key shards, each read by one Query stream, one after another`,
    },
    {
      key: 'NEXT# key shard',
      where: 'GSI3',
      op: 'write',
      units: (s.changed * nextWrites) / G,
      seconds: workersWall,
      share: 0,
      note: `latest assessments by next-change date, over ${G} key shards`,
    },
    {
      key: 'DIRTY# key shard',
      where: 'GSI2',
      op: 'write',
      units: s.dirty / G,
      seconds: workersWall,
      share: 0,
      note: `each graded mark deleted, over ${G} key shards`,
    },
    {
      key: `RUN#<run id>`,
      where: 'table',
      op: 'write',
      units: shardItems,
      seconds: workersWall,
      share: 0,
      note: `one SHARD# item per message (${int(messages)})`,
    },
    {
      key: 'REGIONS',
      where: 'table',
      op: 'write',
      units: registryWrites,
      seconds: workersWall,
      share: 0,
      note: d.registryReadOnce
        ? 'read once per worker; a region is written only the first time it is graded'
        : 'each worker writes every district it meets',
    },
    {
      key: 'REGION#<largest district>',
      where: 'GSI1',
      op: 'write',
      units: s.changed * c.largestRegionShare * 2,
      seconds: workersWall,
      share: 0,
      note: `latest assessments of one district (${pct(c.largestRegionShare)} of enterprises)`,
    },
    {
      key: 'CASES#<largest district>',
      where: 'GSI1',
      op: 'write',
      units: s.changed * c.largestRegionShare * c.casesPerEnterprise,
      seconds: workersWall,
      share: 0,
      note: 'the regulators’ case work queue of one district',
    },
    {
      key: 'BAR#<busiest person>',
      where: 'table',
      op: 'read',
      units: d.disciplinePerMessage ? 0 : Math.min(c.enterprisesOfBusiestRep, messages) * 1,
      seconds: workersWall,
      share: 0,
      note: d.disciplinePerMessage
        ? 'no bar items'
        : `one person legal representative of ${int(c.enterprisesOfBusiestRep)} enterprises`,
    },
    {
      key: 'RUNS',
      where: 'GSI3',
      op: 'write',
      units: 1,
      seconds: workersWall,
      share: 0,
      note: 'the run header (the export checks this key every 10 minutes: one small Query)',
    },
  ];
  for (const k of keys) {
    const limit = k.op === 'read' ? l.partitionReadUnitsPerSecond : l.partitionWriteUnitsPerSecond;
    k.share = k.seconds > 0 ? k.units / k.seconds / limit : 0;
  }
  keys.sort((a, b) => b.share - a.share);

  // --- The grading phase: the slowest of the workers and every limit.
  const bounds: [string, number][] = [
    [`${int(workers)} workers`, workersWall],
    ['table read quota', gradeRead / l.tableReadUnitsPerSecond],
    ['table write quota', gradeWrite / l.tableWriteUnitsPerSecond],
    ['EventBridge PutEvents quota', s.changed / l.putEventsPerSecond],
  ];
  for (const k of keys) {
    if (k.seconds !== workersWall) continue; // the scheduler's and the export's keys pace their own phase
    const limit = k.op === 'read' ? l.partitionReadUnitsPerSecond : l.partitionWriteUnitsPerSecond;
    bounds.push([`key ${k.key}`, k.units / limit]);
  }
  const [bound, grading] = bounds.reduce((a, b) => (b[1] > a[1] ? b : a));
  const run = schedulerSeconds + grading;
  // Before: one export per listing event, one at a time, queued behind each other from the run's
  // first event (events come throughout the run). After: within 10 minutes of the run's end.
  const listPublished = d.exportPerEvent ? schedulerSeconds + exports * exportOnce : run + 300 + exportOnce;
  if (d.exportPerEvent && exports * exportOnce > l.asyncEventMaxAgeHours * 3600)
    problems.push(
      `discipline export: ${int(exports)} exports of ~${dur(exportOnce)} one after another (~${dur(exports * exportOnce)}); Lambda drops events older than ${l.asyncEventMaxAgeHours} h, so most of the run's changes reach the list only with the next day's schedule`,
    );
  if (exportOnce > d.export.timeoutSeconds)
    problems.push(`discipline export: ~${dur(exportOnce)} against its ${dur(d.export.timeoutSeconds)} timeout`);
  if (workers + 10 + 1 + l.unreservedConcurrency > l.accountConcurrency)
    problems.push(
      `Lambda: ${int(workers)} reserved workers need an account concurrency quota of at least ${int(workers + 10 + 1 + l.unreservedConcurrency)} (default ${int(l.accountConcurrency)})`,
    );

  // --- Requests and money.
  const dynamoRequests =
    s.listed / 1000 + // scheduler pages (~1,000 whole items a page)
    s.targets * u.readRequests +
    s.changed * (u.writeBatchRequests + u.writeSingleRequests) +
    s.dirty * u.clearRequests +
    messages * (d.disciplinePerMessage ? Math.ceil(disciplinePages) + 1 : lookups * (1 + barredInMessage) + 1) +
    exports * (Math.ceil(disciplinePages) + listed);
  const readUnits = listedUnits + gradeRead + exports * exportUnits;
  const writeUnits = gradeWrite + exports * 0;
  const lambdaGbSeconds =
    workerSeconds * (WORKER_MEMORY_MB / 1024) +
    schedulerSeconds * (d.scheduler.memoryMb / 1024) +
    exports * exportOnce * (d.export.memoryMb / 1024);
  const lambdaInvocations = messages + 1 + exports;
  const sqsRequests = messages / 10 + 2 * messages;
  const usd = {
    dynamodb: usdDynamo(readUnits, writeUnits),
    lambda: usdLambda(lambdaGbSeconds, lambdaInvocations),
    sqs: (sqsRequests / 1e6) * PRICES.sqs.perMillionRequests,
    eventBridge: (events / 1e6) * PRICES.eventBridge.perMillionEvents,
    total: 0,
  };
  usd.total = usd.dynamodb + usd.lambda + usd.sqs + usd.eventBridge;

  return {
    design: d.name,
    kind: s.kind,
    workers,
    gradeShards: d.gradeShards,
    shardSize: d.shardSize,
    messages,
    seconds: { scheduler: schedulerSeconds, workers: workersWall, grading, run, exportOnce, listPublished },
    bound,
    requests: { dynamodb: dynamoRequests, lambda: lambdaInvocations, sqs: sqsRequests, putEvents: s.changed },
    units: { read: readUnits, write: writeUnits },
    usd,
    keys,
    problems,
  };
}

/** Daily ingest of the increment: time at the ingest concurrency, and its hottest key (the dirty marks). */
export function dailyIngest(
  u: UnitFigures,
  gradeShards: number,
  ingestConcurrency: number,
  c: Country = COUNTRY,
  l: Limits = LIMITS,
) {
  const records = c.records * c.dailyRecordShare;
  const seconds = (records * u.ingest.lambdaSeconds) / ingestConcurrency;
  const markUnitsPerSecond = (ingestConcurrency / u.ingest.lambdaSeconds) * u.ingest.markWrites;
  const usd =
    usdDynamo(records * u.ingest.readUnits, records * u.ingest.writeUnits) +
    usdLambda(records * u.ingest.lambdaSeconds, records / 2000);
  return {
    records,
    seconds,
    requests: records * u.ingest.requests,
    usd,
    dirtyKeyShare: markUnitsPerSecond / gradeShards / l.partitionWriteUnitsPerSecond,
  };
}

export interface CountryReport {
  measuredOn: UnitFigures['measuredOn'];
  units: UnitFigures;
  workers: number[];
  runs: RunResult[];
  ingest: { before: ReturnType<typeof dailyIngest>; after: ReturnType<typeof dailyIngest> };
  targets: { name: string; after: string; met: boolean; gap: string }[];
  /** The fewest workers (in steps of 10) with which the after design meets each time target. */
  fewestWorkers: { monthly: number | null; daily: number | null };
  /** The first run with the table's on-demand quota raised (what closes its gap). */
  firstRaised: { quota: number; result: RunResult };
}

/** The fewest workers, in steps of 10 up to 1,000, for which a run of the after design ends within `seconds`. */
export function fewestWorkers(
  kind: RunKind,
  seconds: number,
  u: UnitFigures,
  c: Country = COUNTRY,
  l: Limits = LIMITS,
): number | null {
  for (let n = 10; n <= 1000; n += 10) {
    if (simulate(designs(n, c).after, scenario(kind, c), n, u, c, l).seconds.run < seconds) return n;
  }
  return null;
}

/** A table quota a service-quota request gets (on-demand tables; the default is 40,000 a second). */
export const RAISED_TABLE_QUOTA = 80_000;

export const WORKERS = [50, 200, 1000] as const;
export const KINDS: readonly RunKind[] = ['monthly', 'daily', 'first'];

export function countryReport(
  p: MeasuredPipeline,
  parse: ParseCost = measureParsing(),
  workers: readonly number[] = WORKERS,
  c: Country = COUNTRY,
): CountryReport {
  const u = unitFigures(p, parse);
  const runs: RunResult[] = [];
  for (const kind of KINDS) {
    const s = scenario(kind, c);
    for (const n of workers) {
      const { before, after } = designs(n, c);
      runs.push(simulate(before, s, n, u, c), simulate(after, s, n, u, c));
    }
  }
  const top = Math.max(...workers);
  const find = (kind: RunKind, design: Design['name'], n = top) =>
    runs.find((r) => r.kind === kind && r.design === design && r.workers === n) as RunResult;
  const monthly = find('monthly', 'after');
  const first = find('first', 'after');
  const daily = find('daily', 'after');
  const hottest = Math.max(...[monthly, daily, first].flatMap((r) => r.keys.map((k) => k.share)));
  const targets = [
    {
      name: 'monthly full run of 50 M under 2 h',
      after: `${dur(monthly.seconds.run)} (first run: ${dur(first.seconds.run)})`,
      met: monthly.seconds.run < 7200,
      gap: first.seconds.run < 7200 ? '' : `first run over by ${dur(first.seconds.run - 7200)} (${first.bound})`,
    },
    {
      name: 'monthly full run under USD 250',
      after: `USD ${money(monthly.usd.total)} (first run: USD ${money(first.usd.total)})`,
      met: monthly.usd.total < 250,
      gap: first.usd.total < 250 ? '' : `first run over by USD ${money(first.usd.total - 250)}`,
    },
    {
      name: 'daily run under 15 min',
      after: dur(daily.seconds.run),
      met: daily.seconds.run < 900,
      gap: daily.seconds.run < 900 ? '' : `over by ${dur(daily.seconds.run - 900)} (${daily.bound})`,
    },
    {
      name: 'no partition key above 50 % of its limit',
      after: pct(hottest),
      met: hottest <= 0.5,
      gap: hottest <= 0.5 ? '' : `${pct(hottest)}`,
    },
  ];
  const afterShards = designs(top, c).after.gradeShards;
  const raised: Limits = {
    ...LIMITS,
    tableReadUnitsPerSecond: RAISED_TABLE_QUOTA,
    tableWriteUnitsPerSecond: RAISED_TABLE_QUOTA,
  };
  return {
    measuredOn: u.measuredOn,
    units: u,
    workers: [...workers],
    runs,
    ingest: { before: dailyIngest(u, 16, 5, c), after: dailyIngest(u, afterShards, 5, c) },
    targets,
    fewestWorkers: { monthly: fewestWorkers('monthly', 7200, u, c), daily: fewestWorkers('daily', 900, u, c) },
    firstRaised: {
      quota: RAISED_TABLE_QUOTA,
      result: simulate(designs(top, c).after, scenario('first', c), top, u, c, raised),
    },
  };
}

// --- Formatting.

const int = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (x: number) =>
  x >= 10 ? `${int(x * 100)} %` : x >= 0.01 ? `${(x * 100).toFixed(1)} %` : `${(x * 100).toFixed(2)} %`;
const money = (x: number) => (x >= 1000 ? int(x) : x.toFixed(2));
/** A duration as a person reads it. */
export function dur(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86400).toLocaleString('en-US')} days`;
}
const mega = (x: number) => (x >= 1e9 ? `${(x / 1e9).toFixed(1)} G` : `${(x / 1e6).toFixed(1)} M`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatCountry(r: CountryReport, c: Country = COUNTRY): string {
  const out: string[] = [];
  const u = r.units;
  out.push(
    `A country on paper: ${int(c.enterprises)} enterprises, ${int(c.records)} records, ${int(c.disciplineSources)} listings and revocations, ${pct(c.dailyRecordShare)} new records a day.`,
    `Measured figures from the pipeline bench (${int(u.measuredOn.enterprises)} enterprises): per enterprise graded ${u.readRequests.toFixed(2)} reads (${u.readUnits.toFixed(2)} units), per changed one ${(u.writeBatchRequests + u.writeSingleRequests).toFixed(2)} writes (${u.writeUnits.toFixed(2)} units) and ${u.events.toFixed(2)} events, ${(u.cpuSeconds * 1000).toFixed(2)} ms CPU; person-bar lookup ${u.barLookupUnits.toFixed(2)} units (${u.barLookupMeasured ? 'measured' : 'estimated: the bench ran code without it'}); receiving a Query item ${(u.scheduleCpuPerItem.whole * 1e6).toFixed(1)} µs whole, ${(u.scheduleCpuPerItem.projected * 1e6).toFixed(1)} µs projected (measured now); per record ingested ${u.ingest.requests.toFixed(2)} requests, ${u.ingest.writeUnits.toFixed(2)} write units.`,
    '',
  );
  for (const kind of KINDS) {
    const s = scenario(kind, c);
    out.push(`${s.title} (${int(s.targets)} enterprises)`, '');
    const rows = r.workers.map((n) => {
      const pick = (design: Design['name']) =>
        r.runs.find((x) => x.kind === kind && x.workers === n && x.design === design) as RunResult;
      const cell = (x: RunResult) => [
        dur(x.seconds.run),
        money(x.usd.total),
        mega(x.requests.dynamodb),
        `${x.keys[0]?.key} ${pct(x.keys[0]?.share ?? 0)}`,
      ];
      const a = pick('after');
      return [int(n), ...cell(pick('before')), ...cell(a), a.bound];
    });
    out.push(
      table(
        [
          'workers',
          'before: wall',
          'USD',
          'DynamoDB req.',
          'hottest key',
          'after: wall',
          'USD',
          'DynamoDB req.',
          'hottest key',
          'after: bound',
        ],
        rows,
      ),
      '',
    );
  }
  const top = Math.max(...r.workers);
  for (const kind of ['monthly', 'daily'] as const) {
    const pick = (design: Design['name']) =>
      r.runs.find((x) => x.kind === kind && x.workers === top && x.design === design) as RunResult;
    const before = pick('before');
    const after = pick('after');
    out.push(
      `Hottest partition keys, ${kind} run, ${int(top)} workers (share of the key's per-partition limit at the run's unconstrained pace)`,
      '',
    );
    const names = [...new Set([...after.keys, ...before.keys].map((k) => k.key))];
    const find = (x: RunResult, name: string) => x.keys.find((k) => k.key === name);
    out.push(
      table(
        ['key', 'where', 'op', 'before', 'after', 'after: why'],
        names.map((name) => {
          const b = find(before, name);
          const a = find(after, name);
          return [
            name,
            (a ?? b)?.where ?? '',
            (a ?? b)?.op ?? '',
            pct(b?.share ?? 0),
            pct(a?.share ?? 0),
            a?.note ?? '',
          ];
        }),
      ),
      '',
    );
  }
  const monthlyAfter = r.runs.find((x) => x.kind === 'monthly' && x.workers === top && x.design === 'after');
  const monthlyBefore = r.runs.find((x) => x.kind === 'monthly' && x.workers === top && x.design === 'before');
  if (monthlyBefore && monthlyAfter) {
    out.push(
      `Monthly run at ${int(top)} workers, before → after: messages ${int(monthlyBefore.messages)} → ${int(monthlyAfter.messages)} (GRADE_SHARDS ${monthlyBefore.gradeShards} → ${monthlyAfter.gradeShards}, SHARD_SIZE ${monthlyBefore.shardSize} → ${monthlyAfter.shardSize}); scheduler ${dur(monthlyBefore.seconds.scheduler)} → ${dur(monthlyAfter.seconds.scheduler)}; one export ${dur(monthlyBefore.seconds.exportOnce)} → ${dur(monthlyAfter.seconds.exportOnce)}; list published ${dur(monthlyBefore.seconds.listPublished)} → ${dur(monthlyAfter.seconds.listPublished)} after the start.`,
      `USD after: DynamoDB ${money(monthlyAfter.usd.dynamodb)}, Lambda ${money(monthlyAfter.usd.lambda)}, SQS ${money(monthlyAfter.usd.sqs)}, EventBridge ${money(monthlyAfter.usd.eventBridge)}.`,
      '',
    );
  }
  out.push(
    `Daily ingest of ${int(r.ingest.after.records)} records at 5 ingest functions: ${dur(r.ingest.after.seconds)}, USD ${money(r.ingest.after.usd)}; dirty-mark writes per DIRTY# key ${pct(r.ingest.before.dirtyKeyShare)} of its limit with 16 key shards, ${pct(r.ingest.after.dirtyKeyShare)} after.`,
    '',
  );
  const problems = (design: Design['name']) => [
    ...new Set(r.runs.filter((x) => x.design === design).flatMap((x) => x.problems.map((p) => `${x.kind}: ${p}`))),
  ];
  out.push('What fails outright, before:', ...problems('before').map((p) => `  - ${p}`), '');
  const after = problems('after');
  out.push('What fails outright, after:', ...(after.length ? after.map((p) => `  - ${p}`) : ['  - nothing']), '');
  const fr = r.firstRaised.result;
  out.push(
    `Fewest workers for the time targets (after): monthly under 2 h from ${r.fewestWorkers.monthly ?? 'more than 1,000'}, daily under 15 min from ${r.fewestWorkers.daily ?? 'more than 1,000'}.`,
    `First run with the table quota raised to ${int(r.firstRaised.quota)} units a second: ${dur(fr.seconds.run)} (${fr.bound}); USD ${money(fr.usd.total)} of which DynamoDB ${money(fr.usd.dynamodb)} (write units ${mega(fr.units.write)}), EventBridge ${money(fr.usd.eventBridge)}, Lambda ${money(fr.usd.lambda)}.`,
    '',
  );
  out.push(
    'Targets (after, at the largest worker count):',
    table(
      ['target', 'after', 'met', 'gap'],
      r.targets.map((t) => [t.name, t.after, t.met ? 'yes' : 'no', t.gap]),
    ),
    '',
  );
  return out.join('\n');
}
