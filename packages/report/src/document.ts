// The HTML document around the sections: the head with its CSP and the inlined stylesheet, the
// footer, the chart data block and the two inlined scripts.
import { createHash } from 'node:crypto';
import { chartJsSource, pageJsSource, reportCssSource } from './assets.ts';
import type { ChartSpec } from './charts.ts';
import { h, jsonForScript, SafeHtml } from './html.ts';

export interface DocumentParts {
  title: string;
  rulesVersion: string;
  generatedAt: string;
  header: SafeHtml;
  sections: SafeHtml[];
  /** Rendered after the sections, which add their specs as they draw. */
  charts: ChartSpec[];
}

export function reportDocument(p: DocumentParts): string {
  const chartJs = chartJsSource();
  const pageJs = pageJsSource();
  return `<!DOCTYPE html>
${h`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(chartJs, pageJs)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fenji">
<title>${p.title}</title>
<style>
${raw(reportCssSource())}</style>
</head>
<body>
${p.header}
<main>
${p.sections}
</main>
<footer><p>fenji · ${p.rulesVersion} · ${p.generatedAt} · 本报告为单一离线文件，不加载任何外部资源。 This report is a single offline file and loads nothing from the network.</p></footer>
<script type="application/json" id="report-data">${raw(jsonForScript({ charts: p.charts }))}</script>
<script>${raw(chartJs)}</script>
<script>${raw(pageJs)}</script>
</body>
</html>
`}`;
}

/**
 * Defence in depth behind the escaping: the page may run only these two scripts and may load
 * nothing at all, so even a missed escape could neither execute nor phone home.
 */
function contentSecurityPolicy(chartJs: string, pageJs: string): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${sha256Base64(chartJs)}' 'sha256-${sha256Base64(pageJs)}'`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * Text that is already safe where it goes: the sheet and the scripts are made inlineable by
 * assets.ts and the JSON by jsonForScript; escaping them as HTML would break them.
 */
function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}
