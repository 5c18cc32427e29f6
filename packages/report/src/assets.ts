// The stylesheet and the two scripts the page inlines, read at render time and kept for the
// process's life.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let chartJs: string | undefined;
let pageJs: string | undefined;
let reportCss: string | undefined;

/**
 * chart.js's `exports` map hides `dist/chart.umd.min.js` (and its package.json) from resolve, so
 * resolve the package's CommonJS entry, which the map does export, and take the UMD build from
 * the same folder.
 */
export function chartJsPath(): string {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return join(dirname(entry), 'chart.umd.min.js');
}

export function chartJsSource(): string {
  if (chartJs === undefined) chartJs = inlineable(readFileSync(chartJsPath(), 'utf8'), 'chart.umd.min.js');
  return chartJs;
}

export function pageJsSource(): string {
  if (pageJs === undefined) {
    pageJs = inlineable(readFileSync(fileURLToPath(new URL('./page.js', import.meta.url)), 'utf8'), 'page.js');
  }
  return pageJs;
}

export function reportCssSource(): string {
  if (reportCss === undefined) {
    reportCss = inlineableStyle(readFileSync(fileURLToPath(new URL('./report.css', import.meta.url)), 'utf8'));
  }
  return reportCss;
}

/**
 * Text safe inside `<style>…</style>`. The file's opening comment (the formatter suppression and
 * why) is for whoever edits it, not for the page; line ends become `\n` so a checkout with CRLF
 * renders the same bytes.
 */
function inlineableStyle(source: string): string {
  const text = source.replace(/\r\n?/g, '\n').replace(/^\/\*[\s\S]*?\*\/\n/, '');
  // Style text is raw to the HTML tokenizer: the first `</style` ends the element wherever it sits
  // in the CSS, and the rest would be markup. Refuse rather than rewrite, as for scripts.
  if (/<\/style/i.test(text)) throw new Error('report.css contains "</style" and cannot be inlined safely');
  return text;
}

/**
 * Text safe inside `<script>…</script>`. The source-map comment goes: the page is a single file
 * and a browser with devtools open would otherwise try to fetch the map. Line ends become `\n`
 * because the HTML parser does that to script text before the CSP hash is computed over it.
 */
function inlineable(source: string, name: string): string {
  const text = source
    .replace(/\r\n?/g, '\n')
    .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n')
    .replace(/<\/script/gi, '<\\/script');
  // `<!--` inside a script can switch the HTML tokenizer into a state where `</script>` no longer
  // ends the element; no rewrite is safe in every JS context, so refuse rather than corrupt.
  if (text.includes('<!--')) throw new Error(`${name} contains "<!--" and cannot be inlined safely`);
  return text;
}
