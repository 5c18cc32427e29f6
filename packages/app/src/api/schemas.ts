// The API's inputs and outputs as zod schemas: requests are validated with them, and the
// OpenAPI document is generated from the very same objects, so the docs cannot drift from
// what the handler accepts and returns.
import {
  CASE_KINDS,
  CASE_STATES,
  DISPOSAL_ACTIONS,
  GRADES,
  isValidIsoDate,
  isValidUscc,
  makeUscc,
  REPAIR_DECISIONS,
  RULE_SETS,
} from '@fenji/domain';
import { z } from 'zod';
import { RULE_SET_IDS, ruleSetProblem } from '../impact/rules.ts';
import { REGION_CODE } from './scope.ts';

// ---- inputs ---------------------------------------------------------------------------------

const USCC_MESSAGE = 'must be an 18-character unified social credit code with a valid check character (GB 32100)';

/** An example USCC with a correct check character (the document's examples must pass the API's own checks). */
export const EXAMPLE_USCC = makeUscc('91330302MA2AB7710');

/**
 * OpenAPI extension on schemas the API checks beyond their `pattern`: the 18th character of a
 * USCC is the GB 32100 check character. JSON Schema cannot say it; a generated client and a
 * reader learn it here (and the contract test implements it as a keyword).
 */
export const USCC_CHECK_EXTENSION = 'x-fenji-check-character';

export const Uscc = z
  .string()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, USCC_MESSAGE)
  .refine(isValidUscc, USCC_MESSAGE)
  .meta({
    [USCC_CHECK_EXTENSION]: 'GB 32100-2015: 31 − (weighted sum of the first 17 characters mod 31)',
    examples: [EXAMPLE_USCC],
  })
  .describe(
    '统一社会信用代码 unified social credit code: 18 characters of 0-9 A-H J-N P Q R T U W X Y, the last being the GB 32100 check character (a weighted sum of the first 17, modulo 31). A code whose check character does not match is refused (400) like one of the wrong shape.',
  );

export const RegionCode = z
  .string()
  .regex(REGION_CODE, 'must be a 6-digit administrative division code')
  .meta({ examples: ['330302'] })
  .describe(
    '行政区划代码: a district (330302), a city (330300: its districts) or a province (330000); must lie within the regions of the token',
  );

const GradeParam = (what: string, example: string) =>
  z
    .enum(GRADES, { error: 'must be one of A, B, C, D' })
    .meta({ examples: [example] })
    .describe(`${what}: A (lowest risk) … D (highest)`);

const BooleanParam = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .meta({ examples: ['true'] })
  .transform((v) => v === 'true')
  .describe('true or false');

const limit = (fallback: number, max: number) =>
  z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(fallback)
    .meta({ examples: [Math.min(20, max)] })
    .describe(`page size, 1–${max}`);

const Cursor = z
  .string()
  .max(2048, 'is too long')
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this API issued')
  .meta({ examples: ['eyJ2IjoxLCJxIjoiLi4uIn0'] })
  .describe(
    'opaque cursor from the previous page (`cursor` of the response); bound to the query and the token it was issued for (another query or token: 400)',
  );

/**
 * A day. `format: date` (RFC 3339 full-date) says what the refine checks: a real calendar day,
 * so 2026-02-30 is refused by a validating client as by the API.
 */
export const IsoDateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isValidIsoDate, 'must be a calendar date YYYY-MM-DD')
  .meta({ format: 'date', examples: ['2026-11-30'] });

export const Period = z
  .string()
  .regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, 'must be YYYY, YYYY-Qn (n = 1–4) or YYYY-MM')
  .meta({ examples: ['2026-Q4'] })
  .describe('plan period: YYYY, YYYY-Qn or YYYY-MM');

export const RunId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be a run id (letters, digits, . _ : -)')
  .meta({ examples: ['2026-11-30-daily'] })
  .describe('grading run id');

export const UsccParams = z.object({ uscc: Uscc });
export const PeriodParams = z.object({ period: Period });
export const RunParams = z.object({ runId: RunId });

export const ListingQuery = z
  .object({
    region: RegionCode.optional(),
    riskGrade: GradeParam('风险等级 risk grade', 'D').optional(),
    creditClass: GradeParam('信用风险分类 credit class', 'C').optional(),
    keyInspection: BooleanParam.optional(),
    limit: limit(50, 200),
    cursor: Cursor.optional(),
  })
  .strict();

export const HistoryQuery = z.object({ limit: limit(20, 100), cursor: Cursor.optional() }).strict();

const SEARCH_MESSAGE = 'must be 1–50 characters, not only spaces';

/**
 * What GET /enterprises looks for: a whole USCC (then that enterprise) or the start of a name.
 * The pattern says "not blank" (the value is trimmed); the length is of the value as sent.
 */
export const EnterpriseSearchQuery = z
  .object({
    q: z
      .string()
      .max(50, SEARCH_MESSAGE)
      .regex(/\S/, SEARCH_MESSAGE)
      .meta({ examples: ['温州市鹿城区'] })
      .transform((v) => v.trim())
      .describe(
        'a whole unified social credit code (valid check character; then that enterprise, if it is in your regions) or the start of an enterprise name (1–50 characters, trimmed, compared after Unicode NFC)',
      ),
    region: RegionCode.optional(),
    limit: limit(20, 100),
    cursor: Cursor.optional(),
  })
  .strict();

export const RunsQuery = z.object({ limit: limit(20, 100), cursor: Cursor.optional() }).strict();

export const DisciplineQuery = z
  .object({
    region: RegionCode.optional(),
    kind: z
      .enum(['listing', 'person_bar'], { error: 'must be listing or person_bar' })
      .meta({ examples: ['listing'] })
      .optional()
      .describe('listing (严重违法失信名单) or person_bar (从业禁止)'),
  })
  .strict();

export const RegionQuery = z.object({ region: RegionCode.optional() }).strict();

const CaseKindParam = z
  .enum(CASE_KINDS, { error: `must be one of ${CASE_KINDS.join(', ')}` })
  .meta({ examples: ['sampling_disposal'] })
  .describe(
    'sampling_disposal 不合格核查处置, penalty_publicity 处罚信息公示, repair_acceptance 信用修复受理, repair_decision 信用修复决定',
  );
const CaseStateParam = z
  .enum(CASE_STATES, { error: `must be one of ${CASE_STATES.join(', ')}` })
  .meta({ examples: ['overdue'] })
  .describe('open 办理中, overdue 已逾期, closed_on_time 按时办结, closed_late 逾期办结, overturned 复检推翻');

export const CaseQuery = z
  .object({
    region: RegionCode.optional(),
    kind: CaseKindParam.optional(),
    state: CaseStateParam.optional(),
    dueAfter: IsoDateString.optional().describe('due on or after this day'),
    dueBefore: IsoDateString.optional().describe('due on or before this day'),
    limit: limit(50, 200),
    cursor: Cursor.optional(),
  })
  .strict();

export const CaseMetricsQuery = z
  .object({
    period: Period,
    region: RegionCode.optional(),
  })
  .strict();
export const NoQuery = z.object({}).strict();

export const PlanDrawBody = z
  .object({
    seed: z
      .string()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII')
      .meta({ examples: ['2027q1-public-seed'] })
      .optional()
      .describe('seed of the public PRNG; random when omitted (returned either way)'),
    asOf: IsoDateString.optional().describe('grading date the draw is as of; today (Asia/Shanghai) when omitted'),
  })
  .strict();

/**
 * OpenAPI extension on the rule-set object of POST /impact: it is validated as a shipped rule-set
 * file is (packages/domain/rules/README.md). JSON Schema could say it only with the file format's
 * whole schema (34 KB, which strict validators refuse as generated); a generated client and a
 * reader learn it here, and the contract test implements it as a keyword, as it does the USCC
 * check character.
 */
export const RULE_SET_EXTENSION = 'x-fenji-rule-set';

const RULE_SET_MESSAGE = `must be a shipped rule set's id (${RULE_SET_IDS.join(', ')}) or a rule-set object in the shipped file format`;

/** The first day a rule set grades: an impact's asOf cannot be earlier. */
const FIRST_RULE_SET_START = RULE_SETS[0]?.effectiveFrom ?? '2016-12-01';

const RuleSetId = z.enum(RULE_SET_IDS, { error: `must be one of ${RULE_SET_IDS.join(', ')}` });

/** A rule-set file's content; a bad value is a 400 naming `rules.<its path in the file>`. */
const RuleSetObject = z
  .record(z.string(), z.unknown())
  .superRefine((data, ctx) => {
    const problem = ruleSetProblem(data);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  })
  .meta({
    [RULE_SET_EXTENSION]:
      'a rule-set file of packages/domain/rules/ (every value with its legal reference), validated as the shipped files are; its id need not match a file name',
  });

export const ImpactBody = z
  .object({
    rules: z
      .union([RuleSetId, RuleSetObject], { error: RULE_SET_MESSAGE })
      .meta({ examples: ['cn-2022'] })
      .describe(
        'the proposed rule set: a shipped rule set’s id, or a whole rule-set object in the shipped file format (a copy of packages/domain/rules/cn-2022.json with changed values)',
      ),
    base: RuleSetId.optional()
      .meta({ examples: ['cn-2016'] })
      .describe('the rule set compared with (a shipped id); the one in force on asOf when omitted'),
    // formatMinimum (ajv-formats, JSON Schema's proposed format-range keyword): the first rule
    // set's start. Tomorrow, the upper bound, depends on the API's clock: only the API knows it.
    asOf: IsoDateString.meta({ formatMinimum: FIRST_RULE_SET_START }).describe(
      `the grading date: both gradings see the records of that day. From ${FIRST_RULE_SET_START} (the first rule set took effect) to tomorrow (Asia/Shanghai), as npm run impact --as-of; another date is a 400 naming asOf`,
    ),
    period: Period,
    seed: z
      .string()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII')
      .meta({ examples: ['fenji-impact'] })
      .optional()
      .describe(
        'seed of the double-random draws, the same under both sets; fenji-impact (as npm run impact) when omitted',
      ),
  })
  .strict();

export const ImpactJobParams = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an impact job id')
    .meta({ examples: ['5b0f3c8e-1d2a-4c6b-9e7f-0a1b2c3d4e5f'] })
    .describe('the id POST /impact returned'),
});

// ---- outputs --------------------------------------------------------------------------------

const Grade = z.enum(GRADES);
const Day = z.string().describe('YYYY-MM-DD');

export const ErrorResponse = z.object({
  error: z.enum([
    'bad_request',
    'unauthorized',
    'forbidden',
    'not_found',
    'conflict',
    'payload_too_large',
    'unsupported_media_type',
    'internal',
  ]),
  message: z.string(),
});

const Factor = z.object({ code: z.string(), points: z.number(), recordIds: z.array(z.string()) });
const Adjustment = z.object({
  kind: z.enum(['raise', 'lower', 'force_d']),
  levels: z.number().int(),
  reasons: z.array(z.string()),
  recordIds: z.array(z.string()),
});
const Warning = z.object({ code: z.string(), message: z.string(), recordIds: z.array(z.string()) });
const SeriousListingRef = z.object({ recordId: z.string(), listedOn: Day, expiresOn: Day });

export const Assessment = z.object({
  uscc: z.string(),
  name: z.string(),
  region: z.string(),
  sector: z.string(),
  category: z.string(),
  asOf: Day,
  rulesVersion: z.string(),
  staticScore: z.number(),
  dynamicScore: z.number(),
  creditScore: z.number(),
  riskScore: z.number(),
  baseGrade: Grade,
  riskGrade: Grade,
  adjustments: z.array(Adjustment),
  creditClass: Grade,
  creditReasons: z.array(z.string()),
  keyInspection: z.boolean(),
  inspectionsPerYear: z.number(),
  inspectionOverdue: z.boolean(),
  seriousListing: SeriousListingRef.nullable(),
  listingCandidate: z.object({ recordIds: z.array(z.string()) }).nullable(),
  factors: z.array(Factor),
  warnings: z.array(Warning),
  nextChangeOn: Day.nullable(),
  runId: z.string(),
});

const Label = z.object({ zh: z.string(), en: z.string() });
const BasisRef = z.object({
  ref: z.string().describe('e.g. "SDL-44 Art. 16"'),
  instrument: z.string().nullable().describe('the full title, from the rule set'),
});
const explained = { label: Label, basis: z.array(BasisRef), spec: z.string().nullable() };
const ExplainedCode = z.object({ code: z.string(), ...explained });

export const Explanation = z.object({
  rulesVersion: z.string(),
  ruleSet: z.object({ id: z.string(), title: z.string() }).nullable(),
  factors: z.array(Factor.extend(explained)),
  adjustments: z.array(Adjustment.omit({ reasons: true }).extend({ ...explained, reasons: z.array(ExplainedCode) })),
  creditReasons: z.array(ExplainedCode),
  warnings: z.array(Warning.extend(explained)),
});

export const AssessmentResponse = Assessment.extend({ explanation: Explanation });

export const AssessmentSummary = Assessment.pick({
  uscc: true,
  name: true,
  region: true,
  sector: true,
  category: true,
  asOf: true,
  rulesVersion: true,
  riskScore: true,
  baseGrade: true,
  riskGrade: true,
  creditClass: true,
  keyInspection: true,
  inspectionsPerYear: true,
  inspectionOverdue: true,
  seriousListing: true,
  listingCandidate: true,
});

export const AssessmentPage = z.object({
  items: z.array(AssessmentSummary),
  cursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

export const HistoryPage = z.object({
  uscc: z.string(),
  items: z.array(Assessment).describe('newest first'),
  cursor: z.string().nullable(),
});

const MaskedId = z.object({ masked: z.string().describe('330302********1234; the number itself is never kept') });
const versioned = { version: z.number().int(), status: z.enum(['active', 'revoked']) };
const usedBy = {
  factors: z.array(z.string()).describe('codes of the latest assessment’s factors that count this record'),
};

export const EnterpriseProfile = z.object({
  type: z.literal('enterprise'),
  uscc: z.string(),
  name: z.string(),
  region: z.string(),
  category: z.string(),
  licensedOn: Day,
  legalRepName: z.string().optional(),
  legalRepId: MaskedId.optional(),
  ...versioned,
});

const InspectionRecord = z.object({
  type: z.literal('inspection'),
  recordId: z.string(),
  uscc: z.string(),
  inspectedOn: Day,
  kind: z.string(),
  scope: z.enum(['full', 'partial']),
  result: z.string(),
  keyItemsFailed: z.number().int(),
  generalItemsFailed: z.number().int(),
  inspectors: z.array(z.string()),
  ...versioned,
  ...usedBy,
});

const PenaltyRecord = z.object({
  type: z.literal('penalty'),
  recordId: z.string().describe('decision number 行政处罚决定书文号'),
  uscc: z.string(),
  decidedOn: Day,
  procedure: z.enum(['simple', 'ordinary']),
  violation: z.string(),
  measures: z.array(z.string()),
  fineYuan: z.number(),
  aggravated: z.boolean(),
  incident: z.boolean(),
  recallFailure: z.boolean(),
  seriousListing: z.boolean(),
  intentional: z.boolean().optional(),
  persons: z.array(z.object({ name: z.string(), role: z.string(), id: MaskedId })),
  repairedOn: Day.optional(),
  delistedOn: Day.optional(),
  publishedOn: Day.optional().describe('公示日期: the day the decision was published (PUB-45 Art. 9)'),
  ...versioned,
  ...usedBy,
});

const SamplingRecord = z.object({
  type: z.literal('sampling'),
  recordId: z.string(),
  uscc: z.string(),
  sampledOn: Day,
  product: z.string(),
  kind: z.string(),
  level: z.string(),
  result: z.enum(['pass', 'fail']),
  hazard: z.string().optional(),
  notifiedOn: Day.optional().describe('检验结论送达日期'),
  recheckRequestedOn: Day.optional().describe('复检申请日期 (FSL Art. 88)'),
  recheckResult: z.enum(['pass', 'fail']).optional(),
  recheckConcludedOn: Day.optional(),
  ...versioned,
  ...usedBy,
});

const DisposalRecord = z.object({
  type: z.literal('disposal'),
  samplingRecordId: z.string().describe('the failed sample this disposal (核查处置) is of'),
  uscc: z.string(),
  startedOn: Day,
  actions: z.array(z.enum(DISPOSAL_ACTIONS)),
  penaltyRecordId: z.string().optional(),
  completedOn: Day.optional(),
  ...versioned,
  ...usedBy,
});

const RepairRecord = z.object({
  type: z.literal('repair'),
  recordId: z.string().describe('信用修复申请编号'),
  uscc: z.string(),
  penaltyRecordId: z.string(),
  appliedOn: Day,
  acceptedOn: Day.optional(),
  decidedOn: Day.optional(),
  decision: z.enum(REPAIR_DECISIONS).optional(),
  ...versioned,
  ...usedBy,
});

export const RecordsResponse = z.object({
  uscc: z.string(),
  enterprise: EnterpriseProfile,
  records: z
    .array(
      z.discriminatedUnion('type', [InspectionRecord, PenaltyRecord, SamplingRecord, DisposalRecord, RepairRecord]),
    )
    .describe('newest first; revoked records included (status) as history shows them'),
});

const DisciplineEntry = z.object({
  kind: z.enum(['listing', 'person_bar']),
  uscc: z.string(),
  name: z.string(),
  region: z.string(),
  recordId: z.string(),
  violation: z.string().nullable(),
  listedOn: Day,
  expiresOn: Day,
  persons: z.array(z.object({ name: z.string(), role: z.string(), idMasked: z.string() })),
  measures: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
});

export const DisciplineListResponse = z.object({
  asOf: Day,
  generatedAt: z.string(),
  rulesVersion: z.string(),
  counts: z.object({ listings: z.number().int(), personBars: z.number().int(), enterprises: z.number().int() }),
  entries: z.array(DisciplineEntry),
});

const PlanCounts = z.object({
  inspections: z.number().int(),
  mandatory: z.number().int(),
  random: z.number().int(),
  unassigned: z.number().int(),
});

const PlanStratum = z.object({
  region: z.string(),
  riskGrade: Grade,
  keyInspection: z.boolean(),
  population: z.number().int(),
  populationDigest: z.string().describe('sha256hex of the stratum’s uscc sorted, joined by "\\n"'),
  mandatoryPerMember: z.number().int(),
  remainder: z.string(),
  due: z.number().int(),
  drawn: z.number().int(),
});

const PlannedInspection = z.object({
  period: z.string(),
  region: z.string(),
  riskGrade: Grade,
  keyInspection: z.boolean(),
  uscc: z.string(),
  name: z.string(),
  kind: z.enum(['mandatory', 'random']),
  slot: z.number().int(),
  inspector1: z.string().nullable(),
  inspector2: z.string().nullable(),
  status: z.enum(['assigned', 'unassigned']),
  reason: z.string().nullable(),
});

export const PlanResponse = z.object({
  period: z.string(),
  asOf: Day,
  seed: z.string(),
  seedCommitment: z.string().describe('sha256hex(seed)'),
  counts: PlanCounts.describe('the whole plan'),
  scopeCounts: PlanCounts.describe('the rows returned (your regions)'),
  strata: z.array(PlanStratum).describe('strata of your regions'),
  inspections: z.array(PlannedInspection).describe('rows of your regions'),
});

export const PlanDrawResponse = PlanResponse.extend({
  seedGenerated: z.boolean().describe('true when the API chose the seed'),
});

const RunCounts = z.object({
  graded: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  events: z.number().int(),
  failures: z.number().int(),
  orphans: z.number().int(),
});

export const RunSummary = z.object({
  runId: z.string(),
  kind: z.string().describe('daily, monthly, rules or manual'),
  asOf: Day,
  startedAt: z.string().describe('ISO 8601 instant the scheduler started the run'),
  enterprises: z.number().int(),
  shards: z.number().int(),
  regrade: z.boolean().optional().describe('a re-grade of a past date: history rows only'),
  state: z.enum(['running', 'finished', 'finished_with_failures']),
  shardsDone: z.number().int(),
  finishedAt: z.string().nullable().describe('when the last shard finished; null while running'),
  counts: RunCounts.describe('the whole run'),
});

export const RunResponse = RunSummary.extend({
  failures: z.array(z.object({ uscc: z.string(), reason: z.string() })).describe('failures within your regions'),
  failuresOutsideScope: z.number().int(),
});

export const RunPage = z.object({
  items: z.array(RunSummary).describe('newest start first; failures are counted here and named at /runs/{runId}'),
  cursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

export const EnterpriseListItem = z.object({
  uscc: z.string(),
  name: z.string(),
  region: z.string(),
  category: z.string(),
  riskGrade: Grade.nullable().describe('of the latest assessment; null when there is none'),
  creditClass: Grade.nullable().describe('of the latest assessment; null when there is none'),
});

export const EnterpriseSearchPage = z.object({
  items: z.array(EnterpriseListItem).describe('by district code, then name, then uscc'),
  cursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

export const CaseItem = z.object({
  caseId: z.string().describe('{kind}:{recordId}'),
  kind: z.enum(CASE_KINDS),
  uscc: z.string(),
  region: z.string(),
  recordId: z.string().describe('the sample, the decision or the repair application that opened the case'),
  openedOn: Day,
  dueOn: Day.describe('in working days or rolled calendar days (deadlines.md §1)'),
  basis: z.string().describe('the legal basis of the time limit, e.g. SAMPLING-15 Art. 45'),
  state: z.enum(CASE_STATES),
  startedOn: Day.nullable().describe('a disposal’s start; null for other kinds'),
  closedOn: Day.nullable(),
  daysLate: z.number().int().describe('calendar days: closedOn − dueOn when closed late, today − dueOn when overdue'),
  provisional: z.boolean().describe('the period reaches a year whose holiday notice is not loaded yet'),
  warnings: z.array(z.string()),
});

export const CasePage = z.object({ items: z.array(CaseItem), cursor: z.string().nullable() });

export const EnterpriseCases = z.object({ uscc: z.string(), items: z.array(CaseItem) });

export const CaseMetricsResponse = z.object({
  period: z.string(),
  asOf: Day,
  items: z.array(
    z.object({
      period: z.string(),
      region: z.string(),
      kind: z.enum(CASE_KINDS),
      due: z.number().int(),
      onTime: z.number().int(),
      late: z.number().int(),
      overdueOpen: z.number().int(),
      rate: z.number().describe('onTime / due, rounded half up to 4 decimals'),
    }),
  ),
});

export const OpenApiDocument = z.record(z.string(), z.unknown()).describe('this document');

const BeforeAfter = z.object({ before: z.number(), after: z.number() });

export const ImpactJobResponse = z.object({
  id: z.string(),
  state: z
    .enum(['queued', 'running', 'done', 'failed'])
    .describe('queued (sent to the impact worker), running, done (result holds the figures), failed (error says why)'),
  requestedBy: z.string().nullable().describe('the token subject of whoever asked'),
  createdAt: z.string().describe('ISO 8601 instant of the request'),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  inputs: z.object({
    rules: z.string().describe('the proposed rule set’s id (that of the posted object when one was posted)'),
    rulesPosted: z.boolean().describe('true when a rule-set object was posted, false for a shipped id'),
    base: z.string().nullable().describe('null: the rule set in force on asOf'),
    asOf: Day,
    period: z.string(),
    seed: z.string(),
  }),
  result: z
    .object({
      base: z.object({ id: z.string(), title: z.string() }),
      proposed: z.object({ id: z.string(), title: z.string() }),
      baseInForce: z.boolean(),
      population: z.object({
        enterprises: z.number().int(),
        assessed: z.number().int(),
        records: z.number().int(),
        inspectors: z.number().int(),
      }),
      ruleChanges: z.number().int().describe('rule values that differ between the two sets'),
      summary: z.object({
        riskGradeChanged: z.number().int(),
        creditClassChanged: z.number().int(),
        changed: z.number().int(),
        riskScoreChanged: z.number().int(),
        keyInspections: BeforeAfter,
        plannedInspections: BeforeAfter,
        inspectorDays: BeforeAfter,
        shareOverMax: BeforeAfter,
        seriousListings: BeforeAfter,
        listingCandidates: BeforeAfter,
      }),
      files: z
        .object({ json: z.string(), html: z.string() })
        .describe('keys of impact.json and impact.html in the exports bucket (docs/impact.md)'),
    })
    .nullable()
    .describe('when done: the headline figures of impact.json (counts only: they name no enterprise) and its files'),
  error: z.string().nullable().describe('when failed: why'),
  links: z.object({ self: z.string().describe('GET this to follow the job') }),
});
