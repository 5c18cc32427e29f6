// The page header: what run this is (date, period, rule set, the run compared with) and the
// table of contents.
import type { Changes } from '../aggregate.ts';
import { h, type SafeHtml } from '../html.ts';
import type { ReportInput } from '../input.ts';

/** One link per section that has a heading; the key-figure tiles above them need none. */
function contents(withDeadlines: boolean): SafeHtml {
  const deadlines = withDeadlines
    ? h`
<li><a href="#deadlines">时限 Deadlines</a></li>`
    : '';
  return h`<nav aria-label="目录 Contents"><ul>
<li><a href="#grades">风险等级与信用风险分类 Grades and credit classes</a></li>
<li><a href="#changes">变化 Changes</a></li>
<li><a href="#discipline">严重违法失信名单 Serious list</a></li>
<li><a href="#plan">双随机抽查计划 Plan</a></li>${deadlines}
<li><a href="#rejects">退回记录 Rejects</a></li>
<li><a href="#run">运行情况 Run</a></li>
</ul></nav>`;
}

export function pageHeader(
  run: Pick<ReportInput, 'asOf' | 'period' | 'rulesVersion' | 'generatedAt' | 'cases'>,
  diff: Changes | null,
): SafeHtml {
  return h`<header class="page-header">
<p class="brand">fenji 分级</p>
<h1>风险分级与信用监管报告 <span class="en">Risk grading and credit supervision report</span></h1>
<dl class="meta">
<div><dt>评定日期 As of</dt><dd>${run.asOf}</dd></div>
<div><dt>计划周期 Period</dt><dd>${run.period}</dd></div>
<div><dt>规则集 Rule set</dt><dd>${run.rulesVersion}</dd></div>
<div><dt>生成时间 Generated at</dt><dd>${run.generatedAt}</dd></div>
<div><dt>上次评定 Previous run</dt><dd>${diff ? (diff.previousAsOf ?? '—') : '首次运行 first run'}</dd></div>
</dl>
${contents(run.cases !== undefined)}
</header>`;
}
