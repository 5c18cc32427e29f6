// The catalogue of every code assess() can put on an assessment — factors, adjustment kinds
// and reasons, credit reasons, warnings — with its Chinese and English label and its legal
// basis. Data, not logic: a regulator reading an assessment sees why each point is there and
// which instrument says so. A rule set that adds a code adds its entry here (a test checks
// that every code assess() emits has one).
//
// `basis` cites only the instruments of grading-model.md (short names as in the rule sets'
// `sources`); an article is named only where the spec names it (SAMR-49 Art. 22, SDL-44
// Art. 13/15/16, FSL Art. 113/135, APL Art. 51). `spec` is the section of grading-model.md
// that implements the rule.

export interface CodeLabel {
  zh: string;
  en: string;
  /** Legal references, e.g. `SDL-44 Art. 16`; the part before ` Art.` is a key of RuleSet.sources. */
  basis: readonly string[];
  /** The section of grading-model.md that implements it. */
  spec: string;
}

export type CodeKind = 'factor' | 'adjustmentKind' | 'adjustmentReason' | 'creditReason' | 'warning';

/** The instruments (grading-model.md, "Legal sources") a basis may cite. */
export const LEGAL_INSTRUMENTS = [
  'FRG-2016',
  'SAMR-49',
  'FRG-2022D',
  'CRC-2022',
  'SDL-44',
  'PUB-45',
  'REPAIR-2021',
  'FSL',
  'APL',
] as const;

const tier = (zh: string, en: string, risk: string): CodeLabel => ({
  zh: `静态风险因素：${zh}档（按经营类别）`,
  en: `static risk: category tier ${en} (${risk})`,
  basis: ['FRG-2016', 'FRG-2022D'],
  spec: '§3',
});

const creditScore = (cls: string, zhLevel: string, enLevel: string): CodeLabel => ({
  zh: `信用风险分类 ${cls} 类（${zhLevel}）计入风险分`,
  en: `credit class ${cls} (${enLevel}) added to the risk score`,
  basis: ['CRC-2022', 'FRG-2022D'],
  spec: '§5',
});

// Each table is declared with its literal keys (the code types below) and exported indexable by
// any string: a stored assessment may carry a code of a newer rule set (see codeLabel).

/** Factors: each point of the risk score (static, dynamic components and caps, credit). */
const FACTORS = {
  static_tier_I: tier('Ⅰ', 'I', 'lowest'),
  static_tier_II: tier('Ⅱ', 'II', 'low'),
  static_tier_III: tier('Ⅲ', 'III', 'high'),
  static_tier_IV: tier('Ⅳ', 'IV', 'highest'),
  inspection_basically_compliant: {
    zh: '监督检查结果为基本符合（一般项目不合格）',
    en: 'inspection found basically compliant (general items failed)',
    basis: ['SAMR-49', 'FRG-2016'],
    spec: '§4',
  },
  inspection_non_compliant: {
    zh: '监督检查结果为不符合（重点项目或一般项目不合格）',
    en: 'inspection found non-compliant (key or general items failed)',
    basis: ['SAMR-49', 'FRG-2016'],
    spec: '§4',
  },
  inspection_obstructed: {
    zh: '拒绝、阻挠监督检查',
    en: 'inspection obstructed',
    basis: ['SAMR-49', 'FRG-2016'],
    spec: '§4',
  },
  inspection_unverified: {
    zh: '两年内未接受全项目监督检查（未核实）',
    en: 'no full-scope inspection within 24 months (unverified)',
    basis: ['SAMR-49'],
    spec: '§4',
  },
  inspection_cap: {
    zh: '监督检查得分超过分项上限，按上限计',
    en: 'inspection points above the component cap, capped',
    basis: ['FRG-2016', 'FRG-2022D'],
    spec: '§4',
  },
  sampling_fail_supervisory_national_provincial: {
    zh: '国家或省级监督抽检不合格',
    en: 'failed a national or provincial supervisory sampling test',
    basis: ['FRG-2016'],
    spec: '§4',
  },
  sampling_fail_supervisory_municipal_county: {
    zh: '市级或县级监督抽检不合格',
    en: 'failed a municipal or county supervisory sampling test',
    basis: ['FRG-2016'],
    spec: '§4',
  },
  sampling_fail_evaluative: {
    zh: '评价性抽检不合格',
    en: 'failed an evaluative sampling test',
    basis: ['FRG-2016'],
    spec: '§4',
  },
  sampling_fail_monitoring: {
    zh: '风险监测不合格（列示，不计分：风险监测结果不作为处罚依据）',
    en: 'failed a risk-monitoring test (listed, never scored: monitoring is not a basis for sanctions)',
    basis: ['FRG-2016'],
    spec: '§4',
  },
  sampling_cap: {
    zh: '抽检得分超过分项上限，按上限计',
    en: 'sampling points above the component cap, capped',
    basis: ['FRG-2016', 'FRG-2022D'],
    spec: '§4',
  },
  penalty_heavy: {
    zh: '行政处罚含责令停产停业、吊销许可证、限制开展生产经营活动或责令关闭',
    en: 'penalty with a heavy measure (suspension, licence revocation, trade ban or closure)',
    basis: ['FRG-2016'],
    spec: '§4',
  },
  penalty_aggravated: {
    zh: '从重行政处罚',
    en: 'aggravated penalty',
    basis: ['FRG-2016'],
    spec: '§4',
  },
  penalty_ordinary: {
    zh: '一般程序作出的行政处罚（不限于警告）',
    en: 'penalty under the ordinary procedure (more than a warning)',
    basis: ['FRG-2016', 'APL Art. 51'],
    spec: '§4',
  },
  penalty_minor: {
    zh: '简易程序作出或仅予警告的行政处罚',
    en: 'penalty under the simple procedure, or a warning alone',
    basis: ['FRG-2016', 'APL Art. 51'],
    spec: '§4',
  },
  penalty_cap: {
    zh: '行政处罚得分超过分项上限，按上限计',
    en: 'penalty points above the component cap, capped',
    basis: ['FRG-2016', 'FRG-2022D'],
    spec: '§4',
  },
  dynamic_cap: {
    zh: '动态风险因素总分超过上限，按上限计',
    en: 'dynamic score above its cap, capped',
    basis: ['FRG-2016', 'FRG-2022D'],
    spec: '§4',
  },
  credit_class_A: creditScore('A', '信用风险低', 'low credit risk'),
  credit_class_B: creditScore('B', '信用风险一般', 'moderate credit risk'),
  credit_class_C: creditScore('C', '信用风险较高', 'elevated credit risk'),
  credit_class_D: creditScore('D', '信用风险高', 'high credit risk'),
} satisfies Record<string, CodeLabel>;
export type FactorCode = keyof typeof FACTORS;
export const FACTOR_LABELS: Readonly<Record<string, CodeLabel>> = FACTORS;

/** The kinds of grade adjustment (grading-model.md §6). */
export const ADJUSTMENT_KIND_LABELS: Readonly<Record<string, CodeLabel>> = {
  raise: {
    zh: '风险等级上调',
    en: 'risk grade raised',
    basis: ['FRG-2016'],
    spec: '§6.1',
  },
  lower: {
    zh: '风险等级下调',
    en: 'risk grade lowered',
    basis: ['FRG-2016'],
    spec: '§6.2',
  },
  force_d: {
    zh: '直接评定为 D 级',
    en: 'risk grade set to D',
    basis: ['FRG-2016', 'SDL-44'],
    spec: '§6.3',
  },
};

/** Why a grade was raised, lowered or forced to D (grading-model.md §6). */
const ADJUSTMENT_REASONS = {
  national_provincial_sampling_failure: {
    zh: '12个月内国家或省级监督抽检不合格',
    en: 'failed a national or provincial supervisory sampling test within 12 months',
    basis: ['FRG-2016'],
    spec: '§6.1',
  },
  intentional_violation: {
    zh: '12个月内因故意违法受到罚款、没收或责令停产停业处罚',
    en: 'intentional violation fined, confiscated or suspended within 12 months',
    basis: ['FRG-2016'],
    spec: '§6.1',
  },
  food_safety_incident: {
    zh: '12个月内发生食品安全事故',
    en: 'food safety incident within 12 months',
    basis: ['FRG-2016'],
    spec: '§6.1',
  },
  recall_failure: {
    zh: '12个月内未依法履行召回义务',
    en: 'failed to recall as required within 12 months',
    basis: ['FRG-2016'],
    spec: '§6.1',
  },
  obstruction: {
    zh: '12个月内拒绝、阻挠监督检查',
    en: 'obstructed supervision within 12 months',
    basis: ['FRG-2016'],
    spec: '§6.1',
  },
  three_years_clean: {
    zh: '连续三年无不符合检查、无监督抽检不合格、无一般程序处罚，且两年内全项目检查符合',
    en: 'three clean years: no non-compliant inspection, failed supervisory sample or ordinary penalty, and a compliant full inspection within 24 months',
    basis: ['FRG-2016'],
    spec: '§6.2',
  },
  serious_listing: {
    zh: '处于严重违法失信名单列入期内',
    en: 'on the serious illegal-dishonest list',
    basis: ['SDL-44 Art. 13', 'SDL-44 Art. 15'],
    spec: '§6.3',
  },
  heavy_penalty: {
    zh: '12个月内受到责令停产停业、吊销许可证、限制开展生产经营活动或责令关闭处罚',
    en: 'penalty with a heavy measure within 12 months',
    basis: ['FRG-2016'],
    spec: '§6.3',
  },
} satisfies Record<string, CodeLabel>;
export type AdjustmentReason = keyof typeof ADJUSTMENT_REASONS;
export const ADJUSTMENT_REASON_LABELS: Readonly<Record<string, CodeLabel>> = ADJUSTMENT_REASONS;

/** Why an enterprise has its credit class (CRC-2022, grading-model.md §5). */
const CREDIT_REASONS = {
  serious_listing: {
    zh: '列入严重违法失信名单',
    en: 'on the serious illegal-dishonest list',
    basis: ['CRC-2022', 'SDL-44 Art. 13'],
    spec: '§5',
  },
  heavy_penalty: {
    zh: '公示期内的行政处罚含责令停产停业、吊销许可证、限制开展生产经营活动或责令关闭',
    en: 'a published penalty with a heavy measure',
    basis: ['CRC-2022', 'PUB-45'],
    spec: '§5',
  },
  repeat_aggravated: {
    zh: '公示期内受到两次以上从重处罚',
    en: 'two or more published aggravated penalties',
    basis: ['CRC-2022', 'PUB-45'],
    spec: '§5',
  },
  obstruction: {
    zh: '36个月内拒绝、阻挠监督检查',
    en: 'obstructed supervision within 36 months',
    basis: ['CRC-2022'],
    spec: '§5',
  },
  published_penalty: {
    zh: '有处于公示期且未修复的一般程序行政处罚',
    en: 'an ordinary-procedure penalty still published and not repaired',
    basis: ['CRC-2022', 'PUB-45', 'REPAIR-2021'],
    spec: '§5',
  },
  failed_supervisory_sample: {
    zh: '12个月内监督抽检不合格',
    en: 'failed a supervisory sampling test within 12 months',
    basis: ['CRC-2022'],
    spec: '§5',
  },
  non_compliant_inspection: {
    zh: '12个月内监督检查结果为不符合',
    en: 'non-compliant inspection within 12 months',
    basis: ['CRC-2022', 'SAMR-49'],
    spec: '§5',
  },
  clean_record: {
    zh: '取得许可满两年、三年内无处罚、一年内无抽检不合格且检查均符合，两年内有全项目检查符合',
    en: 'licensed 2+ years, no penalty in 36 months, no failed sample in 12 months, every recent inspection compliant, a compliant full inspection within 24 months',
    basis: ['CRC-2022'],
    spec: '§5',
  },
  default: {
    zh: '不符合 A、C、D 类条件',
    en: 'none of the A, C or D conditions holds',
    basis: ['CRC-2022'],
    spec: '§5',
  },
} satisfies Record<string, CodeLabel>;
export type CreditReason = keyof typeof CREDIT_REASONS;
export const CREDIT_REASON_LABELS: Readonly<Record<string, CodeLabel>> = CREDIT_REASONS;

/** Warnings an assessment can carry (grading-model.md §8). */
const WARNINGS = {
  delisting_invalid: {
    zh: '提前移出严重违法失信名单无效：列入后又受到从重或重大处罚',
    en: 'early removal from the serious list ignored: a further aggravated or heavy penalty followed the listing',
    basis: ['SDL-44 Art. 16'],
    spec: '§8',
  },
  banned_person_in_charge: {
    zh: '法定代表人处于从业禁止期内',
    en: 'the legal representative is barred from food business',
    basis: ['FSL Art. 135'],
    spec: '§8',
  },
} satisfies Record<string, CodeLabel>;
export type WarningCode = keyof typeof WARNINGS;
export const WARNING_LABELS: Readonly<Record<string, CodeLabel>> = WARNINGS;

export const CODE_CATALOGUE: Readonly<Record<CodeKind, Readonly<Record<string, CodeLabel>>>> = {
  factor: FACTOR_LABELS,
  adjustmentKind: ADJUSTMENT_KIND_LABELS,
  adjustmentReason: ADJUSTMENT_REASON_LABELS,
  creditReason: CREDIT_REASON_LABELS,
  warning: WARNING_LABELS,
};

/** The entry of a code, or undefined for a code this catalogue does not know (a newer rule set). */
export function codeLabel(kind: CodeKind, code: string): CodeLabel | undefined {
  const table = CODE_CATALOGUE[kind];
  return Object.hasOwn(table, code) ? table[code] : undefined;
}
