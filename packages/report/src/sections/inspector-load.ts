// Inspector load, within the plan section: assignments per inspector against their maxPerPeriod
// when the roster was passed, so an overloaded or idle inspector stands out.
import type { Plan } from '@fenji/domain';
import { byCodePoint, type InspectorLoad, inspectorLoad, type ReportInspector } from '../aggregate.ts';
import { capNote, type SectionContext } from '../blocks.ts';
import { CAPS } from '../caps.ts';
import type { ChartDataset } from '../charts.ts';
import { h, type SafeHtml } from '../html.ts';

export function inspectorLoadBlock(
  plan: Plan,
  inspectors: readonly ReportInspector[] | undefined,
  ctx: SectionContext,
): SafeHtml {
  const loads = inspectorLoad(plan, inspectors);
  const shown = capLoads(loads, CAPS.inspectors);
  const withMax = shown.some((l) => l.maxPerPeriod !== null);
  const note = withMax
    ? h`<p class="note">整条长度为该检查人员本周期上限 maxPerPeriod。 The whole bar is the inspector's maxPerPeriod.</p>`
    : h`<p class="note">未提供检查人员名册，无法显示上限。 No inspector roster was passed, so maxPerPeriod is not shown.</p>`;
  return h`<h3>检查人员任务量 <span class="en">Inspector load</span></h3>
${loadChart(shown, withMax, ctx)}
${note}
${capNote(shown.length, loads.length)}`;
}

function loadChart(loads: InspectorLoad[], withMax: boolean, ctx: SectionContext): SafeHtml {
  if (loads.length === 0) return h`<p class="empty">无检查人员分配。 No inspector assigned.</p>`;
  const datasets: ChartDataset[] = [
    { label: '已分配 Assigned', data: loads.map((l) => l.assigned), colour: '#1565c0' },
  ];
  if (withMax) {
    datasets.push({
      // Stacked on the assignments, so the full bar is the inspector's maxPerPeriod.
      label: '剩余容量（至上限） Remaining up to maxPerPeriod',
      data: loads.map((l) => Math.max(0, (l.maxPerPeriod ?? l.assigned) - l.assigned)),
      colour: '#e3eaf3',
      border: '#90a4ae',
    });
  }
  return ctx.charts.figure(
    {
      id: 'chart-inspector-load',
      title: withMax
        ? '检查人员任务量与上限 Inspector load: assignments and maxPerPeriod'
        : '检查人员任务量 Inspector load: assignments',
      horizontal: true,
      stacked: true,
      integer: true,
      labels: loads.map(
        (l) => `${l.inspectorId}${l.name ? ` ${l.name}` : ''}${l.region ? ` · ${ctx.region(l.region)}` : ''}`,
      ),
      datasets,
      valueTitle: '检查次数 Inspections',
    },
    // A fixed height per bar: the chart grows with the roster rather than squeezing its bars.
    90 + 22 * loads.length,
  );
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
