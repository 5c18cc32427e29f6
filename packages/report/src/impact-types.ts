// impact.json, the result of `npm run impact` (docs/impact.md): one population graded as of one
// date under a base and a proposed rule set. Declared here, beside the page that renders it, so
// the command (packages/local) and the page share one shape. "before" is always the base rule
// set, "after" the proposed one.
import type { Grade } from '@fenji/domain';

/** [base grade][proposed grade], grades in GRADES order (A…D): how many enterprises moved so. */
export type TransitionMatrix = number[][];

export interface ImpactRuleSet {
  id: string;
  title: string;
  /** The file it was read from; null for a shipped rule set given by id. */
  file: string | null;
}

/** One rule value that differs: its path in the rule-set file (without `.value`), old and new. */
export interface ImpactRuleValue {
  path: string;
  before: unknown;
  after: unknown;
  reference: string | null;
}

/** What the grade of one enterprise is under one rule set. */
export interface ImpactGrading {
  riskScore: number;
  baseGrade: Grade;
  riskGrade: Grade;
  creditClass: Grade;
  keyInspection: boolean;
  inspectionsPerYear: number;
}

/** An enterprise whose risk grade or credit class differs, and why. */
export interface ImpactChange {
  uscc: string;
  name: string;
  region: string;
  category: string;
  before: ImpactGrading;
  after: ImpactGrading;
  /** The factor codes whose points differ (summed per code). */
  factors: { code: string; before: number; after: number }[];
  /** The changed rule values without which its result would differ (leave-one-out; docs/impact.md). */
  ruleValues: ImpactRuleValue[];
}

export interface ImpactListed {
  uscc: string;
  name: string;
  region: string;
  recordIds: string[];
}

/** Enterprises on a list (serious listing or listing candidate) before and after. */
export interface ImpactListing {
  before: number;
  after: number;
  appear: ImpactListed[];
  disappear: ImpactListed[];
}

/** The double-random plan of the period as drawn under one rule set. */
export interface ImpactPlanFigures {
  inspections: number;
  mandatory: number;
  random: number;
  assigned: number;
  unassigned: number;
  /** Two officers per on-site inspection, one day each: 2 × inspections. */
  inspectorDays: number;
  assignedInspectorDays: number;
  /** Active inspectors and the sum of their maxPerPeriod (inspections they may take in the period). */
  inspectors: number;
  capacity: number;
  /** Active inspectors whose load, drawn with no cap, exceeds their maxPerPeriod. */
  inspectorsOverMax: number;
  /** inspectorsOverMax / inspectors (0 when there is no inspector), 4 decimals. */
  shareOverMax: number;
}

export interface ImpactPlanRegion {
  region: string;
  before: ImpactPlanFigures;
  after: ImpactPlanFigures;
}

export interface ImpactRegionTransitions {
  region: string;
  enterprises: number;
  riskGrade: TransitionMatrix;
  creditClass: TransitionMatrix;
}

export interface ImpactReport {
  format: 'fenji-impact/1';
  generatedAt: string;
  asOf: string;
  period: string;
  /** Seed of the double-random draws (the same for both rule sets). */
  seed: string;
  base: ImpactRuleSet;
  proposed: ImpactRuleSet;
  /** Whether the base is the rule set in force on asOf. */
  baseInForce: boolean;
  population: {
    /** A data folder or an npm start state (`npm run impact`), or the stored population (POST /impact: `path` is the table). */
    source: 'data' | 'state' | 'store';
    path: string;
    /** Enterprises with a profile; assessed = those graded (a deregistered one is not). */
    enterprises: number;
    assessed: number;
    records: number;
    inspectors: number;
    /** Records and files refused when reading a data folder; null for a state or the store. */
    rejected: number | null;
  };
  ruleChanges: ImpactRuleValue[];
  summary: {
    riskGradeChanged: number;
    creditClassChanged: number;
    /** Enterprises whose risk grade or credit class changes: the length of `changes`. */
    changed: number;
    riskScoreChanged: number;
    keyInspections: { before: number; after: number };
    plannedInspections: { before: number; after: number };
    inspectorDays: { before: number; after: number };
    shareOverMax: { before: number; after: number };
    seriousListings: { before: number; after: number };
    listingCandidates: { before: number; after: number };
  };
  transitions: {
    grades: Grade[];
    overall: { riskGrade: TransitionMatrix; creditClass: TransitionMatrix };
    byRegion: ImpactRegionTransitions[];
  };
  keyInspections: {
    before: number;
    after: number;
    added: number;
    removed: number;
    byRegion: { region: string; before: number; after: number }[];
  };
  plan: {
    period: string;
    before: ImpactPlanFigures;
    after: ImpactPlanFigures;
    byRegion: ImpactPlanRegion[];
  };
  listings: { seriousListings: ImpactListing; listingCandidates: ImpactListing };
  riskScoreChanges: {
    changed: number;
    increased: number;
    decreased: number;
    min: number;
    max: number;
    /** Mean change over every assessed enterprise, 2 decimals. */
    mean: number;
    /** Enterprises per change of the risk score (proposed − base), every change present, ascending. */
    histogram: { delta: number; count: number }[];
  };
  /** Every enterprise whose risk grade or credit class changes, by uscc. */
  changes: ImpactChange[];
  /** Chinese and English names of the fields above, for whoever reads the file. */
  labels: Record<string, string>;
}
