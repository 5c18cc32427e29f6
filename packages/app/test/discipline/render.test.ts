// The CSV a clerk opens in Excel: BOM, bilingual header, RFC 4180 quoting and no formula
// injection (OWASP "CSV Injection").
import type { DisciplineEntry } from '@fenji/domain';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, toCsv, toJsonl } from '../../src/discipline/render.ts';

const entry = (over: Partial<DisciplineEntry> = {}): DisciplineEntry => ({
  kind: 'listing',
  uscc: '91330302MA2B00001F',
  name: '鹿城企业1有限公司',
  region: '330302',
  recordId: '温鹿市监罚〔2026〕118号',
  violation: 'illegal_additive',
  listedOn: '2026-03-18',
  expiresOn: '2029-03-18',
  persons: [{ name: '张三', role: 'legal_representative', idMasked: '330302********1230' }],
  measures: [
    { code: 'a', zh: '甲措施', en: 'a' },
    { code: 'b', zh: '乙措施', en: 'b' },
  ],
  ...over,
});

describe('toCsv', () => {
  it('an empty list is the BOM and the bilingual header', () => {
    expect(toCsv([])).toBe(`\uFEFF${CSV_HEADER.join(',')}\r\n`);
  });
  it('persons as name(role, masked) joined by "; ", measures in Chinese joined by "；"', () => {
    const csv = toCsv([
      entry({
        violation: null,
        persons: [
          { name: '张三', role: 'legal_representative', idMasked: '330302********1230' },
          { name: '李四', role: 'principal', idMasked: '330304********0021' },
        ],
      }),
    ]);
    const row = csv.split('\r\n')[1];
    expect(row).toBe(
      'listing,91330302MA2B00001F,鹿城企业1有限公司,330302,温鹿市监罚〔2026〕118号,,2026-03-18,2029-03-18,' +
        '"张三(legal_representative, 330302********1230); 李四(principal, 330304********0021)",甲措施；乙措施',
    );
  });
  it('a formula in a person name at the start of the cell is neutralised', () => {
    const csv = toCsv([entry({ persons: [{ name: '@cmd', role: 'principal', idMasked: '330302********1230' }] })]);
    expect(csv).toContain(`,"'@cmd(principal, 330302********1230)",`);
  });
});

describe('toJsonl', () => {
  it('one entry per line, newline-terminated; empty list, empty file', () => {
    expect(toJsonl([])).toBe('');
    const text = toJsonl([entry(), entry({ kind: 'person_bar' })]);
    expect(text.endsWith('\n')).toBe(true);
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).kind),
    ).toEqual(['listing', 'person_bar']);
  });
});
