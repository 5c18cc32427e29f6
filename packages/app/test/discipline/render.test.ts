// The CSV a clerk opens in Excel: BOM, bilingual header, RFC 4180 quoting and no formula
// injection (OWASP "CSV Injection").
import type { DisciplineEntry } from '@fenji/domain';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, toCsv, toJsonl, toXlsxBytes } from '../../src/discipline/render.ts';
import { planXlsx } from '../../src/plan/draw-plan.ts';

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
      'listing,91330302MA2B00001F,鹿城企业1有限公司,330302,鹿城区,温鹿市监罚〔2026〕118号,,2026-03-18,2029-03-18,' +
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

/** A workbook read back with a spreadsheet library: every cell's value and type, the sheet's view and filter. */
async function readBack(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
  const rows: { value: unknown; type: ExcelJS.ValueType }[][] = [];
  sheet.eachRow((row) => {
    const cells: { value: unknown; type: ExcelJS.ValueType }[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push({ value: c.value, type: c.type }));
    rows.push(cells);
  });
  return { sheet, rows };
}

describe('.xlsx for Excel (issue "The first hour")', () => {
  // All digits: typed as a number, Excel would keep 15 significant digits and lose the rest.
  const digits = '913303021234567890';
  const ZERO = '013303021234567897';

  it('the discipline list: bilingual frozen header with filters, every USCC a text cell, intact; no formula', async () => {
    const { sheet, rows } = await readBack(
      await toXlsxBytes([entry({ uscc: digits }), entry({ uscc: ZERO, name: '=HYPERLINK("x")' })], '2026-11-30'),
    );
    expect(rows[0]?.map((c) => c.value)).toEqual([...CSV_HEADER]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(rows.slice(1).map((r) => r[1])).toEqual([
      { value: digits, type: ExcelJS.ValueType.String },
      { value: ZERO, type: ExcelJS.ValueType.String },
    ]);
    expect(rows[2]?.[2]).toEqual({ value: '=HYPERLINK("x")', type: ExcelJS.ValueType.String });
    expect(rows.flat().some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    expect(rows[1]?.[4]?.value).toBe('鹿城区');
    expect(sheet.columns.every((c) => (c.width ?? 0) >= 8)).toBe(true);
  });

  it('the plan: the same, with region names beside codes and the slot a number', async () => {
    const row = {
      period: '2026-Q4',
      region: '330302',
      riskGrade: 'C' as const,
      keyInspection: true,
      uscc: digits,
      name: '鹿城企业',
      kind: 'random' as const,
      slot: 3,
      inspector1: 'P1',
      inspector2: 'P2',
      status: 'assigned' as const,
      reason: null,
    };
    const plan = { period: '2026-Q4', asOf: '2026-11-30', inspections: [row] } as unknown as Parameters<
      typeof planXlsx
    >[0];
    const { rows } = await readBack(await planXlsx(plan));
    expect(rows[0]?.map((c) => c.value)).toContain('统一社会信用代码 uscc');
    expect(rows[1]?.map((c) => c.value).slice(0, 9)).toEqual([
      '2026-Q4',
      '330302',
      '鹿城区',
      'C',
      'true',
      digits,
      '鹿城企业',
      'random',
      3,
    ]);
    expect(rows[1]?.[5]?.type).toBe(ExcelJS.ValueType.String);
  });
});
