// The double-random inspection plan (双随机抽查计划): its seed, inspections by region, the
// inspectors' load, what could not be assigned, and the strata that let anyone re-run the draw.
import type { Plan } from '@fenji/domain';
import { type PlanRegionRow, planByRegion, type ReportInspector } from '../aggregate.ts';
import {
  capNote,
  downloads,
  enterpriseCell,
  gradeBadge,
  type RegionLabel,
  type SectionContext,
  table,
  tableOrEmpty,
} from '../blocks.ts';
import { CAPS } from '../caps.ts';
import { formatInt, h, type SafeHtml } from '../html.ts';
import { inspectorLoadBlock } from './inspector-load.ts';

export function planSection(
  plan: Plan,
  inspectors: readonly ReportInspector[] | undefined,
  ctx: SectionContext,
  previous?: { seedCommitment: string; asOf: string },
): SafeHtml {
  const regions = planByRegion(plan);
  return h`<section id="plan"><h2>双随机抽查计划 <span class="en">Double-random inspection plan</span></h2>
<dl class="meta small">
<div><dt>周期 Period</dt><dd>${plan.period}</dd></div>
<div><dt>评定日期 As of</dt><dd>${plan.asOf}</dd></div>
<div><dt>随机种子 Seed</dt><dd class="code">${plan.seed}</dd></div>
<div><dt>种子承诺 Seed commitment (SHA-256)</dt><dd class="code small">${plan.seedCommitment}</dd></div>
${previous ? h`<div><dt>重新抽取前的种子承诺 Commitment of the draw this one replaced (as of ${previous.asOf})</dt><dd class="code small">${previous.seedCommitment}</dd></div>` : ''}
</dl>
${downloads(['plan.xlsx', 'plan.csv', 'plan-meta.json'], ctx)}
${regionChart(regions, ctx)}
${regions.length === 0 ? '' : regionTable(regions, ctx.region)}
${inspectorLoadBlock(plan, inspectors, ctx)}
${unassignedBlock(plan, ctx.region)}
${strataBlock(plan, ctx.region)}
</section>`;
}

function regionChart(rows: PlanRegionRow[], ctx: SectionContext): SafeHtml {
  if (rows.length === 0) return h`<p class="empty">本周期无计划检查。 No inspection planned for this period.</p>`;
  return ctx.charts.figure(
    {
      id: 'chart-plan-region',
      title: '各区域抽查计划 Planned inspections by region',
      horizontal: false,
      stacked: true,
      integer: true,
      labels: rows.map((r) => ctx.region(r.region)),
      datasets: [
        { label: '必查（已分配） Mandatory, assigned', data: rows.map((r) => r.mandatoryAssigned), colour: '#1565c0' },
        { label: '随机抽取（已分配） Random, assigned', data: rows.map((r) => r.randomAssigned), colour: '#64b5f6' },
        { label: '未分配 Unassigned', data: rows.map((r) => r.unassigned), colour: '#ffcdd2', border: '#c62828' },
      ],
      valueTitle: '检查次数 Inspections',
    },
    320,
    'table-plan',
  );
}

function regionTable(rows: PlanRegionRow[], region: RegionLabel): SafeHtml {
  return table(
    ['区域 Region', '企业数 Enterprises', '必查 Mandatory', '随机抽取 Random', '已分配 Assigned', '未分配 Unassigned'],
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
}

function unassignedBlock(plan: Plan, region: RegionLabel): SafeHtml {
  const all = plan.inspections.filter((i) => i.status === 'unassigned');
  const rows = all
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
  const headers = [
    '区域 Region',
    '企业 Enterprise',
    '风险等级 Risk grade',
    '重点监督检查 Key inspection',
    '类型 Kind',
    '序号 Slot',
    '原因 Reason',
  ];
  return h`<h3>未分配的检查 <span class="en">Unassigned inspections</span> (${formatInt(all.length)})</h3>
${tableOrEmpty(headers, rows, '全部已分配。 Every inspection is assigned.')}
${capNote(rows.length, all.length)}`;
}

/** Folded away: the strata are for whoever re-runs the draw to check it, not for every reader. */
function strataBlock(plan: Plan, region: RegionLabel): SafeHtml {
  const rows = plan.strata
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
  const headers = [
    '区域 Region',
    '风险等级 Risk grade',
    '重点监督检查 Key inspection',
    '企业数 Population',
    '每家必查次数 Mandatory per member',
    '余数 r Remainder',
    '到期 Due',
    '抽取 Drawn',
    '总体摘要 Population digest',
  ];
  return h`<details><summary>抽样分层（可复核） <span class="en">Strata, for re-running the draw</span> (${formatInt(plan.strata.length)})</summary>
${table(headers, rows)}
${capNote(rows.length, plan.strata.length)}
</details>`;
}
