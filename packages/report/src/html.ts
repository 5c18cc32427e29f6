// HTML building with escaping by default: every interpolated value is text unless it is already
// SafeHtml, so data (enterprise names, file names, messages) can never become markup.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Markup that has already been built by `h` (or is a literal of this package). */
export class SafeHtml {
  readonly html: string;
  constructor(html: string) {
    this.html = html;
  }
  toString(): string {
    return this.html;
  }
}

export type HtmlPart = SafeHtml | string | number | null | undefined | false | readonly HtmlPart[];

function part(v: HtmlPart): string {
  if (v instanceof SafeHtml) return v.html;
  if (Array.isArray(v)) return v.map(part).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

/** Tagged template: literal parts are markup, interpolations are escaped text (attributes must be double-quoted). */
export function h(strings: TemplateStringsArray, ...values: HtmlPart[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/**
 * JSON for a `<script type="application/json">` block. Escaping every `<` means no `</script>`
 * or `<!--` in the data can end or confuse the block, whatever the data holds; U+2028/2029 are
 * escaped so the text stays valid even if someone pastes it into a JS string.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}

/** `part` as a share of `whole` (`12.5%`); `—` when there is no whole to share. */
export function formatPercent(part: number, whole: number, digits = 1): string {
  if (whole === 0) return '—';
  return `${((100 * part) / whole).toFixed(digits)}%`;
}
