// The run itself: what ingestion accepted and set aside, and how long each pipeline stage took.
import { table } from '../blocks.ts';
import type { Charts } from '../charts.ts';
import { formatInt, type HtmlPart, h, type SafeHtml } from '../html.ts';
import { type ReportInput, RUN_COUNTERS } from '../input.ts';
import { SUMMARY_LABELS, stageLabel } from '../labels.ts';

export function runSection(summary: ReportInput['summary'], charts: Charts): SafeHtml {
  const counters = RUN_COUNTERS.map((k) => [SUMMARY_LABELS[k], formatInt(summary[k])]);
  return h`<section id="run"><h2>运行情况 <span class="en">Run</span></h2>
<div class="grid-2">
${table(['项目 Item', '数量 Count'], counters, { caption: '导入与评定 Ingestion and grading' })}
${stageChart(summary.secondsPerStage, charts)}
</div>
</section>`;
}

function stageChart(secondsPerStage: Record<string, number>, charts: Charts): HtmlPart {
  const stages = Object.entries(secondsPerStage);
  if (stages.length === 0) return '';
  const totalSeconds = stages.reduce((n, [, v]) => n + v, 0);
  return charts.figure(
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
}
