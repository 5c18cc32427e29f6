// impact.html: the rule-change impact of `npm run impact` (impact.json) as one self-contained,
// bilingual page in the report's document, stylesheet and charts — the grade and credit
// transitions as heat maps (overall and per district), inspector load before and after as a
// chart, the risk-score changes, key inspections, listings, and every enterprise whose grade
// changes with the factors and rule values that moved it.
import { GRADES, type Grade } from '@fenji/domain';
import { capNote, enterpriseCell, gradeBadge, type RegionLabel, table, tableOrEmpty } from './blocks.ts';
import { Charts } from './charts.ts';
import { reportDocument } from './document.ts';
import { formatInt, formatPercent, type HtmlPart, h, type SafeHtml } from './html.ts';
import type {
  ImpactChange,
  ImpactListing,
  ImpactPlanFigures,
  ImpactReport,
  ImpactRuleValue,
  TransitionMatrix,
} from './impact-types.ts';
import { DEFAULT_REGION_NAMES, regionLabel } from './labels.ts';

/** Rows shown of the long lists; impact.json has them all. */
export const IMPACT_CAPS = { changes: 500, listed: 200 } as const;

export function renderImpact(
  report: ImpactReport,
  regionNames: Readonly<Record<string, string>> = DEFAULT_REGION_NAMES,
) {
  const region: RegionLabel = (code) => regionLabel(code, regionNames);
  const charts = new Charts();
  const sections = [
    kpis(report),
    ruleSection(report.ruleChanges),
    transitionSection(report, region),
    planSection(report, region, charts),
    scoreSection(report, charts),
    listingSection(report, region),
    changeSection(report.changes, region),
  ];
  return reportDocument({
    title: `fenji 规则变更影响 Rule-change impact · ${report.base.id} → ${report.proposed.id} · ${report.asOf}`,
    rulesVersion: `${report.base.id} → ${report.proposed.id}`,
    generatedAt: report.generatedAt,
    header: header(report),
    sections,
    charts: charts.specs,
  });
}

// ---------------------------------------------------------------------------------------------

function ruleSetName(r: ImpactReport['base']): string {
  return `${r.id}${r.file ? ` (${r.file})` : ''}`;
}

function header(r: ImpactReport): SafeHtml {
  const p = r.population;
  return h`<header class="page-header">
<p class="brand">fenji 分级</p>
<h1>规则变更影响 <span class="en">Rule-change impact</span></h1>
<dl class="meta">
<div><dt>基准规则集 Base rule set</dt><dd>${ruleSetName(r.base)}${r.baseInForce ? ' · 评定日现行 in force on the date' : ''}</dd></div>
<div><dt>拟议规则集 Proposed rule set</dt><dd>${ruleSetName(r.proposed)}</dd></div>
<div><dt>评定日期 As of</dt><dd>${r.asOf}</dd></div>
<div><dt>计划周期 Period</dt><dd>${r.period}</dd></div>
<div><dt>评定对象 Population</dt><dd>${p.source === 'data' ? '数据目录 data folder' : p.source === 'state' ? '本地状态 local state' : '已存储的数据 stored population, table'} ${p.path} · ${formatInt(p.assessed)} 家企业 enterprises · ${formatInt(p.records)} 条记录 records</dd></div>
<div><dt>生成时间 Generated at</dt><dd>${r.generatedAt}</dd></div>
</dl>
<nav aria-label="目录 Contents"><ul>
<li><a href="#rules">变更的规则值 Rule values changed</a></li>
<li><a href="#transitions">转移矩阵 Transitions</a></li>
<li><a href="#plan">抽查计划与检查人员 Plan and inspectors</a></li>
<li><a href="#scores">风险分值变化 Risk-score changes</a></li>
<li><a href="#listings">名单 Listings</a></li>
<li><a href="#changes">变化的企业 Enterprises that change</a></li>
</ul></nav>
</header>`;
}

function signed(n: number): string {
  return n > 0 ? `+${formatInt(n)}` : n === 0 ? '±0' : formatInt(n);
}

/** A tile of a figure before → after, its change under it. */
function beforeAfter(label: string, before: number, after: number, sub: HtmlPart, tone = ''): SafeHtml {
  return h`<div class="tile ${tone}"><div class="tile-label">${label}</div><div class="tile-value" style="font-size:22px">${formatInt(before)} → ${formatInt(after)}</div><div class="tile-sub">变化 change ${signed(after - before)}${sub ? h` · ${sub}` : ''}</div></div>`;
}

function kpis(r: ImpactReport): SafeHtml {
  const s = r.summary;
  const n = r.population.assessed;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return h`<section aria-label="概况 Key figures" class="tiles">
<div class="tile ${s.riskGradeChanged > 0 ? 'warn' : ''}"><div class="tile-label">风险等级变化 Risk grade changes</div><div class="tile-value">${formatInt(s.riskGradeChanged)}</div><div class="tile-sub">${formatPercent(s.riskGradeChanged, n)} 的企业 of enterprises</div></div>
<div class="tile ${s.creditClassChanged > 0 ? 'warn' : ''}"><div class="tile-label">信用风险分类变化 Credit class changes</div><div class="tile-value">${formatInt(s.creditClassChanged)}</div><div class="tile-sub">${formatPercent(s.creditClassChanged, n)} 的企业 of enterprises</div></div>
${beforeAfter('重点监督检查 Key inspection', s.keyInspections.before, s.keyInspections.after, '')}
${beforeAfter('计划检查 Planned inspections', s.plannedInspections.before, s.plannedInspections.after, `${r.period}`)}
${beforeAfter('检查人日 Inspector-days', s.inspectorDays.before, s.inspectorDays.after, '每次检查两名执法人员 two officers each')}
<div class="tile ${s.shareOverMax.after > s.shareOverMax.before ? 'alert' : ''}"><div class="tile-label">超过上限的检查人员 Inspectors over maxPerPeriod</div><div class="tile-value" style="font-size:22px">${pct(s.shareOverMax.before)} → ${pct(s.shareOverMax.after)}</div><div class="tile-sub">${formatInt(r.plan.before.inspectorsOverMax)} → ${formatInt(r.plan.after.inspectorsOverMax)} / ${formatInt(r.plan.after.inspectors)}</div></div>
${beforeAfter('严重违法失信名单 Serious listings', s.seriousListings.before, s.seriousListings.after, '', s.seriousListings.after !== s.seriousListings.before ? 'alert' : '')}
${beforeAfter('拟列入 Listing candidates', s.listingCandidates.before, s.listingCandidates.after, '')}
</section>`;
}

// ---------------------------------------------------------------------------------------------

/** A rule value as text: a string as it is, anything else as JSON. */
function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function ruleSection(changes: readonly ImpactRuleValue[]): SafeHtml {
  return h`<section id="rules"><h2>变更的规则值 <span class="en">Rule values changed</span></h2>
<p class="note">规则集文件中的路径（不含 .value）、基准值与拟议值，以及拟议值的法律依据。 Path in the rule-set file (without .value), the base and proposed values, and the proposed value's legal reference.</p>
${tableOrEmpty(
  ['路径 Path', '基准值 Base value', '拟议值 Proposed value', '依据 Reference'],
  changes.map((c) => [
    h`<span class="code">${c.path}</span>`,
    valueText(c.before),
    valueText(c.after),
    c.reference ?? '—',
  ]),
  '两个规则集的规则值相同。 The two rule sets hold the same values.',
)}
</section>`;
}

// ---------------------------------------------------------------------------------------------
// Heat maps: rows are the base grade, columns the proposed one. The diagonal (unchanged) is grey,
// a move to higher risk red, to lower risk green, each darker with more enterprises.

const TONES = { same: '96,125,139', up: '198,40,40', down: '46,125,50' } as const;

function heatMap(m: TransitionMatrix, caption: string, id: string, compact = false): SafeHtml {
  const grades = GRADES as readonly Grade[];
  let maxSame = 0;
  let maxMoved = 0;
  for (const [i, row] of m.entries()) {
    for (const [j, n] of row.entries()) {
      if (i === j) maxSame = Math.max(maxSame, n);
      else maxMoved = Math.max(maxMoved, n);
    }
  }
  const size = compact ? 'min-width:2.2em;padding:2px 4px' : 'min-width:4.5em;padding:8px 10px';
  const cell = (n: number, i: number, j: number) => {
    const tone = i === j ? TONES.same : j > i ? TONES.up : TONES.down;
    const max = i === j ? maxSame : maxMoved;
    const alpha = n === 0 || max === 0 ? 0 : (i === j ? 0.1 : 0.15) + (i === j ? 0.45 : 0.75) * Math.sqrt(n / max);
    const ink = alpha > 0.55 ? '#fff' : '#1f2933';
    const what = i === j ? '不变 unchanged' : j > i ? '风险升高 to higher risk' : '风险降低 to lower risk';
    return h`<td class="heat" data-count="${n}" title="${grades[i]} → ${grades[j]}: ${n} (${what})" style="${alpha > 0 ? `background:rgba(${tone},${alpha.toFixed(3)});` : ''}color:${ink};text-align:right;font-variant-numeric:tabular-nums;${size}">${formatInt(n)}</td>`;
  };
  return h`<div class="table-wrap"><table class="heatmap" id="${id}" style="width:auto"><caption>${caption}</caption><thead><tr><th scope="col">${compact ? h`<span title="行：基准 rows: base; 列：拟议 columns: proposed" style="white-space:nowrap;font-size:11px">↓基准 →拟议</span>` : h`基准↓ 拟议→ <span class="en">base↓ proposed→</span>`}</th>${grades.map((g) => h`<th scope="col">${gradeBadge(g)}</th>`)}</tr></thead><tbody>${m.map((row, i) => h`<tr><th scope="row">${gradeBadge(grades[i] as Grade)}</th>${row.map((n, j) => cell(n, i, j))}</tr>`)}</tbody></table></div>`;
}

function transitionSection(r: ImpactReport, region: RegionLabel): SafeHtml {
  const t = r.transitions;
  const districts = t.byRegion.map(
    (
      d,
    ) => h`<div class="district"><h3>${region(d.region)} <span class="en">${formatInt(d.enterprises)} enterprises</span></h3>
<div style="display:grid;grid-template-columns:auto auto;justify-content:start;gap:0 16px">
${heatMap(d.riskGrade, '风险等级 Risk grade', `heat-risk-${d.region}`, true)}
${heatMap(d.creditClass, '信用风险分类 Credit class', `heat-credit-${d.region}`, true)}
</div></div>`,
  );
  return h`<section id="transitions"><h2>转移矩阵 <span class="en">Transition matrices</span></h2>
<p class="note">行为基准规则集下的等级，列为拟议规则集下的等级；对角线为不变，右上（红）为风险升高，左下（绿）为风险降低。 Rows: grade under the base rule set; columns: under the proposed one. The diagonal is unchanged; above it (red) the risk rises, below it (green) it falls.</p>
<div class="grid-2">
${heatMap(t.overall.riskGrade, '风险等级（全部企业） Risk grade, all enterprises', 'heat-risk')}
${heatMap(t.overall.creditClass, '信用风险分类（全部企业） Credit class, all enterprises', 'heat-credit')}
</div>
<h3>各区域 <span class="en">By district</span></h3>
<div style="display:grid;grid-template-columns:repeat(auto-fill,minmax(500px,1fr));gap:12px 20px">
${districts}
</div>
</section>`;
}

// ---------------------------------------------------------------------------------------------

const PLAN_ROWS: [keyof ImpactPlanFigures, string][] = [
  ['inspections', '计划检查 Planned inspections'],
  ['mandatory', '必查 Mandatory'],
  ['random', '随机抽取 Drawn at random'],
  ['assigned', '已分配 Assigned'],
  ['unassigned', '未分配（检查人员不足） Unassigned (not enough inspectors)'],
  ['inspectorDays', '所需检查人日 Inspector-days needed'],
  ['assignedInspectorDays', '已分配检查人日 Inspector-days assigned'],
  ['capacity', '检查人员上限合计 Sum of maxPerPeriod'],
  ['inspectorsOverMax', '超过上限的检查人员 Inspectors over maxPerPeriod'],
];

function planSection(r: ImpactReport, region: RegionLabel, charts: Charts): SafeHtml {
  const p = r.plan;
  const rows: HtmlPart[][] = PLAN_ROWS.map(([key, label]) => [
    label,
    formatInt(p.before[key]),
    formatInt(p.after[key]),
    signed(p.after[key] - p.before[key]),
  ]);
  rows.push([
    '超过上限的检查人员比例 Share of inspectors over maxPerPeriod',
    `${(100 * p.before.shareOverMax).toFixed(1)}%`,
    `${(100 * p.after.shareOverMax).toFixed(1)}%`,
    `${(100 * (p.after.shareOverMax - p.before.shareOverMax)).toFixed(1)} pp`,
  ]);
  const labels = p.byRegion.map((x) => region(x.region));
  const load = charts.figure(
    {
      id: 'chart-impact-load',
      title: '各区域所需检查人日与上限 Inspector-days needed by district, and the inspectors’ capacity',
      horizontal: true,
      stacked: false,
      integer: true,
      labels,
      datasets: [
        { label: '基准 Base', data: p.byRegion.map((x) => x.before.inspectorDays), colour: '#90a4ae' },
        { label: '拟议 Proposed', data: p.byRegion.map((x) => x.after.inspectorDays), colour: '#1565c0' },
        {
          label: '上限合计 Sum of maxPerPeriod',
          data: p.byRegion.map((x) => x.after.capacity),
          colour: '#e3eaf3',
          border: '#90a4ae',
        },
      ],
      valueTitle: '检查人日 Inspector-days',
    },
    90 + 48 * labels.length,
  );
  const over = charts.figure(
    {
      id: 'chart-impact-over',
      title: '各区域超过上限的检查人员比例 Share of inspectors over maxPerPeriod by district (%)',
      horizontal: true,
      stacked: false,
      integer: false,
      labels,
      datasets: [
        { label: '基准 Base', data: p.byRegion.map((x) => pct1(x.before.shareOverMax)), colour: '#90a4ae' },
        { label: '拟议 Proposed', data: p.byRegion.map((x) => pct1(x.after.shareOverMax)), colour: '#c62828' },
      ],
      valueTitle: '%',
    },
    90 + 32 * labels.length,
  );
  const keyRows = r.keyInspections.byRegion.map((k) => [
    region(k.region),
    formatInt(k.before),
    formatInt(k.after),
    signed(k.after - k.before),
  ]);
  return h`<section id="plan"><h2>抽查计划与检查人员 <span class="en">The plan and inspector load, ${p.period}</span></h2>
<p class="note">两个规则集下按同一种子各抽取一次（与 npm start 相同的双随机抽取）；每次现场检查两名执法人员，按一人一天计。超过上限：取消上限再抽取一次时，任务量超过本人 maxPerPeriod 的检查人员。 Drawn once under each rule set with the same seed (the draw npm start makes); each on-site inspection takes two officers, a day each. Over maxPerPeriod: the inspector's load when the same draw runs with no cap exceeds their maxPerPeriod.</p>
${table(['', '基准 Base', '拟议 Proposed', '变化 Change'], rows, { caption: '抽查计划 The plan' })}
<div class="grid-2">
${load}
${over}
</div>
${table(['区域 District', '基准 Base', '拟议 Proposed', '变化 Change'], keyRows, {
  caption: `重点监督检查企业 Enterprises under key inspection: ${formatInt(r.keyInspections.before)} → ${formatInt(r.keyInspections.after)} (新增 added ${formatInt(r.keyInspections.added)}, 移出 removed ${formatInt(r.keyInspections.removed)})`,
})}
</section>`;
}

function pct1(x: number): number {
  return Math.round(1000 * x) / 10;
}

// ---------------------------------------------------------------------------------------------

function scoreSection(r: ImpactReport, charts: Charts): SafeHtml {
  const s = r.riskScoreChanges;
  const moved = s.histogram.filter((b) => b.delta !== 0);
  const chart =
    moved.length === 0
      ? h`<p class="empty">没有企业的风险分值变化。 No enterprise's risk score changes.</p>`
      : charts.figure(
          {
            id: 'chart-impact-scores',
            title: '风险分值变化（拟议 − 基准）的分布 Risk-score change (proposed − base): enterprises per change',
            horizontal: false,
            stacked: false,
            integer: true,
            labels: moved.map((b) => (b.delta > 0 ? `+${b.delta}` : String(b.delta))),
            datasets: [
              {
                label: '企业数 Enterprises',
                data: moved.map((b) => b.count),
                colour: '#1565c0',
              },
            ],
            categoryTitle: '分值变化 Change of the risk score',
            valueTitle: '企业数 Enterprises',
          },
          300,
        );
  const unchanged = s.histogram.find((b) => b.delta === 0)?.count ?? 0;
  return h`<section id="scores"><h2>风险分值变化 <span class="en">Risk-score changes</span></h2>
<p>升高 Up ${formatInt(s.increased)} · 降低 Down ${formatInt(s.decreased)} · 不变 Unchanged ${formatInt(unchanged)} · 最小 Min ${s.min} · 最大 Max ${s.max} · 平均 Mean ${s.mean}</p>
${chart}
</section>`;
}

// ---------------------------------------------------------------------------------------------

function listedTable(l: ImpactListing, region: RegionLabel, title: string): SafeHtml {
  const rows = (list: ImpactListing['appear'], what: string) =>
    list
      .slice(0, IMPACT_CAPS.listed)
      .map((x) => [
        what,
        enterpriseCell(x.name, x.uscc),
        region(x.region),
        h`<span class="code">${x.recordIds.join(', ')}</span>`,
      ]);
  const all = [...rows(l.appear, '新增 appears'), ...rows(l.disappear, '移出 disappears')];
  return h`<h3>${title}: ${formatInt(l.before)} → ${formatInt(l.after)}</h3>
${tableOrEmpty(['变化 Change', '企业 Enterprise', '区域 District', '记录 Records'], all, '无变化。 No change.')}
${capNote(Math.min(l.appear.length, IMPACT_CAPS.listed) + Math.min(l.disappear.length, IMPACT_CAPS.listed), l.appear.length + l.disappear.length)}`;
}

function listingSection(r: ImpactReport, region: RegionLabel): SafeHtml {
  return h`<section id="listings"><h2>名单 <span class="en">Listings</span></h2>
${listedTable(r.listings.seriousListings, region, '严重违法失信名单 Serious illegal-dishonest list')}
${listedTable(r.listings.listingCandidates, region, '拟列入 Listing candidates')}
</section>`;
}

// ---------------------------------------------------------------------------------------------

function changeRow(c: ImpactChange, region: RegionLabel): HtmlPart[] {
  return [
    enterpriseCell(c.name, c.uscc),
    region(c.region),
    h`<span class="code">${c.category}</span>`,
    h`${gradeBadge(c.before.riskGrade)} → ${gradeBadge(c.after.riskGrade)}`,
    h`${gradeBadge(c.before.creditClass)} → ${gradeBadge(c.after.creditClass)}`,
    `${c.before.riskScore} → ${c.after.riskScore}`,
    c.factors.map((f, i) => h`${i > 0 ? h`<br>` : ''}<span class="code">${f.code}</span> ${f.before} → ${f.after}`),
    c.ruleValues.length === 0
      ? '—'
      : c.ruleValues.map(
          (v, i) =>
            h`${i > 0 ? h`<br>` : ''}<span class="code">${v.path}</span>: ${valueText(v.before)} → ${valueText(v.after)}`,
        ),
  ];
}

function changeSection(changes: readonly ImpactChange[], region: RegionLabel): SafeHtml {
  const shown = changes.slice(0, IMPACT_CAPS.changes);
  return h`<section id="changes"><h2>风险等级或信用风险分类变化的企业 <span class="en">Enterprises whose risk grade or credit class changes</span></h2>
${tableOrEmpty(
  [
    '企业 Enterprise',
    '区域 District',
    '类别 Category',
    '风险等级 Risk grade',
    '信用风险分类 Credit class',
    '风险分值 Risk score',
    '分值变化的因素 Factors whose points changed',
    '导致变化的规则值 Rule values responsible',
  ],
  shown.map((c) => changeRow(c, region)),
  '没有企业的风险等级或信用风险分类变化。 No enterprise changes grade or credit class.',
)}
${capNote(shown.length, changes.length)}
</section>`;
}
