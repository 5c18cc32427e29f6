// The joint-discipline list as files (grading-model.md §8, records.md §4): JSON Lines for
// machines and a CSV that a clerk opens in Excel. Pure functions: same entries, same bytes, so
// the SHA-256 of the JSON Lines tells whether the list changed.
import { type DisciplineEntry, regionName } from '@fenji/domain';
import { toCsv as sharedToCsv } from '../shared/index.ts';
import { type SheetColumn, toXlsx } from '../shared/xlsx.ts';

export const JSONL_FILE = 'discipline-list.jsonl';
export const CSV_FILE = 'discipline-list.csv';
export const XLSX_FILE = 'discipline-list.xlsx';
export const MANIFEST_FILE = 'manifest.json';

/** One entry per line, `\n`-terminated; an empty list is an empty file. */
export function toJsonl(entries: readonly DisciplineEntry[]): string {
  return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/** Bilingual header: the Chinese a clerk reads, the field name a script matches. */
export const CSV_HEADER = [
  '类型 kind',
  '统一社会信用代码 uscc',
  '企业名称 name',
  '行政区划 region',
  '地区 regionName',
  '处罚决定书文号 recordId',
  '违法行为 violation',
  '列入日期 listedOn',
  '届满日期 expiresOn',
  '当事人 persons',
  '惩戒措施 measures',
] as const;

export function csvRow(entry: DisciplineEntry): string[] {
  return [
    entry.kind,
    entry.uscc,
    entry.name,
    entry.region,
    regionName(entry.region),
    entry.recordId,
    entry.violation ?? '',
    entry.listedOn,
    entry.expiresOn,
    entry.persons.map((p) => `${p.name}(${p.role}, ${p.idMasked})`).join('; '),
    entry.measures.map((m) => m.zh).join('；'),
  ];
}

/** UTF-8 with a BOM, CRLF, every cell quoted and formula-neutralised (shared/csv.ts). */
export function toCsv(entries: readonly DisciplineEntry[]): string {
  return sharedToCsv(CSV_HEADER, entries.map(csvRow));
}

const WIDTHS = [12, 22, 36, 10, 10, 30, 18, 12, 12, 40, 40];

/** The same rows as the CSV, in a workbook dated by the list's grading date. */
export function toXlsxBytes(entries: readonly DisciplineEntry[], asOf: string): Promise<Uint8Array> {
  const columns: SheetColumn[] = CSV_HEADER.map((header, i) => ({ header, width: WIDTHS[i] ?? 14 }));
  return toXlsx('联合惩戒名单', columns, entries.map(csvRow), new Date(`${asOf}T00:00:00+08:00`));
}
