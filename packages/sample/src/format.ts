// Rows to file bytes, in the forms records.md §1 accepts and real exports use: RFC 4180 CSV
// (quoted only where needed), JSON Lines, UTF-8 with or without BOM, or GB18030.

import { RECORD_DATE_FIELDS } from '@fenji/domain';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'gb18030';
export type Row = Record<string, unknown>;

export interface CsvStyle {
  eol: '\n' | '\r\n';
  /** `2026/03/05` as older government systems write dates. */
  slashDates: boolean;
  /** `是/否` for booleans, as Chinese-language exports do. */
  zhBooleans: boolean;
}

export const PLAIN_CSV: CsvStyle = { eol: '\n', slashDates: false, zhBooleans: false };

const DATE_FIELDS = new Set(Object.values(RECORD_DATE_FIELDS).flat());
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface PersonLike {
  name: string;
  role: string;
  idNumber: string;
}

function isPerson(v: unknown): v is PersonLike {
  return typeof v === 'object' && v !== null && 'idNumber' in v;
}

export function csvCell(field: string, value: unknown, style: CsvStyle): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return style.zhBooleans ? (value ? '是' : '否') : String(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    // records.md §2: lists `a;b`, persons `name|role|idNumber;…`.
    return value.map((v) => (isPerson(v) ? `${v.name}|${v.role}|${v.idNumber}` : String(v))).join(';');
  }
  const s = String(value);
  return style.slashDates && DATE_FIELDS.has(field) ? s.replace(ISO_DATE, '$1/$2/$3') : s;
}

/** RFC 4180: quote a cell holding a comma, a quote or a line break, doubling the quotes. */
export function quoteCsv(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(quoteCsv).join(',');
}

export function csvText(columns: readonly string[], rows: readonly Row[], style: CsvStyle): string {
  const lines = [csvLine(columns)];
  for (const row of rows) lines.push(csvLine(columns.map((c) => csvCell(c, row[c], style))));
  return lines.map((l) => l + style.eol).join('');
}

/** One object per line; absent fields are left out rather than written as null. */
export function jsonLine(row: Row): string {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = v;
  return JSON.stringify(out);
}

export function jsonlText(rows: readonly Row[]): string {
  return rows.map((r) => `${jsonLine(r)}\n`).join('');
}

export function encodeText(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'gb18030') return new Uint8Array(iconv.encode(text, 'gb18030'));
  const bytes = new TextEncoder().encode(encoding === 'utf-8-bom' ? `\uFEFF${text}` : text);
  return bytes;
}
