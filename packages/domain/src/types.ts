// Record and result shapes shared by every package. Field names follow records.md §2 and the
// glossary of grading-model.md §12: one concept, one name.
import type { AdjustmentReason, CreditReason, FactorCode, WarningCode } from './factor-labels.ts';

/** Calendar date `YYYY-MM-DD` (Asia/Shanghai). */
export type IsoDate = string;

export type RecordStatus = 'active' | 'revoked';

/** Risk grades and credit classes, lowest risk first (grading-model.md §5, §6). */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const SECTORS = [
  'food_production',
  'food_sales',
  'catering',
  'drug_manufacturing',
  'drug_distribution',
  'drug_retail',
  'medical_device',
  'cosmetics',
] as const;
export type Sector = (typeof SECTORS)[number];

export const CATEGORIES = [
  'infant_formula',
  'fsmp',
  'health_food',
  'infant_food',
  'dairy',
  'meat',
  'beverage',
  'frozen_food',
  'bean_product',
  'pastry',
  'condiment',
  'grain_product',
  'edible_oil',
  'tea_sugar',
  'bulk_cooked_food',
  'bulk_food',
  'special_food_retail',
  'prepackaged_food',
  'central_kitchen',
  'collective_meal',
  'school_canteen',
  'restaurant',
  'unit_canteen',
  'fast_food_snack',
  'beverage_shop',
  'drug_high_risk',
  'drug_manufacturer',
  'drug_wholesale',
  'pharmacy',
  'device_class3',
  'device_class2',
  'device_class1',
  'device_retail',
  'cosmetics_special',
  'cosmetics_general',
  'cosmetics_retail',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const INSPECTION_KINDS = ['routine', 'key', 'flying', 'system', 'followup'] as const;
export const INSPECTION_SCOPES = ['full', 'partial'] as const;
export const INSPECTION_RESULTS = ['compliant', 'basically_compliant', 'non_compliant', 'obstructed'] as const;
export const PROCEDURES = ['simple', 'ordinary'] as const;
export const VIOLATIONS = [
  'unlicensed',
  'non_food_material',
  'illegal_additive',
  'drug_added',
  'substandard_special_food',
  'diseased_meat',
  'unquarantined_meat',
  'contaminant_exceedance',
  'expired_material',
  'unregistered_special_food',
  'false_label',
  'counterfeit_drug',
  'substandard_drug',
  'unapproved_drug',
  'unregistered_device',
  'cosmetics_harmful_additive',
  'obstruction',
  'refuse_enforcement',
  'hygiene',
  'label_defect',
  'record_keeping',
  'other',
] as const;
export const MEASURES = [
  'warning',
  'fine',
  'confiscation',
  'suspension',
  'license_revoked',
  'trade_ban',
  'closure',
] as const;
export const PERSON_ROLES = ['legal_representative', 'principal', 'directly_responsible'] as const;
export const SAMPLING_KINDS = ['supervisory', 'evaluative', 'monitoring'] as const;
export const SAMPLING_LEVELS = ['national', 'provincial', 'municipal', 'county'] as const;
export const SAMPLING_RESULTS = ['pass', 'fail'] as const;
export const HAZARDS = [
  'pesticide_residue',
  'veterinary_residue',
  'microbial',
  'heavy_metal',
  'additive',
  'non_food_substance',
  'quality',
  'other',
] as const;

export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export type InspectionScope = (typeof INSPECTION_SCOPES)[number];
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];
export type Procedure = (typeof PROCEDURES)[number];
export type Violation = (typeof VIOLATIONS)[number];
export type Measure = (typeof MEASURES)[number];
export type PersonRole = (typeof PERSON_ROLES)[number];
export type SamplingKind = (typeof SAMPLING_KINDS)[number];
export type SamplingLevel = (typeof SAMPLING_LEVELS)[number];
export type SamplingResult = (typeof SAMPLING_RESULTS)[number];
export type Hazard = (typeof HAZARDS)[number];

export const RECORD_TYPES = [
  'enterprise',
  'inspection',
  'penalty',
  'sampling',
  'disposal',
  'repair',
  'inspector',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/**
 * A personal ID number as fenji keeps it: never in clear (records.md §3). `masked` is for
 * people (`330302********1234`), `hash` is HMAC-SHA256 hex for matching across records.
 */
export interface ProtectedId {
  masked: string;
  hash: string;
}

interface Versioned {
  version: number;
  status: RecordStatus;
}

export interface Enterprise extends Versioned {
  type: 'enterprise';
  uscc: string;
  name: string;
  region: string;
  category: Category;
  licensedOn: IsoDate;
  legalRepName?: string;
  legalRepId?: ProtectedId;
}

export interface Inspection extends Versioned {
  type: 'inspection';
  recordId: string;
  uscc: string;
  inspectedOn: IsoDate;
  kind: InspectionKind;
  scope: InspectionScope;
  result: InspectionResult;
  keyItemsFailed: number;
  generalItemsFailed: number;
  inspectors: string[];
}

export interface Person {
  name: string;
  role: PersonRole;
  id: ProtectedId;
}

export interface Penalty extends Versioned {
  type: 'penalty';
  /** The decision number, e.g. 温鹿市监罚〔2026〕118号. */
  recordId: string;
  uscc: string;
  decidedOn: IsoDate;
  procedure: Procedure;
  violation: Violation;
  measures: Measure[];
  fineYuan: number;
  aggravated: boolean;
  incident: boolean;
  recallFailure: boolean;
  seriousListing: boolean;
  /** `undefined` = unknown (grading-model.md §8 treats unknown as not-false). */
  intentional?: boolean;
  persons: Person[];
  repairedOn?: IsoDate;
  delistedOn?: IsoDate;
  /** deadlines.md §2: the day the decision was published (公示, PUB-45 Art. 9). */
  publishedOn?: IsoDate;
}

export interface Sampling extends Versioned {
  type: 'sampling';
  recordId: string;
  uscc: string;
  sampledOn: IsoDate;
  product: string;
  kind: SamplingKind;
  level: SamplingLevel;
  result: SamplingResult;
  hazard?: Hazard;
  /** deadlines.md §2: the day the result was served on the enterprise (检验结论送达). */
  notifiedOn?: IsoDate;
  /** deadlines.md §2: a re-test (复检), only of a fail (FSL Art. 88). */
  recheckRequestedOn?: IsoDate;
  recheckResult?: SamplingResult;
  recheckConcludedOn?: IsoDate;
}

export const DISPOSAL_ACTIONS = [
  'seal',
  'stop_sale',
  'recall',
  'cause_investigation',
  'rectification',
  'case_filed',
] as const;
export type DisposalAction = (typeof DISPOSAL_ACTIONS)[number];
export const REPAIR_DECISIONS = ['granted', 'refused'] as const;
export type RepairDecision = (typeof REPAIR_DECISIONS)[number];

/** 核查处置记录: the verification and disposal of one failed sample, keyed by its samplingRecordId. */
export interface Disposal extends Versioned {
  type: 'disposal';
  samplingRecordId: string;
  uscc: string;
  startedOn: IsoDate;
  actions: DisposalAction[];
  penaltyRecordId?: string;
  completedOn?: IsoDate;
}

/** 信用修复申请: an application to repair the credit record of one penalty. */
export interface Repair extends Versioned {
  type: 'repair';
  recordId: string;
  uscc: string;
  penaltyRecordId: string;
  appliedOn: IsoDate;
  acceptedOn?: IsoDate;
  decidedOn?: IsoDate;
  decision?: RepairDecision;
}

export interface Inspector {
  type: 'inspector';
  inspectorId: string;
  version: number;
  name: string;
  region: string;
  active: boolean;
  maxPerPeriod: number;
  conflicts: string[];
}

/** Records that belong to one enterprise's history. */
export type EnterpriseRecord = Inspection | Penalty | Sampling | Disposal | Repair;
export type AnyRecord = Enterprise | EnterpriseRecord | Inspector;

export interface Factor {
  /** e.g. `static_tier_IV`, `inspection_non_compliant`, `sampling_fail_evaluative`, `penalty_heavy`. */
  code: FactorCode;
  points: number;
  recordIds: string[];
}

export interface Adjustment {
  kind: 'raise' | 'lower' | 'force_d';
  levels: number;
  reasons: AdjustmentReason[];
  recordIds: string[];
}

export interface SeriousListingRef {
  recordId: string;
  listedOn: IsoDate;
  expiresOn: IsoDate;
}

export interface Warning {
  code: WarningCode;
  message: string;
  recordIds: string[];
}

export interface Assessment {
  uscc: string;
  name: string;
  region: string;
  sector: Sector;
  category: Category;
  asOf: IsoDate;
  rulesVersion: string;
  staticScore: number;
  dynamicScore: number;
  creditScore: number;
  riskScore: number;
  baseGrade: Grade;
  riskGrade: Grade;
  adjustments: Adjustment[];
  creditClass: Grade;
  creditReasons: CreditReason[];
  keyInspection: boolean;
  inspectionsPerYear: number;
  inspectionOverdue: boolean;
  seriousListing: SeriousListingRef | null;
  listingCandidate: { recordIds: string[] } | null;
  factors: Factor[];
  warnings: Warning[];
  /**
   * Earliest date after asOf on which this result could change with no new record (a window
   * sliding past a record, a publicity period or listing ending); null when none. Lets the
   * scheduler regrade only what can change.
   */
  nextChangeOn: IsoDate | null;
}

/**
 * A rejected record or file, exactly as written to the rejects output (records.md §3):
 * `source` the file path relative to the data folder, the S3 key or `sqs:<messageId>`;
 * `line` the 1-based line on which the record starts (CSV header = line 1), `null` for SQS and
 * for a file rejected whole; `recordId` when readable.
 */
export interface Reject {
  source: string;
  line: number | null;
  recordId: string | null;
  errors: FieldError[];
}

/** One problem of a record, in words a clerk can act on (English and Chinese). */
export interface FieldError {
  /** The field's path, e.g. `persons[1].idNumber`, or `file` / `header` for a whole file. */
  field: string;
  message: string;
}

/** A measure applied by partner departments (SDL-44 Art. 15, FSL Art. 135). */
export interface DisciplineMeasure {
  code: string;
  zh: string;
  en: string;
}

/** One line of the joint-discipline list (联合惩戒, grading-model.md §8). Persons only masked. */
export interface DisciplineEntry {
  kind: 'listing' | 'person_bar';
  uscc: string;
  name: string;
  region: string;
  /** The penalty decision number (行政处罚决定书文号). */
  recordId: string;
  violation: Violation | null;
  listedOn: IsoDate;
  expiresOn: IsoDate;
  persons: { name: string; role: PersonRole; idMasked: string }[];
  measures: DisciplineMeasure[];
}
