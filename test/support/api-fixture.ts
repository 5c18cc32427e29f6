// The API's test world on the embedded runtime: 30 enterprises over five regions (three
// districts of city 3303 in province 33, one district of Hangzhou 3301, one in Jiangsu 3201),
// records stored through the RecordStore, graded by the grade worker's gradeShard at
// three dates (and one enterprise monthly through 2025, for a long history), the joint-discipline list
// exported and the 2026-Q4 plan drawn. Persons carry real-shaped resident ID numbers, stored
// only masked and hashed: `clearIds` and `idHashes` are what no response or log may contain.
import { S3Client } from '@aws-sdk/client-s3';
import {
  type ApiDeps,
  drawPlan,
  exportDisciplineList,
  gradeShard,
  type InProcessImpactQueue,
  inProcessImpactQueue,
  runImpactJob,
} from '@fenji/app';
import {
  type Category,
  type Enterprise,
  type EnterpriseRecord,
  fixedClock,
  type Inspection,
  type Inspector,
  makeResidentId,
  makeUscc,
  type Penalty,
  type Person,
  protectId,
  type Sampling,
} from '@fenji/domain';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import {
  ApiQueries,
  AssessmentStore,
  CaseStore,
  documentClient,
  emptyShardCounts,
  ImpactJobStore,
  PlanStore,
  RecordStore,
  RunStore,
  type StoredAssessment,
} from '@fenji/store';
import { inspection as anInspection, penalty as aPenalty, sampling as aSampling, enterprise } from './records.ts';

export const ID_KEY = 'test-id-key-0123456789abcdef0123456789abcdef';
export const AS_OF = '2026-11-30';
export const RUN_ID = `run-${AS_OF}`;
/** Noon of AS_OF in Asia/Shanghai: the fixture's present, whatever day the suite runs on. */
export const CLOCK = fixedClock(`${AS_OF}T04:00:00Z`);
export const FAILED_RUN_ID = 'run-with-failures';
export const SHARDS = 4;

/** District → number of enterprises. 330381 is a county-level city, coded like a district. */
export const REGION_SIZES: Record<string, number> = {
  '330302': 12,
  '330303': 6,
  '330381': 4,
  '330102': 5,
  '320102': 3,
};

const CATEGORIES: Category[] = [
  'restaurant',
  'dairy',
  'prepackaged_food',
  'school_canteen',
  'pharmacy',
  'tea_sugar',
  'condiment',
  'device_class3',
];

const uscc = (region: string, n: number) => makeUscc(`91${region}MA${String(n).padStart(7, '0')}`);

export interface ApiFixture {
  env: Embedded;
  deps: ApiDeps;
  usccs: Record<string, string[]>;
  /** Has a listing, a licence revocation (person bars) and 15 history rows. */
  listed: string;
  /** Its legal representative is barred (FSL Art. 135): warning banned_person_in_charge. */
  barredRep: string;
  /** A listed enterprise in Hangzhou (outside city 3303). */
  listedHangzhou: string;
  clearIds: string[];
  idHashes: string[];
  latest(uscc: string): Promise<StoredAssessment | null>;
  /** POST /impact's jobs run in-process: `idle()` resolves once those queued have run. */
  impactQueue: InProcessImpactQueue;
  stop(): Promise<void>;
}

export async function startApiFixture(): Promise<ApiFixture> {
  const env = await startEmbedded();
  const doc = documentClient(env.dynamoConfig);
  const s3 = new S3Client(env.s3Config);
  const table = env.tableName;
  const records = new RecordStore({ doc, table, shards: SHARDS, clock: CLOCK });
  const assessments = new AssessmentStore({ doc, table, shards: SHARDS });
  const cases = new CaseStore({ doc, table });
  const runs = new RunStore({ doc, table });
  const queries = new ApiQueries({ doc, table, shards: SHARDS });
  const plans = new PlanStore({ doc, table });
  const impactJobs = new ImpactJobStore({ doc, table });
  const impactQueue = inProcessImpactQueue(({ jobId }) =>
    runImpactJob(jobId, {
      records,
      assessments,
      jobs: impactJobs,
      s3,
      exportsBucket: env.buckets.exports,
      shards: SHARDS,
      clock: CLOCK,
    }),
  );
  const deps: ApiDeps = {
    records,
    assessments,
    cases,
    runs,
    queries,
    plans,
    s3,
    exportsBucket: env.buckets.exports,
    clock: CLOCK,
    impactJobs,
    impactQueue,
  };

  const clearIds = [
    makeResidentId('33030219800101123'),
    makeResidentId('33030219751212456'),
    makeResidentId('33010219900505789'),
  ];
  const ids = clearIds.map((id) => protectId(id, ID_KEY));
  const person = (name: string, role: Person['role'], i: number): Person => ({
    name,
    role,
    id: ids[i] as Person['id'],
  });

  const usccs: Record<string, string[]> = {};
  const all: (Enterprise | EnterpriseRecord | Inspector)[] = [];
  let n = 0;
  for (const [region, size] of Object.entries(REGION_SIZES)) {
    usccs[region] = [];
    for (let i = 0; i < size; i++, n++) {
      const u = uscc(region, n);
      usccs[region].push(u);
      const ent = enterprise({
        uscc: u,
        name: `测试企业${region}-${i}`,
        region,
        category: CATEGORIES[n % CATEGORIES.length] as Category,
        licensedOn: n % 2 === 0 ? '2015-03-01' : '2025-06-01',
      });
      all.push(ent);
      const inspection = (recordId: string, inspectedOn: string, over: Partial<Inspection> = {}): Inspection =>
        anInspection({ recordId, uscc: u, inspectedOn, inspectors: ['I-330302-01', 'I-330302-02'], ...over });
      const sampling = (recordId: string, sampledOn: string): Sampling =>
        aSampling({ recordId, uscc: u, sampledOn, product: '样品' });
      const penalty = (recordId: string, decidedOn: string, over: Partial<Penalty> = {}): Penalty =>
        aPenalty({ recordId, uscc: u, decidedOn, measures: ['fine', 'confiscation'], fineYuan: 20_000, ...over });
      // Records dated through 2026 so that each grading date sees a different history.
      switch (n % 5) {
        case 0:
          all.push(inspection(`JC-${n}-a`, '2026-05-10'));
          break;
        case 1:
          all.push(inspection(`JC-${n}-a`, '2026-04-01', { result: 'basically_compliant', generalItemsFailed: 3 }));
          break;
        case 2:
          all.push(inspection(`JC-${n}-a`, '2025-06-01'), sampling(`CJ-${n}-a`, '2026-08-01'));
          break;
        case 3:
          // In 330303 the penalty follows a food safety incident: the grade is raised (§6.1).
          all.push(penalty(`罚-${n}-a`, '2026-09-01', { incident: region === '330303' }));
          break;
        default:
          break; // never inspected: unverified
      }
    }
  }

  const listed = usccs['330302']?.[0] as string;
  const barredRep = usccs['330303']?.[1] as string;
  const listedHangzhou = usccs['330102']?.[0] as string;
  const listedBase = { version: 1, status: 'active' as const };
  // The listed enterprise: a listing with a licence revocation naming two persons, and an
  // inspection every month of 2025 with a changing result, for a long history.
  const listedProfile = all.find((r) => r.type === 'enterprise' && r.uscc === listed) as Enterprise;
  listedProfile.legalRepName = '张三';
  listedProfile.legalRepId = ids[0] as Person['id'];
  for (let m = 1; m <= 12; m++) {
    all.push({
      type: 'inspection',
      recordId: `JC-listed-2025-${String(m).padStart(2, '0')}`,
      uscc: listed,
      inspectedOn: `2025-${String(m).padStart(2, '0')}-15`,
      kind: 'routine',
      scope: 'full',
      result: 'basically_compliant',
      keyItemsFailed: 0,
      generalItemsFailed: (m % 4) + 1,
      inspectors: ['I-330302-01', 'I-330302-02'],
      ...listedBase,
    });
  }
  all.push({
    type: 'penalty',
    recordId: '温鹿市监罚〔2026〕7号',
    uscc: listed,
    decidedOn: '2026-03-01',
    procedure: 'ordinary',
    violation: 'illegal_additive',
    measures: ['fine', 'license_revoked'],
    fineYuan: 200_000,
    aggravated: true,
    incident: false,
    recallFailure: false,
    seriousListing: true,
    intentional: true,
    persons: [person('张三', 'legal_representative', 0), person('李四', 'directly_responsible', 1)],
    ...listedBase,
  });
  // Another enterprise run by the barred person (matched by ID hash).
  const barredProfile = all.find((r) => r.type === 'enterprise' && r.uscc === barredRep) as Enterprise;
  barredProfile.legalRepName = '张三';
  barredProfile.legalRepId = ids[0] as Person['id'];
  all.push({
    type: 'penalty',
    recordId: '杭上市监罚〔2026〕3号',
    uscc: listedHangzhou,
    decidedOn: '2026-06-01',
    procedure: 'ordinary',
    violation: 'false_label',
    measures: ['fine'],
    fineYuan: 150_000,
    aggravated: true,
    incident: false,
    recallFailure: false,
    seriousListing: true,
    persons: [person('王五', 'principal', 2)],
    ...listedBase,
  });
  for (let i = 1; i <= 4; i++) {
    all.push({
      type: 'inspector',
      inspectorId: `I-330302-0${i}`,
      version: 1,
      name: `检查员${i}`,
      region: '330302',
      active: true,
      maxPerPeriod: 40,
      conflicts: [],
    });
  }
  await records.writeRecords(all.map((record, line) => ({ record, source: 'fixture', line: line + 1 })));

  const everyone = Object.values(usccs).flat().sort();
  const grade = async (runId: string, asOf: string, list: string[]) => {
    await runs.start({
      runId,
      kind: 'manual',
      asOf,
      startedAt: `${asOf}T01:00:00.000Z`,
      enterprises: list.length,
      shards: 1,
    });
    await gradeShard(
      { runId, kind: 'manual', asOf, shard: 0, usccs: list },
      // Runs dated before AS_OF are re-grades of the past (history rows); AS_OF's is the present.
      { records, assessments, cases, runs, events: { publish: async () => undefined }, clock: CLOCK },
    );
  };
  for (let m = 1; m <= 12; m++) {
    const asOf = `2025-${String(m).padStart(2, '0')}-28`;
    await grade(`run-${asOf}`, asOf, [listed]);
  }
  for (const asOf of ['2026-08-31', '2026-10-31', AS_OF]) await grade(`run-${asOf}`, asOf, everyone);

  // A run with failures: one in city 3303, one in Jiangsu.
  await runs.start({
    runId: FAILED_RUN_ID,
    kind: 'daily',
    asOf: AS_OF,
    startedAt: `${AS_OF}T02:00:00.000Z`,
    enterprises: 2,
    shards: 1,
  });
  await runs.shardDone(
    FAILED_RUN_ID,
    0,
    { ...emptyShardCounts(), failures: 2 },
    [
      { uscc: usccs['330303']?.[0] as string, reason: 'RangeError: test failure' },
      { uscc: usccs['320102']?.[0] as string, reason: 'RangeError: test failure' },
    ],
    `${AS_OF}T02:01:00.000Z`,
  );

  await exportDisciplineList({ asOf: AS_OF }, { records, s3, bucket: env.buckets.exports, clock: CLOCK });
  await drawPlan(
    { period: '2026-Q4', seed: 'fixture-seed', asOf: AS_OF },
    { records, assessments, plans, s3, exportsBucket: env.buckets.exports },
  );

  return {
    env,
    deps,
    usccs,
    listed,
    barredRep,
    listedHangzhou,
    clearIds,
    idHashes: ids.map((i) => i.hash),
    latest: (u) => queries.latest(u),
    impactQueue,
    async stop() {
      await impactQueue.idle();
      s3.destroy();
      doc.destroy();
      await env.stop();
    },
  };
}
