// The local API server over real HTTP: it plays API Gateway's JWT authorizer, so the
// authorisation matrix is tested here, for every route — no token, expired, wrong signature,
// malformed, another issuer, district in and out of scope, city, province, regulator vs admin.
// Every API answer's status is checked to be one the OpenAPI document lists for its operation
// (the full contract check of bodies runs on the handler in packages/app/test/api/contract.ts;
// here the answers the server makes itself — 401 challenges, 413 — are the point). Also: bodies too large without breaking the kept-alive
// connection, the console at /console/ (files, deep links, traversal, headers, config.json),
// `npm run token` minting what the server accepts with its sign-in URL, and `serve()` on a
// state folder.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BEARER_CHALLENGE,
  buildOpenApi,
  CONSOLE_ASSET_CACHE_CONTROL,
  CONSOLE_PAGE_CACHE_CONTROL,
  CONSOLE_SECURITY_HEADERS,
  INVALID_TOKEN_CHALLENGE,
  makeApiHandler as makeHandler,
  ROUTES,
  toHttpApiEvent,
} from '@fenji/app';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, CLOCK, RUN_ID, startApiFixture } from '../../../test/support/api-fixture.ts';
import {
  AUDIENCE,
  apiGatewayClaims,
  CHALLENGES,
  ISSUER,
  mintToken,
  signingKey,
  spanSeconds,
  verifyBearer,
} from '../src/auth.ts';
import { createApiServer, LOCAL_CONSOLE_CONFIG, serve } from '../src/serve.ts';
import { main as tokenMain } from '../src/token.ts';

let fx: ApiFixture;
let server: Server;
let base: string;
const state = mkdtempSync(join(tmpdir(), 'fenji-serve-test-'));
let key: Uint8Array;
/** A console build of our own, so the tests do not depend on packages/console being built. */
const dist = mkdtempSync(join(tmpdir(), 'fenji-console-dist-'));
const INDEX =
  '<!doctype html><title>fenji 控制台</title><script type="module" src="/console/assets/app-1a2b3c.js"></script>';

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'app-1a2b3c.css'), 'body{}');
  writeFileSync(join(dist, 'assets', 'logo-9f8e.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, 'assets', 'chart-77aa.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(dist, 'assets', 'font-0c0c.woff2'), Buffer.from('wOF2'));
  writeFileSync(join(dist, 'manifest.json'), '{"name":"fenji"}');
  writeFileSync(join(dist, '.env'), 'SECRET=1');
  fx = await startApiFixture();
  key = signingKey(state);
  // A file outside the build, reachable only by climbing out of it.
  writeFileSync(join(state, 'outside.txt'), 'outside the console');
  symlinkSync(join(state, 'outside.txt'), join(dist, 'assets', 'link-0000.txt'));
  server = createApiServer({
    handler: makeHandler(() => fx.deps) as never,
    routes: ROUTES,
    toEvent: toHttpApiEvent,
    key,
    clock: CLOCK,
    console: { dist, securityHeaders: CONSOLE_SECURITY_HEADERS },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await fx?.stop();
});

interface Reply {
  status: number;
  body: Record<string, unknown> & { items?: { region: string; uscc: string }[] };
  headers: Headers;
}

const documentPaths = (
  buildOpenApi(ROUTES) as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }
).paths;

/**
 * What a validating proxy checks of an answer the server makes: a status documented for the
 * operation, JSON, the error shape, and a 401's challenge. A path no route matches is API
 * Gateway's own 404.
 */
function assertDocumented(method: string, path: string, status: number, headers: Record<string, string>, text: string) {
  const routeKey = toHttpApiEvent(ROUTES, { method, url: path, receivedAt: CLOCK.now() })?.routeKey;
  if (!routeKey) return expect(status, `${method} ${path}`).toBe(404);
  const template = routeKey.slice(routeKey.indexOf(' ') + 1);
  const responses = documentPaths[template]?.[method.toLowerCase()]?.responses ?? {};
  expect(Object.keys(responses), `${method} ${path}: ${status} undocumented`).toContain(String(status));
  expect(headers['content-type']).toBe('application/json; charset=utf-8');
  if (status >= 400) expect(JSON.parse(text)).toEqual({ error: expect.any(String), message: expect.any(String) });
  if (status === 401) expect(headers['www-authenticate']).toMatch(/^Bearer realm="fenji"/);
}

/** An API request through the server; the answer is checked against the OpenAPI document. */
async function request(
  method: string,
  path: string,
  authorization?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const requestBody = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
  const requestHeaders = { ...(requestBody !== null ? { 'content-type': 'application/json' } : {}), ...headers };
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(authorization ? { authorization } : {}), ...requestHeaders },
    ...(requestBody !== null ? { body: requestBody } : {}),
  });
  const text = await res.text();
  const responseHeaders: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    responseHeaders[name] = value;
  });
  assertDocumented(method, path, res.status, responseHeaders, text);
  return { status: res.status, body: JSON.parse(text) as Reply['body'], headers: res.headers };
}

/** A raw request on a given agent (node:http sends the path exactly as written: no URL normalisation). */
function raw(
  method: string,
  path: string,
  options: { agent?: Agent; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; reused: boolean }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, agent: options.agent ?? false, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            reused: req.reusedSocket,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const bearer = (token: string) => `Bearer ${token}`;
const token = (regions: string[], role: 'regulator' | 'admin' = 'regulator') =>
  mintToken({ regions, role, now: CLOCK.now() }, key).then(bearer);
/** An hour after the fixture's present, in JWT seconds: tokens built by hand expire then. */
const inAnHour = Math.floor(CLOCK.now().getTime() / 1000) + 3600;

describe('authorisation matrix (every route through the local server)', () => {
  let period = 0;
  /** Each route with the request that exercises it; POST draws a fresh period each time. */
  const routes = () => [
    { name: 'search', method: 'GET', path: `/enterprises?q=${encodeURIComponent('测试企业')}&limit=100` },
    { name: 'assessment', method: 'GET', path: `/enterprises/${fx.listed}/assessment` },
    { name: 'history', method: 'GET', path: `/enterprises/${fx.listed}/assessments?limit=5` },
    { name: 'records', method: 'GET', path: `/enterprises/${fx.listed}/records` },
    { name: 'listing', method: 'GET', path: '/assessments?limit=200' },
    { name: 'cases', method: 'GET', path: `/enterprises/${fx.listed}/cases` },
    { name: 'queue', method: 'GET', path: '/cases?limit=200' },
    { name: 'metrics', method: 'GET', path: '/case-metrics?period=2026-Q4' },
    { name: 'discipline', method: 'GET', path: '/discipline-list' },
    { name: 'plan', method: 'GET', path: '/plans/2026-Q4' },
    { name: 'draw', method: 'POST', path: `/plans/2031-${String(++period).padStart(2, '0')}` },
    { name: 'runs', method: 'GET', path: '/runs?limit=100' },
    { name: 'run', method: 'GET', path: '/runs/run-with-failures' },
    { name: 'openapi', method: 'GET', path: '/openapi.json' },
    { name: 'impact', method: 'POST', path: '/impact' },
    { name: 'impactJob', method: 'GET', path: '/impact/job-1' },
  ];

  it('the matrix lists every route of the API', () => {
    const templates = routes().map((r) =>
      `${r.method} ${r.path.split('?')[0]}`
        .replace(fx.listed, '{uscc}')
        .replace(/\/plans\/[^/]+$/, '/plans/{period}')
        .replace(/\/runs\/[^/]+$/, '/runs/{runId}')
        .replace(/\/impact\/[^/]+$/, '/impact/{id}'),
    );
    expect(templates.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('no token, expired, wrong signature, malformed, other issuer, alg none: 401 on every route', async () => {
    const other = await mintToken({ regions: ['330302'], role: 'admin', now: CLOCK.now() }, randomBytes(32));
    const expired = await mintToken(
      { regions: ['330302'], role: 'admin', now: new Date(CLOCK.now().getTime() - 7_200_000), expiresIn: '1h' },
      key,
    );
    const otherIssuer = await new SignJWT({ regions: ['330302'], role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('someone-else')
      .setAudience(AUDIENCE)
      .setExpirationTime(inAnHour)
      .sign(key);
    const noExpiry = await new SignJWT({ regions: ['330302'], role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .sign(key);
    const none = new UnsecuredJWT({ regions: ['330302'], role: 'admin' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(inAnHour)
      .encode();
    const noRegions = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(inAnHour)
      .sign(key);
    // RFC 6750 challenges: the realm alone without credentials, an error code otherwise; the
    // handler's own 401 (claims it cannot use) carries invalid_token too.
    const { missing, invalidRequest, invalidToken } = CHALLENGES;
    const cases: [string, string | undefined, RegExp, string][] = [
      ['no token', undefined, /missing bearer token/, missing],
      ['expired', bearer(expired), /expired/, invalidToken],
      ['wrong signature', bearer(other), /signature/, invalidToken],
      ['malformed', bearer('not.a.jwt'), /malformed/, invalidToken],
      ['garbage', bearer('abc'), /malformed/, invalidToken],
      ['truncated', bearer(other.slice(0, -10)), /signature|malformed/, invalidToken],
      ['not bearer', `Basic ${Buffer.from('a:b').toString('base64')}`, /Bearer/, invalidRequest],
      ['empty bearer', 'Bearer ', /Bearer/, invalidRequest],
      ['other issuer', bearer(otherIssuer), /iss/, invalidToken],
      ['no expiry', bearer(noExpiry), /exp/, invalidToken],
      ['alg none', bearer(none), /algorithm|malformed/, invalidToken],
      ['no regions claim', bearer(noRegions), /regions/, invalidToken],
    ];
    expect([missing, invalidToken]).toEqual([BEARER_CHALLENGE, INVALID_TOKEN_CHALLENGE]);
    for (const r of routes()) {
      for (const [name, auth, message, challenge] of cases) {
        const res = await request(r.method, r.path, auth, r.method === 'POST' ? {} : undefined);
        expect(res.status, `${r.name}: ${name}`).toBe(401);
        expect(res.body.error, `${r.name}: ${name}`).toBe('unauthorized');
        expect(String(res.body.message), `${r.name}: ${name}`).toMatch(message);
        expect(res.headers.get('www-authenticate'), `${r.name}: ${name}`).toBe(challenge);
      }
    }
  });

  it('district in scope, district out of scope, city, province, another province: every route', async () => {
    const inHangzhou = (items: { region: string }[] = []) => items.some((i) => i.region === '330102');
    const callers = {
      district: await token(['330302']),
      otherDistrict: await token(['330303']),
      city: await token(['330300']),
      province: await token(['330000']),
      jiangsu: await token(['320000']),
    };
    type Expect = Record<keyof typeof callers, number>;
    const enterprise: Expect = { district: 200, otherDistrict: 404, city: 200, province: 200, jiangsu: 404 };
    const open: Expect = { district: 200, otherDistrict: 200, city: 200, province: 200, jiangsu: 200 };
    const regulatorDraw: Expect = { district: 403, otherDistrict: 403, city: 403, province: 403, jiangsu: 403 };
    const expected: Record<string, Expect> = {
      search: open,
      assessment: enterprise,
      history: enterprise,
      records: enterprise,
      listing: open,
      cases: enterprise,
      queue: open,
      metrics: open,
      discipline: open,
      plan: open,
      draw: regulatorDraw,
      runs: open,
      run: open,
      openapi: open,
      impact: regulatorDraw,
      impactJob: regulatorDraw,
    };
    for (const r of routes()) {
      for (const [who, auth] of Object.entries(callers) as [keyof typeof callers, string][]) {
        const res = await request(r.method, r.path, auth, r.method === 'POST' ? { seed: 'm' } : undefined);
        expect(res.status, `${r.name} as ${who}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(
          expected[r.name]?.[who],
        );
        if (res.status === 404)
          expect(res.body).toEqual({ error: 'not_found', message: `no enterprise ${fx.listed} in your regions` });
        if (res.status === 403) expect(res.body.error).toBe('forbidden');
      }
    }
    // What each scope sees of the region-wide routes.
    const listing = async (auth: string) => (await request('GET', '/assessments?limit=200', auth)).body.items ?? [];
    expect((await listing(callers.district)).every((i) => i.region === '330302')).toBe(true);
    expect((await listing(callers.otherDistrict)).every((i) => i.region === '330303')).toBe(true);
    const cityItems = await listing(callers.city);
    expect(new Set(cityItems.map((i) => i.region))).toEqual(new Set(['330302', '330303', '330381']));
    expect(inHangzhou(await listing(callers.province))).toBe(true);
    expect((await listing(callers.jiangsu)).every((i) => i.region === '320102')).toBe(true);
    const queue = async (auth: string) =>
      ((await request('GET', '/cases?limit=200', auth)).body.items ?? []).map((c) => c.region);
    expect(new Set(await queue(callers.otherDistrict))).toEqual(new Set(['330303']));
    expect((await queue(callers.city)).every((r) => r.startsWith('3303'))).toBe(true);
    expect((await queue(callers.jiangsu)).every((r) => r === '320102')).toBe(true);
    const metrics = async (auth: string) =>
      ((await request('GET', '/case-metrics?period=2026-Q4', auth)).body.items as { region: string }[]).map(
        (m) => m.region,
      );
    expect((await metrics(callers.district)).every((r) => r === '330302')).toBe(true);
    expect((await metrics(callers.province)).some((r) => r === '330102')).toBe(true);
    const discipline = async (auth: string) =>
      ((await request('GET', '/discipline-list', auth)).body.entries as { region: string }[]).map((e) => e.region);
    expect(await discipline(callers.otherDistrict)).toEqual([]);
    expect(new Set(await discipline(callers.city))).toEqual(new Set(['330302']));
    expect(new Set(await discipline(callers.province))).toEqual(new Set(['330302', '330102']));
    const plan = async (auth: string) =>
      ((await request('GET', '/plans/2026-Q4', auth)).body.inspections as { region: string }[]).map((i) => i.region);
    expect((await plan(callers.otherDistrict)).every((r) => r === '330303')).toBe(true);
    const failures = async (auth: string) =>
      ((await request('GET', '/runs/run-with-failures', auth)).body.failures as { uscc: string }[]).map((f) => f.uscc);
    expect(await failures(callers.district)).toEqual([]);
    expect(await failures(callers.otherDistrict)).toEqual([fx.usccs['330303']?.[0]]);
    expect(await failures(callers.jiangsu)).toEqual([fx.usccs['320102']?.[0]]);
    const found = async (auth: string) =>
      ((await request('GET', `/enterprises?q=${encodeURIComponent('测试企业')}&limit=100`, auth)).body.items ?? []).map(
        (i) => i.region,
      );
    expect(new Set(await found(callers.district))).toEqual(new Set(['330302']));
    expect(new Set(await found(callers.city))).toEqual(new Set(['330302', '330303', '330381']));
    expect(new Set(await found(callers.province))).toEqual(new Set(['330302', '330303', '330381', '330102']));
    expect(new Set(await found(callers.jiangsu))).toEqual(new Set(['320102']));
    const byUscc = async (auth: string) => (await request('GET', `/enterprises?q=${fx.listed}`, auth)).body.items;
    expect(await byUscc(callers.district)).toHaveLength(1);
    expect(await byUscc(callers.otherDistrict)).toEqual([]);
    const runIds = async (auth: string) =>
      ((await request('GET', '/runs?limit=100', auth)).body.items as unknown as { runId: string }[]).map(
        (r) => r.runId,
      );
    expect(await runIds(callers.jiangsu)).toEqual(await runIds(callers.district));
    const ruian = fx.usccs['330381']?.[0] as string;
    expect((await request('GET', `/enterprises/${ruian}/assessment`, callers.district)).status).toBe(404);
    expect((await request('GET', `/enterprises/${ruian}/assessment`, callers.city)).status).toBe(200);
    expect((await request('GET', `/enterprises/${fx.listedHangzhou}/records`, callers.city)).status).toBe(404);
    expect((await request('GET', `/enterprises/${fx.listedHangzhou}/records`, callers.province)).status).toBe(200);
  });

  it('admin vs regulator: only an admin draws, and sees the rows of its own regions', async () => {
    const regulator = await token(['330300'], 'regulator');
    const cityAdmin = await token(['330300'], 'admin');
    const districtAdmin = await token(['330303'], 'admin');
    expect((await request('POST', '/plans/2032-Q1', regulator, { seed: 's' })).status).toBe(403);
    const byCity = await request('POST', '/plans/2032-Q1', cityAdmin, { seed: 's', asOf: '2026-11-30' });
    expect(byCity.status).toBe(201);
    expect((byCity.body.inspections as { region: string }[]).every((i) => i.region.startsWith('3303'))).toBe(true);
    const byDistrict = await request('POST', '/plans/2032-Q2', districtAdmin, { seed: 's', asOf: '2026-11-30' });
    expect(byDistrict.status).toBe(201);
    expect((byDistrict.body.inspections as { region: string }[]).every((i) => i.region === '330303')).toBe(true);
    expect((await request('POST', '/plans/2032-Q1', cityAdmin, { seed: 't' })).status).toBe(409);
    // Admins read like regulators, within their regions.
    expect((await request('GET', `/enterprises/${fx.listed}/assessment`, districtAdmin)).status).toBe(404);
    expect((await request('GET', `/runs/${RUN_ID}`, districtAdmin)).status).toBe(200);
  });

  it('POST /impact: an admin queues a job that runs in the server’s process; GET /impact/{id} follows it', async () => {
    const cityAdmin = await token(['330300'], 'admin');
    const body = { rules: 'cn-2016', base: 'cn-2022', asOf: '2026-11-30', period: '2026-Q4' };
    const posted = await request('POST', '/impact', cityAdmin, body);
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ state: 'queued', links: { self: `/impact/${posted.body.id}` } });
    await fx.impactQueue.idle();
    const done = await request('GET', String((posted.body.links as { self: string }).self), cityAdmin);
    expect(done).toMatchObject({ status: 200, body: { state: 'done', result: { population: { enterprises: 30 } } } });
    expect((await request('GET', '/impact/nope', cityAdmin)).status).toBe(404);
  });

  it('an unknown route is a 404 before any token check', async () => {
    expect(await request('GET', '/nope')).toMatchObject({
      status: 404,
      body: { error: 'not_found', message: 'no such route' },
    });
    expect((await request('DELETE', '/assessments')).status).toBe(404);
  });

  it('a body too large is a 413 and the kept-alive connection stays usable; a form or null body is refused', async () => {
    const admin = await token(['330300'], 'admin');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const json = { 'content-type': 'application/json', authorization: admin };
      const huge = Buffer.alloc(2 * 1024 * 1024, 0x20); // 2 MiB, past the server's 64 KiB guard
      const first = await raw('POST', '/plans/2033-01', { agent, headers: json, body: huge });
      expect(first.status).toBe(413);
      expect(JSON.parse(first.body.toString())).toMatchObject({ error: 'payload_too_large' });
      assertDocumented('POST', '/plans/2033-01', 413, first.headers as Record<string, string>, first.body.toString());
      // Between the handler's 16 KiB and the server's 64 KiB: the handler's own 413.
      const mid = await raw('POST', '/plans/2033-01', { agent, headers: json, body: Buffer.alloc(20_000, 0x20) });
      expect(mid.status).toBe(413);
      expect(mid.reused).toBe(true);
      // Unauthenticated with a large body: 401, and still the same connection afterwards.
      const anonymous = await raw('POST', '/plans/2033-01', { agent, body: huge });
      expect(anonymous.status).toBe(401);
      const next = await raw('GET', `/runs/${RUN_ID}`, { agent, headers: { authorization: admin } });
      expect(next.status).toBe(200);
      expect(next.reused).toBe(true);
      // A GET is not refused for a body it does not take (Node sends no length for a GET body by itself).
      const withBody = await raw('GET', `/runs/${RUN_ID}`, {
        agent,
        headers: { authorization: admin, 'content-length': String(huge.length) },
        body: huge,
      });
      expect([withBody.status, withBody.reused]).toEqual([200, true]);
      expect((await raw('GET', `/runs/${RUN_ID}`, { agent, headers: { authorization: admin } })).reused).toBe(true);
    } finally {
      agent.destroy();
    }
    const form = await request('POST', '/plans/2033-02', admin, 'seed=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect((await request('POST', '/plans/2033-02', admin, 'null')).status).toBe(400);
    expect((await request('GET', '/plans/2033-02', admin)).status).toBe(404); // nothing drawn
  });
});

describe('the console at /console/', () => {
  const get = (path: string, headers: Record<string, string> = {}) => raw('GET', path, { headers });
  const expectSecurityHeaders = (headers: Record<string, string | string[] | undefined>) => {
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS))
      expect(headers[name.toLowerCase()]).toBe(value);
  };

  it('serves the build without a token, with the security headers and the right types and caching', async () => {
    const index = await get('/console/');
    expect(index.status).toBe(200);
    expect(index.body.toString()).toBe(INDEX);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe(CONSOLE_PAGE_CACHE_CONTROL);
    expectSecurityHeaders(index.headers);
    expect(CONSOLE_SECURITY_HEADERS['Content-Security-Policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    for (const [file, type] of [
      ['app-1a2b3c.js', 'text/javascript; charset=utf-8'],
      ['app-1a2b3c.css', 'text/css; charset=utf-8'],
      ['logo-9f8e.svg', 'image/svg+xml'],
      ['chart-77aa.png', 'image/png'],
      ['font-0c0c.woff2', 'font/woff2'],
    ]) {
      const res = await get(`/console/assets/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers['content-type'], file).toBe(type);
      expect(res.headers['cache-control'], file).toBe(CONSOLE_ASSET_CACHE_CONTROL);
      expectSecurityHeaders(res.headers);
    }
    const manifest = await get('/console/manifest.json');
    expect([manifest.status, manifest.headers['content-type'], manifest.headers['cache-control']]).toEqual([
      200,
      'application/json; charset=utf-8',
      CONSOLE_PAGE_CACHE_CONTROL,
    ]);
    const head = await raw('HEAD', '/console/assets/app-1a2b3c.js');
    expect([head.status, head.body.length, head.headers['content-length']]).toEqual([200, 0, '14']);
    expect((await get('/console')).headers.location).toBe('/console/');
  });

  it('deep links get index.html; a missing asset is a 404, not HTML', async () => {
    for (const path of [`/console/enterprises/${fx.listed}`, '/console/plans/2026-Q4?x=1', '/console/runs']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.body.toString(), path).toBe(INDEX);
      expectSecurityHeaders(res.headers);
    }
    const missing = await get('/console/assets/app-000000.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('text/plain; charset=utf-8');
    expectSecurityHeaders(missing.headers);
  });

  it('generates config.json: the API on this origin, token sign-in', async () => {
    const res = await get('/console/config.json');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ apiBase: '', auth: { mode: 'token' } });
    expect(LOCAL_CONSOLE_CONFIG).toEqual({ apiBase: '', auth: { mode: 'token' } });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expectSecurityHeaders(res.headers);
  });

  it('nothing outside the build is reachable: traversal, encoded traversal, symbolic links, dotfiles', async () => {
    for (const path of [
      '/console/../package.json',
      '/console/assets/../../outside.txt',
      '/console/%2e%2e/%2e%2e/package.json',
      '/console/assets/..%2f..%2foutside.txt',
      '/console/assets/%2e%2e%5c%2e%2e%5coutside.txt',
      '/console/assets/link-0000.txt',
      '/console/assets/%00.js',
      '/console/assets/%E4%B8',
      '/console/.env',
    ]) {
      const res = await get(path);
      const text = res.body.toString();
      expect(text, path).not.toMatch(/outside the console|SECRET|"workspaces"|"name": "fenji"/);
      expect([200, 404], path).toContain(res.status);
      if (res.status === 200) expect(text, path).toBe(INDEX); // a deep link, not a file
      expectSecurityHeaders(res.headers);
    }
  });

  it('is read-only; the API still needs a token; a missing build is a 503 saying how to build it', async () => {
    const post = await raw('POST', '/console/', { body: 'x' });
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
    expect((await request('GET', '/runs')).status).toBe(401);
    const unbuilt = createApiServer({
      handler: makeHandler(() => fx.deps) as never,
      routes: ROUTES,
      toEvent: toHttpApiEvent,
      key,
      clock: CLOCK,
      console: { dist: join(dist, 'no-such-dist'), securityHeaders: CONSOLE_SECURITY_HEADERS },
    });
    await new Promise<void>((r) => unbuilt.listen(0, '127.0.0.1', () => r()));
    try {
      const res = await fetch(`http://127.0.0.1:${(unbuilt.address() as AddressInfo).port}/console/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/npm run build -w @fenji\/console/);
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_SECURITY_HEADERS['Content-Security-Policy']);
    } finally {
      await new Promise((r) => unbuilt.close(r));
    }
  });
});

describe('token minting and verification', () => {
  it('npm run token prints a token the server accepts, with its regions and role', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    expect(
      await tokenMain(
        ['--region', '330302,330381', '--region', '330102', '--role', 'admin', '--state', state],
        io,
        CLOCK,
      ),
    ).toBe(0);
    const printed = out.join('').trim();
    expect(printed.split('.')).toHaveLength(3);
    // Only the token on stdout (TOKEN=$(npm run -s token …)); the sign-in URL on stderr.
    expect(out).toEqual([`${printed}\n`]);
    expect(err.join('')).toBe(`http://127.0.0.1:3000/console/#token=${printed}\n`);
    const verified = await verifyBearer(bearer(printed), key, CLOCK.now());
    expect(verified.ok && verified.claims).toMatchObject({
      regions: ['330302', '330381', '330102'],
      role: 'admin',
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'local-admin',
    });
    const res = await request('GET', `/enterprises/${fx.listedHangzhou}/assessment`, bearer(printed));
    expect(res.status).toBe(200);
  });

  it('usage errors exit 2 with a message; --help prints the usage', async () => {
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await tokenMain(
        [...argv, '--state', state],
        { out: (t) => void out.push(t), err: (t) => void err.push(t) },
        CLOCK,
      );
      return { code, out: out.join(''), err: err.join('') };
    };
    expect((await run(['--help'])).out).toMatch(/--region CODE/);
    expect(await run([])).toMatchObject({ code: 2, err: expect.stringMatching(/--region is required/) });
    expect(await run(['--region', '3303'])).toMatchObject({ code: 2, err: expect.stringMatching(/6-digit/) });
    expect(await run(['--region', '330302', '--role', 'root'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--role/),
    });
    expect(await run(['--region', '330302', '--expires-in', 'forever'])).toMatchObject({ code: 2 });
    expect(await run(['--region', '330302', '--bogus'])).toMatchObject({ code: 2 });
    expect(await run(['--region', '330302', '--port', '0'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--port/),
    });
  });

  it('the sign-in URL names the port npm run serve uses: --port, else PORT, else 3000', async () => {
    const url = async (argv: string[], env: Record<string, string>) => {
      const err: string[] = [];
      await tokenMain(
        ['--region', '330302', '--state', state, ...argv],
        { out: () => undefined, err: (t) => void err.push(t) },
        CLOCK,
        env,
      );
      return err.join('');
    };
    expect(await url([], { PORT: '4100' })).toMatch(
      /^http:\/\/127\.0\.0\.1:4100\/console\/#token=[\w-]+\.[\w-]+\.[\w-]+\n$/,
    );
    expect(await url(['--port', '4200'], { PORT: '4100' })).toMatch(/^http:\/\/127\.0\.0\.1:4200\/console\/#token=/);
  });

  it('spans and the claims API Gateway hands to the Lambda', () => {
    expect(spanSeconds('30m')).toBe(1800);
    expect(spanSeconds('8h')).toBe(28_800);
    expect(spanSeconds(90)).toBe(90);
    expect(() => spanSeconds('31d')).toThrow(RangeError);
    expect(apiGatewayClaims({ regions: ['330302', '330303'], role: 'admin', exp: 5 })).toEqual({
      regions: '[330302 330303]',
      role: 'admin',
      exp: '5',
    });
  });

  it('the signing key is made once per state folder and kept', () => {
    expect(Buffer.from(signingKey(state)).equals(Buffer.from(key))).toBe(true);
    expect(key.length).toBe(32);
  });
});

describe('serve() on a state folder', () => {
  it('starts the embedded runtime on the folder and answers with its signing key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fenji-serve-state-'));
    const serving = await serve({ state: dir, port: 0, clock: CLOCK });
    try {
      const t = bearer(await mintToken({ regions: ['330302'], role: 'regulator', now: CLOCK.now() }, signingKey(dir)));
      const doc = await fetch(`${serving.url}/openapi.json`, { headers: { authorization: t } });
      expect(doc.status).toBe(200);
      expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
      const empty = await fetch(`${serving.url}/assessments`, { headers: { authorization: t } });
      expect(await empty.json()).toEqual({ items: [], cursor: null });
      expect((await fetch(`${serving.url}/assessments`)).status).toBe(401);
      // POST /impact runs in the server's process, on the state's own table and exports bucket.
      const admin = bearer(await mintToken({ regions: ['330000'], role: 'admin', now: CLOCK.now() }, signingKey(dir)));
      const posted = await fetch(`${serving.url}/impact`, {
        method: 'POST',
        headers: { authorization: admin, 'content-type': 'application/json' },
        body: JSON.stringify({ rules: 'cn-2016', base: 'cn-2022', asOf: '2026-11-30', period: '2026-Q4' }),
      });
      expect(posted.status).toBe(202);
      const { id } = (await posted.json()) as { id: string };
      let job: { state: string; result?: { population: { enterprises: number } } } = { state: 'queued' };
      for (let i = 0; i < 100 && (job.state === 'queued' || job.state === 'running'); i++) {
        await new Promise((r) => setTimeout(r, 50));
        job = (await (
          await fetch(`${serving.url}/impact/${id}`, { headers: { authorization: admin } })
        ).json()) as typeof job;
      }
      expect(job).toMatchObject({ state: 'done', result: { population: { enterprises: 0 } } });
    } finally {
      await serving.close();
    }
  });
});
