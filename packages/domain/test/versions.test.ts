// Versions, duplicates and corrections (records.md §3).
import { describe, expect, it } from 'vitest';
import { makeResidentId, makeUscc } from '../src/ids.ts';
import { type ParseContext, parseRecord } from '../src/schemas.ts';
import type { AnyRecord, Enterprise, Inspector, Penalty, RecordType } from '../src/types.ts';
import { canonicalJson, recordKey, resolveVersion } from '../src/versions.ts';

const ctx: ParseContext = { idKey: 'test-key', today: '2026-11-30' };
const U = makeUscc('91330302MA2H00000');
const ID = makeResidentId('33030219800101123');

function parsed(type: RecordType, raw: Record<string, unknown>): AnyRecord {
  const r = parseRecord(type, raw, ctx);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.record;
}

const penaltyJson = {
  recordId: '温鹿市监罚〔2026〕118号',
  uscc: U,
  decidedOn: '2025-02-28',
  procedure: 'ordinary',
  violation: 'illegal_additive',
  measures: ['warning', 'fine', 'confiscation'],
  fineYuan: 52000.5,
  aggravated: true,
  seriousListing: false,
  intentional: false,
  persons: [{ name: '张三', role: 'legal_representative', idNumber: ID }],
  repairedOn: '2026-03-01',
  version: 2,
};

/** The same decision as a CSV row: all strings, other list order, slashes, 是/否, padding. */
const penaltyCsv = {
  recordId: ' 温鹿市监罚〔2026〕118号 ',
  uscc: U,
  decidedOn: '2025/02/28',
  procedure: 'ordinary',
  violation: 'illegal_additive',
  measures: 'confiscation;warning; fine',
  fineYuan: '52000.50',
  aggravated: '是',
  seriousListing: '0',
  intentional: '否',
  persons: `张三|legal_representative|${ID}`,
  repairedOn: '2026/03/01',
  version: '2',
};

describe('recordKey', () => {
  it('is uscc for an enterprise, inspectorId for an inspector, recordId otherwise (records.md §2)', () => {
    const enterprise = parsed('enterprise', {
      uscc: U,
      name: '鹿城乳业',
      region: '330302',
      category: 'dairy',
      licensedOn: '2015-01-01',
    });
    const inspector = parsed('inspector', { inspectorId: 'P001', name: '王五', region: '330302', maxPerPeriod: 20 });
    expect(recordKey(enterprise)).toBe(U);
    expect(recordKey(inspector)).toBe('P001');
    expect(recordKey(parsed('penalty', penaltyJson))).toBe('温鹿市监罚〔2026〕118号');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: undefined, x: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"x":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('keeps array order (an array is a sequence, not a set)', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('handles scalars and null', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('温')).toBe('"温"');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('resolveVersion (records.md §3)', () => {
  const v1 = parsed('penalty', { ...penaltyJson, version: 1 }) as Penalty;
  const v2 = parsed('penalty', penaltyJson) as Penalty;

  it('insert: no stored record with this key', () => {
    expect(resolveVersion(undefined, v1)).toBe('insert');
  });

  it('duplicate: same key, same version, same content (re-delivered message, re-uploaded file)', () => {
    expect(resolveVersion(v2, { ...v2 })).toBe('duplicate');
    expect(resolveVersion(v2, parsed('penalty', penaltyJson))).toBe('duplicate');
  });

  it('duplicate: the same record exported once as CSV and once as JSONL', () => {
    const fromJson = parsed('penalty', penaltyJson);
    const fromCsv = parsed('penalty', penaltyCsv);
    expect(canonicalJson(fromCsv)).toBe(canonicalJson(fromJson));
    expect(resolveVersion(fromJson, fromCsv)).toBe('duplicate');
  });

  it('duplicate: CSV and JSONL forms of every record type are canonically equal', () => {
    const pairs: [RecordType, Record<string, unknown>, Record<string, unknown>][] = [
      [
        'enterprise',
        {
          uscc: U,
          name: '鹿城乳业',
          region: 330302,
          category: 'dairy',
          licensedOn: '2015-01-01',
          legalRepId: ID,
          version: 1,
        },
        {
          uscc: U,
          name: ' 鹿城乳业',
          region: '330302',
          category: 'dairy',
          licensedOn: '2015/01/01',
          legalRepId: ID,
          status: 'active',
        },
      ],
      [
        'inspection',
        {
          recordId: 'JC-1',
          uscc: U,
          inspectedOn: '2026-03-10',
          kind: 'routine',
          scope: 'full',
          result: 'basically_compliant',
          keyItemsFailed: 0,
          generalItemsFailed: 3,
          inspectors: ['P001', 'P002'],
        },
        {
          recordId: 'JC-1',
          uscc: U,
          inspectedOn: '2026/03/10',
          kind: 'routine',
          scope: 'full',
          result: 'basically_compliant',
          generalItemsFailed: '3',
          inspectors: 'P001;P002',
        },
      ],
      [
        'sampling',
        {
          recordId: 'CJ-1',
          uscc: U,
          sampledOn: '2026-08-01',
          product: '巴氏杀菌乳',
          kind: 'supervisory',
          level: 'municipal',
          result: 'fail',
          hazard: 'microbial',
          version: 3,
        },
        {
          recordId: 'CJ-1',
          uscc: U,
          sampledOn: '2026/08/01',
          product: '巴氏杀菌乳 ',
          kind: 'supervisory',
          level: 'municipal',
          result: 'fail',
          hazard: 'microbial',
          version: '3',
        },
      ],
      [
        'inspector',
        { inspectorId: 'P001', name: '王五', region: '330302', active: false, maxPerPeriod: 20, conflicts: [U] },
        { inspectorId: 'P001', name: '王五', region: '330302', active: '否', maxPerPeriod: '20', conflicts: `${U};` },
      ],
    ];
    for (const [type, json, csv] of pairs) {
      expect(canonicalJson(parsed(type, csv)), type).toBe(canonicalJson(parsed(type, json)));
      expect(resolveVersion(parsed(type, json), parsed(type, csv)), type).toBe('duplicate');
    }
  });

  it('conflict: same key, same version, different content', () => {
    const other = parsed('penalty', { ...penaltyJson, fineYuan: 60000 });
    expect(resolveVersion(v2, other)).toBe('conflict');
    const revoked = parsed('penalty', { ...penaltyJson, status: 'revoked' });
    expect(resolveVersion(v2, revoked)).toBe('conflict');
  });

  it('conflict: a different ID-number key gives a different hash, so content differs', () => {
    const a = parsed('penalty', penaltyJson);
    const b = parseRecord('penalty', penaltyJson, { ...ctx, idKey: 'other-key' });
    expect(b.ok && resolveVersion(a, b.record)).toBe('conflict');
  });

  it('replace: a higher version replaces (a revocation, a corrected result, a repair date)', () => {
    expect(resolveVersion(v1, v2)).toBe('replace');
    const revoked = parsed('penalty', { ...penaltyJson, version: 3, status: 'revoked' });
    expect(resolveVersion(v2, revoked)).toBe('replace');
  });

  it('stale: a lower version arriving later is ignored', () => {
    expect(resolveVersion(v2, v1)).toBe('stale');
  });

  it('inspectors (no status) follow the same rules', () => {
    const a = parsed('inspector', {
      inspectorId: 'P001',
      name: '王五',
      region: '330302',
      maxPerPeriod: 20,
    }) as Inspector;
    expect(resolveVersion(a, { ...a })).toBe('duplicate');
    expect(resolveVersion(a, { ...a, maxPerPeriod: 10 })).toBe('conflict');
    expect(resolveVersion(a, { ...a, version: 2, active: false })).toBe('replace');
    expect(resolveVersion({ ...a, version: 2 }, a)).toBe('stale');
  });

  it('refuses to compare records of different types or keys (a caller bug)', () => {
    const e = parsed('enterprise', {
      uscc: U,
      name: '鹿城乳业',
      region: '330302',
      category: 'dairy',
      licensedOn: '2015-01-01',
    }) as Enterprise;
    expect(() => resolveVersion(e, v1)).toThrow(RangeError);
    expect(() => resolveVersion(v1, { ...v1, recordId: 'other' })).toThrow(RangeError);
  });
});

describe('set-like lists are compared as sets (records.md §3)', () => {
  it('an inspection exported with its inspectors in another order is a duplicate, not a conflict', () => {
    const ctx = { idKey: 'k'.repeat(32), today: '2026-11-30' };
    const base = {
      recordId: 'JC-9',
      uscc: '91330302MA2B00001F',
      inspectedOn: '2026-06-01',
      kind: 'routine',
      scope: 'full',
      result: 'compliant',
    };
    const csv = parseRecord('inspection', { ...base, inspectors: 'I-2;I-1' }, ctx);
    const jsonl = parseRecord('inspection', { ...base, inspectors: ['I-1', 'I-2'] }, ctx);
    if (!csv.ok || !jsonl.ok) throw new Error('expected valid records');
    expect(resolveVersion(csv.record, jsonl.record)).toBe('duplicate');
  });
  it('a penalty with its persons in another order is a duplicate', () => {
    const ctx = { idKey: 'k'.repeat(32), today: '2026-11-30' };
    const base = {
      recordId: 'CF-9',
      uscc: '91330302MA2B00001F',
      decidedOn: '2026-06-01',
      procedure: 'ordinary',
      violation: 'hygiene',
      measures: ['fine'],
      fineYuan: 100,
    };
    const a = parseRecord(
      'penalty',
      { ...base, persons: '张三|principal|11010519491231002X;李四|legal_representative|330302198001011230' },
      ctx,
    );
    const b = parseRecord(
      'penalty',
      {
        ...base,
        persons: [
          { name: '李四', role: 'legal_representative', idNumber: '330302198001011230' },
          { name: '张三', role: 'principal', idNumber: '11010519491231002X' },
        ],
      },
      ctx,
    );
    if (!a.ok || !b.ok) throw new Error(JSON.stringify([a, b]));
    expect(resolveVersion(a.record, b.record)).toBe('duplicate');
  });
});
