// The local API server over real HTTP: it plays API Gateway's JWT authorizer, so the
// authorisation matrix is tested here, for every route — no token, expired, wrong signature,
// malformed, another issuer, district in and out of scope, city, province, regulator vs admin.
// Also: `npm run token` mints what the server accepts, and `serve()` starts on a state folder.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeApiHandler as makeHandler, ROUTES, toHttpApiEvent } from '@fenji/app';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, CLOCK, RUN_ID, startApiFixture } from '../../../test/support/api-fixture.ts';
import { AUDIENCE, apiGatewayClaims, ISSUER, mintToken, signingKey, spanSeconds, verifyBearer } from '../src/auth.ts';
import { createApiServer, serve } from '../src/serve.ts';
import { main as tokenMain } from '../src/token.ts';

let fx: ApiFixture;
let server: Server;
let base: string;
const state = mkdtempSync(join(tmpdir(), 'fenji-serve-test-'));
let key: Uint8Array;

beforeAll(async () => {
  fx = await startApiFixture();
  key = signingKey(state);
  server = createApiServer({
    handler: makeHandler(() => fx.deps) as never,
    routes: ROUTES,
    toEvent: toHttpApiEvent,
    key,
    clock: CLOCK,
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
}

async function request(method: string, path: string, authorization?: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(authorization ? { authorization } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
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
    { name: 'run', method: 'GET', path: '/runs/run-with-failures' },
    { name: 'openapi', method: 'GET', path: '/openapi.json' },
  ];

  it('the matrix lists every route of the API', () => {
    const templates = routes().map((r) =>
      `${r.method} ${r.path.split('?')[0]}`
        .replace(fx.listed, '{uscc}')
        .replace(/\/plans\/[^/]+$/, '/plans/{period}')
        .replace(/\/runs\/[^/]+$/, '/runs/{runId}'),
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
    const cases: [string, string | undefined, RegExp][] = [
      ['no token', undefined, /missing bearer token/],
      ['expired', bearer(expired), /expired/],
      ['wrong signature', bearer(other), /signature/],
      ['malformed', bearer('not.a.jwt'), /malformed/],
      ['garbage', bearer('abc'), /malformed/],
      ['truncated', bearer(other.slice(0, -10)), /signature|malformed/],
      ['not bearer', `Basic ${Buffer.from('a:b').toString('base64')}`, /Bearer/],
      ['empty bearer', 'Bearer ', /Bearer/],
      ['other issuer', bearer(otherIssuer), /iss/],
      ['no expiry', bearer(noExpiry), /exp/],
      ['alg none', bearer(none), /algorithm|malformed/],
      ['no regions claim', bearer(noRegions), /regions/],
    ];
    for (const r of routes()) {
      for (const [name, auth, message] of cases) {
        const res = await request(r.method, r.path, auth, r.method === 'POST' ? {} : undefined);
        expect(res.status, `${r.name}: ${name}`).toBe(401);
        expect(res.body.error, `${r.name}: ${name}`).toBe('unauthorized');
        expect(String(res.body.message), `${r.name}: ${name}`).toMatch(message);
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
      run: open,
      openapi: open,
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

  it('an unknown route is a 404 before any token check; an oversized body a 413', async () => {
    expect(await request('GET', '/nope')).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'no such route' },
    });
    expect((await request('DELETE', '/assessments')).status).toBe(404);
    const admin = await token(['330300'], 'admin');
    const big = await request('POST', '/plans/2033-01', admin, { seed: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
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
    } finally {
      await serving.close();
    }
  });
});
