// Examples of the OpenAPI document: one per main response and per error status. A reader and a
// generated client's documentation see real shapes; the contract test validates every example
// against the schema it illustrates, so an example cannot drift from what the API returns.
// Labels and legal bases of the explained assessment come from the catalogue itself.
import type { Assessment } from '@fenji/domain';
import { explainAssessment } from './explain.ts';
import { EXAMPLE_USCC } from './schemas.ts';
import { summary } from './views.ts';

const PENALTY = '温鹿市监罚〔2026〕7号';
const RUN = '2026-11-30-daily';

const assessment: Assessment = {
  uscc: EXAMPLE_USCC,
  name: '温州市鹿城区某某餐饮店',
  region: '330302',
  sector: 'catering',
  category: 'restaurant',
  asOf: '2026-11-30',
  rulesVersion: 'cn-2022',
  staticScore: 25,
  dynamicScore: 10,
  creditScore: 5,
  riskScore: 40,
  baseGrade: 'B',
  riskGrade: 'C',
  adjustments: [{ kind: 'raise', levels: 1, reasons: ['intentional_violation'], recordIds: [PENALTY] }],
  creditClass: 'B',
  creditReasons: ['published_penalty'],
  keyInspection: false,
  inspectionsPerYear: 2,
  inspectionOverdue: false,
  seriousListing: null,
  listingCandidate: null,
  factors: [
    { code: 'static_tier_III', points: 25, recordIds: [] },
    { code: 'penalty_ordinary', points: 10, recordIds: [PENALTY] },
    { code: 'credit_class_B', points: 5, recordIds: [] },
  ],
  warnings: [],
  nextChangeOn: '2027-03-01',
};
const stored = { ...assessment, runId: RUN };

const cursor = 'eyJ2IjoxLCJxIjoiLi4uIn0';

const profile = {
  type: 'enterprise',
  uscc: EXAMPLE_USCC,
  name: assessment.name,
  region: '330302',
  category: 'restaurant',
  licensedOn: '2019-04-01',
  legalRepName: '张三',
  legalRepId: { masked: '330302********1234' },
  version: 1,
  status: 'active',
};

const runCounts = { graded: 2000, changed: 37, unchanged: 1963, events: 52, failures: 0, orphans: 0 };
const run = {
  runId: RUN,
  kind: 'daily',
  asOf: '2026-11-30',
  startedAt: '2026-11-29T17:00:02.114Z',
  enterprises: 2000,
  shards: 8,
  state: 'finished',
  shardsDone: 8,
  finishedAt: '2026-11-29T17:01:40.502Z',
  counts: runCounts,
};

const planCounts = { inspections: 480, mandatory: 312, random: 168, unassigned: 0 };
const plan = {
  period: '2026-Q4',
  asOf: '2026-11-30',
  seed: 'demo',
  seedCommitment: '2a97516c0e1b6d0f4f1d3c6b5a4e3d2c1b0a99887766554433221100ffeeddcc',
  counts: planCounts,
  scopeCounts: { inspections: 1, mandatory: 1, random: 0, unassigned: 0 },
  strata: [
    {
      region: '330302',
      riskGrade: 'C',
      keyInspection: false,
      population: 84,
      populationDigest: '5f0c6a3e7b1d2c4f8e9a0b1c2d3e4f5061728394a5b6c7d8e9f0a1b2c3d4e5f6',
      mandatoryPerMember: 0,
      remainder: '1/2',
      due: 42,
      drawn: 42,
    },
  ],
  inspections: [
    {
      period: '2026-Q4',
      region: '330302',
      riskGrade: 'C',
      keyInspection: false,
      uscc: EXAMPLE_USCC,
      name: assessment.name,
      kind: 'mandatory',
      slot: 1,
      inspector1: 'I-330302-01',
      inspector2: 'I-330302-02',
      status: 'assigned',
      reason: null,
    },
  ],
};

const caseItem = {
  caseId: `penalty_publicity:${PENALTY}`,
  kind: 'penalty_publicity',
  uscc: EXAMPLE_USCC,
  region: '330302',
  recordId: PENALTY,
  openedOn: '2026-03-01',
  dueOn: '2026-03-27',
  basis: 'PUB-45 Art. 9',
  state: 'closed_on_time',
  startedOn: null,
  closedOn: '2026-03-20',
  daysLate: 0,
  provisional: false,
  warnings: [],
};

/** The example of each route's main response, by operationId. */
export const RESPONSE_EXAMPLES: Readonly<Record<string, unknown>> = {
  getAssessment: { ...stored, explanation: explainAssessment(assessment).explanation },
  listAssessmentHistory: { uscc: EXAMPLE_USCC, items: [stored], cursor },
  listRecords: {
    uscc: EXAMPLE_USCC,
    enterprise: profile,
    records: [
      {
        type: 'penalty',
        recordId: PENALTY,
        uscc: EXAMPLE_USCC,
        decidedOn: '2026-03-01',
        procedure: 'ordinary',
        violation: 'illegal_additive',
        measures: ['fine'],
        fineYuan: 50_000,
        aggravated: false,
        incident: false,
        recallFailure: false,
        seriousListing: false,
        intentional: true,
        persons: [{ name: '张三', role: 'legal_representative', id: { masked: '330302********1234' } }],
        publishedOn: '2026-03-20',
        version: 1,
        status: 'active',
        factors: ['penalty_ordinary'],
      },
      {
        type: 'inspection',
        recordId: 'JC-330302-2026-0415',
        uscc: EXAMPLE_USCC,
        inspectedOn: '2026-02-10',
        kind: 'routine',
        scope: 'full',
        result: 'compliant',
        keyItemsFailed: 0,
        generalItemsFailed: 0,
        inspectors: ['I-330302-01', 'I-330302-02'],
        version: 1,
        status: 'active',
        factors: [],
      },
    ],
  },
  findEnterprises: {
    items: [
      {
        uscc: EXAMPLE_USCC,
        name: assessment.name,
        region: '330302',
        category: 'restaurant',
        riskGrade: 'C',
        creditClass: 'B',
      },
    ],
    cursor: null,
  },
  listAssessments: { items: [summary(assessment)], cursor },
  listCases: { items: [caseItem], cursor },
  listEnterpriseCases: { uscc: EXAMPLE_USCC, items: [caseItem] },
  getCaseMetrics: {
    period: '2026-Q4',
    asOf: '2026-11-30',
    items: [
      {
        period: '2026-Q4',
        region: '330302',
        kind: 'sampling_disposal',
        due: 12,
        onTime: 10,
        late: 1,
        overdueOpen: 1,
        rate: 0.8333,
      },
    ],
  },
  getDisciplineList: {
    asOf: '2026-11-30',
    generatedAt: '2026-11-30T01:00:00.000Z',
    rulesVersion: 'cn-2022',
    counts: { listings: 1, personBars: 1, enterprises: 1 },
    entries: [
      {
        kind: 'listing',
        uscc: EXAMPLE_USCC,
        name: assessment.name,
        region: '330302',
        recordId: PENALTY,
        violation: 'illegal_additive',
        listedOn: '2026-03-01',
        expiresOn: '2029-03-01',
        persons: [],
        measures: [
          {
            code: 'procurement_bidding',
            zh: '在政府采购、招标投标中予以限制或作为重要考量因素',
            en: 'weighed against in government procurement and bidding',
          },
        ],
      },
      {
        kind: 'person_bar',
        uscc: EXAMPLE_USCC,
        name: assessment.name,
        region: '330302',
        recordId: PENALTY,
        violation: 'illegal_additive',
        listedOn: '2026-03-01',
        expiresOn: '2031-03-01',
        persons: [{ name: '张三', role: 'legal_representative', idMasked: '330302********1234' }],
        measures: [],
      },
    ],
  },
  getPlan: plan,
  drawPlan: { ...plan, period: '2027-Q1', seed: '2027q1-public-seed', seedGenerated: false },
  listRuns: { items: [run], cursor: null },
  getRun: { ...run, failures: [], failuresOutsideScope: 0 },
  requestImpact: impactJob('queued'),
  getImpact: impactJob('done'),
};

/** An impact job (POST /impact, GET /impact/{id}): cn-2016 → cn-2022 on the bundled sample. */
function impactJob(state: 'queued' | 'done') {
  const id = '5b0f3c8e-1d2a-4c6b-9e7f-0a1b2c3d4e5f';
  const ba = (before: number, after: number) => ({ before, after });
  return {
    id,
    state,
    requestedBy: 'admin-3',
    createdAt: '2026-11-30T02:00:00.000Z',
    startedAt: state === 'done' ? '2026-11-30T02:00:01.204Z' : null,
    finishedAt: state === 'done' ? '2026-11-30T02:00:38.911Z' : null,
    inputs: {
      rules: 'cn-2022',
      rulesPosted: false,
      base: 'cn-2016',
      asOf: '2022-03-14',
      period: '2022-Q1',
      seed: 'fenji-impact',
    },
    result:
      state === 'done'
        ? {
            base: { id: 'cn-2016', title: '食品生产经营风险分级管理办法（试行）(2016)' },
            proposed: { id: 'cn-2022', title: 'SAMR Order 49 (2022)' },
            baseInForce: true,
            population: { enterprises: 2000, assessed: 1991, records: 15870, inspectors: 40 },
            ruleChanges: 57,
            summary: {
              riskGradeChanged: 212,
              creditClassChanged: 96,
              changed: 287,
              riskScoreChanged: 1440,
              keyInspections: ba(41, 63),
              plannedInspections: ba(480, 512),
              inspectorDays: ba(960, 1024),
              shareOverMax: ba(0.05, 0.1),
              seriousListings: ba(12, 12),
              listingCandidates: ba(30, 34),
            },
            files: { json: `impact/${id}/impact.json`, html: `impact/${id}/impact.html` },
          }
        : null,
    error: null,
    links: { self: `/impact/${id}` },
  };
}

/** One example per error status (the message of each is what the API says in that case). */
export const ERROR_EXAMPLES: Readonly<Record<number, { error: string; message: string }>> = {
  400: { error: 'bad_request', message: 'riskGrade: must be one of A, B, C, D' },
  401: { error: 'unauthorized', message: 'token expired' },
  403: { error: 'forbidden', message: 'region 330303 is outside the regions of your token' },
  404: { error: 'not_found', message: `no enterprise ${EXAMPLE_USCC} in your regions` },
  409: {
    error: 'conflict',
    message: 'the plan for 2027-Q1 was drawn already (seed commitment 2a97516c…); a published draw is not redrawn',
  },
  413: { error: 'payload_too_large', message: 'body: at most 16384 bytes (请求体过大)' },
  415: {
    error: 'unsupported_media_type',
    message: 'content-type: must be application/json (请求体须为 JSON, Content-Type: application/json)',
  },
  500: { error: 'internal', message: 'internal error; quote request id 3f1c9a52-8d0e-4b1f-9c7a-2e6d5b4a3c21' },
};
