// Rejected records, grouped by their first error's field and message, with a few examples each
// so a data owner can find and fix the source lines.
import type { Reject } from '@fenji/domain';
import { type RejectGroup, rejectGroups } from '../aggregate.ts';
import { capNote, table } from '../blocks.ts';
import { CAPS } from '../caps.ts';
import type { Charts } from '../charts.ts';
import { formatInt, type HtmlPart, h, type SafeHtml } from '../html.ts';

export function rejectsSection(rejects: readonly Reject[], charts: Charts): SafeHtml {
  const heading = h`<h2>退回记录 <span class="en">Rejected records</span> (${formatInt(rejects.length)})</h2>`;
  if (rejects.length === 0) {
    return h`<section id="rejects">${heading}<p class="empty">没有退回记录。 No record was rejected.</p></section>`;
  }
  const groups = rejectGroups(rejects, CAPS.rejectExamples);
  const shown = groups.slice(0, CAPS.rejectGroups);
  return h`<section id="rejects">${heading}
${reasonChart(groups.slice(0, CAPS.rejectChartBars), charts)}
${table(
  ['记录数 Records', '字段 Field', '原因 Reason', '示例（来源:行） Examples (source:line)'],
  shown.map(groupRow),
  {
    id: 'table-rejects',
    caption: '按首个错误的字段和原因归并 Grouped by the first error’s field and message',
  },
)}
${capNote(shown.length, groups.length)}
</section>`;
}

function reasonChart(top: RejectGroup[], charts: Charts): SafeHtml {
  return charts.figure(
    {
      id: 'chart-rejects',
      title: '退回原因（按首个错误） Rejects by reason (first error)',
      horizontal: true,
      stacked: false,
      integer: true,
      labels: top.map((g) => truncate(`${g.field}: ${g.message}`, 60)),
      datasets: [{ label: '记录数 Records', data: top.map((g) => g.count), colour: '#ef6c00' }],
      valueTitle: '记录数 Records',
    },
    90 + 30 * top.length,
    'table-rejects',
  );
}

function groupRow(g: RejectGroup): HtmlPart[] {
  return [
    h`<strong>${formatInt(g.count)}</strong>`,
    h`<span class="code">${g.field}</span>`,
    g.message,
    g.examples.map(
      (e) =>
        h`<div class="example"><span class="code">${e.line === null ? e.source : `${e.source}:${e.line}`}</span>${e.recordId === null ? '' : h` · ${e.recordId}`}<br><span class="muted">${e.message}</span></div>`,
    ),
  ];
}

/** By code point, so a long message never splits a character; the full text is in the table. */
function truncate(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : s;
}
