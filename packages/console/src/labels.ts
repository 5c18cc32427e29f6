// Names the API sends as codes. The region names of Wenzhou are those of the report
// (packages/report/src/labels.ts, DEFAULT_REGION_NAMES), copied: importing @fenji/report would
// bring its Node renderer into the bundle. Factor, adjustment, credit-reason and measure labels
// and legal bases are not here: they come with the API's `explanation`.
import { covers, regionLevel } from '@fenji/domain/regions';
import { type Text, t, tx } from './i18n.ts';

export const REGION_NAMES: Readonly<Record<string, Text>> = {
  '330000': { zh: '浙江省', en: 'Zhejiang Province' },
  '330300': { zh: '温州市', en: 'Wenzhou' },
  '330302': { zh: '鹿城区', en: 'Lucheng District' },
  '330303': { zh: '龙湾区', en: 'Longwan District' },
  '330304': { zh: '瓯海区', en: 'Ouhai District' },
  '330305': { zh: '洞头区', en: 'Dongtou District' },
  '330324': { zh: '永嘉县', en: 'Yongjia County' },
  '330326': { zh: '平阳县', en: 'Pingyang County' },
  '330327': { zh: '苍南县', en: 'Cangnan County' },
  '330328': { zh: '文成县', en: 'Wencheng County' },
  '330329': { zh: '泰顺县', en: 'Taishun County' },
  '330381': { zh: '瑞安市', en: "Rui'an" },
  '330382': { zh: '乐清市', en: 'Yueqing' },
  '330383': { zh: '龙港市', en: 'Longgang' },
};

/** A region code as the API takes it (a district's, a city's or a province's). */
export const REGION_CODE = /^[1-9]\d{5}$/;

/** `鹿城区 330302`; a code without a name shows alone. */
export function regionLabel(code: string): string {
  return Object.hasOwn(REGION_NAMES, code) ? `${tx(REGION_NAMES[code] as Text)} ${code}` : code;
}

export { covers, regionLevel } from '@fenji/domain/regions';

/** The districts a token's regions cover, as far as the console knows their names, and the claimed districts. */
export function districtsOf(regions: readonly string[]): string[] {
  const out = new Set<string>();
  for (const r of regions) if (regionLevel(r) === 'district') out.add(r);
  for (const code of Object.keys(REGION_NAMES))
    if (regionLevel(code) === 'district' && regions.some((r) => covers(r, code))) out.add(code);
  return [...out].sort();
}

/** A code read from the address, if it is one of `allowed`; anything else is no choice at all. */
export function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export function gradeLabel(g: Grade): string {
  return t(`${g} 级`, `Grade ${g}`);
}

const CREDIT: Record<Grade, Text> = {
  A: { zh: 'A 类 信用风险低', en: 'Class A (low)' },
  B: { zh: 'B 类 信用风险一般', en: 'Class B (general)' },
  C: { zh: 'C 类 信用风险较高', en: 'Class C (elevated)' },
  D: { zh: 'D 类 信用风险高', en: 'Class D (high)' },
};
export function creditLabel(g: Grade): string {
  return tx(CREDIT[g]);
}

/** Green to red in risk order, the report's colours (charts; badges have their own in styles.css). */
export const GRADE_COLOURS: Record<Grade, string> = { A: '#2e7d32', B: '#1976d2', C: '#f0a000', D: '#c62828' };

function lookup(table: Readonly<Record<string, Text>>, code: string | null | undefined): string {
  if (code === null || code === undefined) return '—';
  return Object.hasOwn(table, code) ? tx(table[code] as Text) : code;
}

const SECTORS: Record<string, Text> = {
  food_production: { zh: '食品生产', en: 'Food production' },
  food_sales: { zh: '食品销售', en: 'Food sales' },
  catering: { zh: '餐饮服务', en: 'Catering' },
  drug_manufacturing: { zh: '药品生产', en: 'Drug manufacturing' },
  drug_distribution: { zh: '药品批发', en: 'Drug distribution' },
  drug_retail: { zh: '药品零售', en: 'Drug retail' },
  medical_device: { zh: '医疗器械', en: 'Medical devices' },
  cosmetics: { zh: '化妆品', en: 'Cosmetics' },
};
export const sectorLabel = (code: string | null | undefined) => lookup(SECTORS, code);

const CATEGORIES: Record<string, Text> = {
  infant_formula: { zh: '婴幼儿配方食品', en: 'Infant formula' },
  fsmp: { zh: '特殊医学用途配方食品', en: 'Food for special medical purposes' },
  health_food: { zh: '保健食品', en: 'Health food' },
  infant_food: { zh: '婴幼儿辅助食品', en: 'Infant food' },
  dairy: { zh: '乳制品', en: 'Dairy' },
  meat: { zh: '肉制品', en: 'Meat products' },
  beverage: { zh: '饮料', en: 'Beverages' },
  frozen_food: { zh: '速冻食品', en: 'Frozen food' },
  bean_product: { zh: '豆制品', en: 'Bean products' },
  pastry: { zh: '糕点', en: 'Pastry' },
  condiment: { zh: '调味品', en: 'Condiments' },
  grain_product: { zh: '粮食加工品', en: 'Grain products' },
  edible_oil: { zh: '食用油', en: 'Edible oil' },
  tea_sugar: { zh: '茶叶及糖果制品', en: 'Tea and confectionery' },
  bulk_cooked_food: { zh: '散装熟食销售', en: 'Bulk cooked food' },
  bulk_food: { zh: '散装食品销售', en: 'Bulk food' },
  special_food_retail: { zh: '特殊食品销售', en: 'Special food retail' },
  prepackaged_food: { zh: '预包装食品销售', en: 'Prepackaged food' },
  central_kitchen: { zh: '中央厨房', en: 'Central kitchen' },
  collective_meal: { zh: '集体用餐配送', en: 'Collective meal delivery' },
  school_canteen: { zh: '学校食堂', en: 'School canteen' },
  restaurant: { zh: '餐馆', en: 'Restaurant' },
  unit_canteen: { zh: '单位食堂', en: 'Workplace canteen' },
  fast_food_snack: { zh: '快餐小吃', en: 'Fast food and snacks' },
  beverage_shop: { zh: '饮品店', en: 'Beverage shop' },
  drug_high_risk: { zh: '高风险药品生产', en: 'High-risk drug manufacturer' },
  drug_manufacturer: { zh: '药品生产企业', en: 'Drug manufacturer' },
  drug_wholesale: { zh: '药品批发企业', en: 'Drug wholesaler' },
  pharmacy: { zh: '药品零售', en: 'Pharmacy' },
  device_class3: { zh: '第三类医疗器械', en: 'Class III devices' },
  device_class2: { zh: '第二类医疗器械', en: 'Class II devices' },
  device_class1: { zh: '第一类医疗器械', en: 'Class I devices' },
  device_retail: { zh: '医疗器械经营', en: 'Device retail' },
  cosmetics_special: { zh: '特殊化妆品', en: 'Special cosmetics' },
  cosmetics_general: { zh: '普通化妆品', en: 'General cosmetics' },
  cosmetics_retail: { zh: '化妆品经营', en: 'Cosmetics retail' },
};
export const categoryLabel = (code: string | null | undefined) => lookup(CATEGORIES, code);

export const CASE_KINDS = ['sampling_disposal', 'penalty_publicity', 'repair_acceptance', 'repair_decision'] as const;
const CASE_KIND: Record<string, Text> = {
  sampling_disposal: { zh: '不合格核查处置', en: 'Disposal of failed samples' },
  penalty_publicity: { zh: '处罚信息公示', en: 'Penalty publicity' },
  repair_acceptance: { zh: '信用修复受理', en: 'Credit-repair acceptance' },
  repair_decision: { zh: '信用修复决定', en: 'Credit-repair decision' },
};
export const caseKindLabel = (code: string) => lookup(CASE_KIND, code);

export const CASE_STATES = ['overdue', 'open', 'closed_late', 'closed_on_time', 'overturned'] as const;
const CASE_STATE: Record<string, Text> = {
  open: { zh: '办理中', en: 'Open' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  closed_on_time: { zh: '按时办结', en: 'Closed on time' },
  closed_late: { zh: '逾期办结', en: 'Closed late' },
  overturned: { zh: '复检推翻', en: 'Overturned on re-test' },
};
export const caseStateLabel = (code: string) => lookup(CASE_STATE, code);

const ROLES: Record<string, Text> = {
  legal_representative: { zh: '法定代表人', en: 'Legal representative' },
  principal: { zh: '主要负责人', en: 'Principal' },
  directly_responsible: { zh: '直接责任人员', en: 'Directly responsible' },
  regulator: { zh: '监管人员', en: 'Regulator' },
  admin: { zh: '管理员', en: 'Administrator' },
};
export const roleLabel = (code: string) => lookup(ROLES, code);

const VIOLATIONS: Record<string, Text> = {
  unlicensed: { zh: '无证生产经营', en: 'Unlicensed operation' },
  non_food_material: { zh: '使用非食品原料', en: 'Non-food material' },
  illegal_additive: { zh: '违法使用食品添加剂', en: 'Illegal additive' },
  drug_added: { zh: '添加药品', en: 'Drug added' },
  substandard_special_food: { zh: '特殊食品不符合标准', en: 'Substandard special food' },
  diseased_meat: { zh: '病死畜禽肉类', en: 'Diseased meat' },
  unquarantined_meat: { zh: '未经检疫肉类', en: 'Unquarantined meat' },
  contaminant_exceedance: { zh: '污染物超标', en: 'Contaminant exceedance' },
  expired_material: { zh: '使用超过保质期原料', en: 'Expired material' },
  unregistered_special_food: { zh: '特殊食品未经注册备案', en: 'Unregistered special food' },
  false_label: { zh: '虚假标注', en: 'False labelling' },
  counterfeit_drug: { zh: '假药', en: 'Counterfeit drug' },
  substandard_drug: { zh: '劣药', en: 'Substandard drug' },
  unapproved_drug: { zh: '未取得批准证明文件的药品', en: 'Unapproved drug' },
  unregistered_device: { zh: '未经注册备案的医疗器械', en: 'Unregistered device' },
  cosmetics_harmful_additive: { zh: '化妆品添加禁用物质', en: 'Banned substance in cosmetics' },
  obstruction: { zh: '拒绝、阻挠监督检查', en: 'Obstructing inspection' },
  refuse_enforcement: { zh: '拒不执行处罚决定', en: 'Refusing enforcement' },
  hygiene: { zh: '卫生条件不符合要求', en: 'Hygiene' },
  label_defect: { zh: '标签瑕疵', en: 'Label defect' },
  record_keeping: { zh: '未按规定记录', en: 'Record keeping' },
  other: { zh: '其他', en: 'Other' },
};
export const violationLabel = (code: string | null | undefined) => lookup(VIOLATIONS, code);

const RECORD_TYPES: Record<string, Text> = {
  inspection: { zh: '监督检查', en: 'Inspection' },
  penalty: { zh: '行政处罚', en: 'Penalty' },
  sampling: { zh: '抽检', en: 'Sampling' },
  disposal: { zh: '核查处置', en: 'Disposal' },
  repair: { zh: '信用修复', en: 'Credit repair' },
};
export const recordTypeLabel = (code: string) => lookup(RECORD_TYPES, code);

const WORDS: Record<string, Text> = {
  // inspection kinds and results
  routine: { zh: '日常检查', en: 'routine' },
  key: { zh: '重点检查', en: 'key' },
  flying: { zh: '飞行检查', en: 'unannounced' },
  system: { zh: '体系检查', en: 'system' },
  followup: { zh: '跟踪检查', en: 'follow-up' },
  full: { zh: '全项', en: 'full' },
  partial: { zh: '部分', en: 'partial' },
  compliant: { zh: '符合', en: 'compliant' },
  basically_compliant: { zh: '基本符合', en: 'basically compliant' },
  non_compliant: { zh: '不符合', en: 'non-compliant' },
  obstructed: { zh: '拒绝检查', en: 'obstructed' },
  // penalties
  simple: { zh: '简易程序', en: 'simple procedure' },
  ordinary: { zh: '普通程序', en: 'ordinary procedure' },
  warning: { zh: '警告', en: 'warning' },
  fine: { zh: '罚款', en: 'fine' },
  confiscation: { zh: '没收', en: 'confiscation' },
  suspension: { zh: '责令停产停业', en: 'suspension' },
  license_revoked: { zh: '吊销许可证', en: 'licence revoked' },
  trade_ban: { zh: '从业禁止', en: 'trade ban' },
  closure: { zh: '关闭', en: 'closure' },
  // samplings
  supervisory: { zh: '监督抽检', en: 'supervisory' },
  evaluative: { zh: '评价性抽检', en: 'evaluative' },
  monitoring: { zh: '风险监测', en: 'monitoring' },
  national: { zh: '国家', en: 'national' },
  provincial: { zh: '省级', en: 'provincial' },
  municipal: { zh: '市级', en: 'municipal' },
  county: { zh: '县级', en: 'county' },
  pass: { zh: '合格', en: 'pass' },
  fail: { zh: '不合格', en: 'fail' },
  // disposals and repairs
  seal: { zh: '查封扣押', en: 'seal' },
  stop_sale: { zh: '停止销售', en: 'stop sale' },
  recall: { zh: '召回', en: 'recall' },
  cause_investigation: { zh: '原因排查', en: 'cause investigation' },
  rectification: { zh: '整改', en: 'rectification' },
  case_filed: { zh: '立案', en: 'case filed' },
  granted: { zh: '准予修复', en: 'granted' },
  refused: { zh: '不予修复', en: 'refused' },
  // record status
  active: { zh: '有效', en: 'active' },
  revoked: { zh: '已撤销', en: 'revoked' },
  // plans
  mandatory: { zh: '必查', en: 'mandatory' },
  random: { zh: '随机', en: 'random' },
  assigned: { zh: '已分派', en: 'assigned' },
  unassigned: { zh: '未分派', en: 'unassigned' },
  // runs
  running: { zh: '进行中', en: 'running' },
  finished: { zh: '已完成', en: 'finished' },
  finished_with_failures: { zh: '完成（有失败）', en: 'finished with failures' },
  daily: { zh: '每日', en: 'daily' },
  monthly: { zh: '每月', en: 'monthly' },
  full_run: { zh: '全量', en: 'full' },
  // adjustments
  raise: { zh: '上调', en: 'raise' },
  lower: { zh: '下调', en: 'lower' },
  force_d: { zh: '直接定为 D 级', en: 'forced to D' },
};
/** A code of the records, plans or runs in words; unknown codes show as they are. */
export const word = (code: string | null | undefined) => lookup(WORDS, code);
