// CSV for people: UTF-8 with a BOM so Excel reads Chinese correctly, RFC 4180 quoting, and
// cells that a spreadsheet would run as a formula neutralised with a leading apostrophe
// (OWASP "CSV injection": =, +, -, @, tab, carriage return).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : String(value);
  // Numbers are data, not formulas: a negative number stays a number.
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const BOM = '\uFEFF';

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return BOM + csvLine(header) + rows.map(csvLine).join('');
}
