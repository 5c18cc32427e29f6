// The shape of a rule set (grading-model.md §2). A rule set is data: one file per version,
// effective-dated, each group carrying its legal basis, so a regulator's rule change is a new
// file plus its tests and never an edit of a function.
import type { Category, Grade, Measure, Sector, Violation } from '../types.ts';

export type Tier = 'I' | 'II' | 'III' | 'IV';
export type CategoryFlag = 'special' | 'key';

export interface RuleSet {
  id: string;
  title: string;
  /** First asOf this rule set applies to (inclusive); null = from the beginning. */
  effectiveFrom: string | null;
  /** First asOf it no longer applies to (exclusive); null = still in force. */
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
  };
  inspectionsPerYear: { basis: string } & Record<Grade, { min: number; max: number }>;
  listing: {
    basis: string;
    termMonths: number;
    earlyRemovalAfterMonths: number;
    repairAfterMonths: number;
    seriousViolations: Violation[];
    personBanMonths: number;
    disciplineMeasures: { code: string; zh: string; en: string }[];
    personBanMeasures: { code: string; zh: string; en: string }[];
  };
}
