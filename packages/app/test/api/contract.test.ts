// The OpenAPI document against the API, as a validating proxy (Prism) and a linter (spectral,
// redocly) would check it. Every exchange of the API suites is checked by their apiClient
// (support.ts); here: the document's own lint rules, the checker failing on what it must catch,
// and the edges a Prism run found where document and server disagreed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, startApiFixture } from '../../../../test/support/api-fixture.ts';
import { EXAMPLE_USCC } from '../../src/api/schemas.ts';
import { buildOpenApi, ROUTES } from '../../src/index.ts';
import { documentProblems, type Exchange } from './contract.ts';
import { apiClient, contract } from './support.ts';

const doc = buildOpenApi(ROUTES) as unknown as Record<string, unknown>;

let fx: ApiFixture;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  fx = await startApiFixture();
  api = apiClient(fx.deps);
}, 60_000);
afterAll(async () => fx?.stop());

const admin = { regions: ['330300'], role: 'admin' };
const city = { regions: ['330300'], role: 'regulator' };

describe('the OpenAPI document (lint)', () => {
  it('has operation ids, summaries, examples that validate, references that resolve, a relative server, contact and licence', () => {
    expect(documentProblems(doc)).toEqual([]);
  });

  it('says what the patterns cannot: the USCC check character and calendar dates', () => {
    const paths = doc.paths as Record<string, Record<string, { parameters: Record<string, unknown>[] }>>;
    const uscc = paths['/enterprises/{uscc}/assessment']?.get?.parameters.find((p) => p.name === 'uscc');
    expect(uscc?.description).toMatch(/check character/);
    expect(uscc?.schema).toMatchObject({ 'x-fenji-check-character': expect.stringContaining('GB 32100') });
    expect(uscc?.example).toBe(EXAMPLE_USCC);
    const due = paths['/cases']?.get?.parameters.find((p) => p.name === 'dueAfter');
    expect(due?.schema).toMatchObject({ format: 'date' });
  });

  it('lint fails on a missing operationId, a dangling $ref, a fixed server and an example that does not validate', () => {
    const broken = structuredClone(doc) as {
      servers: unknown;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    broken.servers = [{ url: 'http://127.0.0.1:3000' }];
    const op = broken.paths['/runs/{runId}']?.get as Record<string, unknown>;
    delete op.operationId;
    (op.responses as Record<string, Record<string, unknown>>)['404'] = {
      description: 'x',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } },
    };
    ((op.parameters as Record<string, unknown>[])[0] as Record<string, unknown>).example = 'bad run id';
    const problems = documentProblems(broken as unknown as Record<string, unknown>).join('\n');
    expect(problems).toMatch(/servers must be relative/);
    expect(problems).toMatch(/no operationId/);
    expect(problems).toMatch(/\$ref #\/components\/schemas\/Nope does not resolve/);
    expect(problems).toMatch(/the example of runId does not match/);
  });
});

describe('the contract check (a validating proxy)', () => {
  const exchange = (over: Partial<Exchange>): Exchange => ({
    method: 'GET',
    url: '/runs/run-1',
    requestHeaders: {},
    requestBody: null,
    status: 404,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: 'not_found', message: 'no run run-1' }),
    ...over,
  });
  const check = (over: Partial<Exchange>) => contract().check(exchange(over)).join('\n');

  it('passes an exchange that agrees with the document', () => {
    expect(check({})).toBe('');
  });

  it('fails on an undocumented status, another content type, a body off its schema, a 401 without its challenge', () => {
    expect(check({ status: 409 })).toMatch(/status 409 is not documented/);
    expect(check({ headers: { 'content-type': 'text/html' } })).toMatch(/content type "text\/html" is not documented/);
    expect(check({ body: JSON.stringify({ error: 'not_found' }) })).toMatch(/does not match the 404 schema/);
    expect(check({ status: 200, body: JSON.stringify({ runId: 'run-1' }) })).toMatch(/does not match the 200 schema/);
    const extra = { items: [], cursor: null, total: 3 };
    expect(check({ url: '/runs', status: 200, body: JSON.stringify(extra) })).toMatch(/must NOT have additional/);
    expect(check({ status: 401, body: JSON.stringify({ error: 'unauthorized', message: 'x' }) })).toMatch(
      /header WWW-Authenticate is missing/,
    );
  });

  it('fails when the document and the API judge a request differently', () => {
    // The document refuses (a non-JSON body, an impossible date, a bad check character), the API accepted.
    const drawn = { method: 'POST', url: '/plans/2027-Q1', status: 201, body: '{}' };
    expect(check({ ...drawn, requestHeaders: { 'content-type': 'text/plain' }, requestBody: '{}' })).toMatch(
      /the document refuses the request \(body: content type "text\/plain"/,
    );
    expect(check({ url: '/cases?dueAfter=2026-02-30', status: 200 })).toMatch(/the document refuses the request/);
    expect(check({ url: `/enterprises/${EXAMPLE_USCC.slice(0, 17)}0/records`, status: 404 })).toMatch(
      /the document refuses the request/,
    );
    // The document accepts, the API refused as malformed.
    const refused = JSON.stringify({ error: 'bad_request', message: 'limit: nope' });
    expect(check({ url: '/runs?limit=5', status: 400, body: refused })).toMatch(/the document accepts the request/);
  });
});

describe('the edges a Prism run found, now agreeing (each call is contract-checked)', () => {
  it('GET /openapi.json with an unknown parameter: a documented 400', async () => {
    const res = await api.call('GET', '/openapi.json?foo=1', city);
    expect(res).toMatchObject({ status: 400, body: { message: '"foo": unknown query parameter' } });
  });

  it('POST /plans/{period}: a body too large is 413, another content type 415, a body not an object 400 — and nothing is drawn', async () => {
    const big = await api.call('POST', '/plans/2029-Q1', admin, { seed: 'x'.repeat(20_000) });
    expect(big).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'application/jsonx']) {
      const res = await api.call('POST', '/plans/2029-Q1', admin, '{"seed":"s"}', { 'content-type': type });
      expect(res, type).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    }
    // A body with no content type at all (curl -d without -H sends a form type; some send none).
    const untyped = await api.call('POST', '/plans/2029-Q1', admin, 'seed=s', { 'content-type': '' });
    expect(untyped.status).toBe(415);
    for (const body of ['null', '[]', '"seed"', '42']) {
      const res = await api.call('POST', '/plans/2029-Q1', admin, body);
      expect(res, body).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^body: /) } });
    }
    expect((await api.call('GET', '/plans/2029-Q1', city)).status).toBe(404);
    // application/json with a charset is JSON.
    const ok = await api.call('POST', '/plans/2029-Q1', admin, '{"seed":"s","asOf":"2026-11-30"}', {
      'content-type': 'Application/JSON; charset=utf-8',
    });
    expect(ok.status).toBe(201);
  });

  it('USCC check characters and calendar dates: refused by the document and the API alike', async () => {
    expect((await api.call('GET', `/enterprises/${EXAMPLE_USCC.slice(0, 17)}0/records`, city)).status).toBe(400);
    expect((await api.call('GET', '/cases?dueBefore=2026-02-29', city)).status).toBe(400);
    expect((await api.call('POST', '/plans/2029-Q2', admin, { asOf: '2025-02-29' })).status).toBe(400);
  });
});
