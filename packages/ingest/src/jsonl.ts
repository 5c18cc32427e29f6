// Streaming JSON Lines splitter with exact line numbers and a line-size guard. Lines end at `\n`
// (a `\r` before it is dropped). Blank lines are skipped. A line longer than `maxLineChars` is
// reported as an error for that line without ever being held in memory.

export type JsonlLine =
  | { line: number; text: string; error?: undefined }
  | { line: number; text?: undefined; error: string };

export const DEFAULT_MAX_LINE_CHARS = 1024 * 1024;

export class JsonlSplitter {
  private line = 1;
  private cur = '';
  private oversized = false;
  private readonly maxLineChars: number;

  constructor(maxLineChars: number = DEFAULT_MAX_LINE_CHARS) {
    this.maxLineChars = maxLineChars;
  }

  /** Line being read (1-based). */
  pendingLine(): number {
    return this.line;
  }

  private finish(out: JsonlLine[], text: string): void {
    if (this.oversized) {
      out.push({ line: this.line, error: `line is longer than ${this.maxLineChars} characters` });
    } else {
      const t = text.endsWith('\r') ? text.slice(0, -1) : text;
      if (t.trim().length > 0) out.push({ line: this.line, text: t });
    }
    this.cur = '';
    this.oversized = false;
    this.line++;
  }

  private append(piece: string): void {
    if (this.oversized) return;
    if (this.cur.length + piece.length > this.maxLineChars) {
      this.oversized = true;
      this.cur = '';
    } else {
      this.cur += piece;
    }
  }

  push(text: string): JsonlLine[] {
    const out: JsonlLine[] = [];
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      if (this.cur.length === 0 && !this.oversized) {
        // The common case: the whole line is inside this piece.
        const whole = text.slice(from, nl);
        if (whole.length > this.maxLineChars) this.oversized = true;
        this.finish(out, this.oversized ? '' : whole);
      } else {
        this.append(text.slice(from, nl));
        this.finish(out, this.cur);
      }
      from = nl + 1;
    }
    if (from < text.length) this.append(text.slice(from));
    return out;
  }

  end(): JsonlLine[] {
    const out: JsonlLine[] = [];
    if (this.cur.length > 0 || this.oversized) this.finish(out, this.cur);
    return out;
  }
}
