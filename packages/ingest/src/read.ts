// Bytes → records and rejects, streaming (records.md §1 and §3). Memory is bounded by one
// decoded slice (64 KiB) plus one batch, whatever the size of the file.
import {
  type AnyRecord,
  type ParseContext,
  parseRecord,
  quoteForMessage,
  RECORD_FIELDS,
  type RecordType,
  recordKey,
} from '@fenji/domain';
import { type CsvRow, CsvTokenizer, DEFAULT_MAX_ROW_CHARS } from './csv.ts';
import { type DecodeFailure, type DecodeOptions, decodeText } from './decode.ts';
import { detectFormat, recordTypesInKey, TYPE_WORDS } from './detect.ts';
import { type JsonlLine, JsonlSplitter } from './jsonl.ts';
import type { FieldError, IngestBatch, Reject } from './types.ts';

export interface ReadOptions {
  /** Written into every reject: the path relative to the data folder, or the S3 key. */
  source: string;
  /** The file's key or path; the record type and format are told from it. */
  key: string;
  ctx: ParseContext;
  /** Records plus rejects per yielded batch (default 500). */
  batchSize?: number;
  /** Longest accepted CSV row / JSONL line, in characters (default 1 MiB). */
  maxLineChars?: number;
  decode?: DecodeOptions;
}

export const DEFAULT_BATCH_SIZE = 500;

const ENCODING_NAMES = {
  'utf-8': 'UTF-8',
  gb18030: 'GB18030',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
} as const;

/** No errors found before validation: shared, never written to (one array less per record). */
const NO_ERRORS: readonly FieldError[] = Object.freeze([]);

/**
 * Validates one raw object (CSV cells or a parsed JSON object) into a record or a reject;
 * `extraErrors` (found before validation) are reported first and make it a reject. Never
 * throws: an exception from the validator becomes a reject for this record only.
 */
export function validate(
  type: RecordType,
  raw: Record<string, unknown>,
  ctx: ParseContext,
  source: string,
  line: number | null,
  extraErrors: readonly FieldError[] = NO_ERRORS,
): { record: AnyRecord; reject?: undefined } | { record?: undefined; reject: Reject } {
  let result: ReturnType<typeof parseRecord>;
  try {
    result = parseRecord(type, raw, ctx);
  } catch (err) {
    const why = err instanceof Error ? `${err.name}: ${quoteForMessage(err.message)}` : 'unknown error';
    result = { ok: false, errors: [{ field: 'record', message: `could not be validated (${why})` }] };
  }
  if (result.ok && extraErrors.length === 0) return { record: result.record };
  return {
    reject: {
      source,
      line,
      recordId: result.ok ? recordKey(result.record) : (result.recordId ?? null),
      errors: [...extraErrors, ...(result.ok ? [] : result.errors)],
    },
  };
}

/** Collects records and rejects into batches of `size`. */
class Batcher {
  private current: IngestBatch = { records: [], rejects: [] };
  readonly ready: IngestBatch[] = [];
  /** Data rows seen (records, rejects and unreadable rows), header excluded. */
  rows = 0;
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  private check(): void {
    if (this.current.records.length + this.current.rejects.length >= this.size) this.flush();
  }

  record(record: AnyRecord, line: number): void {
    this.rows++;
    this.current.records.push({ record, line });
    this.check();
  }

  reject(reject: Reject): void {
    this.rows++;
    this.current.rejects.push(reject);
    this.check();
  }

  flush(): void {
    if (this.current.records.length + this.current.rejects.length > 0) {
      this.ready.push(this.current);
      this.current = { records: [], rejects: [] };
    }
  }
}

function fileReject(source: string, field: string, message: string): IngestBatch {
  return { records: [], rejects: [{ source, line: null, recordId: null, errors: [{ field, message }] }] };
}

function plural(type: RecordType): string {
  return Object.entries(TYPE_WORDS).find(([, t]) => t === type)?.[0] ?? type;
}

interface FormatHandler {
  /** Set when the whole file is rejected: the reason, as the file-level error. */
  fileError: FieldError | null;
  text(text: string): void;
  end(): void;
  /** Line on which the record being read started (or the current line between records). */
  pendingLine(): number;
  currentLine(): number;
}

/** `value.trim() === ''`, without trimming the many cells that are empty or start with a printable ASCII character. */
function isBlank(value: string): boolean {
  if (value.length === 0) return true;
  const c = value.charCodeAt(0);
  // 0x21–0x7E is never whitespace or a line terminator, so trim() would leave it: not blank.
  if (c > 0x20 && c < 0x7f) return false;
  return value.trim() === '';
}

function allBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (!isBlank(c)) return false;
  return true;
}

class CsvHandler implements FormatHandler {
  fileError: FieldError | null = null;
  private readonly tok: CsvTokenizer;
  /** Column names; `null` for a column with an empty name (tolerated while its cells are empty). */
  private header: (string | null)[] | null = null;
  private readonly type: RecordType;
  private readonly ctx: ParseContext;
  private readonly source: string;
  private readonly out: Batcher;

  constructor(type: RecordType, ctx: ParseContext, source: string, out: Batcher, maxRowChars: number) {
    this.type = type;
    this.ctx = ctx;
    this.source = source;
    this.out = out;
    this.tok = new CsvTokenizer(maxRowChars);
  }

  pendingLine(): number {
    return this.tok.pendingLine();
  }

  currentLine(): number {
    return this.tok.currentLine();
  }

  text(text: string): void {
    this.rows(this.tok.push(text));
  }

  end(): void {
    this.rows(this.tok.end());
  }

  private rows(rows: CsvRow[]): void {
    for (const row of rows) {
      if (this.fileError) return;
      if (this.header === null) this.readHeader(row);
      else this.row(row);
    }
  }

  private readHeader(row: CsvRow): void {
    if (row.error !== undefined) {
      this.fileError = { field: 'header', message: `the header row (line ${row.line}) cannot be read: ${row.error}` };
      return;
    }
    const accepted = RECORD_FIELDS[this.type];
    const names = row.cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
    const messages: string[] = [];
    const seen = new Set<string>();
    for (const name of names) {
      if (name === '') continue;
      if (!accepted.includes(name)) {
        messages.push(
          `unknown column "${name}" for ${plural(this.type)}; the accepted columns are: ${accepted.join(', ')}`,
        );
      } else if (seen.has(name)) {
        messages.push(`column "${name}" appears more than once`);
      }
      seen.add(name);
    }
    if (seen.size === 0) messages.push('the header row names no columns');
    if (messages.length > 0) {
      this.fileError = { field: 'header', message: messages.join('; ') };
      return;
    }
    this.header = names.map((n) => (n === '' ? null : n));
  }

  private row(row: CsvRow): void {
    const { source, out } = this;
    const header = this.header as (string | null)[];
    if (row.error !== undefined) {
      out.reject({ source, line: row.line, recordId: null, errors: [{ field: 'row', message: row.error }] });
      return;
    }
    const cells = row.cells;
    if (cells.length !== header.length) {
      // A row of empty cells (`,,,,` as spreadsheets export) carries nothing: skipped like an empty line.
      if (allBlank(cells)) return;
      out.reject({
        source,
        line: row.line,
        recordId: null,
        errors: [
          { field: 'row', message: `the row has ${cells.length} cells but the header has ${header.length} columns` },
        ],
      });
      return;
    }
    const raw: Record<string, unknown> = {};
    let errors: FieldError[] | undefined;
    let blank = true;
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i] as string;
      if (isBlank(value)) continue; // empty cell = field absent
      blank = false;
      const name = header[i];
      if (name === null || name === undefined) {
        errors ??= [];
        errors.push({ field: `column ${i + 1}`, message: 'a value in a column that has no name in the header' });
      } else {
        raw[name] = value;
      }
    }
    // A row of empty cells carries nothing, as above.
    if (blank) return;
    const result = validate(this.type, raw, this.ctx, source, row.line, errors ?? NO_ERRORS);
    if (result.record) out.record(result.record, row.line);
    else out.reject(result.reject);
  }
}

/** An error when the line carries a `recordType` naming another type (the validator ignores the tag itself). */
function untag(obj: Record<string, unknown>, type: RecordType): FieldError | null {
  if (!Object.hasOwn(obj, 'recordType')) return null;
  const tag = obj.recordType;
  if (tag !== type) {
    return {
      field: 'recordType',
      message: `${quoteForMessage(tag)} does not match the record type of this file (${type})`,
    };
  }
  return null;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON.parse failure, described without quoting the input (it may hold personal data). */
export function jsonErrorMessage(err: unknown): string {
  const m = /position (\d+)/.exec(String((err as Error)?.message ?? ''));
  return m ? `not valid JSON (error at character ${Number(m[1]) + 1})` : 'not valid JSON';
}

class JsonlHandler implements FormatHandler {
  fileError: FieldError | null = null;
  private readonly splitter: JsonlSplitter;
  private readonly type: RecordType;
  private readonly ctx: ParseContext;
  private readonly source: string;
  private readonly out: Batcher;

  constructor(type: RecordType, ctx: ParseContext, source: string, out: Batcher, maxLineChars: number) {
    this.type = type;
    this.ctx = ctx;
    this.source = source;
    this.out = out;
    this.splitter = new JsonlSplitter(maxLineChars);
  }

  pendingLine(): number {
    return this.splitter.pendingLine();
  }

  currentLine(): number {
    return this.splitter.pendingLine();
  }

  text(text: string): void {
    this.lines(this.splitter.push(text));
  }

  end(): void {
    this.lines(this.splitter.end());
  }

  private lines(lines: JsonlLine[]): void {
    const { source, out } = this;
    for (const l of lines) {
      if (l.error !== undefined) {
        out.reject({ source, line: l.line, recordId: null, errors: [{ field: 'line', message: l.error }] });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(l.text);
      } catch (err) {
        out.reject({
          source,
          line: l.line,
          recordId: null,
          errors: [{ field: 'line', message: jsonErrorMessage(err) }],
        });
        continue;
      }
      if (!isObject(value)) {
        const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
        out.reject({
          source,
          line: l.line,
          recordId: null,
          errors: [{ field: 'line', message: `a line must hold one JSON object, not ${what}` }],
        });
        continue;
      }
      const tagError = untag(value, this.type);
      const result = validate(this.type, value, this.ctx, source, l.line, tagError ? [tagError] : NO_ERRORS);
      if (result.record) out.record(result.record, l.line);
      else out.reject(result.reject);
    }
  }
}

function decodeMessage(failure: DecodeFailure, line: number): string {
  if (failure.message !== undefined) return failure.message;
  const enc = ENCODING_NAMES[failure.encoding];
  return `the bytes on line ${line} (near byte ${failure.byteOffset}) are not valid ${enc}; the file was read as ${enc} because ${failure.reason}`;
}

/**
 * Reads one CSV or JSON Lines file as a stream of batches of records and rejects. The record type
 * and format come from `opts.key`. Never throws for bad data: a file whose type or format cannot
 * be told, whose CSV header is not acceptable, or that cannot be decoded gives one reject with
 * `line: null`; a bad row gives a reject for that row only; bytes that stop decoding part-way
 * give one reject for the rest of the file, naming the line.
 */
export async function* readRecords(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: ReadOptions,
): AsyncGenerator<IngestBatch> {
  const { source, key, ctx } = opts;
  const types = recordTypesInKey(key);
  const format = detectFormat(key);
  if (types.length !== 1) {
    const words = Object.keys(TYPE_WORDS).join(', ');
    const message =
      types.length === 0
        ? `the record type cannot be told from "${key}": no folder or file name starts with ${words}`
        : `the record type is ambiguous: "${key}" names ${types.map(plural).join(' and ')}`;
    yield fileReject(source, 'file', message);
    return;
  }
  if (format === null) {
    yield fileReject(
      source,
      'file',
      `the format cannot be told from "${key}": expected a .csv, .jsonl or .ndjson file`,
    );
    return;
  }
  const type = types[0] as RecordType;
  const out = new Batcher(Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_BATCH_SIZE)));
  const maxLineChars = opts.maxLineChars ?? DEFAULT_MAX_ROW_CHARS;
  const handler: FormatHandler =
    format === 'csv'
      ? new CsvHandler(type, ctx, source, out, maxLineChars)
      : new JsonlHandler(type, ctx, source, out, maxLineChars);

  let failed = false;
  for await (const piece of decodeText(input, opts.decode)) {
    if (piece.failure) {
      failed = true;
      const line = handler.pendingLine();
      const message = decodeMessage(piece.failure, handler.currentLine());
      if (handler.fileError === null && out.rows === 0) {
        handler.fileError = { field: 'file', message: `the file cannot be decoded: ${message}` };
      } else if (handler.fileError === null) {
        out.reject({
          source,
          line,
          recordId: null,
          errors: [{ field: 'encoding', message: `${message}; lines ${line} to the end of the file were not read` }],
        });
      }
      break;
    }
    handler.text(piece.text);
    if (handler.fileError) break;
    for (const batch of out.ready.splice(0)) yield batch;
  }
  if (!failed && handler.fileError === null) handler.end();
  if (handler.fileError) {
    yield fileReject(source, handler.fileError.field, handler.fileError.message);
    return;
  }
  out.flush();
  for (const batch of out.ready.splice(0)) yield batch;
}
