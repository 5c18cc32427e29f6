// The files of the sample and what each holds: where a record goes, in which format, encoding and
// column order. Real exports differ by system and county (records.md §1), so the files do too.
import { type IsoDate, parseIsoDate, RECORD_FIELDS, type RecordType } from '@fenji/domain';
import type { BadLineKind } from './dataset.ts';
import { type CsvStyle, csvText, type Encoding, jsonlText, PLAIN_CSV, type Row } from './format.ts';
import type { Calendar } from './history.ts';

export interface Line {
  row: Row;
  bad?: BadLineKind;
}

export interface FileSpec {
  path: string;
  type: RecordType;
  format: 'csv' | 'jsonl';
  encoding: Encoding;
  style: CsvStyle;
  /** Column order for CSV; the default is RECORD_FIELDS order. */
  columns?: readonly string[];
  lines: Line[];
}

/** The files being written, by path; the first `get` of a path fixes its format and encoding. */
export class Files {
  readonly specs = new Map<string, FileSpec>();

  get(path: string, type: RecordType, init: Partial<FileSpec> = {}): FileSpec {
    let spec = this.specs.get(path);
    if (!spec) {
      const format = path.endsWith('.csv') ? 'csv' : 'jsonl';
      spec = { path, type, format, encoding: 'utf-8', style: PLAIN_CSV, lines: [], ...init };
      this.specs.set(path, spec);
    }
    return spec;
  }

  add(path: string, type: RecordType, row: Row, init?: Partial<FileSpec>): void {
    this.get(path, type, init).lines.push({ row });
  }
}

// ---------------------------------------------------------------------------------------------
// Columns and text

// CSV exports leave out version and status unless a line needs them: the reader takes 1 and active.
const CSV_BASE_COLUMNS: Record<RecordType, readonly string[]> = {
  enterprise: RECORD_FIELDS.enterprise.filter((f) => f !== 'version' && f !== 'status'),
  inspection: RECORD_FIELDS.inspection.filter((f) => f !== 'version' && f !== 'status'),
  penalty: RECORD_FIELDS.penalty.filter((f) => f !== 'version' && f !== 'status'),
  sampling: RECORD_FIELDS.sampling.filter((f) => f !== 'version' && f !== 'status'),
  disposal: RECORD_FIELDS.disposal.filter((f) => f !== 'version' && f !== 'status'),
  repair: RECORD_FIELDS.repair.filter((f) => f !== 'version' && f !== 'status'),
  inspector: RECORD_FIELDS.inspector.filter((f) => f !== 'version'),
};

/** The base columns, then any other field that some line of the file has. */
function columnsOf(spec: FileSpec): string[] {
  const base = spec.columns ?? CSV_BASE_COLUMNS[spec.type];
  const extra = RECORD_FIELDS[spec.type].filter(
    (f) => !base.includes(f) && spec.lines.some((l) => l.row[f] !== undefined),
  );
  return [...base, ...extra];
}

export function render(spec: FileSpec): string {
  const rows = spec.lines.map((l) => l.row);
  return spec.format === 'csv' ? csvText(columnsOf(spec), rows, spec.style) : jsonlText(rows);
}

// ---------------------------------------------------------------------------------------------
// Paths and forms

/** Counties whose systems export GB18030 with CRLF and slashed dates, and columns in their own order. */
const GB18030_COUNTIES = new Set(['330324', '330327', '330381']);
const GB18030_ENTERPRISE_COLUMNS = ['uscc', 'name', 'legalRepName', 'legalRepId', 'region', 'category', 'licensedOn'];
/** One export written by a spreadsheet program: UTF-8 with a byte-order mark. */
const BOM_COUNTY = '330303';

export function enterprisePath(code: string): string {
  return `enterprises/enterprises-${code}.csv`;
}

export function enterpriseFileInit(code: string): Partial<FileSpec> {
  if (GB18030_COUNTIES.has(code)) {
    return {
      encoding: 'gb18030',
      style: { eol: '\r\n', slashDates: true, zhBooleans: true },
      columns: GB18030_ENTERPRISE_COLUMNS,
    };
  }
  return code === BOM_COUNTY ? { encoding: 'utf-8-bom', style: { ...PLAIN_CSV, eol: '\r\n' } } : {};
}

export const INSPECTORS_PATH = 'inspectors/inspectors.csv';

function quarterOf(d: IsoDate): number {
  return Math.floor((parseIsoDate(d).month - 1) / 3) + 1;
}

export const inspectionPath = (d: IsoDate) => `inspections/${d.slice(0, 4)}/inspections-q${quarterOf(d)}.csv`;

/** The oldest year of samples came from the old laboratory system, as CSV. */
export const samplingPath = (cal: Calendar, d: IsoDate) =>
  `samplings/samplings-${d.slice(0, 4)}.${d.slice(0, 4) === cal.historyStart.slice(0, 4) ? 'csv' : 'jsonl'}`;

/** The current year's penalties come from the new case system, as CSV with 是/否. */
export const penaltyPath = (asOfYear: number, d: IsoDate) =>
  `penalties/penalties-${d.slice(0, 4)}.${d.startsWith(String(asOfYear)) ? 'csv' : 'jsonl'}`;

export const PENALTY_CSV: Partial<FileSpec> = { style: { ...PLAIN_CSV, zhBooleans: true } };

/** Disposals by the year they started: the current year from the new case system as CSV, older ones JSON Lines. */
export const disposalPath = (asOfYear: number, startedOn: IsoDate) =>
  `disposals/disposals-${startedOn.slice(0, 4)}.${startedOn.startsWith(String(asOfYear)) ? 'csv' : 'jsonl'}`;

/** Credit repair applications by the year they were made, from the credit system as JSON Lines. */
export const repairPath = (appliedOn: IsoDate) => `repairs/repairs-${appliedOn.slice(0, 4)}.jsonl`;

const TYPE_FOLDER: Record<RecordType, string> = {
  enterprise: 'enterprises',
  inspection: 'inspections',
  penalty: 'penalties',
  sampling: 'samplings',
  disposal: 'disposals',
  repair: 'repairs',
  inspector: 'inspectors',
};

/** Where the version-2 records of a type arrive: one later file per month. */
export const correctionsPath = (type: RecordType, month: string) =>
  `${TYPE_FOLDER[type]}/updates/corrections-${month}.jsonl`;

/** Re-sent inspections arrive as JSON Lines next to the year's quarterly CSV. */
export const resendPath = (asOfYear: number, month: string) =>
  `inspections/${asOfYear}/inspections-resend-${month}.jsonl`;

/** Exports list records by date; the key breaks ties so that the order is total. */
export const byDateThenKey =
  <T>(date: (r: T) => IsoDate, key: (r: T) => string) =>
  (a: T, b: T) =>
    date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** By date, then record number (the common case, kept direct: it sorts every record of the sample). */
export const byDateThenId =
  <T extends { recordId: string }>(date: (r: T) => IsoDate) =>
  (a: T, b: T) =>
    date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0;
