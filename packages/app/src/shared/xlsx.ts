// Spreadsheets a clerk opens in Excel or WPS without losing data (issue "The first hour"): every
// identifier a text cell (a USCC of 18 digits typed as a number loses its last digits; a code
// loses its leading zeros), a bilingual header row that stays frozen, filters on it, column widths
// that fit, and no formula cells — a value that starts with "=" is written as text.
import ExcelJS from 'exceljs';

export interface SheetColumn {
  /** Chinese, then English: `统一社会信用代码 uscc`. */
  header: string;
  /** Characters; a CJK character counts about two. */
  width: number;
  /** Numbers stay numbers (counts, slots); everything else is text. */
  numeric?: boolean;
}

export type SheetCell = string | number | boolean | null;

/**
 * One worksheet as .xlsx bytes. `created` stamps the workbook's properties, so the caller's clock
 * (not the library's) dates the file.
 */
export async function toXlsx(
  sheetName: string,
  columns: readonly SheetColumn[],
  rows: readonly (readonly SheetCell[])[],
  created: Date,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'fenji';
  workbook.created = created;
  workbook.modified = created;
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(
      row.map((cell, i) => {
        if (cell === null) return null;
        if (columns[i]?.numeric && typeof cell === 'number') return cell;
        // A string is a string cell: never a number, a date or a formula.
        return String(cell);
      }),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
