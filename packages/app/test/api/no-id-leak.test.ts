// No response and no log line carries a personal ID number in clear, nor the HMAC hash of one
// (records.md §3). Every route is called — by callers of every scope, with ID numbers typed
// into paths and queries too — with the logger at DEBUG, and all of it is scanned for
// 18-character tokens that are valid resident ID numbers and not valid USCCs.
import { isValidResidentId, isValidUscc } from '@fenji/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // Before the handler (and the Powertools logger) is imported: log everything.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

import { type ApiFixture, RUN_ID, startApiFixture } from '../../../../test/support/api-fixture.ts';
import { apiClient, type Claims } from './support.ts';

let fx: ApiFixture;
const logs: string[] = [];

beforeAll(async () => {
  fx = await startApiFixture();
  // Powertools writes through a Console bound to these streams: capture (and keep quiet) what it writes.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
      logs.push(String(chunk));
      return true;
    }) as typeof stream.write);
  }
}, 60_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await fx?.stop();
});

/** 18-character resident-ID-shaped tokens (not part of a longer word) that are valid IDs and not USCCs. */
export function clearIdsIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g)]
    .map((m) => m[0].toUpperCase())
    .filter((t) => isValidResidentId(t) && !isValidUscc(t));
}

describe('no clear ID number in any response or log line', () => {
  it('the scanner finds what it must', () => {
    expect(clearIdsIn(`x ${fx.clearIds[0]} y`)).toEqual([fx.clearIds[0]]);
    expect(clearIdsIn('330302********1230 91330302MA0000008C')).toEqual([]);
  });

  it('every route, every scope, hostile inputs', async () => {
    const { call, seen } = apiClient(fx.deps);
    const id = fx.clearIds[0] as string;
    const scopes: Claims[] = [
      { regions: ['330302'], role: 'regulator' },
      { regions: ['330300'], role: 'admin' },
      { regions: ['330000', '320000'], role: 'regulator' },
      { regions: ['330102'], role: 'regulator' },
    ];
    const enterprises = [fx.listed, fx.barredRep, fx.listedHangzhou, ...Object.values(fx.usccs).flat().slice(0, 6)];
    let period = 1;
    for (const claims of scopes) {
      for (const u of enterprises) {
        await call('GET', `/enterprises/${u}/assessment`, claims);
        await call('GET', `/enterprises/${u}/assessments?limit=100`, claims);
        await call('GET', `/enterprises/${u}/records`, claims);
        await call('GET', `/enterprises?q=${u}`, claims);
      }
      await call('GET', `/enterprises?q=${encodeURIComponent('测试企业')}&limit=100`, claims);
      await call('GET', '/runs?limit=100', claims);
      await call('GET', '/assessments?limit=200', claims);
      await call('GET', '/discipline-list', claims);
      await call('GET', '/plans/2026-Q4', claims);
      await call('POST', `/plans/2028-${String(period++).padStart(2, '0')}`, claims, {
        seed: 'leak-test',
        asOf: '2026-11-30',
      });
      await call('GET', `/runs/${RUN_ID}`, claims);
      await call('GET', '/runs/run-with-failures', claims);
      await call('GET', '/openapi.json', claims);
      // An ID number where a uscc, a region, a parameter name, a cursor or a seed belongs.
      await call('GET', `/enterprises/${id}/assessment`, claims);
      await call('GET', `/enterprises/${id}/records`, claims);
      await call('GET', `/assessments?region=${id}`, claims);
      await call('GET', `/assessments?${id}=1`, claims);
      await call('GET', `/assessments?cursor=${id}`, claims);
      await call('GET', `/enterprises?q=${id}`, claims);
      await call('GET', `/runs/${id}`, claims);
      await call('POST', '/plans/2029-01', claims, { asOf: id });
      await call('POST', '/plans/2029-02', claims, { [id]: 1 });
      await call('GET', `/enterprises/${fx.listed}/assessment`, { ...claims, sub: id });
    }
    const responses = seen.join('\n');
    const logText = logs.join('');
    expect(seen.length).toBeGreaterThan(100);
    expect(logText).toContain('"message":"request"'); // the scan saw real log lines
    expect(responses).toContain(fx.listed);
    expect(responses).toContain('330302********'); // masked numbers are there, as they should be
    for (const [name, text] of [
      ['responses', responses],
      ['logs', logText],
    ] as const) {
      expect(clearIdsIn(text), name).toEqual([]);
      for (const clear of fx.clearIds) expect(text.includes(clear), `${name}: clear ID`).toBe(false);
      for (const hash of fx.idHashes) expect(text.includes(hash), `${name}: ID hash`).toBe(false);
    }
  });
});
