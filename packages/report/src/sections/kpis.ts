// The key figures: one tile per number a reader looks for first, tinted when it needs attention.
import { formatInt, formatPercent, type HtmlPart, h, type SafeHtml } from '../html.ts';
import type { ReportInput } from '../input.ts';
import type { DisciplineLists } from './discipline.ts';

export function kpiSection(
  input: Pick<ReportInput, 'assessments' | 'plan' | 'rejects' | 'summary'>,
  lists: DisciplineLists,
): SafeHtml {
  const a = input.assessments;
  const graded = input.summary.enterprisesGraded;
  const keyCount = a.filter((x) => x.keyInspection).length;
  const overdueCount = a.filter((x) => x.inspectionOverdue).length;
  const listed = a.filter((x) => x.seriousListing !== null).length;
  const planned = input.plan.inspections.length;
  const assigned = input.plan.inspections.filter((i) => i.status === 'assigned').length;
  const unassigned = planned - assigned;
  const rejected = input.rejects.length;
  return h`<section aria-label="概况 Key figures" class="tiles">
${tile('已评定企业 Enterprises assessed', a.length, graded === a.length ? '' : `本次运行评定 graded this run: ${formatInt(graded)}`)}
${tile('重点监督检查 Key inspection', keyCount, `${formatPercent(keyCount, a.length)} 的企业 of enterprises`)}
${tile('严重违法失信名单 Serious listings', listed, `名单条目 list entries ${formatInt(lists.listings.length)} · 人员限制 person bars ${formatInt(lists.personBars.length)}`, listed > 0 ? 'alert' : '')}
${tile('拟列入 Listing candidates', lists.candidates.length, '待监管部门决定 awaiting a decision', lists.candidates.length > 0 ? 'warn' : '')}
${tile('抽查计划 Planned inspections', planned, `已分配 assigned ${formatInt(assigned)} · 未分配 unassigned ${formatInt(unassigned)}`, unassigned > 0 ? 'warn' : '')}
${tile('逾期未全面检查 Inspection overdue', overdueCount, '24 个月内无全面检查 no full inspection in 24 months')}
${tile('退回记录 Rejected records', rejected, `接收 accepted ${formatInt(input.summary.accepted)}`, rejected > 0 ? 'warn' : '')}
</section>`;
}

/** `tone` tints the tile's edge: 'warn' for work waiting, 'alert' for a listing. */
function tile(label: string, value: number, sub: HtmlPart, tone = ''): SafeHtml {
  return h`<div class="tile ${tone}"><div class="tile-label">${label}</div><div class="tile-value">${formatInt(value)}</div><div class="tile-sub">${sub}</div></div>`;
}
