// The shape of a rule set as the engine uses it (grading-model.md §2). A rule set is data: one
// JSON file per version under packages/domain/rules/, effective-dated, every value carrying its
// legal reference (file.ts), so a regulator's rule change is a new file plus its tests and never
// an edit of a function. Each group's `basis` lists the references of its values.
import type { Category, Grade, Measure, Procedure, Sector, Violation } from '../types.ts';

export const TIERS = ['I', 'II', 'III', 'IV'] as const;
export type Tier = (typeof TIERS)[number];
export const CATEGORY_FLAGS = ['special', 'key'] as const;
export type CategoryFlag = (typeof CATEGORY_FLAGS)[number];

export interface RuleSet {
  id: string;
  title: string;
  /** First asOf this rule set applies to (inclusive); null = from the beginning. */
  effectiveFrom: string | null;
  /** First asOf it no longer applies to (exclusive): the next rule set's start; null = still in force. */
  effectiveUntil: string | null;
  sources: Record<string, string>;

  categories: { basis: string; map: Record<Category, { sector: Sector; tier: Tier; flags: CategoryFlag[] }> };
  tierPoints: { basis: string } & Record<Tier, number>;

  /** §1/§4: the look-back windows, in months. */
  windows: {
    basis: string;
    dynamic: number;
    fullInspection: number;
    creditObstruction: number;
    creditClean: number;
    lowerClean: number;
    raise: number;
    forceDHeavyPenalty: number;
    candidate: number;
  };
  caps: { basis: string; inspection: number; sampling: number; penalty: number; dynamic: number };
  inspectionPoints: {
    basis: string;
    basicallyCompliantPerGeneralItem: number;
    basicallyCompliantMax: number;
    nonCompliantBase: number;
    nonCompliantPerKeyItem: number;
    nonCompliantPerGeneralItem: number;
    nonCompliantMax: number;
    obstructed: number;
    /** No full-scope inspection within `windows.fullInspection` months. */
    unverified: number;
  };
  samplingPoints: {
    basis: string;
    supervisoryNationalProvincial: number;
    supervisoryMunicipalCounty: number;
    evaluative: number;
    monitoring: number;
  };
  penaltyPoints: { basis: string; heavy: number; aggravated: number; ordinary: number; minor: number };
  heavyMeasures: { basis: string; measures: Measure[] };
  /** What the simple procedure may impose; ingestion rejects a simple-procedure penalty beyond it. */
  simpleProcedure: { basis: string; maxFineYuan: number; measures: Measure[] };

  credit: {
    basis: string;
    /** PUB-45: publicity term when measures are only warning/fine and the fine is below the threshold. */
    publicityShortMonths: number;
    publicityLongMonths: number;
    publicityFineThreshold: number;
    repeatAggravatedCount: number;
    licensedMonthsForA: number;
    score: Record<Grade, number>;
  };
  grade: {
    basis: string;
    /** Upper bounds of the base-grade bands: A ≤ A, B ≤ B, C ≤ C, D above. */
    bands: { A: number; B: number; C: number };
    maxRaiseLevels: number;
    licensedMonthsForLower: number;
    /** The measures that make an intentional violation a raise trigger (§6.1). */
    intentionalViolationMeasures: Measure[];
  };
  inspectionsPerYear: { basis: string } & Record<Grade, { min: number; max: number }>;
  /** §7: who is under key inspection (inspected `inspectionsPerYear.max` times a year). */
  keyInspection: {
    basis: string;
    /** Category flags that make an enterprise key in every sector. */
    categoryFlags: CategoryFlag[];
    /** Per sector, the final risk grades and the category flags that make an enterprise key. */
    sectors: Record<Sector, { grades: Grade[]; flags: CategoryFlag[] }>;
    /** Credit classes that make an enterprise key whatever its grade. */
    creditClasses: Grade[];
  };
  listing: {
    basis: string;
    termMonths: number;
    earlyRemovalAfterMonths: number;
    repairAfterMonths: number;
    seriousViolations: Violation[];
    personBarMonths: number;
    disciplineMeasures: { code: string; zh: string; en: string }[];
    personBarMeasures: { code: string; zh: string; en: string }[];
  };
  /** deadlines.md §3: the statutory time limits of the cases, in working or calendar days. */
  deadlines: {
    basis: string;
    /** FSL Art. 88: a re-test is requested within this many working days of the result's service. */
    recheckWorkingDays: number;
    /** SAMPLING-15 Art. 45: verification and disposal of a failed sample, in calendar days (rolled). */
    disposalDays: number;
    /** PUB-45 Art. 2: the procedures whose decisions are published. */
    publicityProcedures: Procedure[];
    /** PUB-45 Art. 9: published within this many working days of the decision. */
    publicityWorkingDays: number;
    /** REPAIR-2021: an application is accepted or refused within this many working days. */
    repairAcceptanceWorkingDays: number;
    /** REPAIR-2021: decided within this many working days of acceptance. */
    repairDecisionWorkingDays: number;
    /** A case is reported while addMonths(D, −reportMonths) < openedOn ≤ D. */
    reportMonths: number;
  };
}
