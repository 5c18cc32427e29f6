// Streaming RFC 4180 tokenizer with exact line numbers and per-row error recovery.
//
// Why not csv-parse: with `skip_records_with_error` it does not resynchronise after an invalid
// closing quote (`"a"x,…` keeps the parser "in quotes", so every following line is swallowed),
// an oversized record raises one error per further character (quadratic on hostile input), its
// record-delimiter auto-detection misfires when a chunk ends between `\r` and `\n`, and its
// `info.lines` is the line on which a record ends, not starts. This tokenizer keeps every bad row
// to itself: an error skips to the end of its physical line and parsing starts afresh there.
//
// Rules: `,` separates cells; `\r\n`, `\n` or a lone `\r` ends a row; a cell starting with `"`
// is quoted (`""` is a quote, line breaks are kept); a quote elsewhere in an unquoted cell is an
// ordinary character; after a closing quote only `,` or a line break may follow. Empty lines
// are skipped. A row longer than `maxRowChars` is an error for that row.

export type CsvRow =
  | { line: number; cells: string[]; error?: undefined }
  | { line: number; cells?: undefined; error: string };

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3; // a quote inside a quoted cell: `""` or the closing quote
const SKIP = 4; // after an error, up to the end of the physical line

export const DEFAULT_MAX_ROW_CHARS = 1024 * 1024;

/** Index of `c` in `text` from `from`, or the length of `text` when it does not occur. */
function indexOrEnd(text: string, c: string, from: number): number {
  const at = text.indexOf(c, from);
  return at < 0 ? text.length : at;
}

export class CsvTokenizer {
  /** Line of the next character (1-based). */
  private line = 1;
  private state = FIELD_START;
  private inRow = false;
  private rowLine = 1;
  private cells: string[] = [];
  private cellsChars = 0;
  /** Text of the current cell carried over from earlier pieces. */
  private cur = '';
  private quoteLine = 0;
  private error = '';
  /** The previous character was a `\r`, so an `\n` now is the same line break. */
  private afterCR = false;
  private readonly maxRowChars: number;
  /**
   * For simpleRow, in the piece being pushed: where the next `\n`, `"`, `\r` and `,` at or after
   * the last place searched are (the piece's length when there is none). Each is searched again
   * only once passed, so the piece is scanned once for each however its lines are cut (a file
   * whose rows end in a lone `\r` has no `\n` to find, and must not be searched for one per row).
   */
  private nextLF = -1;
  private nextQuote = -1;
  private nextCR = -1;
  private nextComma = -1;

  constructor(maxRowChars: number = DEFAULT_MAX_ROW_CHARS) {
    this.maxRowChars = maxRowChars;
  }

  /** Line on which the row being read started, or the current line when between rows. */
  pendingLine(): number {
    return this.inRow ? this.rowLine : this.line;
  }

  /** Current line (the line of the next character). */
  currentLine(): number {
    return this.line;
  }

  private endRow(out: CsvRow[]): void {
    if (this.state === SKIP) out.push({ line: this.rowLine, error: this.error });
    else out.push({ line: this.rowLine, cells: this.cells });
    this.cells = [];
    this.cellsChars = 0;
    this.cur = '';
    this.error = '';
    this.inRow = false;
    this.state = FIELD_START;
  }

  private fail(message: string): void {
    this.state = SKIP;
    this.error = message;
    this.cells = [];
    this.cellsChars = 0;
    this.cur = '';
  }

  private tooLong(): string {
    return `row is longer than ${this.maxRowChars} characters`;
  }

  /** Adds a cell; false when the row got too long (the row is then failed). */
  private pushCell(value: string): boolean {
    this.cellsChars += value.length + 1;
    if (this.cellsChars > this.maxRowChars) {
      this.fail(this.tooLong());
      return false;
    }
    this.cells.push(value);
    return true;
  }

  /** Tokenizes the next piece of text; returns the rows completed by it. */
  push(text: string): CsvRow[] {
    const out: CsvRow[] = [];
    const n = text.length;
    let runStart = 0; // start in `text` of the current cell's unconsumed characters
    let i = 0;
    if (this.afterCR && n > 0) {
      this.afterCR = false;
      if (text.charCodeAt(0) === LF) {
        // Second half of a `\r\n` split across pieces: already counted.
        if (this.state === QUOTED) this.cur += '\n';
        i = 1;
      }
    }
    runStart = i;
    this.nextLF = -1;
    this.nextQuote = -1;
    this.nextCR = -1;
    this.nextComma = -1;
    for (; i < n; i++) {
      if (this.state === FIELD_START && !this.inRow) {
        const end = this.simpleRow(text, i, out);
        if (end >= 0) {
          i = end;
          continue;
        }
      }
      const c = text.charCodeAt(i);
      switch (this.state) {
        case FIELD_START: {
          if (!this.inRow) {
            if (c === LF || c === CR) {
              // An empty line between rows.
              this.line++;
              if (c === CR) {
                if (i + 1 < n) {
                  if (text.charCodeAt(i + 1) === LF) i++;
                } else this.afterCR = true;
              }
              continue;
            }
            this.inRow = true;
            this.rowLine = this.line;
          }
          if (c === QUOTE) {
            this.state = QUOTED;
            this.quoteLine = this.line;
            runStart = i + 1;
          } else if (c === COMMA) {
            this.pushCell('');
          } else if (c === LF || c === CR) {
            this.pushCell('');
            this.endRow(out);
            i = this.lineBreak(text, i);
          } else {
            this.state = UNQUOTED;
            runStart = i;
          }
          break;
        }
        case UNQUOTED: {
          if (c === COMMA) {
            if (this.pushCell(this.cur + text.slice(runStart, i))) this.state = FIELD_START;
            this.cur = '';
          } else if (c === LF || c === CR) {
            this.pushCell(this.cur + text.slice(runStart, i));
            this.endRow(out);
            i = this.lineBreak(text, i);
          }
          break;
        }
        case QUOTED: {
          if (c === QUOTE) {
            this.cur += text.slice(runStart, i);
            this.state = QUOTE_SEEN;
          } else if (c === LF) {
            this.line++;
          } else if (c === CR) {
            this.line++;
            if (i + 1 < n) {
              if (text.charCodeAt(i + 1) === LF) i++;
            } else this.afterCR = true;
          }
          break;
        }
        case QUOTE_SEEN: {
          if (c === QUOTE) {
            // `""`: a literal quote; it starts the next run.
            this.state = QUOTED;
            runStart = i;
          } else if (c === COMMA) {
            if (this.pushCell(this.cur)) this.state = FIELD_START;
            this.cur = '';
          } else if (c === LF || c === CR) {
            this.pushCell(this.cur);
            this.endRow(out);
            i = this.lineBreak(text, i);
          } else {
            this.fail(
              `unexpected character after the closing quote of cell ${this.cells.length + 1} (a quote inside a quoted cell must be doubled)`,
            );
          }
          break;
        }
        default: {
          // SKIP
          if (c === LF || c === CR) {
            this.endRow(out);
            i = this.lineBreak(text, i);
          }
          break;
        }
      }
    }
    // Carry the unfinished cell over to the next piece, checking the row size.
    if (this.state === UNQUOTED || this.state === QUOTED) {
      this.cur += text.slice(runStart, n);
      if (this.cellsChars + this.cur.length > this.maxRowChars) this.fail(this.tooLong());
    }
    return out;
  }

  /**
   * The common row, read in one step: between rows, a whole line inside this piece with no quote
   * and no `\r` before its line break, short enough. By the rules above such a line is one row of
   * unquoted cells split at every `,` (a quote that does not start a cell would be an ordinary
   * character too, but any quote is left to the state machine). Returns the index of the line's
   * `\n`, or −1 when the state machine must read it (empty lines, quotes, a lone `\r`, a row
   * cut by the piece's end or longer than `maxRowChars`: the error for that is the state
   * machine's). bench/README.md hot spot 5: the character loop was most of the CSV time.
   */
  private simpleRow(text: string, i: number, out: CsvRow[]): number {
    const first = text.charCodeAt(i);
    if (first === LF || first === CR) return -1;
    if (this.nextLF < i) this.nextLF = indexOrEnd(text, '\n', i);
    const nl = this.nextLF;
    if (nl === text.length) return -1;
    // nl > i, since text[i] is not a line break.
    const stop = text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    // The row's cells and their separators count stop − i + 1 characters, as pushCell counts them.
    if (stop - i + 1 > this.maxRowChars) return -1;
    if (this.nextQuote < i) this.nextQuote = indexOrEnd(text, '"', i);
    if (this.nextQuote < stop) return -1;
    if (this.nextCR < i) this.nextCR = indexOrEnd(text, '\r', i);
    if (this.nextCR < stop) return -1;
    const cells: string[] = [];
    let from = i;
    for (;;) {
      if (this.nextComma < from) this.nextComma = indexOrEnd(text, ',', from);
      if (this.nextComma >= stop) break;
      cells.push(text.slice(from, this.nextComma));
      from = this.nextComma + 1;
    }
    cells.push(text.slice(from, stop));
    out.push({ line: this.line, cells });
    this.line++;
    return nl;
  }

  /**
   * Counts the line break at `text[i]` (outside quotes) and returns the index of its last
   * character (`\r\n` is one break; a `\r` ending the piece may be followed by `\n` in the next).
   */
  private lineBreak(text: string, i: number): number {
    this.line++;
    if (text.charCodeAt(i) === CR) {
      if (i + 1 < text.length) {
        if (text.charCodeAt(i + 1) === LF) return i + 1;
      } else this.afterCR = true;
    }
    return i;
  }

  /** Ends the input: returns the last row if the text did not end with a line break. */
  end(): CsvRow[] {
    const out: CsvRow[] = [];
    this.afterCR = false;
    if (!this.inRow) return out;
    if (this.state === QUOTED) {
      out.push({
        line: this.rowLine,
        error: `the quoted cell opened on line ${this.quoteLine} is never closed, so the lines from ${this.rowLine} to the end of the file could not be read`,
      });
      this.inRow = false;
      this.state = FIELD_START;
      this.cur = '';
      this.cells = [];
      return out;
    }
    if (this.state === UNQUOTED || this.state === QUOTE_SEEN) {
      this.pushCell(this.cur);
    } else if (this.state === FIELD_START) {
      this.pushCell('');
    }
    this.endRow(out);
    return out;
  }
}
