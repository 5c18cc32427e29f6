// Hostile input to the API (issue "reliability"): random paths, query strings, bodies, control
// characters, formula cells, huge and deeply nested JSON. The API always answers with JSON —
// a 2xx or a 4xx {error, message} — never a 500, never a hang, and never echoes a raw value.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiFixture, startApiFixture } from '../../../../test/support/api-fixture.ts';
import { apiClient } from './support.ts';

let fx: ApiFixture;
let call: ReturnType<typeof apiClient>['call'];
beforeAll(async () => {
  fx = await startApiFixture();
  ({ call } = apiClient(fx.deps));
}, 60_000);
afterAll(async () => {
  await fx?.stop();
});

const nasty = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    "=cmd|' /C calc'!A0",
    '\u0000',
    '\u202e',
    '../../etc/passwd',
    '%00',
    '%',
    '%E4%B8',
    '{"a":',
    'A'.repeat(5000),
    '330302',
    '2026-Q4',
  ),
);
const claims = { regions: ['330300'], role: 'admin' };

function wellFormed(res: { status: number; body: unknown }) {
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    const b = res.body as { error?: unknown; message?: unknown };
    expect(typeof b.error).toBe('string');
    expect(typeof b.message).toBe('string');
  }
}

describe('the API under hostile input', () => {
  it('random path segments on every route answer 2xx or a JSON 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        nasty,
        fc.constantFrom(
          '/enterprises/{}/assessment',
          '/enterprises/{}/assessments',
          '/enterprises/{}/records',
          '/plans/{}',
          '/runs/{}',
        ),
        async (segment, template) => {
          const url = template.replace('{}', encodeURIComponent(segment));
          const res = await call('GET', url, claims).catch((e: Error) => ({
            status: e.message.startsWith('no route') ? 404 : 599,
            body: { error: 'x', message: 'x' },
          }));
          wellFormed(res);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('random query parameters answer 2xx or a 400 naming the parameter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('region', 'riskGrade', 'creditClass', 'keyInspection', 'limit', 'cursor', 'grade', 'x'),
          nasty,
          { maxKeys: 4 },
        ),
        async (query) => {
          const qs = Object.entries(query)
            .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
            .join('&');
          const res = await call('GET', `/assessments?${qs}`, claims);
          wellFormed(res);
          if (res.status === 400)
            expect(Object.keys(query).some((k) => (res.body as { message: string }).message.includes(k))).toBe(true);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('random search text answers 200 or a 400 naming q, as the document says (contract-checked)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nasty, fc.constantFrom(' ', '\u3000', '\u180e', '测试企业', ' 测 ')), async (q) => {
        const res = await call('GET', `/enterprises?q=${encodeURIComponent(q)}&limit=3`, claims);
        wellFormed(res);
        if (res.status === 400) expect((res.body as { message: string }).message).toMatch(/^q: /);
      }),
      { numRuns: 60 },
    );
  });

  it('hostile POST bodies are a 400 (or 413 when too large), never a draw or a crash', async () => {
    const bodies = [
      '{',
      'null',
      '[]',
      '"seed"',
      JSON.stringify({ seed: 5 }),
      JSON.stringify({ asOf: '2026-02-30' }),
      JSON.stringify({ seed: 'x', extra: '=cmd' }),
      `{"seed":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      JSON.stringify({ seed: 'a'.repeat(1_000_000) }),
    ];
    for (const body of bodies) {
      const res = await call('POST', '/plans/2031-Q1', claims, body);
      // 413 for a body over the API's size limit, 400 for everything else that is not a valid request.
      expect([400, 413], body.slice(0, 40)).toContain(res.status);
      wellFormed(res);
    }
  });
});
