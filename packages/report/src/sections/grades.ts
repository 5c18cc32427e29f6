// Risk grades (风险等级) and credit classes (信用风险分类) by region: a stacked chart for each scale
// and one table with both, plus the key-inspection count.
import type { Assessment, Grade } from '@fenji/domain';
import { GRADES } from '@fenji/domain';
import { countByRegion, type RegionGradeCounts, totals } from '../aggregate.ts';
import { gradeBadge, type RegionLabel, type SectionContext, table } from '../blocks.ts';
import type { ChartSpec } from '../charts.ts';
import { formatInt, type HtmlPart, h, type SafeHtml } from '../html.ts';
import { CREDIT_CLASS_LABELS, GRADE_COLOURS, RISK_GRADE_LABELS } from '../labels.ts';

/** Both charts get one height so they line up side by side. */
const CHART_HEIGHT = 340;

const TABLE_HEAD = h`<tr><th scope="col" rowspan="2">区域 Region</th><th scope="colgroup" colspan="4" class="group">风险等级 Risk grade</th><th scope="colgroup" colspan="4" class="group">信用风险分类 Credit class</th><th scope="col" rowspan="2">重点监督检查 Key inspection</th><th scope="col" rowspan="2">合计 Total</th></tr>
<tr>${GRADES.map((g) => h`<th scope="col" class="num">${gradeBadge(g)}</th>`)}${GRADES.map((g) => h`<th scope="col" class="num">${gradeBadge(g)}</th>`)}</tr>`;

export function gradeSection(a: readonly Assessment[], ctx: SectionContext): SafeHtml {
  const body =
    a.length === 0 ? h`<p class="empty">本次无评定结果。 No assessments in this run.</p>` : gradesAndClasses(a, ctx);
  return h`<section id="grades"><h2>风险等级与信用风险分类 <span class="en">Risk grades and credit classes</span></h2>${body}</section>`;
}

function gradesAndClasses(a: readonly Assessment[], ctx: SectionContext): SafeHtml {
  const grades = countByRegion(a, 'riskGrade');
  const classes = countByRegion(a, 'creditClass');
  const chart = (spec: Pick<ChartSpec, 'id' | 'title'>, rows: RegionGradeCounts[], names: Record<Grade, string>) =>
    ctx.charts.figure(
      {
        ...spec,
        horizontal: false,
        stacked: true,
        integer: true,
        labels: rows.map((r) => ctx.region(r.region)),
        datasets: GRADES.map((g) => ({
          label: names[g],
          data: rows.map((r) => r.counts[g]),
          colour: GRADE_COLOURS[g],
        })),
        valueTitle: '企业数 Enterprises',
      },
      CHART_HEIGHT,
      'table-grades',
    );
  return h`<div class="grid-2">
${chart({ id: 'chart-grade-region', title: '各区域风险等级分布 Risk grade (风险等级) by region' }, grades, RISK_GRADE_LABELS)}
${chart({ id: 'chart-credit-region', title: '各区域信用风险分类分布 Credit class (信用风险分类) by region' }, classes, CREDIT_CLASS_LABELS)}
</div>
${table(TABLE_HEAD, gradeRows(a, grades, classes, ctx.region), {
  id: 'table-grades',
  caption: '各区域风险等级与信用风险分类（企业数） Risk grades and credit classes by region (enterprises)',
})}`;
}

/** One row per region, then the totals. */
function gradeRows(
  a: readonly Assessment[],
  grades: RegionGradeCounts[],
  classes: RegionGradeCounts[],
  region: RegionLabel,
): HtmlPart[][] {
  const keyByRegion = new Map<string, number>();
  for (const x of a) if (x.keyInspection) keyByRegion.set(x.region, (keyByRegion.get(x.region) ?? 0) + 1);
  const classByRegion = new Map(classes.map((r) => [r.region, r]));
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
  const gradeTotal = totals(grades);
  const classTotal = totals(classes);
  const bold = (text: string) => h`<strong>${text}</strong>`;
  rows.push([
    h`<strong>合计 Total</strong>`,
    ...GRADES.map((g) => bold(formatInt(gradeTotal[g]))),
    ...GRADES.map((g) => bold(formatInt(classTotal[g]))),
    bold(formatInt(a.filter((x) => x.keyInspection).length)),
    bold(formatInt(a.length)),
  ]);
  return rows;
}
