// report.html: one self-contained document. Aggregates are computed here; the page gets static
// tables plus a small JSON block of chart data that page.js draws with the inlined Chart.js.
import { createHash } from 'node:crypto';
import { type Assessment, type DisciplineEntry, type Grade, type Plan, type Reject, redactIds } from '@fenji/domain';
import {
  byCodePoint,
  type Changes,
  changes,
  countByRegion,
  type InspectorLoad,
  inspectorLoad,
  planByRegion,
  type RejectGroup,
  type ReportInspector,
  rejectGroups,
  totals,
} from './aggregate.ts';
import { chartJsSource, pageJsSource } from './assets.ts';
import { formatInt, type HtmlPart, h, jsonForScript, SafeHtml } from './html.ts';
import {
  CREDIT_CLASS_LABELS,
  DEFAULT_REGION_NAMES,
  GRADE_COLOURS,
  GRADES,
  RISK_GRADE_LABELS,
  regionLabel,
  roleLabel,
  SUMMARY_LABELS,
  stageLabel,
  violationLabel,
} from './labels.ts';

export type { DisciplineEntry };

export interface ReportInput {
  /** ISO timestamp. */
  generatedAt: string;
  asOf: string;
  period: string;
  rulesVersion: string;
  /** This run. */
  assessments: Assessment[];
  /** The latest assessments before this run; null on a first run. */
  previous: Assessment[] | null;
  plan: Plan;
  disciplineList: DisciplineEntry[];
  rejects: Reject[];
  summary: {
    accepted: number;
    duplicates: number;
    stale: number;
    conflicts: number;
    rejected: number;
    orphans: number;
    enterprisesGraded: number;
    secondsPerStage: Record<string, number>;
  };
  /** e.g. {'330302': '鹿城区'}; DEFAULT_REGION_NAMES (Wenzhou) when absent. */
  regionNames?: Record<string, string>;
  /**
   * Optional: the inspectors the plan drew from. The plan itself names only the assigned ones and
   * not their maxPerPeriod, so without this the load chart shows assignments but no capacity.
   */
  inspectors?: ReportInspector[];
}

const SUMMARY_COUNTERS = [
  'accepted',
  'duplicates',
  'stale',
  'conflicts',
  'rejected',
  'orphans',
  'enterprisesGraded',
] as const;

/** Row caps: enough to act on, small enough that 100k enterprises stay a light page. */
export const CAPS = {
  changes: 200,
  listings: 200,
  candidates: 200,
  unassigned: 200,
  strata: 500,
  inspectors: 120,
  rejectGroups: 50,
  rejectChartBars: 12,
  rejectExamples: 3,
} as const;

interface ChartDataset {
  label: string;
  data: number[];
  colour: string;
  border?: string;
}

interface ChartSpec {
  id: string;
  title: string;
  horizontal: boolean;
  stacked: boolean;
  integer: boolean;
  labels: string[];
  datasets: ChartDataset[];
  categoryTitle?: string;
  valueTitle?: string;
}

/** Collects chart specs while sections render, so the JSON block holds exactly the drawn charts. */
class Charts {
  readonly specs: ChartSpec[] = [];
  figure(spec: ChartSpec, heightPx: number, describedBy?: string): SafeHtml {
    this.specs.push(spec);
    const described = describedBy ? h` aria-describedby="${describedBy}"` : '';
    // The canvas's text is its fallback for browsers without canvas and for screen readers.
    return h`<figure class="chart"><div class="chart-box" style="height:${heightPx}px"><canvas id="${spec.id}" role="img" aria-label="${spec.title}"${described}>${spec.title}</canvas></div></figure>`;
  }
}

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

function pct(part: number, whole: number): string {
  if (whole === 0) return '—';
  return `${((100 * part) / whole).toFixed(1)}%`;
}

function capNote(shown: number, total: number): HtmlPart {
  if (total <= shown) return null;
  return h`<p class="note">仅显示前 ${formatInt(shown)} 条，共 ${formatInt(total)} 条。 Showing the first ${formatInt(shown)} of ${formatInt(total)}.</p>`;
}

function table(
  headers: readonly string[] | SafeHtml,
  rows: readonly HtmlPart[][],
  opts: { id?: string; caption?: string } = {},
) {
  const id = opts.id ? h` id="${opts.id}"` : '';
  const caption = opts.caption ? h`<caption>${opts.caption}</caption>` : '';
  const head = headers instanceof SafeHtml ? headers : h`<tr>${headers.map((x) => h`<th scope="col">${x}</th>`)}</tr>`;
  return h`<div class="table-wrap"><table${id}>${caption}<thead>${head}</thead><tbody>${rows.map((r) => h`<tr>${r.map((c) => h`<td>${c}</td>`)}</tr>`)}</tbody></table></div>`;
}

function gradeBadge(g: Grade): SafeHtml {
  return h`<span class="grade grade-${g}">${g}</span>`;
}

function enterpriseCell(name: string, uscc: string): SafeHtml {
  return h`${name}<br><span class="code">${uscc}</span>`;
}

export function renderReport(input: ReportInput): string {
  const names = input.regionNames ?? DEFAULT_REGION_NAMES;
  const region = (code: string) => regionLabel(code, names);
  const charts = new Charts();
  const a = input.assessments;

  const keyCount = a.reduce((n, x) => n + (x.keyInspection ? 1 : 0), 0);
  const overdueCount = a.reduce((n, x) => n + (x.inspectionOverdue ? 1 : 0), 0);
  const listed = a.filter((x) => x.seriousListing !== null).length;
  const candidates = a
    .filter((x) => x.listingCandidate !== null)
    .sort((x, y) => byCodePoint(x.region, y.region) || byCodePoint(x.uscc, y.uscc));
  const listingEntries = input.disciplineList.filter((e) => e.kind === 'listing');
  const personBars = input.disciplineList.filter((e) => e.kind === 'person_bar');
  const assigned = input.plan.inspections.filter((i) => i.status === 'assigned').length;
  const unassigned = input.plan.inspections.length - assigned;
  const diff = changes(a, input.previous, CAPS.changes);
  const title = `fenji 分级报告 Grading report · ${input.asOf} · ${input.period}`;

  const sections: SafeHtml[] = [
    kpis(),
    gradeSection(),
    changesSection(diff),
    disciplineSection(),
    planSection(),
    rejectsSection(),
    runSection(),
  ];

  const chartJs = chartJsSource();
  const pageJs = pageJsSource();
  // Defence in depth behind the escaping: the page may run only these two scripts and may load
  // nothing at all, so even a missed escape could neither execute nor phone home.
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256Base64(chartJs)}' 'sha256-${sha256Base64(pageJs)}'`,
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  return `<!DOCTYPE html>
${h`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="fenji">
<title>${title}</title>
<style>${rawHtml(STYLE)}</style>
</head>
<body>
<header class="page-header">
<p class="brand">fenji 分级</p>
<h1>风险分级与信用监管报告 <span class="en">Risk grading and credit supervision report</span></h1>
<dl class="meta">
<div><dt>评定日期 As of</dt><dd>${input.asOf}</dd></div>
<div><dt>计划周期 Period</dt><dd>${input.period}</dd></div>
<div><dt>规则集 Rule set</dt><dd>${input.rulesVersion}</dd></div>
<div><dt>生成时间 Generated at</dt><dd>${input.generatedAt}</dd></div>
<div><dt>上次评定 Previous run</dt><dd>${diff ? (diff.previousAsOf ?? '—') : '首次运行 first run'}</dd></div>
</dl>
<nav aria-label="目录 Contents"><ul>
<li><a href="#grades">风险等级与信用风险分类 Grades and credit classes</a></li>
<li><a href="#changes">变化 Changes</a></li>
<li><a href="#discipline">严重违法失信名单 Serious list</a></li>
<li><a href="#plan">双随机抽查计划 Plan</a></li>
<li><a href="#rejects">退回记录 Rejects</a></li>
<li><a href="#run">运行情况 Run</a></li>
</ul></nav>
</header>
<main>
${sections}
</main>
<footer><p>fenji · ${input.rulesVersion} · ${input.generatedAt} · 本报告为单一离线文件，不加载任何外部资源。 This report is a single offline file and loads nothing from the network.</p></footer>
<script type="application/json" id="report-data">${jsonData({ charts: charts.specs })}</script>
<script>${rawScript(chartJs)}</script>
<script>${rawScript(pageJs)}</script>
</body>
</html>
`}`;

  function kpis(): SafeHtml {
    const tile = (label: string, value: number, sub: HtmlPart, tone = '') =>
      h`<div class="tile ${tone}"><div class="tile-label">${label}</div><div class="tile-value">${formatInt(value)}</div><div class="tile-sub">${sub}</div></div>`;
    const graded = input.summary.enterprisesGraded;
    return h`<section aria-label="概况 Key figures" class="tiles">
${tile('已评定企业 Enterprises assessed', a.length, graded === a.length ? '' : `本次运行评定 graded this run: ${formatInt(graded)}`)}
${tile('重点监督检查 Key inspection', keyCount, `${pct(keyCount, a.length)} 的企业 of enterprises`)}
${tile('严重违法失信名单 Serious listings', listed, `名单条目 list entries ${formatInt(listingEntries.length)} · 人员限制 person bars ${formatInt(personBars.length)}`, listed > 0 ? 'alert' : '')}
${tile('拟列入 Listing candidates', candidates.length, '待监管部门决定 awaiting a decision', candidates.length > 0 ? 'warn' : '')}
${tile('抽查计划 Planned inspections', input.plan.inspections.length, `已分配 assigned ${formatInt(assigned)} · 未分配 unassigned ${formatInt(unassigned)}`, unassigned > 0 ? 'warn' : '')}
${tile('逾期未全面检查 Inspection overdue', overdueCount, '24 个月内无全面检查 no full inspection in 24 months')}
${tile('退回记录 Rejected records', input.rejects.length, `接收 accepted ${formatInt(input.summary.accepted)}`, input.rejects.length > 0 ? 'warn' : '')}
</section>`;
  }

  function gradeSection(): SafeHtml {
    const grades = countByRegion(a, 'riskGrade');
    const classes = countByRegion(a, 'creditClass');
    const labels = grades.map((r) => region(r.region));
    const stackedBy = (rows: typeof grades, names: Record<Grade, string>): ChartDataset[] =>
      GRADES.map((g) => ({ label: names[g], data: rows.map((r) => r.counts[g]), colour: GRADE_COLOURS[g] }));
    const keyByRegion = new Map<string, number>();
    for (const x of a) if (x.keyInspection) keyByRegion.set(x.region, (keyByRegion.get(x.region) ?? 0) + 1);
    const classByRegion = new Map(classes.map((r) => [r.region, r]));
    const gradeTotal = totals(grades);
    const classTotal = totals(classes);
    const rows: HtmlPart[][] = grades.map((r) => {
      const c = classByRegion.get(r.region);
      return [
        region(r.region),
        ...GRADES.map((g) => formatInt(r.counts[g])),
        ...GRADES.map((g) => formatInt(c?.counts[g] ?? 0)),
        formatInt(keyByRegion.get(r.region) ?? 0),
        formatInt(r.total),
      ];
    });
    rows.push([
      h`<strong>合计 Total</strong>`,
      ...GRADES.map((g) => h`<strong>${formatInt(gradeTotal[g])}</strong>`),
      ...GRADES.map((g) => h`<strong>${formatInt(classTotal[g])}</strong>`),
      h`<strong>${formatInt(keyCount)}</strong>`,
      h`<strong>${formatInt(a.length)}</strong>`,
    ]);
    const height = 340;
    const body =
      a.length === 0
        ? h`<p class="empty">本次无评定结果。 No assessments in this run.</p>`
        : h`<div class="grid-2">
${charts.figure(
  {
    id: 'chart-grade-region',
    title: '各区域风险等级分布 Risk grade (风险等级) by region',
    horizontal: false,
    stacked: true,
    integer: true,
    labels,
    datasets: stackedBy(grades, RISK_GRADE_LABELS),
    valueTitle: '企业数 Enterprises',
  },
  height,
  'table-grades',
)}
${charts.figure(
  {
    id: 'chart-credit-region',
    title: '各区域信用风险分类分布 Credit class (信用风险分类) by region',
    horizontal: false,
    stacked: true,
    integer: true,
    labels: classes.map((r) => region(r.region)),
    datasets: stackedBy(classes, CREDIT_CLASS_LABELS),
    valueTitle: '企业数 Enterprises',
  },
  height,
  'table-grades',
)}
</div>
${table(
  h`<tr><th scope="col" rowspan="2">区域 Region</th><th scope="colgroup" colspan="4" class="group">风险等级 Risk grade</th><th scope="colgroup" colspan="4" class="group">信用风险分类 Credit class</th><th scope="col" rowspan="2">重点监督检查 Key inspection</th><th scope="col" rowspan="2">合计 Total</th></tr>
<tr>${GRADES.map((g) => h`<th scope="col" class="num">${gradeBadge(g)}</th>`)}${GRADES.map((g) => h`<th scope="col" class="num">${gradeBadge(g)}</th>`)}</tr>`,
  rows,
  {
    id: 'table-grades',
    caption: '各区域风险等级与信用风险分类（企业数） Risk grades and credit classes by region (enterprises)',
  },
)}`;
    return h`<section id="grades"><h2>风险等级与信用风险分类 <span class="en">Risk grades and credit classes</span></h2>${body}</section>`;
  }

  function changesSection(d: Changes | null): SafeHtml {
    const heading = h`<h2>与上次评定比较 <span class="en">Changes since the previous run</span></h2>`;
    if (d === null) {
      return h`<section id="changes">${heading}<p class="empty">首次运行，没有可比较的上次评定结果。 First run: there is no previous result to compare with.</p></section>`;
    }
    const summary = table(
      ['', '风险升高 Up (towards D)', '风险降低 Down (towards A)', '不变 Unchanged'],
      [
        ['风险等级 Risk grade', formatInt(d.grade.up), formatInt(d.grade.down), formatInt(d.grade.same)],
        ['信用风险分类 Credit class', formatInt(d.credit.up), formatInt(d.credit.down), formatInt(d.credit.same)],
      ],
      { caption: '两次均有评定的企业 Enterprises assessed in both runs' },
    );
    const matrix = table(
      ['上次 Previous ＼ 本次 Current', ...GRADES.map((g) => `本次 ${g} now`)],
      GRADES.map((g, i) => [
        h`上次 ${g} before`,
        // Off the diagonal and non-zero: the moves worth a look.
        ...d.gradeTransitions[i].map((n, j) =>
          i === j || n === 0 ? formatInt(n) : h`<strong>${formatInt(n)}</strong>`,
        ),
      ]),
      { caption: '风险等级转移 Risk-grade transitions (enterprises)' },
    );
    const chart =
      d.byRegion.length === 0
        ? h`<p class="empty">没有风险等级或信用风险分类发生变化的企业。 No enterprise changed grade or credit class.</p>`
        : charts.figure(
            {
              id: 'chart-changes-region',
              title: '各区域等级变化 Grade and credit-class changes by region',
              horizontal: false,
              stacked: false,
              integer: true,
              labels: d.byRegion.map((r) => region(r.region)),
              datasets: [
                { label: '风险等级升高 Risk grade up', data: d.byRegion.map((r) => r.gradeUp), colour: '#c62828' },
                { label: '风险等级降低 Risk grade down', data: d.byRegion.map((r) => r.gradeDown), colour: '#2e7d32' },
                { label: '信用风险升高 Credit class up', data: d.byRegion.map((r) => r.creditUp), colour: '#f0a000' },
                {
                  label: '信用风险降低 Credit class down',
                  data: d.byRegion.map((r) => r.creditDown),
                  colour: '#00897b',
                },
              ],
              valueTitle: '企业数 Enterprises',
            },
            300,
          );
    const arrow = (from: Grade, to: Grade) =>
      from === to ? gradeBadge(to) : h`${gradeBadge(from)} → ${gradeBadge(to)}`;
    const rows = d.rows.map((r) => [
      enterpriseCell(r.name, r.uscc),
      region(r.region),
      arrow(r.previousGrade, r.riskGrade),
      arrow(r.previousClass, r.creditClass),
      `${r.previousScore} → ${r.riskScore}`,
    ]);
    return h`<section id="changes">${heading}
<p>比较 ${formatInt(d.compared)} 家企业；新增 ${formatInt(d.added)} 家，不再评定 ${formatInt(d.removed)} 家。 Compared ${formatInt(d.compared)} enterprises; ${formatInt(d.added)} new, ${formatInt(d.removed)} no longer assessed.</p>
<div class="grid-2">${summary}${matrix}</div>
${chart}
${
  d.rows.length === 0
    ? ''
    : h`<h3>等级或分类发生变化的企业 <span class="en">Enterprises whose grade or credit class changed</span></h3>
<p class="note">风险升高者在前。 Worsened first.</p>
${table(['企业 Enterprise', '区域 Region', '风险等级 Risk grade', '信用风险分类 Credit class', '风险分值 Risk score'], rows)}
${capNote(d.rows.length, d.changedTotal)}`
}
</section>`;
  }

  function personsCell(persons: DisciplineEntry['persons']): HtmlPart {
    if (persons.length === 0) return '—';
    // Only name, role and the masked ID are read, whatever else the object carries; the masked
    // value is redacted again in case a clear number was put there by mistake.
    return persons.map(
      (p) =>
        h`<div class="person">${p.name}（${roleLabel(p.role)}）<span class="code">${redactIds(String(p.idMasked))}</span></div>`,
    );
  }

  function disciplineSection(): SafeHtml {
    const measureIndex = new Map<string, { n: number; zh: string; en: string }>();
    for (const e of input.disciplineList) {
      for (const m of e.measures) {
        if (!measureIndex.has(m.code)) measureIndex.set(m.code, { n: measureIndex.size + 1, zh: m.zh, en: m.en });
      }
    }
    const measuresCell = (ms: DisciplineEntry['measures']) =>
      ms.map((m) => {
        const x = measureIndex.get(m.code);
        return h`<span class="chip" title="${m.zh} ${m.en}">M${x?.n ?? '?'}</span> `;
      });
    const legend =
      measureIndex.size === 0
        ? ''
        : h`<div class="legend"><p><strong>联合惩戒措施 Joint-discipline measures (SDL-44 Art. 15)</strong></p><ul>${[
            ...measureIndex.values(),
          ].map(
            (m) => h`<li><span class="chip">M${m.n}</span> ${m.zh} <span class="en">${m.en}</span></li>`,
          )}</ul></div>`;

    const byDate = (x: DisciplineEntry, y: DisciplineEntry) =>
      byCodePoint(y.listedOn, x.listedOn) || byCodePoint(x.uscc, y.uscc) || byCodePoint(x.recordId, y.recordId);
    const listingRows = [...listingEntries]
      .sort(byDate)
      .slice(0, CAPS.listings)
      .map((e) => [
        enterpriseCell(e.name, e.uscc),
        region(e.region),
        e.recordId,
        violationLabel(e.violation),
        e.listedOn,
        e.expiresOn,
        personsCell(e.persons),
        measuresCell(e.measures),
      ]);
    const barRows = [...personBars]
      .sort(byDate)
      .slice(0, CAPS.listings)
      .map((e) => [
        personsCell(e.persons),
        enterpriseCell(e.name, e.uscc),
        region(e.region),
        e.recordId,
        e.listedOn,
        e.expiresOn,
        measuresCell(e.measures),
      ]);
    const candidateRows = candidates
      .slice(0, CAPS.candidates)
      .map((x) => [
        enterpriseCell(x.name, x.uscc),
        region(x.region),
        gradeBadge(x.riskGrade),
        gradeBadge(x.creditClass),
        (x.listingCandidate?.recordIds ?? []).join('；'),
      ]);

    const regions = new Map<string, { listings: number; bars: number; candidates: number }>();
    const at = (r: string) => {
      let v = regions.get(r);
      if (!v) {
        v = { listings: 0, bars: 0, candidates: 0 };
        regions.set(r, v);
      }
      return v;
    };
    for (const e of listingEntries) at(e.region).listings++;
    for (const e of personBars) at(e.region).bars++;
    for (const x of candidates) at(x.region).candidates++;
    const regionCodes = [...regions.keys()].sort(byCodePoint);
    const chart =
      regionCodes.length === 0
        ? ''
        : charts.figure(
            {
              id: 'chart-discipline-region',
              title: '各区域严重违法失信名单与拟列入 Serious list and candidates by region',
              horizontal: false,
              stacked: false,
              integer: true,
              labels: regionCodes.map(region),
              datasets: [
                {
                  label: '严重违法失信名单 Serious listings',
                  data: regionCodes.map((r) => regions.get(r)?.listings ?? 0),
                  colour: '#c62828',
                },
                {
                  label: '拟列入 Listing candidates',
                  data: regionCodes.map((r) => regions.get(r)?.candidates ?? 0),
                  colour: '#f0a000',
                },
                {
                  label: '人员从业限制 Person bars',
                  data: regionCodes.map((r) => regions.get(r)?.bars ?? 0),
                  colour: '#6a1b9a',
                },
              ],
              valueTitle: '条目数 Entries',
            },
            280,
          );

    return h`<section id="discipline"><h2>严重违法失信名单与联合惩戒 <span class="en">Serious illegal-dishonest list and joint discipline</span></h2>
${chart}
${legend}
<h3>严重违法失信名单 <span class="en">Serious listings</span> (${formatInt(listingEntries.length)})</h3>
${
  listingRows.length === 0
    ? h`<p class="empty">名单中无有效条目。 No active listing.</p>`
    : table(
        [
          '企业 Enterprise',
          '区域 Region',
          '处罚决定书文号 Decision no.',
          '违法行为 Violation',
          '列入日期 Listed on',
          '届满日期 Expires on',
          '相关人员 Persons',
          '惩戒措施 Measures',
        ],
        listingRows,
      )
}
${capNote(listingRows.length, listingEntries.length)}
<h3>人员从业限制 <span class="en">Person bars (FSL Art. 135)</span> (${formatInt(personBars.length)})</h3>
${
  barRows.length === 0
    ? h`<p class="empty">无有效人员从业限制。 No active person bar.</p>`
    : table(
        [
          '人员 Person',
          '企业 Enterprise',
          '区域 Region',
          '处罚决定书文号 Decision no.',
          '决定日期 Decided on',
          '限制届满 Bar expires on',
          '惩戒措施 Measures',
        ],
        barRows,
      )
}
${capNote(barRows.length, personBars.length)}
<h3>拟列入 <span class="en">Listing candidates</span> (${formatInt(candidates.length)})</h3>
<p class="note">由系统提出，须经监管部门决定。 Proposed by fenji; a regulator decides.</p>
${
  candidateRows.length === 0
    ? h`<p class="empty">无拟列入企业。 No candidate.</p>`
    : table(
        [
          '企业 Enterprise',
          '区域 Region',
          '风险等级 Risk grade',
          '信用风险分类 Credit class',
          '依据处罚决定 Penalty decisions',
        ],
        candidateRows,
      )
}
${capNote(candidateRows.length, candidates.length)}
</section>`;
  }

  function planSection(): SafeHtml {
    const plan = input.plan;
    const rows = planByRegion(plan);
    const regionChart =
      rows.length === 0
        ? h`<p class="empty">本周期无计划检查。 No inspection planned for this period.</p>`
        : charts.figure(
            {
              id: 'chart-plan-region',
              title: '各区域抽查计划 Planned inspections by region',
              horizontal: false,
              stacked: true,
              integer: true,
              labels: rows.map((r) => region(r.region)),
              datasets: [
                {
                  label: '必查（已分配） Mandatory, assigned',
                  data: rows.map((r) => r.mandatoryAssigned),
                  colour: '#1565c0',
                },
                {
                  label: '随机抽取（已分配） Random, assigned',
                  data: rows.map((r) => r.randomAssigned),
                  colour: '#64b5f6',
                },
                {
                  label: '未分配 Unassigned',
                  data: rows.map((r) => r.unassigned),
                  colour: '#ffcdd2',
                  border: '#c62828',
                },
              ],
              valueTitle: '检查次数 Inspections',
            },
            320,
            'table-plan',
          );
    const regionTable = table(
      [
        '区域 Region',
        '企业数 Enterprises',
        '必查 Mandatory',
        '随机抽取 Random',
        '已分配 Assigned',
        '未分配 Unassigned',
      ],
      rows.map((r) => [
        region(r.region),
        formatInt(r.population),
        formatInt(r.mandatory),
        formatInt(r.random),
        formatInt(r.assigned),
        r.unassigned > 0 ? h`<strong class="bad">${formatInt(r.unassigned)}</strong>` : '0',
      ]),
      { id: 'table-plan', caption: '各区域抽查计划 Plan by region' },
    );

    const loads = inspectorLoad(plan, input.inspectors);
    const shownLoads = capLoads(loads, CAPS.inspectors);
    const withMax = shownLoads.some((l) => l.maxPerPeriod !== null);
    const loadChart =
      shownLoads.length === 0
        ? h`<p class="empty">无检查人员分配。 No inspector assigned.</p>`
        : charts.figure(
            {
              id: 'chart-inspector-load',
              title: withMax
                ? '检查人员任务量与上限 Inspector load: assignments and maxPerPeriod'
                : '检查人员任务量 Inspector load: assignments',
              horizontal: true,
              stacked: true,
              integer: true,
              labels: shownLoads.map(
                (l) => `${l.inspectorId}${l.name ? ` ${l.name}` : ''}${l.region ? ` · ${region(l.region)}` : ''}`,
              ),
              datasets: [
                { label: '已分配 Assigned', data: shownLoads.map((l) => l.assigned), colour: '#1565c0' },
                ...(withMax
                  ? [
                      {
                        // Stacked on the assignments, so the full bar is the inspector's maxPerPeriod.
                        label: '剩余容量（至上限） Remaining up to maxPerPeriod',
                        data: shownLoads.map((l) => Math.max(0, (l.maxPerPeriod ?? l.assigned) - l.assigned)),
                        colour: '#e3eaf3',
                        border: '#90a4ae',
                      },
                    ]
                  : []),
              ],
              valueTitle: '检查次数 Inspections',
            },
            90 + 22 * shownLoads.length,
          );
    const loadNote = withMax
      ? h`<p class="note">整条长度为该检查人员本周期上限 maxPerPeriod。 The whole bar is the inspector's maxPerPeriod.</p>`
      : h`<p class="note">未提供检查人员名册，无法显示上限。 No inspector roster was passed, so maxPerPeriod is not shown.</p>`;

    const unassignedAll = plan.inspections.filter((i) => i.status === 'unassigned');
    const unassignedRows = unassignedAll
      .slice(0, CAPS.unassigned)
      .map((i) => [
        region(i.region),
        enterpriseCell(i.name, i.uscc),
        gradeBadge(i.riskGrade),
        i.keyInspection ? '重点 key' : '—',
        i.kind === 'mandatory' ? '必查 mandatory' : '随机抽取 random',
        String(i.slot),
        i.reason === 'insufficient_inspectors' ? '检查人员不足 insufficient inspectors' : (i.reason ?? '—'),
      ]);
    const strataRows = plan.strata
      .slice(0, CAPS.strata)
      .map((s) => [
        region(s.region),
        gradeBadge(s.riskGrade),
        s.keyInspection ? '重点 key' : '—',
        formatInt(s.population),
        String(s.mandatoryPerMember),
        s.remainder,
        formatInt(s.due),
        formatInt(s.drawn),
        h`<span class="code small">${s.populationDigest}</span>`,
      ]);

    return h`<section id="plan"><h2>双随机抽查计划 <span class="en">Double-random inspection plan</span></h2>
<dl class="meta small">
<div><dt>周期 Period</dt><dd>${plan.period}</dd></div>
<div><dt>评定日期 As of</dt><dd>${plan.asOf}</dd></div>
<div><dt>随机种子 Seed</dt><dd class="code">${plan.seed}</dd></div>
<div><dt>种子承诺 Seed commitment (SHA-256)</dt><dd class="code small">${plan.seedCommitment}</dd></div>
</dl>
${regionChart}
${rows.length === 0 ? '' : regionTable}
<h3>检查人员任务量 <span class="en">Inspector load</span></h3>
${loadChart}
${loadNote}
${capNote(shownLoads.length, loads.length)}
<h3>未分配的检查 <span class="en">Unassigned inspections</span> (${formatInt(unassignedAll.length)})</h3>
${
  unassignedRows.length === 0
    ? h`<p class="empty">全部已分配。 Every inspection is assigned.</p>`
    : table(
        [
          '区域 Region',
          '企业 Enterprise',
          '风险等级 Risk grade',
          '重点监督检查 Key inspection',
          '类型 Kind',
          '序号 Slot',
          '原因 Reason',
        ],
        unassignedRows,
      )
}
${capNote(unassignedRows.length, unassignedAll.length)}
<details><summary>抽样分层（可复核） <span class="en">Strata, for re-running the draw</span> (${formatInt(plan.strata.length)})</summary>
${table(
  [
    '区域 Region',
    '风险等级 Risk grade',
    '重点监督检查 Key inspection',
    '企业数 Population',
    '每家必查次数 Mandatory per member',
    '余数 r Remainder',
    '到期 Due',
    '抽取 Drawn',
    '总体摘要 Population digest',
  ],
  strataRows,
)}
${capNote(strataRows.length, plan.strata.length)}
</details>
</section>`;
  }

  function rejectsSection(): SafeHtml {
    const heading = h`<h2>退回记录 <span class="en">Rejected records</span> (${formatInt(input.rejects.length)})</h2>`;
    if (input.rejects.length === 0) {
      return h`<section id="rejects">${heading}<p class="empty">没有退回记录。 No record was rejected.</p></section>`;
    }
    const groups = rejectGroups(input.rejects, CAPS.rejectExamples);
    const top = groups.slice(0, CAPS.rejectChartBars);
    const chart = charts.figure(
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
    const shown = groups.slice(0, CAPS.rejectGroups);
    const rows = shown.map((g: RejectGroup) => [
      h`<strong>${formatInt(g.count)}</strong>`,
      h`<span class="code">${g.field}</span>`,
      g.message,
      g.examples.map(
        (e) =>
          h`<div class="example"><span class="code">${e.line === null ? e.source : `${e.source}:${e.line}`}</span>${e.recordId === null ? '' : h` · ${e.recordId}`}<br><span class="muted">${e.message}</span></div>`,
      ),
    ]);
    return h`<section id="rejects">${heading}
${chart}
${table(['记录数 Records', '字段 Field', '原因 Reason', '示例（来源:行） Examples (source:line)'], rows, {
  id: 'table-rejects',
  caption: '按首个错误的字段和原因归并 Grouped by the first error’s field and message',
})}
${capNote(shown.length, groups.length)}
</section>`;
  }

  function runSection(): SafeHtml {
    const s = input.summary;
    const counters = SUMMARY_COUNTERS.map((k) => [SUMMARY_LABELS[k], formatInt(s[k])]);
    const stages = Object.entries(s.secondsPerStage);
    const totalSeconds = stages.reduce((n, [, v]) => n + v, 0);
    const chart =
      stages.length === 0
        ? ''
        : charts.figure(
            {
              id: 'chart-stages',
              title: `各阶段耗时（秒） Time per stage (seconds) · 合计 total ${totalSeconds.toFixed(2)} s`,
              horizontal: true,
              stacked: false,
              integer: false,
              labels: stages.map(([k]) => stageLabel(k)),
              datasets: [{ label: '秒 Seconds', data: stages.map(([, v]) => Number(v.toFixed(3))), colour: '#546e7a' }],
              valueTitle: '秒 Seconds',
            },
            80 + 30 * stages.length,
          );
    return h`<section id="run"><h2>运行情况 <span class="en">Run</span></h2>
<div class="grid-2">
${table(['项目 Item', '数量 Count'], counters, { caption: '导入与评定 Ingestion and grading' })}
${chart}
</div>
</section>`;
  }
}

/**
 * At most `cap` inspectors: the busiest relative to their limit, so overloaded ones are never
 * the ones cut, shown in region/id order.
 */
function capLoads(loads: InspectorLoad[], cap: number): InspectorLoad[] {
  if (loads.length <= cap) return loads;
  const ratio = (l: InspectorLoad) => (l.maxPerPeriod ? l.assigned / l.maxPerPeriod : l.assigned);
  const keep = new Set(
    [...loads]
      .sort((x, y) => ratio(y) - ratio(x) || byCodePoint(x.inspectorId, y.inspectorId))
      .slice(0, cap)
      .map((l) => l.inspectorId),
  );
  return loads.filter((l) => keep.has(l.inspectorId));
}

function truncate(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : s;
}

function jsonData(value: unknown): SafeHtml {
  return rawHtml(jsonForScript(value));
}

/** Script text is already made inlineable by assets.ts; escaping it as HTML would break it. */
function rawScript(source: string): SafeHtml {
  return rawHtml(source);
}

function rawHtml(s: string): SafeHtml {
  return new SafeHtml(s);
}

const STYLE = `
:root{--ink:#1f2933;--muted:#5f6b7a;--line:#d9dee5;--bg:#f5f7fa;--card:#fff;--accent:#1565c0}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
.page-header,main,footer{max-width:1280px;margin:0 auto;padding:0 24px}
.page-header{padding-top:20px}
.brand{margin:0;color:var(--accent);font-weight:700;letter-spacing:.05em}
h1{font-size:24px;margin:4px 0 12px}
h2{font-size:19px;margin:0 0 12px;padding-bottom:6px;border-bottom:2px solid var(--accent)}
h3{font-size:15px;margin:20px 0 8px}
.en{color:var(--muted);font-weight:normal}
h1 .en,h2 .en,h3 .en{font-size:.85em}
.meta{display:flex;flex-wrap:wrap;gap:8px 28px;margin:0 0 12px}
.meta div{min-width:0}
.meta dt{font-size:12px;color:var(--muted)}
.meta dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.meta.small dd{font-weight:500}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:6px 16px;padding:0;margin:0 0 16px}
nav a{color:var(--accent);text-decoration:none}
nav a:hover{text-decoration:underline}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:0 0 18px;break-inside:avoid-page}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(165px,1fr));gap:12px;background:none;border:0;padding:0}
.tile{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:6px;padding:10px 12px}
.tile.warn{border-left-color:#f0a000}
.tile.alert{border-left-color:#c62828}
.tile-label{font-size:12px;color:var(--muted)}
.tile-value{font-size:26px;font-weight:700;line-height:1.2}
.tile-sub{font-size:11px;color:var(--muted)}
.grid-2{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:16px;align-items:start}
figure.chart{margin:0 0 12px}
.chart-box{position:relative;width:100%}
.table-wrap{overflow-x:auto;margin:0 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--muted)}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef2f7;font-weight:600;font-size:12px}
th.group{text-align:center;border-bottom:1px solid #c5ccd6}
tbody tr:nth-child(even){background:#fafbfc}
td{overflow-wrap:anywhere}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px}
.small{font-size:11px}
.muted{color:var(--muted)}
.bad{color:#c62828}
.note{color:var(--muted);font-size:12px;margin:4px 0 8px}
.empty{color:var(--muted);font-style:italic}
.grade{display:inline-block;min-width:1.6em;text-align:center;border-radius:4px;color:#fff;font-weight:700;font-size:12px;padding:0 4px}
.grade-A{background:#2e7d32}.grade-B{background:#1976d2}.grade-C{background:#f0a000;color:#1f2933}.grade-D{background:#c62828}
.chip{display:inline-block;border:1px solid #90a4ae;border-radius:10px;padding:0 6px;font-size:11px;background:#eceff1}
.legend ul{list-style:none;padding:0;margin:0 0 8px}
.legend li{margin:2px 0}
.person+.person,.example+.example{margin-top:4px}
details summary{cursor:pointer;font-weight:600;margin:12px 0 6px}
footer{color:var(--muted);font-size:12px;padding-bottom:24px}
@media print{body{background:#fff}section{border:0;padding:0}nav{display:none}details>*{display:block}}
`;
