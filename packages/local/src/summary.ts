// The closing table of npm start: what a regulator looks at first.
import { type CaseKind, GRADES } from '@fenji/domain';
import { CASE_KIND_LABELS, type RunCounters } from '@fenji/report';

export interface SummaryLike extends RunCounters {
  asOf: string;
  period: string;
  enterprises: number;
  riskGrades: Record<string, number>;
  creditClasses: Record<string, number>;
  keyInspections: number;
  seriousListings: number;
  listingCandidates: number;
  /** Cases by kind, then state (deadlines.md §3). */
  cases: Record<string, Record<string, number>>;
  plan: { inspections: number; mandatory: number; random: number; unassigned: number };
  secondsPerStage: Record<string, number>;
}

export function summaryTable(s: SummaryLike): string {
  const row = (label: string, value: string | number) => `  ${label.padEnd(34)} ${value}\n`;
  const grades = (d: Record<string, number>) => GRADES.map((g) => `${g} ${d[g] ?? 0}`).join('   ');
  return [
    `\nfenji 分级  as of ${s.asOf}, plan period ${s.period}\n`,
    row('records accepted 接收', s.accepted),
    row('duplicates / stale 重复 / 过期版本', `${s.duplicates} / ${s.stale}`),
    row('rejected / conflicts 拒收 / 冲突', `${s.rejected} / ${s.conflicts}  (rejects.jsonl)`),
    row('orphan records 待补企业档案', s.orphans),
    row('enterprises 企业 (graded this run)', `${s.enterprises} (${s.enterprisesGraded})`),
    row('risk grades 风险等级', grades(s.riskGrades)),
    row('credit classes 信用风险分类', grades(s.creditClasses)),
    row('key inspection 重点监督检查', s.keyInspections),
    row('serious list 严重违法失信名单', s.seriousListings),
    row('listing candidates 拟列入', s.listingCandidates),
    ...Object.entries(s.cases).map(([kind, states]) =>
      row(
        `cases 时限 ${CASE_KIND_LABELS[kind as CaseKind]?.split(' ')[0] ?? kind}`,
        Object.entries(states)
          .filter(([, n]) => n > 0)
          .map(([state, n]) => `${state} ${n}`)
          .join(', ') || '0',
      ),
    ),
    row(
      'plan 双随机抽查计划',
      `${s.plan.inspections} (mandatory ${s.plan.mandatory}, random ${s.plan.random}, unassigned ${s.plan.unassigned})`,
    ),
    row(
      'seconds per stage 各阶段用时',
      Object.entries(s.secondsPerStage)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ),
  ].join('');
}
