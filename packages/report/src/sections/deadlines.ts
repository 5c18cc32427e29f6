// Statutory time limits (时限, deadlines.md): whether each district met them in the period, how
// many cases of each kind stand in each state, the cases now overdue, longest first, and those
// still open. The cases and the period's metrics come computed by the domain; this lays them out.
import { type Assessment, CASE_KINDS, type Case, type CaseKind, type CaseMetric, type CaseState } from '@fenji/domain';
import { byCodePoint, casesByKindAndState, openCases, overdueCases } from '../aggregate.ts';
import { capNote, enterpriseCell, type RegionLabel, type SectionContext, table, tableOrEmpty } from '../blocks.ts';
import { CAPS } from '../caps.ts';
import { formatInt, formatPercent, type HtmlPart, h, type SafeHtml } from '../html.ts';
import type { ReportInput } from '../input.ts';
import { CASE_KIND_LABELS, CASE_STATE_LABELS } from '../labels.ts';

/** Work in hand first, then how the closed cases ended. */
const STATE_COLUMNS: readonly CaseState[] = ['open', 'overdue', 'closed_on_time', 'closed_late', 'overturned'];

/** One height for every kind's chart, so they line up side by side. */
const CHART_HEIGHT = 280;

const PROVISIONAL_TAG = h`<span class="chip provisional">暂定 provisional</span>`;

export function deadlinesSection(
  input: Pick<ReportInput, 'period' | 'assessments' | 'caseMetrics'> & { cases: readonly Case[] },
  ctx: SectionContext,
): SafeHtml {
  const heading = h`<h2>时限 <span class="en">Deadlines</span></h2>`;
  if (input.cases.length === 0) {
    return h`<section id="deadlines">${heading}<p class="empty">本次无时限案件。 No deadline case in this run.</p></section>`;
  }
  const cells = caseCells(enterpriseNames(input.assessments), ctx.region);
  return h`<section id="deadlines">${heading}
<p class="note">每条记录的每个法定时限为一件案件。不合格核查处置按时完成率即种子计划要求达到 100% 的核查处置率。 Each statutory time limit of a record is one case. The on-time rate of disposal of failed samples is the 核查处置按时完成率 the seed plan holds at 100%.</p>
${timeliness(input.caseMetrics, input.period, ctx)}
${countsTable(input.cases)}
${overdueBlock(input.cases, cells)}
${openBlock(input.cases, cells)}
${provisionalNote(input.cases)}
</section>`;
}

/** The period's metric lines: a chart per kind, then all lines in one table. */
function timeliness(metrics: readonly CaseMetric[] | undefined, period: string, ctx: SectionContext): SafeHtml {
  const heading = h`<h3>按时办结情况 <span class="en">Timeliness</span> · ${period}</h3>`;
  // Absent and empty differ: absent means the caller did not compute them, not that nothing fell due.
  if (metrics === undefined) {
    return h`${heading}<p class="empty">未提供本周期时限指标。 No timeliness metrics were passed for this period.</p>`;
  }
  if (metrics.length === 0) {
    return h`${heading}<p class="empty">本周期内截至评定日期无到期案件。 No case fell due in this period before the as-of date.</p>`;
  }
  const lines = [...metrics].sort(
    (x, y) => byCodePoint(x.region, y.region) || CASE_KINDS.indexOf(x.kind) - CASE_KINDS.indexOf(y.kind),
  );
  const charts = CASE_KINDS.map((kind) => kindChart(kind, lines, period, ctx));
  return h`${heading}
<div class="grid-2">${charts}</div>
${table(
  [
    '区域 Region',
    '类型 Kind',
    '到期 Due',
    '按时办结 On time',
    '逾期办结 Late',
    '逾期未办结 Overdue, open',
    '按时办结率 On-time rate',
  ],
  lines.map((l) => [
    ctx.region(l.region),
    CASE_KIND_LABELS[l.kind],
    formatInt(l.due),
    formatInt(l.onTime),
    formatInt(l.late),
    l.overdueOpen > 0 ? h`<strong class="bad">${formatInt(l.overdueOpen)}</strong>` : '0',
    // The rate comes rounded to 4 decimals (deadlines.md §4): 2 in percent show it exactly.
    l.rate < 1 ? h`<strong class="bad">${formatPercent(l.rate, 1, 2)}</strong>` : formatPercent(l.rate, 1, 2),
  ]),
  {
    id: 'table-deadlines',
    caption: `${period} 内到期且早于评定日期的案件（不含复检推翻） Cases due in ${period} before the as-of date, overturned ones excluded`,
  },
)}`;
}

/** On time, late and still open per district, stacked so the bar's height is the cases due. */
function kindChart(kind: CaseKind, lines: readonly CaseMetric[], period: string, ctx: SectionContext): HtmlPart {
  const rows = lines.filter((l) => l.kind === kind);
  if (rows.length === 0) return '';
  return ctx.charts.figure(
    {
      id: `chart-deadlines-${kind}`,
      title: `${CASE_KIND_LABELS[kind]} · 各区域按时办结 Timeliness by district, ${period}`,
      horizontal: false,
      stacked: true,
      integer: true,
      labels: rows.map((l) => ctx.region(l.region)),
      datasets: [
        { label: '按时办结 On time', data: rows.map((l) => l.onTime), colour: '#2e7d32' },
        { label: '逾期办结 Late', data: rows.map((l) => l.late), colour: '#f0a000' },
        { label: '逾期未办结 Overdue, open', data: rows.map((l) => l.overdueOpen), colour: '#c62828' },
      ],
      valueTitle: '案件数 Cases',
    },
    CHART_HEIGHT,
    'table-deadlines',
  );
}

/** Names by USCC from this run's assessments: a case carries the code only. */
function enterpriseNames(assessments: readonly Assessment[]): Map<string, string> {
  return new Map(assessments.map((a) => [a.uscc, a.name]));
}

/**
 * The cells every case list shares: who, where, what, since when, by when and on what basis, with
 * a list's own columns (`extra`) before the basis.
 */
type CaseCells = (c: Case, extra?: HtmlPart[]) => HtmlPart[];

function caseCells(names: ReadonlyMap<string, string>, region: RegionLabel): CaseCells {
  return (c, extra = []) => {
    const name = names.get(c.uscc);
    return [
      name === undefined ? h`<span class="code">${c.uscc}</span>` : enterpriseCell(name, c.uscc),
      region(c.region),
      h`${CASE_KIND_LABELS[c.kind]}<br><span class="code">${c.recordId}</span>`,
      c.openedOn,
      c.provisional ? h`${c.dueOn} ${PROVISIONAL_TAG}` : c.dueOn,
      ...extra,
      h`<span class="code">${c.basis}</span>`,
    ];
  };
}

function caseHeaders(extra: string[] = []): string[] {
  return ['企业 Enterprise', '区域 Region', '类型 Kind', '起算日 Opened on', '到期日 Due on', ...extra, '依据 Basis'];
}

function overdueBlock(cases: readonly Case[], cells: CaseCells): SafeHtml {
  const { rows, total } = overdueCases(cases, CAPS.overdueCases);
  const body = rows.map((c) => cells(c, [h`<strong class="bad">${formatInt(c.daysLate)}</strong>`]));
  return h`<h3>已逾期案件 <span class="en">Overdue cases</span> (${formatInt(total)})</h3>
<p class="note">逾期最久者在前。 Longest overdue first.</p>
${tableOrEmpty(caseHeaders(['逾期天数 Days late']), body, '无逾期案件。 No case is overdue.')}
${capNote(rows.length, total)}`;
}

/**
 * Folded away: what falls due next, for whoever plans the work. It is also where most provisional
 * dates are, since those fall in a year whose calendar is not out yet.
 */
function openBlock(cases: readonly Case[], cells: CaseCells): HtmlPart {
  const { rows, total } = openCases(cases, CAPS.openCases);
  if (total === 0) return '';
  return h`<details><summary>办理中案件 <span class="en">Open cases, soonest due first</span> (${formatInt(total)})</summary>
${table(
  caseHeaders(),
  rows.map((c) => cells(c)),
)}
${capNote(rows.length, total)}
</details>`;
}

/** Why a date is marked provisional: whoever acts on it should know it may still move. */
function provisionalNote(cases: readonly Case[]): HtmlPart {
  const count = cases.filter((c) => c.provisional).length;
  if (count === 0) return '';
  return h`<p class="note">${PROVISIONAL_TAG} 共 ${formatInt(count)} 件案件的到期日为暂定：期限所跨年度的放假安排尚未载入，工作日暂按周一至周五计算，载入后到期日可能变动。 ${formatInt(count)} ${count === 1 ? 'case has a' : 'cases have a'} provisional due date: the holiday calendar of a year its period runs into is not loaded yet, so working days were counted Monday to Friday and the due date may move once it is.</p>`;
}

function countsTable(cases: readonly Case[]): SafeHtml {
  const counts = casesByKindAndState(cases);
  const inState = (s: CaseState) => CASE_KINDS.reduce((n, k) => n + counts[k][s], 0);
  const rows: HtmlPart[][] = CASE_KINDS.map((k) => [
    CASE_KIND_LABELS[k],
    ...STATE_COLUMNS.map((s) => formatInt(counts[k][s])),
    formatInt(STATE_COLUMNS.reduce((n, s) => n + counts[k][s], 0)),
  ]);
  const bold = (text: string) => h`<strong>${text}</strong>`;
  rows.push([
    bold('合计 Total'),
    ...STATE_COLUMNS.map((s) => bold(formatInt(inState(s)))),
    bold(formatInt(cases.length)),
  ]);
  return h`<h3>案件数 <span class="en">Cases by kind and state</span></h3>
${table(['类型 Kind', ...STATE_COLUMNS.map((s) => CASE_STATE_LABELS[s]), '合计 Total'], rows, {
  caption: '本次报告的全部案件 Every case reported this run',
})}`;
}
