// Changes since the previous run: how many enterprises moved up or down each scale, the grade
// transition matrix, the moves by region, and the enterprises that moved, worst first.
import type { Grade } from '@fenji/domain';
import { GRADES } from '@fenji/domain';
import type { Changes } from '../aggregate.ts';
import { capNote, enterpriseCell, gradeBadge, type RegionLabel, type SectionContext, table } from '../blocks.ts';
import { formatInt, h, type SafeHtml } from '../html.ts';

/** `d` is null on a first run, when there is nothing to compare with. */
export function changesSection(d: Changes | null, ctx: SectionContext): SafeHtml {
  const heading = h`<h2>与上次评定比较 <span class="en">Changes since the previous run</span></h2>`;
  if (d === null) {
    return h`<section id="changes">${heading}<p class="empty">首次运行，没有可比较的上次评定结果。 First run: there is no previous result to compare with.</p></section>`;
  }
  return h`<section id="changes">${heading}
<p>比较 ${formatInt(d.compared)} 家企业；新增 ${formatInt(d.added)} 家，不再评定 ${formatInt(d.removed)} 家。 Compared ${formatInt(d.compared)} enterprises; ${formatInt(d.added)} new, ${formatInt(d.removed)} no longer assessed.</p>
<div class="grid-2">${upDownTable(d)}${transitionTable(d)}</div>
${regionChart(d, ctx)}
${d.rows.length === 0 ? '' : changedEnterprises(d, ctx.region)}
</section>`;
}

function upDownTable(d: Changes): SafeHtml {
  return table(
    ['', '风险升高 Up (towards D)', '风险降低 Down (towards A)', '不变 Unchanged'],
    [
      ['风险等级 Risk grade', formatInt(d.grade.up), formatInt(d.grade.down), formatInt(d.grade.same)],
      ['信用风险分类 Credit class', formatInt(d.credit.up), formatInt(d.credit.down), formatInt(d.credit.same)],
    ],
    { caption: '两次均有评定的企业 Enterprises assessed in both runs' },
  );
}

function transitionTable(d: Changes): SafeHtml {
  return table(
    ['上次 Previous ＼ 本次 Current', ...GRADES.map((g) => `本次 ${g} now`)],
    GRADES.map((g, i) => [
      h`上次 ${g} before`,
      // Off the diagonal and non-zero: the moves worth a look.
      ...d.gradeTransitions[i].map((n, j) => (i === j || n === 0 ? formatInt(n) : h`<strong>${formatInt(n)}</strong>`)),
    ]),
    { caption: '风险等级转移 Risk-grade transitions (enterprises)' },
  );
}

function regionChart(d: Changes, ctx: SectionContext): SafeHtml {
  if (d.byRegion.length === 0) {
    return h`<p class="empty">没有风险等级或信用风险分类发生变化的企业。 No enterprise changed grade or credit class.</p>`;
  }
  const series = (label: string, count: (r: Changes['byRegion'][number]) => number, colour: string) => ({
    label,
    data: d.byRegion.map(count),
    colour,
  });
  return ctx.charts.figure(
    {
      id: 'chart-changes-region',
      title: '各区域等级变化 Grade and credit-class changes by region',
      horizontal: false,
      stacked: false,
      integer: true,
      labels: d.byRegion.map((r) => ctx.region(r.region)),
      datasets: [
        series('风险等级升高 Risk grade up', (r) => r.gradeUp, '#c62828'),
        series('风险等级降低 Risk grade down', (r) => r.gradeDown, '#2e7d32'),
        series('信用风险升高 Credit class up', (r) => r.creditUp, '#f0a000'),
        series('信用风险降低 Credit class down', (r) => r.creditDown, '#00897b'),
      ],
      valueTitle: '企业数 Enterprises',
    },
    300,
  );
}

function changedEnterprises(d: Changes, region: RegionLabel): SafeHtml {
  const rows = d.rows.map((r) => [
    enterpriseCell(r.name, r.uscc),
    region(r.region),
    move(r.previousGrade, r.riskGrade),
    move(r.previousClass, r.creditClass),
    `${r.previousScore} → ${r.riskScore}`,
  ]);
  return h`<h3>等级或分类发生变化的企业 <span class="en">Enterprises whose grade or credit class changed</span></h3>
<p class="note">风险升高者在前。 Worsened first.</p>
${table(['企业 Enterprise', '区域 Region', '风险等级 Risk grade', '信用风险分类 Credit class', '风险分值 Risk score'], rows)}
${capNote(d.rows.length, d.changedTotal)}`;
}

function move(from: Grade, to: Grade): SafeHtml {
  return from === to ? gradeBadge(to) : h`${gradeBadge(from)} → ${gradeBadge(to)}`;
}
