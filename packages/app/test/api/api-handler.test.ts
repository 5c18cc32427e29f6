// The API handler on the embedded runtime, called with the events API Gateway sends: what each
// route answers, region scope (district, city, province), pagination that returns every item
// exactly once, and 400s that name the parameter. Token verification itself (expired, badly
// signed, malformed) is API Gateway's job; packages/local/test/serve.test.ts covers it through
// the local server.

import { type EnterpriseRecord, makeUscc, recordDate, sha256hex } from '@fenji/domain';
import type { StoredAssessment } from '@fenji/store';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ApiFixture,
  AS_OF,
  FAILED_RUN_ID,
  REGION_SIZES,
  RUN_ID,
  startApiFixture,
} from '../../../../test/support/api-fixture.ts';
import { enterprise } from '../../../../test/support/records.ts';
import {
  AssessmentPage,
  AssessmentResponse,
  CaseMetricsResponse,
  CasePage,
  DisciplineListResponse,
  EnterpriseSearchPage,
  HistoryPage,
  PlanDrawResponse,
  PlanResponse,
  RecordsResponse,
  RunPage,
  RunResponse,
} from '../../src/api/schemas.ts';
import { covers } from '../../src/api/scope.ts';
import { ROUTES, toHttpApiEvent } from '../../src/index.ts';
import { allPages, apiClient, type Claims } from './support.ts';

let fx: ApiFixture;
let api: ReturnType<typeof apiClient>;
let latest: StoredAssessment[];

const district: Claims = { regions: ['330302'], role: 'regulator' };
const city: Claims = { regions: ['330300'], role: 'regulator' };
const province: Claims = { regions: ['330000'], role: 'regulator' };
const hangzhou: Claims = { regions: ['330102'], role: 'regulator' };
const admin: Claims = { regions: ['330300'], role: 'admin' };

beforeAll(async () => {
  fx = await startApiFixture();
  api = apiClient(fx.deps);
  latest = (
    await Promise.all(
      Object.values(fx.usccs)
        .flat()
        .map((u) => fx.latest(u)),
    )
  ).filter((a): a is StoredAssessment => a !== null);
}, 60_000);
afterAll(async () => fx?.stop());

const GRADE_ORDER = 'ABCD';
const listingOrder = (a: { region: string; riskGrade: string; uscc: string }) =>
  `${a.region}|${GRADE_ORDER.indexOf(a.riskGrade)}|${a.uscc}`;

describe('the access audit trail (PIPL Art. 51): every read of an enterprise is one structured line', () => {
  it('assessment, history, records and cases: who, from which regions, which route and enterprise, with what result', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write);
    try {
      for (const tail of ['assessment', 'assessments', 'records', 'cases']) {
        await api.call('GET', `/enterprises/${fx.listed}/${tail}`, { ...district, sub: 'officer-17' });
      }
      await api.call('GET', `/enterprises/${fx.listed}/assessment`, { ...hangzhou, sub: 'officer-9' });
      await api.call('GET', '/assessments', district); // a listing: not a read of one enterprise
    } finally {
      spy.mockRestore();
    }
    const audit = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('"AUDIT"'))
      .map((l) => JSON.parse(l));
    expect(audit.map((a) => a.audit)).toEqual([
      ...['assessment', 'assessments', 'records', 'cases'].map((tail) => ({
        sub: 'officer-17',
        regions: ['330302'],
        route: `GET /enterprises/{uscc}/${tail}`,
        uscc: fx.listed,
        result: 200,
      })),
      {
        sub: 'officer-9',
        regions: ['330102'],
        route: 'GET /enterprises/{uscc}/assessment',
        uscc: fx.listed,
        result: 404,
      },
    ]);
    expect(audit[0]).toMatchObject({
      level: 'AUDIT',
      message: 'enterprise read',
      timestamp: fx.deps.clock.now().toISOString(),
    });
    // No personal data: no name, no ID number, masked or not.
    expect(JSON.stringify(audit)).not.toMatch(/\*{8}|legalRep|name/);
  });
});

describe('GET /enterprises/{uscc}/assessment', () => {
  it('returns the latest assessment with every factor, reason and warning explained, and the rule set', async () => {
    const res = await api.call<Record<string, never>>('GET', `/enterprises/${fx.barredRep}/assessment`, city);
    expect(res.status).toBe(200);
    const body = AssessmentResponse.parse(res.body);
    const e = body.explanation;
    expect(e.rulesVersion).toBe('cn-2022');
    expect(e.ruleSet?.id).toBe('cn-2022');
    expect(e.factors.map((f) => f.code)).toEqual(body.factors.map((f) => f.code));
    // The factors add up to the risk score (grading-model.md: every point traced).
    expect(e.factors.reduce((t, f) => t + f.points, 0)).toBe(body.riskScore);
    for (const item of [...e.factors, ...e.creditReasons, ...e.warnings, ...e.adjustments]) {
      expect(item.label.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(item.label.en.length).toBeGreaterThan(3);
      expect(item.basis.length).toBeGreaterThan(0);
      for (const b of item.basis) expect(b.instrument).toBeTruthy();
    }
    const barred = e.warnings.find((w) => w.code === 'banned_person_in_charge');
    expect(barred?.basis).toEqual([{ ref: 'FSL Art. 135', instrument: expect.stringContaining('食品安全法') }]);
  });

  it('explains adjustments with their reasons', async () => {
    const withAdjustment = latest.find((a) => a.adjustments.length > 0 && a.region.startsWith('3303'));
    expect(withAdjustment).toBeDefined();
    const a = withAdjustment as StoredAssessment;
    const res = await api.call<Record<string, never>>('GET', `/enterprises/${a.uscc}/assessment`, city);
    const body = AssessmentResponse.parse(res.body);
    const adj = body.explanation.adjustments[0];
    expect(adj?.kind).toBe(a.adjustments[0]?.kind);
    expect(adj?.reasons.map((r) => r.code)).toEqual(a.adjustments[0]?.reasons);
    expect(adj?.reasons.every((r) => r.label.en && r.basis.length > 0)).toBe(true);
  });

  it('district, city and province scopes reach their enterprises', async () => {
    const ruian = fx.usccs['330381']?.[0] as string;
    expect((await api.call('GET', `/enterprises/${fx.listed}/assessment`, district)).status).toBe(200);
    expect((await api.call('GET', `/enterprises/${ruian}/assessment`, district)).status).toBe(404);
    expect((await api.call('GET', `/enterprises/${ruian}/assessment`, city)).status).toBe(200);
    expect((await api.call('GET', `/enterprises/${fx.listedHangzhou}/assessment`, city)).status).toBe(404);
    expect((await api.call('GET', `/enterprises/${fx.listedHangzhou}/assessment`, province)).status).toBe(200);
  });

  it('outside the regions answers exactly like an enterprise that does not exist', async () => {
    const ghost = makeUscc('91330302MA9999999');
    const outside = await api.call('GET', `/enterprises/${fx.listed}/assessment`, hangzhou);
    const missing = await api.call('GET', `/enterprises/${ghost}/assessment`, district);
    expect(outside.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(outside.text.replace(fx.listed, 'X')).toBe(missing.text.replace(ghost, 'X'));
    expect(outside.body).toEqual({ error: 'not_found', message: `no enterprise ${fx.listed} in your regions` });
  });

  it('a uscc with a wrong check character is a 400 naming uscc', async () => {
    const res = await api.call('GET', `/enterprises/${fx.listed.slice(0, 17)}0/assessment`, district);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/^uscc: /) });
  });
});

describe('GET /enterprises/{uscc}/assessments (history)', () => {
  it('newest first; pages of 1, 2 and 7 return every row exactly once, in order', async () => {
    const all = await api.call<{ items: StoredAssessment[]; cursor: string | null }>(
      'GET',
      `/enterprises/${fx.listed}/assessments?limit=100`,
      district,
    );
    HistoryPage.parse(all.body);
    const rows = all.body.items;
    expect(all.body.cursor).toBeNull();
    expect(rows.length).toBe(15); // 12 monthly changes in 2025, 3 grading dates in 2026
    const keys = rows.map((r) => `${r.asOf}#${r.runId}`);
    expect([...keys].sort().reverse()).toEqual(keys);
    for (const limit of [1, 2, 7]) {
      const paged = await allPages<StoredAssessment>(
        api.call,
        `/enterprises/${fx.listed}/assessments?limit=${limit}`,
        district,
      );
      expect(paged.items.map((r) => `${r.asOf}#${r.runId}`)).toEqual(keys);
      expect(paged.pages).toBeGreaterThanOrEqual(Math.ceil(15 / limit));
    }
  });

  it('refuses a cursor of another enterprise, a forged one, and bad limits; 404 outside the regions', async () => {
    const other = fx.usccs['330302']?.[1] as string;
    const page = await api.call<{ cursor: string }>('GET', `/enterprises/${fx.listed}/assessments?limit=1`, district);
    const foreign = await api.call('GET', `/enterprises/${other}/assessments?cursor=${page.body.cursor}`, district);
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toMatch(/^cursor: /);
    const forged = Buffer.from(JSON.stringify({ pk: `ENT#${fx.listed}`, sk: 'PROFILE' })).toString('base64url');
    expect((await api.call('GET', `/enterprises/${fx.listed}/assessments?cursor=${forged}`, district)).status).toBe(
      400,
    );
    for (const limit of ['0', '101', 'ten', '1.5']) {
      const res = await api.call('GET', `/enterprises/${fx.listed}/assessments?limit=${limit}`, district);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^limit: /);
    }
    expect((await api.call('GET', `/enterprises/${fx.listed}/assessments`, hangzhou)).status).toBe(404);
  });
});

describe('GET /enterprises/{uscc}/records', () => {
  it('returns the profile and records newest first, ID numbers masked and never hashed', async () => {
    const res = await api.call<Record<string, never>>('GET', `/enterprises/${fx.listed}/records`, district);
    expect(res.status).toBe(200);
    const body = RecordsResponse.parse(res.body);
    expect(body.enterprise.legalRepId).toEqual({ masked: expect.stringMatching(/^\d{6}\*{8}[\dX]{4}$/) });
    const penalty = body.records.find((r) => r.type === 'penalty' && r.recordId === '温鹿市监罚〔2026〕7号');
    expect(penalty?.type).toBe('penalty');
    if (penalty?.type === 'penalty') {
      expect(penalty.persons.map((p) => Object.keys(p.id))).toEqual([['masked'], ['masked']]);
      expect(penalty.factors).toContain('penalty_heavy');
    }
    expect(res.text).not.toContain('"hash"');
    for (const h of fx.idHashes) expect(res.text).not.toContain(h);
    for (const id of fx.clearIds) expect(res.text).not.toContain(id);
    const dates = body.records.map((r) => recordDate(r as unknown as EnterpriseRecord));
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('404 outside the regions', async () => {
    expect((await api.call('GET', `/enterprises/${fx.listed}/records`, hangzhou)).status).toBe(404);
  });
});

describe('GET /assessments (region listing on GSI1)', () => {
  const expected = (scope: string[], asked: string | undefined, f: Record<string, string>) =>
    latest
      .filter((a) => scope.some((s) => covers(s, a.region)) && (asked === undefined || covers(asked, a.region)))
      .filter((a) => !f.riskGrade || a.riskGrade === f.riskGrade)
      .filter((a) => !f.creditClass || a.creditClass === f.creditClass)
      .filter((a) => !f.keyInspection || String(a.keyInspection) === f.keyInspection)
      .sort((a, b) => (listingOrder(a) < listingOrder(b) ? -1 : 1))
      .map((a) => a.uscc);

  const cases: { claims: Claims; region?: string; filters: Record<string, string> }[] = [
    { claims: district, filters: {} },
    { claims: city, filters: {} },
    { claims: province, filters: {} },
    { claims: { regions: ['330302', '330102'], role: 'regulator' }, filters: {} },
    { claims: city, region: '330303', filters: {} },
    { claims: province, region: '330300', filters: {} },
    { claims: province, filters: { riskGrade: 'A' } },
    { claims: province, filters: { creditClass: 'B' } },
    { claims: city, filters: { keyInspection: 'true' } },
    { claims: province, filters: { riskGrade: 'D', keyInspection: 'true' } },
    { claims: province, filters: { creditClass: 'C', keyInspection: 'false' } },
    { claims: city, filters: { riskGrade: 'B', creditClass: 'A' } },
  ];

  const url = (region: string | undefined, filters: Record<string, string>, limit: number) =>
    `/assessments?${new URLSearchParams({ ...(region ? { region } : {}), ...filters, limit: String(limit) })}`;

  it('pages of 1, 2 and 7 return every matching assessment exactly once, in region/grade/uscc order', async () => {
    let nonEmpty = 0;
    for (const c of cases) {
      const want = expected(c.claims.regions as string[], c.region, c.filters);
      if (want.length > 0) nonEmpty++;
      for (const limit of [1, 2, 7]) {
        const got = await allPages<{ uscc: string }>(api.call, url(c.region, c.filters, limit), c.claims);
        expect(
          got.items.map((i) => i.uscc),
          `${JSON.stringify(c)} limit ${limit}`,
        ).toEqual(want);
      }
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(10);
  });

  it('serves the same pages from the region registry as from the derived region list', async () => {
    const before = await allPages<{ uscc: string }>(api.call, '/assessments?limit=3', province);
    await fx.deps.queries.registerRegions([...Object.keys(REGION_SIZES), '330304']);
    const after = await allPages<{ uscc: string }>(api.call, '/assessments?limit=3', province);
    expect(after.items).toEqual(before.items);
    expect(after.items.length).toBe(
      REGION_SIZES['330302'] + REGION_SIZES['330303'] + REGION_SIZES['330381'] + REGION_SIZES['330102'],
    );
  });

  it('returns summaries in the documented shape', async () => {
    const res = await api.call<Record<string, never>>('GET', '/assessments?limit=5', city);
    expect(res.status).toBe(200);
    const body = AssessmentPage.parse(res.body);
    expect(body.items).toHaveLength(5);
    expect(body.items[0]).not.toHaveProperty('factors');
  });

  it('bad query values are a 400 naming the parameter', async () => {
    const bad: [string, string][] = [
      ['riskGrade=E', 'riskGrade'],
      ['creditClass=a', 'creditClass'],
      ['keyInspection=yes', 'keyInspection'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['region=3303', 'region'],
      ['region=abcdef', 'region'],
      ['cursor=%21%21', 'cursor'],
      ['grade=A', '"grade"'],
    ];
    for (const [q, name] of bad) {
      const res = await api.call('GET', `/assessments?${q}`, province);
      expect(res.status, q).toBe(400);
      expect(res.body.error).toBe('bad_request');
      expect(String(res.body.message).startsWith(`${name}: `), `${q} → ${res.body.message}`).toBe(true);
    }
  });

  it('a region outside the token is a 403; a district token may not ask for its city', async () => {
    for (const [claims, region] of [
      [district, '330303'],
      [district, '330300'],
      [city, '330000'],
      [city, '330102'],
    ] as const) {
      const res = await api.call('GET', `/assessments?region=${region}`, claims);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        error: 'forbidden',
        message: `region ${region} is outside the regions of your token`,
      });
    }
  });

  it('a cursor is bound to its query and caller: other filters or another scope are a 400', async () => {
    const first = await api.call<{ cursor: string }>('GET', '/assessments?limit=2', province);
    expect(first.body.cursor).toBeTruthy();
    const filtersChanged = await api.call(
      'GET',
      `/assessments?limit=2&riskGrade=A&cursor=${first.body.cursor}`,
      province,
    );
    expect(filtersChanged.status).toBe(400);
    const otherCaller = await api.call('GET', `/assessments?limit=2&cursor=${first.body.cursor}`, city);
    expect(otherCaller.status).toBe(400);
    expect(otherCaller.body.message).toMatch(/^cursor: /);
  });
});

describe('statutory-deadline cases (deadlines.md §3–4)', () => {
  type CaseItem = ReturnType<typeof CasePage.parse>['items'][number];
  const queueOrder = (c: CaseItem) => `${c.region}|${c.state}|${c.dueOn}|${c.caseId}`;

  it('GET /cases lists the cases of your regions by district, state and due date; every page in order, none twice', async () => {
    const { items, pages } = await allPages<CaseItem>(api.call, '/cases?limit=7', city);
    expect(pages).toBeGreaterThan(1);
    expect(items.length).toBeGreaterThan(7);
    for (const c of items) CasePage.shape.items.element.parse(c);
    expect(items.every((c) => covers('330300', c.region))).toBe(true);
    expect(items.map(queueOrder)).toEqual([...items.map(queueOrder)].sort());
    expect(new Set(items.map((c) => c.caseId)).size).toBe(items.length);
    // The district sees its own part, the province a superset of the city.
    const mine = await allPages<CaseItem>(api.call, '/cases?limit=200', district);
    expect(mine.items.map((c) => c.caseId)).toEqual(items.filter((c) => c.region === '330302').map((c) => c.caseId));
    const all = await allPages<CaseItem>(api.call, '/cases?limit=200', province);
    expect(all.items.some((c) => c.region === '330102')).toBe(true);
  });

  it('GET /cases filters kind, state and due dates, as key conditions or within the same Query', async () => {
    const { items: all } = await allPages<CaseItem>(api.call, '/cases?limit=200', city);
    const pick = (url: string) => allPages<CaseItem>(api.call, url, city).then((p) => p.items.map((c) => c.caseId));
    expect(await pick('/cases?kind=sampling_disposal&limit=3')).toEqual(
      all.filter((c) => c.kind === 'sampling_disposal').map((c) => c.caseId),
    );
    expect(await pick('/cases?state=overdue&dueAfter=2026-10-01&dueBefore=2026-10-31')).toEqual(
      all
        .filter((c) => c.state === 'overdue' && c.dueOn >= '2026-10-01' && c.dueOn <= '2026-10-31')
        .map((c) => c.caseId),
    );
    expect(await pick('/cases?dueBefore=2026-09-30&limit=2')).toEqual(
      all.filter((c) => c.dueOn <= '2026-09-30').map((c) => c.caseId),
    );
    expect(all.map((c) => c.kind)).toEqual(expect.arrayContaining(['sampling_disposal', 'penalty_publicity']));
  });

  it('an overdue case counts its days late to today', async () => {
    const { items } = await allPages<CaseItem>(api.call, '/cases?state=overdue&limit=200', district);
    const today = fx.deps.clock.today();
    for (const c of items) expect(c.daysLate).toBe((Date.parse(today) - Date.parse(c.dueOn)) / 86_400_000);
  });

  it('GET /cases: a bad filter or a cursor of another query is a 400 naming it; a region outside the token a 403', async () => {
    const bad = await api.call('GET', '/cases?kind=inspection', city);
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/kind/);
    expect((await api.call('GET', '/cases?dueAfter=2026-02-30', city)).status).toBe(400);
    const first = await api.call<{ cursor: string }>('GET', '/cases?limit=2', city);
    const replay = await api.call('GET', `/cases?limit=2&state=open&cursor=${first.body.cursor}`, city);
    expect(replay.status).toBe(400);
    expect(replay.text).toMatch(/cursor/);
    const listingCursor = await api.call<{ cursor: string }>('GET', '/assessments?limit=2', city);
    expect((await api.call('GET', `/cases?limit=2&cursor=${listingCursor.body.cursor}`, city)).status).toBe(400);
    expect((await api.call('GET', '/cases?region=330102', city)).status).toBe(403);
  });

  it('GET /enterprises/{uscc}/cases: the enterprise’s cases; 404 outside the token’s regions', async () => {
    const res = await api.call<{ uscc: string; items: CaseItem[] }>('GET', `/enterprises/${fx.listed}/cases`, district);
    expect(res.status).toBe(200);
    expect(res.body.items.map((c) => c.caseId)).toContain('penalty_publicity:温鹿市监罚〔2026〕7号');
    expect(res.body.items.every((c) => c.uscc === fx.listed)).toBe(true);
    const other = await api.call('GET', `/enterprises/${fx.listed}/cases`, hangzhou);
    expect(other).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('GET /case-metrics: per district and kind for the period as of D, the same as the domain computes', async () => {
    const res = await api.call('GET', '/case-metrics?period=2026-Q4', city);
    expect(res.status).toBe(200);
    const body = CaseMetricsResponse.parse(res.body);
    const { items: cases } = await allPages<CaseItem>(api.call, '/cases?limit=200', city);
    const { caseMetrics } = await import('@fenji/domain');
    expect(body.asOf).toBe(fx.deps.clock.today());
    expect(body.items).toEqual(caseMetrics(cases as never, '2026-Q4', body.asOf));
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((m) => covers('330300', m.region))).toBe(true);
    expect((await api.call('GET', '/case-metrics', city)).status).toBe(400);
    expect((await api.call('GET', '/case-metrics?period=2026-Q5', city)).status).toBe(400);
  });
});

describe('GET /discipline-list', () => {
  it('lists the entries of the caller’s regions only, persons masked', async () => {
    const res = await api.call<Record<string, never>>('GET', '/discipline-list', city);
    expect(res.status).toBe(200);
    const body = DisciplineListResponse.parse(res.body);
    expect(body.asOf).toBe(AS_OF);
    expect(body.counts).toEqual({ listings: 1, personBars: 2, enterprises: 1 });
    expect(body.entries.every((e) => e.region.startsWith('3303'))).toBe(true);
    expect(body.entries.flatMap((e) => e.persons.map((p) => p.idMasked))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\d{6}\*{8}[\dX]{4}$/)]),
    );
    const all = DisciplineListResponse.parse((await api.call('GET', '/discipline-list', province)).body);
    expect(all.entries.map((e) => e.uscc)).toContain(fx.listedHangzhou);
    const none = DisciplineListResponse.parse(
      (await api.call('GET', '/discipline-list', { regions: ['330303'], role: 'regulator' })).body,
    );
    expect(none.entries).toEqual([]);
    const bars = DisciplineListResponse.parse(
      (await api.call('GET', '/discipline-list?kind=person_bar', province)).body,
    );
    expect(bars.entries.map((e) => e.kind)).toEqual(['person_bar', 'person_bar']);
    const one = DisciplineListResponse.parse((await api.call('GET', '/discipline-list?region=330102', province)).body);
    expect(one.entries.map((e) => e.uscc)).toEqual([fx.listedHangzhou]);
  });

  it('400 for a bad kind, 403 for a region outside the token', async () => {
    expect((await api.call('GET', '/discipline-list?kind=all', city)).body.message).toMatch(/^kind: /);
    expect((await api.call('GET', '/discipline-list?region=330102', city)).status).toBe(403);
  });
});

describe('plans', () => {
  it('GET /plans/{period}: the published plan, rows and strata of the caller’s regions', async () => {
    const res = await api.call<Record<string, never>>('GET', '/plans/2026-Q4', city);
    expect(res.status).toBe(200);
    const body = PlanResponse.parse(res.body);
    expect(body.seed).toBe('fixture-seed');
    expect(body.seedCommitment).toBe(sha256hex('fixture-seed'));
    expect(body.inspections.length).toBeGreaterThan(0);
    expect(body.inspections.every((r) => r.region.startsWith('3303'))).toBe(true);
    expect(body.strata.every((s) => s.region.startsWith('3303'))).toBe(true);
    expect(body.scopeCounts.inspections).toBe(body.inspections.length);
    const whole = PlanResponse.parse(
      (await api.call('GET', '/plans/2026-Q4', { regions: ['330000', '320000'], role: 'regulator' })).body,
    );
    expect(whole.inspections.length).toBe(whole.counts.inspections);
    expect(body.counts).toEqual(whole.counts);
  });

  it('GET: 404 for a period never drawn, 400 naming period for a bad one', async () => {
    expect((await api.call('GET', '/plans/2025-Q1', city)).status).toBe(404);
    const bad = await api.call('GET', '/plans/2026-Q5', city);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^period: /);
  });

  it('POST /plans/{period}: admin only; draws once with the seed given, publishes its commitment', async () => {
    const regulator = await api.call('POST', '/plans/2027-Q1', city, { seed: 'abc', asOf: AS_OF });
    expect(regulator.status).toBe(403);
    expect(regulator.body.error).toBe('forbidden');

    const drawn = await api.call<Record<string, never>>('POST', '/plans/2027-Q1', admin, { seed: 'abc', asOf: AS_OF });
    expect(drawn.status).toBe(201);
    const body = PlanDrawResponse.parse(drawn.body);
    expect(body).toMatchObject({ period: '2027-Q1', asOf: AS_OF, seed: 'abc', seedGenerated: false });
    expect(body.seedCommitment).toBe(sha256hex('abc'));
    expect(body.inspections.every((r) => r.region.startsWith('3303'))).toBe(true);

    const again = await api.call('POST', '/plans/2027-Q1', admin, { seed: 'other' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('conflict');
    const published = PlanResponse.parse((await api.call('GET', '/plans/2027-Q1', city)).body);
    expect(published.seedCommitment).toBe(sha256hex('abc'));
    expect((await api.call('POST', '/plans/2026-Q4', admin, {})).status).toBe(409); // drawn by npm start / the schedule
  });

  it('POST without a seed generates one and returns it', async () => {
    const res = await api.call<Record<string, never>>('POST', '/plans/2027-02', admin);
    expect(res.status).toBe(201);
    const body = PlanDrawResponse.parse(res.body);
    expect(body.seedGenerated).toBe(true);
    expect(body.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(body.seedCommitment).toBe(sha256hex(body.seed));
  });

  it('POST: bad bodies are a 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ seed: '' }, 'seed: '],
      [{ seed: 'ü' }, 'seed: '],
      [{ asOf: '2026-02-30' }, 'asOf: '],
      [{ asOf: '30/11/2026' }, 'asOf: '],
      [{ seed: 'x', extra: 1 }, '"extra": '],
      ['{not json', 'body: '],
      [[1, 2], 'body: '],
    ];
    for (const [body, prefix] of cases) {
      const res = await api.call('POST', '/plans/2027-03', admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(String(res.body.message).startsWith(prefix), String(res.body.message)).toBe(true);
    }
    expect((await api.call('POST', '/plans/2027-13', admin, {})).body.message).toMatch(/^period: /);
  });
});

describe('GET /enterprises (find by USCC or by the start of a name)', () => {
  type Item = ReturnType<typeof EnterpriseSearchPage.parse>['items'][number];
  const byName = (a: Item, b: Item) =>
    a.region !== b.region
      ? a.region < b.region
        ? -1
        : 1
      : a.name !== b.name
        ? a.name < b.name
          ? -1
          : 1
        : a.uscc < b.uscc
          ? -1
          : 1;
  const expected = (scope: string, prefix: string) =>
    latest
      .filter((a) => covers(scope, a.region) && a.name.startsWith(prefix))
      .map((a) => ({
        uscc: a.uscc,
        name: a.name,
        region: a.region,
        riskGrade: a.riskGrade,
        creditClass: a.creditClass,
      }))
      .sort((a, b) => byName(a as Item, b as Item));

  it('a name prefix finds the enterprises of your districts by district, name and uscc; pages of 1, 2 and 7 hold each once', async () => {
    for (const [claims, scope, prefix] of [
      [district, '330302', '测试企业'],
      [city, '330300', '测试企业3303'],
      [province, '330000', '测试企业'],
    ] as const) {
      const want = expected(scope, prefix);
      expect(want.length).toBeGreaterThan(0);
      for (const limit of [1, 2, 7]) {
        const q = encodeURIComponent(` ${prefix} `); // trimmed
        const got = await allPages<Item>(api.call, `/enterprises?q=${q}&limit=${limit}`, claims);
        expect(
          got.items.map(({ uscc, name, region, riskGrade, creditClass }) => ({
            uscc,
            name,
            region,
            riskGrade,
            creditClass,
          })),
          `${scope} ${prefix} limit ${limit}`,
        ).toEqual(want);
      }
    }
    // Another district's prefix from a district token: nothing.
    const other = await api.call<{ items: Item[] }>(
      'GET',
      `/enterprises?q=${encodeURIComponent('测试企业330303')}`,
      district,
    );
    expect(other.body).toEqual({ items: [], cursor: null });
    const one = await api.call<Record<string, never>>(
      'GET',
      `/enterprises?q=${encodeURIComponent('测试企业')}&region=330381`,
      city,
    );
    expect(EnterpriseSearchPage.parse(one.body).items.map((i) => i.region)).toEqual([
      '330381',
      '330381',
      '330381',
      '330381',
    ]);
  });

  it('is served by Queries on the name index, never a Scan; an enterprise without an assessment has null grades', async () => {
    const fresh = makeUscc('91330302MA9000001');
    await fx.deps.records.writeRecords([
      { record: enterprise({ uscc: fresh, name: '未评级企业', region: '330302' }), source: 'test', line: 1 },
    ]);
    const send = vi.spyOn(fx.deps.queries.doc, 'send');
    try {
      const res = await api.call('GET', `/enterprises?q=${encodeURIComponent('未评级')}`, city);
      expect(res.body).toEqual({
        items: [
          {
            uscc: fresh,
            name: '未评级企业',
            region: '330302',
            category: expect.any(String),
            riskGrade: null,
            creditClass: null,
          },
        ],
        cursor: null,
      });
      const commands = send.mock.calls.map(([c]) => c.constructor.name);
      expect(commands).not.toContain('ScanCommand');
      const queries = send.mock.calls
        .map(([c]) => c.input as { IndexName?: string; KeyConditionExpression?: string })
        .filter((i) => i.KeyConditionExpression?.includes('begins_with(gsi1sk'));
      // One per district of the city that the region registry knows.
      const districts = (await fx.deps.queries.regions()).filter((r) => covers('330300', r));
      expect(queries.length).toBe(districts.length);
      expect(queries.every((i) => i.IndexName === 'gsi1')).toBe(true);
    } finally {
      send.mockRestore();
    }
  });

  it('a whole USCC finds that enterprise in scope, else an empty list exactly like one that does not exist', async () => {
    const mine = await api.call('GET', `/enterprises?q=${fx.listed.toLowerCase()}`, district);
    const a = latest.find((x) => x.uscc === fx.listed) as StoredAssessment;
    expect(mine.body).toEqual({
      items: [
        {
          uscc: fx.listed,
          name: a.name,
          region: '330302',
          category: a.category,
          riskGrade: a.riskGrade,
          creditClass: a.creditClass,
        },
      ],
      cursor: null,
    });
    const outside = await api.call('GET', `/enterprises?q=${fx.listedHangzhou}`, city);
    const missing = await api.call('GET', `/enterprises?q=${makeUscc('91330302MA9999999')}`, city);
    expect(outside).toMatchObject({ status: 200, body: { items: [], cursor: null } });
    expect(outside.text).toBe(missing.text);
    expect((await api.call('GET', `/enterprises?q=${fx.listed}&region=330303`, city)).body.items).toEqual([]);
  });

  it('/enterprises and /enterprises/{uscc}/… are different routes; /enterprises/{uscc} alone is none', () => {
    const at = (url: string) =>
      toHttpApiEvent(ROUTES, { method: 'GET', url, receivedAt: fx.deps.clock.now() })?.routeKey;
    expect(at('/enterprises?q=x')).toBe('GET /enterprises');
    expect(at(`/enterprises/${fx.listed}/assessment`)).toBe('GET /enterprises/{uscc}/assessment');
    expect(at(`/enterprises/${fx.listed}`)).toBeUndefined();
  });

  it('400 for a missing, blank or too long q and a cursor of another query; 403 for a region outside the token', async () => {
    for (const url of [
      '/enterprises',
      '/enterprises?q=%20%20',
      `/enterprises?q=${'企'.repeat(51)}`,
      '/enterprises?q=a&limit=101',
    ]) {
      const res = await api.call('GET', url, city);
      expect(res.status, url).toBe(400);
      expect(res.body.message).toMatch(/^(q|limit): /);
    }
    const first = await api.call<{ cursor: string }>(
      'GET',
      `/enterprises?q=${encodeURIComponent('测试企业')}&limit=2`,
      city,
    );
    for (const url of [
      `/enterprises?q=${encodeURIComponent('测试')}&limit=2&cursor=${first.body.cursor}`,
      `/enterprises?q=${fx.listed}&cursor=${first.body.cursor}`,
    ]) {
      const res = await api.call('GET', url, city);
      expect(res.status, url).toBe(400);
      expect(res.body.message).toMatch(/^cursor: /);
    }
    expect(
      (
        await api.call(
          'GET',
          `/enterprises?q=${encodeURIComponent('测试企业')}&limit=2&cursor=${first.body.cursor}`,
          province,
        )
      ).status,
    ).toBe(400);
    expect((await api.call('GET', '/enterprises?q=x&region=330102', city)).status).toBe(403);
    expect((await api.call('GET', `/enterprises?q=${fx.listed}&region=330000`, city)).status).toBe(403);
  });
});

describe('GET /runs', () => {
  type Run = ReturnType<typeof RunPage.parse>['items'][number];
  it('every run newest first, with state and counts; pages of 1, 2 and 7 hold each once; the same for every scope', async () => {
    const all = await allPages<Run>(api.call, '/runs?limit=100', hangzhou);
    RunPage.parse({ items: all.items, cursor: null });
    const order = all.items.map((r) => `${r.startedAt}#${r.runId}`);
    expect(order).toEqual([...order].sort().reverse());
    expect(all.items.map((r) => r.runId)).toEqual(expect.arrayContaining([RUN_ID, FAILED_RUN_ID, 'run-2025-01-28']));
    expect(all.items.length).toBe(16);
    expect(all.items[0]).toMatchObject({
      runId: FAILED_RUN_ID,
      state: 'finished_with_failures',
      counts: { failures: 2 },
    });
    expect(all.items.find((r) => r.runId === RUN_ID)).toMatchObject({ state: 'finished', kind: 'manual', asOf: AS_OF });
    for (const limit of [1, 2, 7]) {
      const paged = await allPages<Run>(api.call, `/runs?limit=${limit}`, city);
      expect(paged.items).toEqual(all.items);
    }
  });

  it('a cursor of another caller, a forged one or a bad limit is a 400', async () => {
    const first = await api.call<{ cursor: string }>('GET', '/runs?limit=2', city);
    expect((await api.call('GET', `/runs?limit=2&cursor=${first.body.cursor}`, district)).status).toBe(400);
    const forged = Buffer.from(JSON.stringify({ v: 1, q: 'x', k: { pk: 'ENT#1', sk: 'PROFILE' } })).toString(
      'base64url',
    );
    expect((await api.call('GET', `/runs?cursor=${forged}`, city)).body.message).toMatch(/^cursor: /);
    expect((await api.call('GET', '/runs?limit=0', city)).body.message).toMatch(/^limit: /);
  });
});

describe('GET /runs/{runId}', () => {
  it('counts for everyone; failures only of the caller’s regions', async () => {
    const run = RunResponse.parse((await api.call('GET', `/runs/${RUN_ID}`, hangzhou)).body);
    expect(run).toMatchObject({ runId: RUN_ID, state: 'finished', failures: [], failuresOutsideScope: 0 });
    expect(run.counts.graded).toBe(30);
    const mine = RunResponse.parse((await api.call('GET', `/runs/${FAILED_RUN_ID}`, city)).body);
    expect(mine.state).toBe('finished_with_failures');
    expect(mine.failures.map((f) => f.uscc)).toEqual([fx.usccs['330303']?.[0]]);
    expect(mine.failuresOutsideScope).toBe(1);
    const jiangsu = RunResponse.parse(
      (await api.call('GET', `/runs/${FAILED_RUN_ID}`, { regions: ['320000'], role: 'regulator' })).body,
    );
    expect(jiangsu.failures.map((f) => f.uscc)).toEqual([fx.usccs['320102']?.[0]]);
  });

  it('404 for an unknown run, 400 naming runId for a malformed one', async () => {
    expect((await api.call('GET', '/runs/no-such-run', city)).status).toBe(404);
    const bad = await api.call('GET', '/runs/bad%20run', city);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^runId: /);
  });
});

describe('claims as the authorizer passes them', () => {
  const routes = [
    ['GET', '/enterprises?q=测试'],
    ['GET', '/runs'],
    ['GET', `/enterprises/X/assessment`],
    ['GET', `/enterprises/X/assessments`],
    ['GET', `/enterprises/X/records`],
    ['GET', '/assessments'],
    ['GET', `/enterprises/X/cases`],
    ['GET', '/cases'],
    ['GET', '/case-metrics'],
    ['GET', '/discipline-list'],
    ['GET', '/plans/2026-Q4'],
    ['POST', '/plans/2027-04'],
    ['GET', `/runs/${RUN_ID}`],
    ['GET', '/openapi.json'],
    ['POST', '/impact'],
    ['GET', '/impact/job-1'],
  ] as const;

  it('covers every route of the table', () => {
    expect(
      routes
        .map(
          ([m, p]) =>
            `${m} ${p
              .split('?')[0]
              ?.replace('/X/', '/{uscc}/')
              .replace(/2026-Q4|2027-04/, '{period}')
              .replace(RUN_ID, '{runId}')
              .replace('/impact/job-1', '/impact/{id}')}`,
        )
        .sort(),
    ).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('no claims, or claims without usable regions or role, is a 401 on every route', async () => {
    const bad: (Claims | null)[] = [
      null,
      { regions: [], role: 'regulator' },
      { regions: 'abc', role: 'regulator' },
      { regions: ['33030'], role: 'regulator' },
      { regions: ['000000'], role: 'regulator' },
      { regions: ['330302'], role: 'superuser' },
      { regions: ['330302'], role: '' },
    ];
    for (const [method, path] of routes) {
      for (const claims of bad) {
        const res = await api.call(method, path.replace('X', fx.listed), claims, method === 'POST' ? {} : undefined);
        expect(res.status, `${method} ${path} ${JSON.stringify(claims)}`).toBe(401);
        expect(res.body.error).toBe('unauthorized');
        // RFC 6750: the challenge always; invalid_token when claims came but cannot be used.
        expect(res.headers['www-authenticate']).toBe(
          claims === null ? 'Bearer realm="fenji"' : 'Bearer realm="fenji", error="invalid_token"',
        );
      }
    }
  });

  it('reads regions rendered by API Gateway ("[a b]"), as JSON text, or as Cognito custom claims', async () => {
    const ruian = fx.usccs['330381']?.[0] as string;
    for (const claims of [
      { regions: '[330302 330381]', role: 'regulator' },
      { regions: '["330302","330381"]', role: 'regulator' },
      { regions: '330302,330381', role: 'regulator' },
      { 'custom:regions': '[330302 330381]', 'custom:role': 'regulator' } as unknown as Claims,
    ]) {
      expect((await api.call('GET', `/enterprises/${ruian}/assessment`, claims)).status).toBe(200);
      expect((await api.call('GET', `/enterprises/${fx.usccs['330303']?.[0]}/assessment`, claims)).status).toBe(404);
    }
  });
});

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 with every route, its parameters and responses, all references resolving', async () => {
    const res = await api.call<Record<string, never>>('GET', '/openapi.json', district);
    expect(res.status).toBe(200);
    const doc = res.body as unknown as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            parameters: { name: string; in: string; required: boolean }[];
            responses: Record<string, unknown>;
            requestBody?: unknown;
          }
        >
      >;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const r of ROUTES) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      const names = (op?.parameters ?? []).map((p) => `${p.in}:${p.name}`);
      for (const p of r.path.match(/\{(\w+)\}/g) ?? []) expect(names).toContain(`path:${p.slice(1, -1)}`);
      for (const q of Object.keys(r.query.shape)) expect(names).toContain(`query:${q}`);
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining([String(r.ok.status), '401', '500']));
      if (r.body) expect(op?.requestBody).toBeDefined();
    }
    const listing = doc.paths['/assessments']?.get?.parameters ?? [];
    expect(listing.map((p) => p.name).sort()).toEqual([
      'creditClass',
      'cursor',
      'keyInspection',
      'limit',
      'region',
      'riskGrade',
    ]);
    expect(listing.every((p) => p.required === false)).toBe(true);
    const refs = [...res.text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(doc.components.schemas[ref], ref).toBeDefined();
  });
});

describe('failures', () => {
  it('an unexpected error is a 500 with a request id and no detail', async () => {
    const broken = apiClient({ ...fx.deps, exportsBucket: 'no-such-bucket' });
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    let res: Awaited<ReturnType<typeof broken.call>>;
    try {
      res = await broken.call('GET', '/discipline-list', city);
    } finally {
      spy.mockRestore();
    }
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'internal', message: 'internal error; quote request id req-0001' });
    // The detail goes to the log, with the request id that the caller quotes.
    const logged = lines.map((l) => JSON.parse(l));
    expect(logged).toContainEqual(
      expect.objectContaining({ message: 'unhandled error', name: 'NoSuchBucket', function_request_id: 'req-0001' }),
    );
  });
});
