// The routes of the HTTP API as data: method, path, the zod schemas of what they accept and
// return (validation and the OpenAPI document both read them), and a thin use case each.
// Every route runs after the caller is known (api-handler.ts) and applies region scope itself.
import { randomBytes, randomUUID } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import {
  type Clock,
  caseOnDay,
  type DisciplineEntry,
  type Enterprise,
  gradingDateProblem,
  isValidUscc,
  type PlannedInspection,
  sha256hex,
} from '@fenji/domain';
import {
  type ApiQueries,
  type AssessmentStore,
  type CaseStore,
  type ImpactJob,
  type ImpactJobStore,
  keys,
  type PlanStore,
  type RecordStore,
  type RunStore,
  type StoredAssessment,
  splitPartition,
} from '@fenji/store';
import { z } from 'zod';
import { latestKey } from '../discipline/export-list.ts';
import { JSONL_FILE, MANIFEST_FILE } from '../discipline/render.ts';
import type { ImpactQueue } from '../impact/queue.ts';
import { drawPlan } from '../plan/draw-plan.ts';
import { logger } from '../shared/index.ts';
import {
  badCursor,
  caseKeyOf,
  checkHistoryCursor,
  decodeListingCursor,
  decodeRunCursor,
  encodeListingCursor,
  encodeRunCursor,
  fingerprint,
  nameKeyOf,
} from './cursor.ts';
import { explainAssessment } from './explain.ts';
import { HttpError, MAX_BODY_BYTES } from './http.ts';
import {
  AssessmentPage,
  AssessmentResponse,
  CaseMetricsQuery,
  CaseMetricsResponse,
  CasePage,
  CaseQuery,
  DisciplineListResponse,
  DisciplineQuery,
  EnterpriseCases,
  EnterpriseSearchPage,
  EnterpriseSearchQuery,
  HistoryPage,
  HistoryQuery,
  ImpactBody,
  ImpactJobParams,
  ImpactJobResponse,
  ListingQuery,
  NoQuery,
  OpenApiDocument,
  PeriodParams,
  PlanDrawBody,
  PlanDrawResponse,
  PlanResponse,
  RecordsResponse,
  RegionQuery,
  RunPage,
  RunParams,
  RunResponse,
  RunsQuery,
  UsccParams,
} from './schemas.ts';
import { type Caller, inScope, listingRegions, regionFilter } from './scope.ts';
import { parsePlanCsv, planCounts, recordsView, summary } from './views.ts';

export interface ApiDeps {
  records: RecordStore;
  assessments: AssessmentStore;
  /** Statutory-deadline cases (deadlines.md §3), as the grading pass stored them. */
  cases: CaseStore;
  runs: RunStore;
  queries: ApiQueries;
  plans: PlanStore;
  s3: S3Client;
  exportsBucket: string;
  /** Today of a draw without asOf, and the time a claim was made. */
  clock: Clock;
  /** The seed of a draw when the caller gives none: 128 random bits, returned with the plan. */
  newSeed?: () => string;
  /** Rule-change impact jobs (POST /impact, GET /impact/{id}). */
  impactJobs: ImpactJobStore;
  /** Where POST /impact sends a job: the impact worker's queue (locally, the worker in-process). */
  impactQueue: ImpactQueue;
  /** The id of a new impact job; a random UUID when absent. */
  newId?: () => string;
}

export interface RouteContext<P, Q, B> {
  caller: Caller;
  params: P;
  query: Q;
  body: B;
  deps: ApiDeps;
}

const NoParams = z.object({});

export interface Route {
  method: 'GET' | 'POST';
  /** API Gateway route path, e.g. `/enterprises/{uscc}/assessment`. */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tag: string;
  /** Only the admin role may call it (403 for a regulator). */
  adminOnly: boolean;
  params: z.ZodObject;
  query: z.ZodObject;
  body: z.ZodObject | null;
  /** The largest body the route reads (413 above it); MAX_BODY_BYTES unless the route says otherwise. */
  maxBodyBytes: number;
  /** Whether a body must be sent (the document says so); otherwise no body is an empty object. */
  bodyRequired: boolean;
  ok: { status: number; description: string; schema: z.ZodType };
  /**
   * Error statuses of the route's own use case, for the OpenAPI document. Every route also
   * documents 400 (any route refuses an unknown query parameter), 401 and 500, and a route
   * with a body 413 and 415 (openapi.ts adds them).
   */
  errors: number[];
  run(ctx: RouteContext<unknown, unknown, unknown>): Promise<unknown>;
}

function route<P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodObject>(def: {
  method: Route['method'];
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tag: string;
  adminOnly?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  maxBodyBytes?: number;
  bodyRequired?: boolean;
  ok: Route['ok'];
  errors: number[];
  run(ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
}): Route {
  return {
    ...def,
    adminOnly: def.adminOnly ?? false,
    maxBodyBytes: def.maxBodyBytes ?? MAX_BODY_BYTES,
    bodyRequired: def.bodyRequired ?? false,
    params: def.params ?? NoParams,
    query: def.query ?? NoQuery,
    body: def.body ?? null,
    run: def.run as Route['run'],
  };
}

/** One answer for "does not exist" and "not yours": the caller learns nothing about other regions. */
const noEnterprise = (uscc: string) => new HttpError('not_found', `no enterprise ${uscc} in your regions`);

async function profileInScope(deps: ApiDeps, caller: Caller, uscc: string): Promise<Enterprise> {
  const profile = await deps.queries.profile(uscc);
  if (!profile || !inScope(caller, profile.region)) throw noEnterprise(uscc);
  return profile;
}

async function getText(s3: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await got.Body?.transformToString('utf-8')) ?? '';
  } catch (e) {
    // Only a missing object is "not published"; a missing bucket is a fault to report.
    if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return null;
    throw e;
  }
}

function planView(
  meta: Record<string, unknown>,
  rows: readonly PlannedInspection[],
  keep: (region: string) => boolean,
) {
  const mine = rows.filter((r) => keep(r.region));
  const strata = (meta.strata as { region: string }[] | undefined) ?? [];
  return {
    period: meta.period as string,
    asOf: meta.asOf as string,
    seed: meta.seed as string,
    seedCommitment: meta.seedCommitment as string,
    counts: (meta.counts as ReturnType<typeof planCounts> | undefined) ?? planCounts(rows),
    scopeCounts: planCounts(mine),
    strata: strata.filter((s) => keep(s.region)),
    inspections: mine,
  };
}

const getAssessment = route({
  method: 'GET',
  path: '/enterprises/{uscc}/assessment',
  operationId: 'getAssessment',
  summary: 'Latest assessment of an enterprise, explained',
  description:
    'The latest risk grade and credit class with every factor, adjustment, credit reason and warning labelled in Chinese and English with its legal basis. 404 when the enterprise does not exist, has no current assessment, or lies outside the regions of the token.',
  tag: 'enterprises',
  params: UsccParams,
  ok: { status: 200, description: 'the assessment and its explanation', schema: AssessmentResponse },
  errors: [400, 404],
  async run({ caller, params, deps }) {
    const [profile, latest] = await Promise.all([deps.queries.profile(params.uscc), deps.queries.latest(params.uscc)]);
    const region = profile?.region ?? latest?.region;
    if (!latest || !region || !inScope(caller, region)) throw noEnterprise(params.uscc);
    const { explanation, unknownCodes } = explainAssessment(latest);
    if (unknownCodes.length > 0) logger.warn('codes without a label in the catalogue', { codes: unknownCodes });
    return { ...latest, explanation };
  },
});

const listHistory = route({
  method: 'GET',
  path: '/enterprises/{uscc}/assessments',
  operationId: 'listAssessmentHistory',
  summary: 'Assessment history of an enterprise',
  description:
    'Every assessment that changed the result, and every re-grade of a past date (its runId ends in -regrade-{day}), newest first by date, paginated with an opaque cursor.',
  tag: 'enterprises',
  params: UsccParams,
  query: HistoryQuery,
  ok: { status: 200, description: 'a page of the history', schema: HistoryPage },
  errors: [400, 404],
  async run({ caller, params, query, deps }) {
    await profileInScope(deps, caller, params.uscc);
    const cursor = query.cursor === undefined ? undefined : checkHistoryCursor(query.cursor, params.uscc);
    const page = await deps.assessments.history(params.uscc, { limit: query.limit, cursor: cursor ?? null });
    return { uscc: params.uscc, items: page.items, cursor: page.cursor };
  },
});

const listRecords = route({
  method: 'GET',
  path: '/enterprises/{uscc}/records',
  operationId: 'listRecords',
  summary: 'The records behind an enterprise’s grade',
  description:
    'The enterprise profile and its inspections, penalties and samplings (revoked ones included), newest first, each with the codes of the latest assessment’s factors that count it. Personal ID numbers appear only masked.',
  tag: 'enterprises',
  params: UsccParams,
  ok: { status: 200, description: 'the profile and records', schema: RecordsResponse },
  errors: [400, 404],
  async run({ caller, params, deps }) {
    const items = await deps.records.enterprisePartition(params.uscc);
    const { profile, records } = splitPartition(items);
    if (!profile || !inScope(caller, profile.region)) throw noEnterprise(params.uscc);
    const latest = (items.find((i) => i.sk === keys.latestAssessment)?.data as StoredAssessment | undefined) ?? null;
    return recordsView(profile, records, latest);
  },
});

const findEnterprises = route({
  method: 'GET',
  path: '/enterprises',
  operationId: 'findEnterprises',
  summary: 'Find enterprises in your regions by USCC or by the start of their name',
  description:
    'When `q` is a whole unified social credit code with a valid check character: that enterprise if it lies in your regions (and in `region`), else an empty list — never a 404, so a code outside your regions tells nothing. Otherwise `q` is the start of a name: the enterprises of your districts whose name starts with it, by district code, then name, then uscc, read from the name index (GSI1 `NAMES#{district}`, a begins_with key condition) — never a table scan. `region` as for /assessments. riskGrade and creditClass are those of the latest assessment, null when there is none. A page can hold fewer than `limit` items and still have a cursor: follow cursors until it is null.',
  tag: 'enterprises',
  query: EnterpriseSearchQuery,
  ok: { status: 200, description: 'a page of enterprises', schema: EnterpriseSearchPage },
  errors: [403],
  async run({ caller, query, deps }) {
    const asUscc = query.q.toUpperCase();
    if (isValidUscc(asUscc)) {
      // One enterprise or none: there is no second page, so no cursor is valid here.
      const keep = regionFilter(caller, query.region);
      if (query.cursor !== undefined) throw badCursor();
      const profile = await deps.queries.profile(asUscc);
      if (!profile || !keep(profile.region)) return { items: [], cursor: null };
      const latest = await deps.queries.latest(asUscc);
      return { items: [enterpriseItem(profile, latest)], cursor: null };
    }
    const regions = listingRegions(caller, await deps.queries.regions(), query.region);
    const q = fingerprint({ route: 'enterprises', q: query.q, region: query.region ?? null, scope: caller.regions });
    const from = query.cursor === undefined ? null : decodeListingCursor(query.cursor, q, nameKeyOf);
    const page = await deps.queries.findByName(regions, query.q, query.limit, from);
    const latest = await deps.queries.latestOf(page.items.map((e) => e.uscc));
    return {
      items: page.items.map((e) => enterpriseItem(e, latest.get(e.uscc) ?? null)),
      cursor: page.next ? encodeListingCursor(page.next, q) : null,
    };
  },
});

function enterpriseItem(profile: Enterprise, latest: StoredAssessment | null) {
  return {
    uscc: profile.uscc,
    name: profile.name,
    region: profile.region,
    category: profile.category,
    riskGrade: latest?.riskGrade ?? null,
    creditClass: latest?.creditClass ?? null,
  };
}

const listAssessments = route({
  method: 'GET',
  path: '/assessments',
  operationId: 'listAssessments',
  summary: 'Latest assessments in your regions',
  description:
    'Latest assessments by region (code order), then risk grade and uscc, read from the region index (GSI1) — never a table scan. `region` may be a district, or a city or province code within your scope (then every district of it that has assessments); without it, all your regions. A page can hold fewer than `limit` items and still have a cursor: follow cursors until it is null.',
  tag: 'assessments',
  query: ListingQuery,
  ok: { status: 200, description: 'a page of assessment summaries', schema: AssessmentPage },
  errors: [400, 403],
  async run({ caller, query, deps }) {
    const regions = listingRegions(caller, await deps.queries.regions(), query.region);
    const filters = {
      ...(query.riskGrade ? { riskGrade: query.riskGrade } : {}),
      ...(query.creditClass ? { creditClass: query.creditClass } : {}),
      ...(query.keyInspection !== undefined ? { keyInspection: query.keyInspection } : {}),
    };
    const q = fingerprint({ region: query.region ?? null, filters, scope: caller.regions });
    const from = query.cursor === undefined ? null : decodeListingCursor(query.cursor, q);
    const page = await deps.queries.listLatest(regions, filters, query.limit, from);
    return { items: page.items.map(summary), cursor: page.next ? encodeListingCursor(page.next, q) : null };
  },
});

const getDisciplineList = route({
  method: 'GET',
  path: '/discipline-list',
  operationId: 'getDisciplineList',
  summary: 'The joint-discipline list in your regions',
  description:
    'The latest published joint-discipline list (严重违法失信名单 listings and FSL Art. 135 person bars, SDL-44 Art. 15 measures), filtered to your regions. Persons appear with masked ID numbers only.',
  tag: 'discipline',
  query: DisciplineQuery,
  ok: { status: 200, description: 'the list within your regions', schema: DisciplineListResponse },
  errors: [400, 403, 404],
  async run({ caller, query, deps }) {
    const keep = regionFilter(caller, query.region);
    // The manifest is written last (the commit mark); read it, then the list it describes.
    let manifest: { asOf: string; generatedAt: string; rulesVersion: string } | null = null;
    let text: string | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      const m = await getText(deps.s3, deps.exportsBucket, latestKey(MANIFEST_FILE));
      if (m === null) break;
      manifest = JSON.parse(m);
      text = await getText(deps.s3, deps.exportsBucket, latestKey(JSONL_FILE));
      const files = (manifest as unknown as { files?: { key: string; sha256: string }[] }).files ?? [];
      const expected = files.find((f) => f.key === latestKey(JSONL_FILE))?.sha256;
      // A new export between the two reads: read the newer manifest once more.
      if (text !== null && expected !== undefined && sha256hex(text) !== expected) continue;
      break;
    }
    if (!manifest || text === null)
      throw new HttpError('not_found', 'the joint-discipline list has not been published yet');
    const entries = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as DisciplineEntry)
      .filter((e) => keep(e.region) && (query.kind === undefined || e.kind === query.kind));
    return {
      asOf: manifest.asOf,
      generatedAt: manifest.generatedAt,
      rulesVersion: manifest.rulesVersion,
      counts: {
        listings: entries.filter((e) => e.kind === 'listing').length,
        personBars: entries.filter((e) => e.kind === 'person_bar').length,
        enterprises: new Set(entries.map((e) => e.uscc)).size,
      },
      entries,
    };
  },
});

const getPlan = route({
  method: 'GET',
  path: '/plans/{period}',
  operationId: 'getPlan',
  summary: 'The inspection plan of a period, in your regions',
  description:
    'The published double-random plan (双随机抽查计划): seed, seed commitment, the strata of your regions with their population digests, and the planned inspections of your regions.',
  tag: 'plans',
  params: PeriodParams,
  query: RegionQuery,
  ok: { status: 200, description: 'the plan within your regions', schema: PlanResponse },
  errors: [400, 403, 404],
  async run({ caller, params, query, deps }) {
    const keep = regionFilter(caller, query.region);
    const meta = await deps.plans.meta(params.period);
    if (!meta) throw new HttpError('not_found', `no plan has been drawn for ${params.period}`);
    const csvKey = typeof meta.csvKey === 'string' ? meta.csvKey : `plans/${params.period}/plan.csv`;
    const csv = await getText(deps.s3, deps.exportsBucket, csvKey);
    if (csv === null) throw new Error(`plan ${params.period}: ${csvKey} is missing from the exports bucket`);
    return planView(meta, parsePlanCsv(csv), keep);
  },
});

const drawPlanRoute = route({
  method: 'POST',
  path: '/plans/{period}',
  operationId: 'drawPlan',
  summary: 'Draw the inspection plan of a period',
  description:
    'Admin only. Draws the double-random plan of the period over every assessed enterprise (grading-model.md §10) with the seed given, or a random one, and publishes it. A period is drawn once: a published draw is never redrawn (409), since redrawing until a result suits would defeat the seed commitment. The answer shows the rows of your regions.',
  tag: 'plans',
  adminOnly: true,
  params: PeriodParams,
  body: PlanDrawBody,
  ok: { status: 201, description: 'the plan drawn, within your regions', schema: PlanDrawResponse },
  errors: [403, 409],
  async run({ caller, params, body, deps }) {
    const now = deps.clock.now();
    const asOf = body.asOf ?? deps.clock.today();
    const seedGenerated = body.seed === undefined;
    const seed = body.seed ?? deps.newSeed?.() ?? randomBytes(16).toString('hex');
    const existing = await deps.plans.meta(params.period);
    if (existing)
      throw new HttpError(
        'conflict',
        `the plan for ${params.period} was drawn already (seed commitment ${String(existing.seedCommitment)}); a published draw is not redrawn`,
      );
    const claimed = await deps.plans.claim(params.period, {
      requestedBy: caller.subject,
      requestedAt: now.toISOString(),
      asOf,
      seedCommitment: sha256hex(seed),
    });
    if (!claimed) throw new HttpError('conflict', `a draw of ${params.period} is already under way`);
    let drawn: Awaited<ReturnType<typeof drawPlan>>;
    try {
      drawn = await drawPlan(
        { period: params.period, seed, asOf },
        {
          records: deps.records,
          assessments: deps.assessments,
          plans: deps.plans,
          s3: deps.s3,
          exportsBucket: deps.exportsBucket,
        },
      );
    } catch (e) {
      await deps.plans.releaseClaim(params.period);
      throw e;
    }
    logger.info('plan drawn', {
      period: params.period,
      asOf,
      seedCommitment: drawn.plan.seedCommitment,
      inspections: drawn.meta.counts.inspections,
      by: caller.subject,
    });
    return { ...planView(drawn.meta, drawn.plan.inspections, regionFilter(caller, undefined)), seedGenerated };
  },
});

const getRun = route({
  method: 'GET',
  path: '/runs/{runId}',
  operationId: 'getRun',
  summary: 'State and counts of a grading run',
  description:
    'A grading run’s state and counts (counts only: they name no enterprise, so any caller may read them). Failures name enterprises, so only those of your regions are listed; the rest are counted in failuresOutsideScope.',
  tag: 'runs',
  params: RunParams,
  ok: { status: 200, description: 'the run', schema: RunResponse },
  errors: [400, 404],
  async run({ caller, params, deps }) {
    const status = await deps.runs.status(params.runId);
    if (!status) throw new HttpError('not_found', `no run ${params.runId}`);
    const profiles = await deps.queries.profiles(status.failures.map((f) => f.uscc));
    const mine = status.failures.filter((f) => {
      const region = profiles.get(f.uscc)?.region;
      return region !== undefined && inScope(caller, region);
    });
    return { ...status, failures: mine, failuresOutsideScope: status.failures.length - mine.length };
  },
});

const listRuns = route({
  method: 'GET',
  path: '/runs',
  operationId: 'listRuns',
  summary: 'Grading runs, newest first',
  description:
    'Every grading run by start time, newest first, read from the runs index (GSI3 `RUNS`) — never a table scan: kind, date graded (asOf), state, counts, startedAt and finishedAt. Counts name no enterprise, so any caller may list runs; the failures themselves, which do, are at /runs/{runId}, filtered to your regions. Follow cursors until it is null.',
  tag: 'runs',
  query: RunsQuery,
  ok: { status: 200, description: 'a page of runs', schema: RunPage },
  errors: [],
  async run({ caller, query, deps }) {
    const q = fingerprint({ route: 'runs', scope: caller.regions });
    const from = query.cursor === undefined ? null : decodeRunCursor(query.cursor, q);
    const page = await deps.runs.list(query.limit, from);
    return { items: page.items, cursor: page.next ? encodeRunCursor(page.next, q) : null };
  },
});

const listCases = route({
  method: 'GET',
  path: '/cases',
  operationId: 'listCases',
  summary: 'Statutory-deadline cases in your regions: the work queue',
  description:
    'Cases (one statutory time limit of one record: disposal of a failed sample, publicity of a penalty decision, acceptance and decision of a credit repair; deadlines.md §3) by district (code order), then state and due date, read from the district index (GSI1) with Query only — never a scan. `state` and the due bounds are key conditions; `kind` is filtered within the same Query, so a page can hold fewer than `limit` items and still have a cursor: follow cursors until it is null. `region` as for /assessments. An overdue case’s daysLate counts to today.',
  tag: 'cases',
  query: CaseQuery,
  ok: { status: 200, description: 'a page of cases', schema: CasePage },
  errors: [400, 403],
  async run({ caller, query, deps }) {
    const regions = listingRegions(caller, await deps.queries.regions(), query.region);
    const filters = {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.dueAfter ? { dueAfter: query.dueAfter } : {}),
      ...(query.dueBefore ? { dueBefore: query.dueBefore } : {}),
    };
    const q = fingerprint({ route: 'cases', region: query.region ?? null, filters, scope: caller.regions });
    const from = query.cursor === undefined ? null : decodeListingCursor(query.cursor, q, caseKeyOf);
    const page = await deps.cases.list(regions, filters, query.limit, from);
    const today = deps.clock.today();
    return {
      items: page.items.map((c) => caseOnDay(c, today)),
      cursor: page.next ? encodeListingCursor(page.next, q) : null,
    };
  },
});

const listEnterpriseCases = route({
  method: 'GET',
  path: '/enterprises/{uscc}/cases',
  operationId: 'listEnterpriseCases',
  summary: 'Statutory-deadline cases of an enterprise',
  description:
    'Every case of the enterprise reported as of its latest grading (opened in the last 24 months), by caseId, each with its due date, legal basis and state. 404 when the enterprise does not exist or lies outside the regions of the token.',
  tag: 'enterprises',
  params: UsccParams,
  ok: { status: 200, description: 'the cases', schema: EnterpriseCases },
  errors: [400, 404],
  async run({ caller, params, deps }) {
    await profileInScope(deps, caller, params.uscc);
    const today = deps.clock.today();
    const items = (await deps.cases.ofEnterprise(params.uscc)).map((c) => caseOnDay(c, today));
    return { uscc: params.uscc, items };
  },
});

const getCaseMetrics = route({
  method: 'GET',
  path: '/case-metrics',
  operationId: 'getCaseMetrics',
  summary: 'Timeliness of statutory deadlines per district and kind',
  description:
    'For a period (YYYY, YYYY-Qn, YYYY-MM) as of today (D): per district and kind, the cases not overturned that fell due in the period before D — due, on time, late, still overdue — and the on-time rate (deadlines.md §4), over the cases as the latest daily run stored them. For sampling_disposal this is the 核查处置按时完成率. `region` as for /assessments.',
  tag: 'cases',
  query: CaseMetricsQuery,
  ok: { status: 200, description: 'the metric lines, by district then kind', schema: CaseMetricsResponse },
  errors: [400, 403],
  async run({ caller, query, deps }) {
    const regions = listingRegions(caller, await deps.queries.regions(), query.region);
    // Today only: the stored states are the latest run's, which is what today's metric is made of.
    const asOf = deps.clock.today();
    return { period: query.period, asOf, items: await deps.cases.metrics(regions, query.period, asOf) };
  },
});

/** The seed of an impact's draws when none is given: npm run impact's default. */
export const DEFAULT_IMPACT_SEED = 'fenji-impact';

/**
 * POST /impact takes a whole rule-set file (a shipped one is ~23 KB): a larger limit than the
 * other bodies, and still one that npm run serve's own guard (64 KiB) lets through.
 */
export const IMPACT_BODY_BYTES = 64 * 1024;

/** A job as GET /impact/{id} shows it: a posted rule set by its id, not repeated whole. */
export function impactJobView(job: ImpactJob) {
  const { rules, base, asOf, period, seed } = job.inputs;
  return {
    id: job.id,
    state: job.state,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    inputs: {
      rules: typeof rules === 'string' ? rules : String(rules.id),
      rulesPosted: typeof rules !== 'string',
      base,
      asOf,
      period,
      seed,
    },
    result: job.result,
    error: job.error,
    links: { self: `/impact/${job.id}` },
  };
}

const requestImpact = route({
  method: 'POST',
  path: '/impact',
  operationId: 'requestImpact',
  summary: 'What a proposed rule set would do to the stored population',
  description:
    'Admin only. Queues a rule-change impact (docs/impact.md): every stored enterprise graded as of `asOf` under the base rule set and under the proposed one, the plan of `period` drawn under each, and what differs — transitions, key inspections, inspector-days, listings, the enterprises whose grade changes and the rule values responsible. It runs asynchronously in the impact worker; follow `links.self` until `state` is done (then `result` has the headline figures and the keys of impact.json and impact.html in the exports bucket) or failed (`error` says why). The files cover the whole population, whatever the caller’s regions; this answer and GET /impact/{id} carry counts only. `rules` may be a whole rule-set object in the shipped file format; a bad value is a 400 naming `rules.<its path in the file>`. `asOf` must lie from the first rule set’s start to tomorrow (Asia/Shanghai), else 400 naming `asOf`.',
  tag: 'impact',
  adminOnly: true,
  body: ImpactBody,
  bodyRequired: true,
  maxBodyBytes: IMPACT_BODY_BYTES,
  ok: { status: 202, description: 'the job, queued', schema: ImpactJobResponse },
  errors: [403],
  async run({ caller, body, deps }) {
    // The dates `npm run impact --as-of` takes: none before the first rule set, none in the future
    // (the worker would fail on them later, or grade records that cannot exist yet).
    const badDate = gradingDateProblem(body.asOf, deps.clock.today());
    if (badDate) throw new HttpError('bad_request', `asOf: ${badDate}`);
    const now = deps.clock.now().toISOString();
    const job: ImpactJob = {
      id: deps.newId?.() ?? randomUUID(),
      requestedBy: caller.subject,
      state: 'queued',
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      inputs: {
        rules: body.rules,
        base: body.base ?? null,
        asOf: body.asOf,
        period: body.period,
        seed: body.seed ?? DEFAULT_IMPACT_SEED,
      },
      result: null,
      error: null,
    };
    if (!(await deps.impactJobs.create(job))) throw new Error(`impact job id ${job.id} is taken`);
    try {
      await deps.impactQueue.send({ jobId: job.id });
    } catch (e) {
      // Not left queued for ever: the job says why it never ran.
      const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      await deps.impactJobs.put({ ...job, state: 'failed', finishedAt: now, error: `could not be queued: ${reason}` });
      throw e;
    }
    const view = impactJobView(job);
    logger.info('impact job queued', { jobId: job.id, by: caller.subject, ...view.inputs });
    return view;
  },
});

const getImpact = route({
  method: 'GET',
  path: '/impact/{id}',
  operationId: 'getImpact',
  summary: 'State and headline figures of a rule-change impact job',
  description:
    'Admin only. The job POST /impact queued: its state, timestamps and inputs; when done the headline figures (counts only) and the keys of impact.json and impact.html in the exports bucket; when failed why.',
  tag: 'impact',
  adminOnly: true,
  params: ImpactJobParams,
  ok: { status: 200, description: 'the job', schema: ImpactJobResponse },
  errors: [400, 403, 404],
  async run({ params, deps }) {
    const job = await deps.impactJobs.get(params.id);
    if (!job) throw new HttpError('not_found', `no impact job ${params.id}`);
    return impactJobView(job);
  },
});

/** The OpenAPI route is added by api-handler.ts, which knows the whole table. */
export function openApiRoute(document: () => unknown): Route {
  return route({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This API as OpenAPI 3.1',
    description: 'Generated from the zod schemas the handler validates with. Requires a token like every route.',
    tag: 'meta',
    ok: { status: 200, description: 'the OpenAPI 3.1 document', schema: OpenApiDocument },
    errors: [],
    async run() {
      return document();
    },
  });
}

export const DATA_ROUTES: readonly Route[] = [
  findEnterprises,
  getAssessment,
  listHistory,
  listRecords,
  listAssessments,
  listCases,
  listEnterpriseCases,
  getCaseMetrics,
  getDisciplineList,
  getPlan,
  drawPlanRoute,
  listRuns,
  getRun,
  requestImpact,
  getImpact,
];
