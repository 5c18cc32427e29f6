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
  run: (runId: string) => `RUN#${runId}`,
  runHeader: 'RUN',
  runShard: (shard: number) => `SHARD#${String(shard).padStart(5, '0')}`,
  runFailure: (uscc: string) => `FAIL#${uscc}`,
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
