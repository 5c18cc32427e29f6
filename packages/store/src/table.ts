// The single-table layout (architecture.md "DynamoDB single table"). Keys are built here and
// nowhere else, so the CDK table, the embedded table and every query agree.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { RecordType } from '@fenji/domain';

export const GSI_LATEST_BY_REGION = 'gsi1';
export const GSI_DIRTY = 'gsi2';
export const GSI_NEXT_CHANGE = 'gsi3';

export const keys = {
  enterprise: (uscc: string) => `ENT#${uscc}`,
  profile: 'PROFILE',
  record: (type: RecordType, key: string) => `REC#${type}#${key}`,
  inspectors: 'INSPECTORS',
  inspector: (inspectorId: string) => `INSPECTOR#${inspectorId}`,
  dirty: 'DIRTY',
  dirtyShard: (shard: number) => `DIRTY#${String(shard).padStart(3, '0')}`,
  latestAssessment: 'ASMT#LATEST',
  assessmentHistory: (asOf: string, runId: string) => `ASMT#${asOf}#${runId}`,
  region: (region: string) => `REGION#${region}`,
  plan: (period: string) => `PLAN#${period}`,
  planMeta: 'META',
  /** Written before a draw through the API: a period is drawn once, and who asked is kept. */
  planClaim: 'CLAIM',
  gradeInRegion: (grade: string, uscc: string) => `GRADE#${grade}#${uscc}`,
  nextChangeShard: (shard: number) => `NEXT#${String(shard).padStart(3, '0')}`,
  /** GSI3 also lists every profile by shard, for full runs. */
  enterpriseShard: (shard: number) => `ENTS#${String(shard).padStart(3, '0')}`,
  /** Penalties that list an enterprise or revoke a licence: the joint-discipline sources. */
  discipline: 'DISCIPLINE',
  disciplinePenalty: (recordId: string) => `PEN#${recordId}`,
  /** Enterprises by the ID hash of their legal representative (FSL Art. 135 bars). */
  legalRep: (idHash: string) => `REP#${idHash}`,
  /**
   * FSL Art. 135 bars by person: one item per ID hash (sort key `BARS`), one attribute per
   * revoking penalty that names them. One item per person, so a grading shard fetches the bars
   * of its legal representatives with BatchGetItem instead of reading the DISCIPLINE partition.
   */
  personBars: (idHash: string) => `BAR#${idHash}`,
  personBarsItem: 'BARS',
  personBarEntry: (recordId: string) => `PEN#${recordId}`,
  /** Markers of derived indexes built once over existing data (a missing marker runs the build). */
  indexes: 'INDEXES',
  personBarIndexBuilt: 'PERSON_BARS#1',
  /** The GRADE_SHARDS the table's dirty marks, profiles and next-change rows are keyed by (ensureGradeShards). */
  gradeShards: 'GRADE_SHARDS',
  run: (runId: string) => `RUN#${runId}`,
  runHeader: 'RUN',
  runShard: (shard: number) => `SHARD#${String(shard).padStart(5, '0')}`,
  runFailure: (uscc: string) => `FAIL#${uscc}`,
  /** In a run's partition: the joint-discipline list was exported after the run finished. */
  runDisciplineExport: 'DISCIPLINE',
  /** A statutory-deadline case (deadlines.md §3), stored with its enterprise's latest assessment. */
  case: (caseId: string) => `CASE#${caseId}`,
  /** GSI1: the cases of a district, the regulators' work queue, by state then due date. */
  casesInRegion: (region: string) => `CASES#${region}`,
  caseInQueue: (state: string, dueOn: string, caseId: string) => `${state}#${dueOn}#${caseId}`,
  /** GSI1: a disposal found by its sample, whichever enterprise it names (deadlines.md §3). */
  disposalOfSampling: (samplingRecordId: string) => `DISPOSAL#${samplingRecordId}`,
  /** GSI1: the enterprises of a district by name (GET /enterprises?q=: begins_with on the sort key). */
  enterpriseNames: (region: string) => `NAMES#${region}`,
  /** GSI1 sort key of a profile: its name (NFC, as searched), then uscc so equal names stay apart. */
  enterpriseByName: (name: string, uscc: string) => `${searchableName(name)}#${uscc}`,
  /** GSI3: every run header, by start time (GET /runs, newest first). */
  runs: 'RUNS',
  runByStart: (startedAt: string, runId: string) => `${startedAt}#${runId}`,
} as const;

/**
 * A name as the name index keeps it and a search prefix is compared with it: Unicode NFC, so a
 * name typed with a decomposed character (or pasted from another system) still finds its prefix.
 */
export function searchableName(text: string): string {
  return text.normalize('NFC');
}

/** The partition of a record: enterprise-owned records live with their enterprise; inspectors together. */
export function recordItemKey(type: RecordType, key: string, uscc: string | undefined): { pk: string; sk: string } {
  if (type === 'inspector') return { pk: keys.inspectors, sk: keys.inspector(key) };
  if (type === 'enterprise') return { pk: keys.enterprise(key), sk: keys.profile };
  if (uscc === undefined) throw new RangeError(`a ${type} record needs its uscc`);
  return { pk: keys.enterprise(uscc), sk: keys.record(type, key) };
}

/**
 * DynamoDB's published ceiling for one partition, and so for one partition key value: adaptive
 * capacity moves throughput between partitions, it never lifts a single key above these.
 */
export const PARTITION_LIMITS = { readUnitsPerSecond: 3_000, writeUnitsPerSecond: 1_000 } as const;

/**
 * How the sharding is derived (gradeSharding). Each figure says where it comes from; the country
 * simulation (bench/country.ts) checks the result against the partition limits.
 */
export const SHARDING = {
  /** Below this, nothing is gained, and it is the value every deployment so far was made with. */
  minGradeShards: 16,
  /** The most GRADE_SHARDS the functions accept (packages/app/src/shared/config.ts). */
  maxGradeShards: 1_000,
  /**
   * The most `workerConcurrency` a deployment accepts (infra/lib/config.ts). The key shards are
   * sized for it, not for the configured workers: GRADE_SHARDS cannot change on a stored table,
   * and the worker count must stay free to change.
   */
  maxWorkerConcurrency: 1_000,
  /**
   * Profiles per key shard (ENTS#, and the DIRTY# / NEXT# keys beside it): the scheduler reads a
   * key shard with one sequential Query, ~100,000 profiles (~60 MB) in ~5 s at half a
   * partition's read limit, so a run's enumeration is never held up by one long key.
   */
  enterprisesPerKeyShard: 100_000,
  /** Changed enterprises one worker writes per second at most (bench: ~70–90 ms each). */
  gradedPerWorkerSecond: 20,
  /** Index write units one changed enterprise puts on its key shard: the latest row on NEXT# (a put, and a delete when its key moves). */
  keyShardWriteUnitsPerEnterprise: 2,
  /** A key is planned at no more than half its partition's limit: bursts and skew need the rest. */
  plannedShare: 0.5,
  /** Messages per worker in a run: the last message starts when ~90 % of the run is done, so the tail is short. */
  messagesPerWorker: 10,
  minShardSize: 50,
  /**
   * ~1,000 USCCs make a ~21 KB message: ten fit in one SendMessageBatch (256 KiB), and a changed
   * enterprise at ~90 ms keeps a message near 90 s, well inside the worker's 5-minute timeout.
   */
  maxShardSize: 1_000,
} as const;

export interface Sharding {
  /** GRADE_SHARDS: key shards of the dirty markers (GSI2), next-change dates and profiles (GSI3). */
  gradeShards: number;
  /** SHARD_SIZE: enterprises per grade-queue message. */
  shardSize: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * GRADE_SHARDS and SHARD_SIZE for a population and a worker concurrency.
 *
 * Key shards, from the population only: the scheduler reads one key shard per Query stream, so a
 * key shard holds at most ~100,000 profiles; and every changed enterprise writes its key shard's
 * NEXT# key (and clears its DIRTY# mark), so there are enough keys for the most workers a
 * deployment accepts (SHARDING.maxWorkerConcurrency) to keep each under half a partition's 1,000
 * write units a second. Not from `workerConcurrency`: GRADE_SHARDS keys stored data and must not
 * move when only the worker count does (the scheduler refuses a count other than the table's).
 *
 * Message size: enough messages for every worker to take ~10 (a short tail, and a retried message
 * redoes little), but not so small that per-message work (the run's shard item, the person-bar
 * lookup, SQS and Lambda requests) adds up, nor so large that one message nears the timeout.
 * SHARD_SIZE keys nothing stored, so it follows `workerConcurrency`.
 *
 * GRADE_SHARDS must not change once records are stored (dirty marks and the profile index are
 * keyed by it); size `enterprises` for the population the deployment will grow to.
 */
export function gradeSharding(p: { enterprises: number; workerConcurrency: number }): Sharding {
  const s = SHARDING;
  const indexWritesPerSecond = s.maxWorkerConcurrency * s.gradedPerWorkerSecond * s.keyShardWriteUnitsPerEnterprise;
  const byWrites = Math.ceil(indexWritesPerSecond / (s.plannedShare * PARTITION_LIMITS.writeUnitsPerSecond));
  const byPopulation = Math.ceil(p.enterprises / s.enterprisesPerKeyShard);
  const gradeShards = clamp(Math.max(byWrites, byPopulation), s.minGradeShards, s.maxGradeShards);
  const perWorker = Math.round(p.enterprises / (p.workerConcurrency * s.messagesPerWorker));
  const shardSize = clamp(perWorker, s.minShardSize, s.maxShardSize);
  return { gradeShards, shardSize };
}

/** FNV-1a: a stable, cheap spread of enterprises over grading shards. */
export function shardOf(uscc: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < uscc.length; i++) {
    h ^= uscc.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

const s = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });

/** The table as the embedded runtime creates it; the CDK stack declares the same keys and indexes. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const gsi = (name: string, pk: string, sk: string) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: pk, KeyType: 'HASH' as const },
      { AttributeName: sk, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      s('pk'),
      s('sk'),
      s('gsi1pk'),
      s('gsi1sk'),
      s('gsi2pk'),
      s('gsi2sk'),
      s('gsi3pk'),
      s('gsi3sk'),
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      gsi(GSI_LATEST_BY_REGION, 'gsi1pk', 'gsi1sk'),
      gsi(GSI_DIRTY, 'gsi2pk', 'gsi2sk'),
      gsi(GSI_NEXT_CHANGE, 'gsi3pk', 'gsi3sk'),
    ],
  };
}

/**
 * The registry of region codes that have (had) a latest assessment: one small partition, so a
 * city- or province-scoped listing can name the district partitions of GSI1 to query.
 * Entries are never removed: a region left empty only costs an empty Query.
 */
export const REGIONS_PK = 'REGIONS';

/** Registry items for the regions of some assessments (idempotent puts; append them to a batch write). */
export function regionRegistryItems(regions: Iterable<string>): Record<string, unknown>[] {
  return [...new Set(regions)].sort().map((region) => ({ pk: REGIONS_PK, sk: keys.region(region), region }));
}
