// Pieces more than one section uses: the context sections render in, tables, cap notes, grade
// badges and enterprise cells.
import type { Grade } from '@fenji/domain';
import type { Charts } from './charts.ts';
import { formatInt, type HtmlPart, h, SafeHtml } from './html.ts';

/** Region code to its label (`鹿城区 330302`), with the run's region names. */
export type RegionLabel = (code: string) => string;

/** What a section needs from the page beyond its own data. */
export interface SectionContext {
  region: RegionLabel;
  /** Shared, so the page's JSON block lists the charts of every section in page order. */
  charts: Charts;
  /** Output files written beside the report, which a section links. */
  files: readonly string[];
}

/** Links to the files of `names` that were written beside the report (relative: they sit in the same folder). */
export function downloads(names: readonly string[], ctx: SectionContext): HtmlPart {
  const present = names.filter((n) => ctx.files.includes(n));
  if (present.length === 0) return null;
  return h`<p class="small">下载 Download: ${present.map((n, i) => h`${i > 0 ? ' · ' : ''}<a href="${n}">${n}</a>`)}</p>`;
}

export function capNote(shown: number, total: number): HtmlPart {
  if (total <= shown) return null;
  return h`<p class="note">仅显示前 ${formatInt(shown)} 条，共 ${formatInt(total)} 条。 Showing the first ${formatInt(shown)} of ${formatInt(total)}.</p>`;
}

export function table(
  headers: readonly string[] | SafeHtml,
  rows: readonly HtmlPart[][],
  opts: { id?: string; caption?: string } = {},
): SafeHtml {
  const id = opts.id ? h` id="${opts.id}"` : '';
  const caption = opts.caption ? h`<caption>${opts.caption}</caption>` : '';
  const head = headers instanceof SafeHtml ? headers : h`<tr>${headers.map((x) => h`<th scope="col">${x}</th>`)}</tr>`;
  return h`<div class="table-wrap"><table${id}>${caption}<thead>${head}</thead><tbody>${rows.map((r) => h`<tr>${r.map((c) => h`<td>${c}</td>`)}</tr>`)}</tbody></table></div>`;
}

/** The table, or when there is no row, a sentence saying so in its place. */
export function tableOrEmpty(headers: readonly string[], rows: readonly HtmlPart[][], empty: string): SafeHtml {
  return rows.length === 0 ? h`<p class="empty">${empty}</p>` : table(headers, rows);
}

export function gradeBadge(g: Grade): SafeHtml {
  return h`<span class="grade grade-${g}">${g}</span>`;
}

export function enterpriseCell(name: string, uscc: string): SafeHtml {
  return h`${name}<br><span class="code">${uscc}</span>`;
}
