// Bilingual labels (Chinese first, then English) in the glossary's terms (grading-model.md §12).
import { type CaseKind, type CaseState, type Grade, type PersonRole, REGION_NAMES, regionName } from '@fenji/domain';

/** The names the report shows beside region codes unless the caller passes its own. */
export const DEFAULT_REGION_NAMES: Readonly<Record<string, string>> = REGION_NAMES;

/** `鹿城区 330302`; an unknown code shows the code alone. */
export function regionLabel(code: string, names: Readonly<Record<string, string>>): string {
  const name = regionName(code, names);
  return name === '' ? code : `${name} ${code}`;
}

export const RISK_GRADE_LABELS: Record<Grade, string> = {
  A: 'A 级 Grade A',
  B: 'B 级 Grade B',
  C: 'C 级 Grade C',
  D: 'D 级 Grade D',
};

/** CRC-2022 class names. */
export const CREDIT_CLASS_LABELS: Record<Grade, string> = {
  A: 'A 类 信用风险低 Class A (low)',
  B: 'B 类 信用风险一般 Class B (general)',
  C: 'C 类 信用风险较高 Class C (elevated)',
  D: 'D 类 信用风险高 Class D (high)',
};

/** Green to red in risk order, shared by both A–D scales so a colour reads the same everywhere. */
export const GRADE_COLOURS: Record<Grade, string> = {
  A: '#2e7d32',
  B: '#1976d2',
  C: '#f0a000',
  D: '#c62828',
};

export const ROLE_LABELS: Record<PersonRole, string> = {
  legal_representative: '法定代表人 legal representative',
  principal: '主要负责人 principal',
  directly_responsible: '直接责任人员 directly responsible',
};

/** The statutory deadlines fenji follows as cases (deadlines.md §3). */
export const CASE_KIND_LABELS: Record<CaseKind, string> = {
  sampling_disposal: '不合格核查处置 Disposal of failed samples',
  penalty_publicity: '处罚信息公示 Penalty publicity',
  repair_acceptance: '信用修复受理 Credit-repair acceptance',
  repair_decision: '信用修复决定 Credit-repair decision',
};

/** A case's state as of the run's date (deadlines.md §3). */
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  open: '办理中 Open',
  overdue: '已逾期 Overdue',
  closed_on_time: '按时办结 Closed on time',
  closed_late: '逾期办结 Closed late',
  overturned: '复检推翻 Overturned on re-test',
};

export const VIOLATION_LABELS: Record<string, string> = {
  unlicensed: '无证生产经营',
  non_food_material: '使用非食品原料',
  illegal_additive: '违法使用食品添加剂',
  drug_added: '添加药品',
  substandard_special_food: '特殊食品不符合标准',
  diseased_meat: '病死畜禽肉类',
  unquarantined_meat: '未经检疫肉类',
  contaminant_exceedance: '污染物超标',
  expired_material: '使用超过保质期原料',
  unregistered_special_food: '特殊食品未经注册备案',
  false_label: '虚假标注',
  counterfeit_drug: '假药',
  substandard_drug: '劣药',
  unapproved_drug: '未取得批准证明文件的药品',
  unregistered_device: '未经注册备案的医疗器械',
  cosmetics_harmful_additive: '化妆品添加禁用物质',
  obstruction: '拒绝、阻挠监督检查',
  refuse_enforcement: '拒不执行处罚决定',
  hygiene: '卫生条件不符合要求',
  label_defect: '标签瑕疵',
  record_keeping: '未按规定记录',
  other: '其他',
};

export function violationLabel(code: string | null): string {
  if (code === null) return '—';
  return Object.hasOwn(VIOLATION_LABELS, code) ? `${VIOLATION_LABELS[code]} ${code}` : code;
}

export function roleLabel(role: string): string {
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as PersonRole] : role;
}

/** run-summary.json counters (records.md §4). */
export const SUMMARY_LABELS: Record<string, string> = {
  accepted: '接收 Accepted',
  duplicates: '重复 Duplicates',
  stale: '过期版本 Stale versions',
  conflicts: '冲突 Conflicts',
  rejected: '退回 Rejected',
  orphans: '暂无主体档案 Orphans (no enterprise profile yet)',
  enterprisesGraded: '本次评定企业 Enterprises graded this run',
};

/** Pipeline stage names as run-summary.json gives them; a name not listed here shows as given. */
export const STAGE_LABELS: Record<string, string> = {
  ingest: '导入',
  load: '读取',
  store: '存储',
  grade: '评定',
  assess: '评定',
  listing: '名单',
  discipline: '联合惩戒名单',
  plan: '抽查计划',
  report: '报告',
  write: '写出',
};

export function stageLabel(stage: string): string {
  return Object.hasOwn(STAGE_LABELS, stage) ? `${STAGE_LABELS[stage]} ${stage}` : stage;
}
