// report.html: one self-contained document. Aggregates are computed here; the page gets static
// tables plus a small JSON block of chart data that page.js draws with the inlined Chart.js.
// Each section of the page is a module under sections/; this puts them in order.
import { changes } from './aggregate.ts';
import type { SectionContext } from './blocks.ts';
import { CAPS } from './caps.ts';
import { Charts } from './charts.ts';
import { reportDocument } from './document.ts';
import type { ReportInput } from './input.ts';
import { DEFAULT_REGION_NAMES, regionLabel } from './labels.ts';
import { changesSection } from './sections/changes.ts';
import { deadlinesSection } from './sections/deadlines.ts';
import { disciplineLists, disciplineSection } from './sections/discipline.ts';
import { gradeSection } from './sections/grades.ts';
import { pageHeader } from './sections/header.ts';
import { kpiSection } from './sections/kpis.ts';
import { planSection } from './sections/plan.ts';
import { rejectsSection } from './sections/rejects.ts';
import { runSection } from './sections/run.ts';

export function renderReport(input: ReportInput): string {
  const names = input.regionNames ?? DEFAULT_REGION_NAMES;
  const ctx: SectionContext = {
    region: (code) => regionLabel(code, names),
    charts: new Charts(),
    files: input.files ?? [],
  };
  // Both are needed twice: the header names the previous run, the key figures count the lists.
  const diff = changes(input.assessments, input.previous, CAPS.changes);
  const lists = disciplineLists(input.assessments, input.disciplineList);
  // In page order: each chart joins the JSON block as its section renders.
  const sections = [
    kpiSection(input, lists),
    gradeSection(input.assessments, ctx),
    changesSection(diff, ctx),
    disciplineSection(lists, ctx),
    planSection(input.plan, input.inspectors, ctx, input.planPrevious),
    // Only when the caller passes cases: one from before deadlines.md gets the page it always got.
    ...(input.cases === undefined ? [] : [deadlinesSection({ ...input, cases: input.cases }, ctx)]),
    rejectsSection(input.rejects, ctx.charts),
    runSection(input.summary, ctx.charts),
  ];
  return reportDocument({
    title: `fenji 分级报告 Grading report · ${input.asOf} · ${input.period}`,
    rulesVersion: input.rulesVersion,
    generatedAt: input.generatedAt,
    header: pageHeader(input, diff),
    sections,
    charts: ctx.charts.specs,
  });
}
