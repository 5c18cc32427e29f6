// What happened to each enterprise: inspections, samples and penalties, drawn so that they
// hang together as in real files — a poor operator fails more often, a failed inspection is
// followed up and often fined, a failed supervisory sample leads to a decision some weeks later.
// The statutory steps that follow a record (deadlines.md §2) are drawn afterwards (steps.ts).
import {
  addMonths,
  type Hazard,
  type InspectionKind,
  type InspectionResult,
  type InspectionScope,
  type IsoDate,
  type Measure,
  type PersonRole,
  type Procedure,
  ruleSetById,
  type SamplingKind,
  type SamplingLevel,
  type SamplingResult,
  type Violation,
} from '@fenji/domain';
import { type Ent, type InspectorRec, makePerson, type Quality, type Registry, workday } from './entities.ts';
import type { Rng } from './prng.ts';
import { CATEGORY_PROFILES, type County, SAMPLE_FAILURE_VIOLATION, VIOLATIONS_BY_SECTOR } from './wenzhou.ts';

export interface InspectionRec {
  recordId: string;
  uscc: string;
  county: County;
  inspectedOn: IsoDate;
  kind: InspectionKind;
  scope: InspectionScope;
  result: InspectionResult;
  keyItemsFailed: number;
  generalItemsFailed: number;
  inspectors: string[];
}

export interface SamplingRec {
  recordId: string;
  uscc: string;
  county: County;
  sampledOn: IsoDate;
  product: string;
  kind: SamplingKind;
  level: SamplingLevel;
  result: 'pass' | 'fail';
  hazard?: Hazard;
  /** The decision that followed the failure; a re-test overturning it would contradict the file. */
  penalty?: PenaltyRec;
  /** The steps of deadlines.md §2, set by the steps phase: the result served, a re-test (FSL Art. 88). */
  notifiedOn?: IsoDate;
  recheckRequestedOn?: IsoDate;
  recheckResult?: SamplingResult;
  recheckConcludedOn?: IsoDate;
  /** The re-test's conclusion arrives as a version 2 (corrections); the first version has only the request. */
  recheckReportedLater?: boolean;
}

export interface PersonEntry {
  name: string;
  role: PersonRole;
  idNumber: string;
}

export interface PenaltyRec {
  recordId: string;
  uscc: string;
  county: County;
  decidedOn: IsoDate;
  procedure: Procedure;
  violation: Violation;
  measures: Measure[];
  fineYuan: number;
  aggravated: boolean;
  incident: boolean;
  recallFailure: boolean;
  seriousListing: boolean;
  intentional?: boolean;
  persons: PersonEntry[];
  repairedOn?: IsoDate;
  delistedOn?: IsoDate;
  /** Published (公示, PUB-45): set by the steps phase for ordinary-procedure decisions. */
  publishedOn?: IsoDate;
  /**
   * Never revoked or otherwise corrected: part of a guaranteed scenario, or a decision a credit
   * repair application is on file for (revoking it would leave the application dangling).
   */
  reserved: boolean;
}

export interface Calendar {
  asOf: IsoDate;
  asOfDay: number;
  /** First day of inspection and sampling history (three calendar years up to asOf). */
  historyStart: IsoDate;
  /** First day of penalty history (five calendar years: person bars last five years). */
  penaltyStart: IsoDate;
  toDay(d: IsoDate): number;
  toDate(day: number): IsoDate;
}

/** grading-model.md §8 serious set, from the rule set in force: the violations that can list an enterprise. */
export const SERIOUS_VIOLATIONS: ReadonlySet<Violation> = new Set(ruleSetById('cn-2022').listing.seriousViolations);

export const HEAVY: readonly Measure[] = ['suspension', 'license_revoked', 'trade_ban', 'closure'];

const INSPECTIONS_PER_YEAR: Record<string, number> = { I: 1.0, II: 1.3, III: 1.8, IV: 2.5 };
const QUALITY_FACTOR: Record<Quality, number> = { good: 1, average: 1.2, poor: 1.5 };

const RESULTS: Record<Quality, readonly (readonly [InspectionResult, number])[]> = {
  good: [
    ['compliant', 85],
    ['basically_compliant', 13],
    ['non_compliant', 2],
  ],
  average: [
    ['compliant', 64],
    ['basically_compliant', 29],
    ['non_compliant', 7],
  ],
  poor: [
    ['compliant', 40],
    ['basically_compliant', 38],
    ['non_compliant', 20.5],
    ['obstructed', 1.5],
  ],
};

const SAMPLE_FAIL: Record<Quality, number> = { good: 0.02, average: 0.06, poor: 0.15 };
const INDEPENDENT_PENALTIES_PER_YEAR: Record<Quality, number> = { good: 0.03, average: 0.1, poor: 0.3 };

function roundTo(x: number, step: number): number {
  return Math.max(step, Math.round(x / step) * step);
}

/** `n` working days drawn in [from, to], sorted. */
function days(rng: Rng, n: number, from: number, to: number): number[] {
  return Array.from({ length: n }, () => workday(rng, rng.int(from, to), from, to)).sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Inspections

function itemsFor(rng: Rng, result: InspectionResult): { key: number; general: number } {
  switch (result) {
    case 'compliant':
    case 'obstructed':
      return { key: 0, general: 0 };
    case 'basically_compliant':
      return {
        key: 0,
        general: rng.weighted([
          [1, 5],
          [2, 3],
          [3, 2],
          [4, 1],
        ] as const),
      };
    case 'non_compliant': {
      const key = rng.chance(0.7) ? rng.int(1, 3) : 0;
      const general = rng.int(key > 0 ? 0 : 2, 6);
      return { key, general };
    }
  }
}

/** Two inspectors of the county who were in service that day and have no conflict with the enterprise. */
export function inspectorsFor(rng: Rng, ent: Ent, date: IsoDate, inspectors: readonly InspectorRec[]): string[] {
  const eligible = inspectors.filter(
    (i) => i.county === ent.county && (i.until === undefined || date <= i.until) && !i.conflicts.includes(ent.uscc),
  );
  const first = rng.pick(eligible);
  const rest = eligible.filter((i) => i !== first);
  return rest.length === 0 ? [first.inspectorId] : [first.inspectorId, rng.pick(rest).inspectorId];
}

export function inspection(
  rng: Rng,
  ent: Ent,
  date: IsoDate,
  kind: InspectionKind,
  result: InspectionResult,
  inspectors: readonly InspectorRec[],
): InspectionRec {
  const scope: InspectionScope =
    kind === 'system'
      ? 'full'
      : kind === 'followup' || kind === 'flying'
        ? 'partial'
        : rng.chance(0.55)
          ? 'full'
          : 'partial';
  const items = itemsFor(rng, result);
  return {
    recordId: '',
    uscc: ent.uscc,
    county: ent.county,
    inspectedOn: date,
    kind,
    scope,
    result,
    keyItemsFailed: items.key,
    generalItemsFailed: items.general,
    inspectors: inspectorsFor(rng, ent, date, inspectors),
  };
}

function inspectionKind(rng: Rng, ent: Ent): InspectionKind {
  const maker = ent.sector.endsWith('production') || ent.sector.endsWith('manufacturing');
  return rng.weighted([
    ['routine', 80],
    ['key', ent.key || ent.quality === 'poor' ? 12 : 2],
    ['flying', maker ? 5 : 1],
    ['system', maker ? 4 : 0],
  ] as const);
}

// ---------------------------------------------------------------------------------------------
// Penalties

function violationFor(rng: Rng, ent: Ent): Violation {
  return rng.weighted(VIOLATIONS_BY_SECTOR[ent.sector] as readonly (readonly [Violation, number])[]);
}

/** 简易程序: warning and/or a fine of at most ¥3,000 on the spot (APL Art. 51). */
export function simplePenalty(rng: Rng, ent: Ent, date: IsoDate, warningOnly = false): PenaltyRec {
  const sells = !ent.sector.startsWith('catering');
  const violation = rng.weighted([
    ['hygiene', ent.sector === 'catering' ? 5 : 1],
    ['record_keeping', 4],
    ['label_defect', sells ? 3 : 0],
    ['other', 2],
  ] as const);
  const measures: Measure[] = warningOnly
    ? ['warning']
    : rng
        .weighted([
          [['warning'], 4],
          [['warning', 'fine'], 3],
          [['fine'], 3],
        ] as const)
        .slice();
  const fineYuan = measures.includes('fine')
    ? roundTo(
        rng.weighted([
          [500, 4],
          [1000, 4],
          [2000, 2],
          [3000, 1],
        ] as const) *
          (0.5 + rng.float()),
        100,
      )
    : 0;
  return {
    recordId: '',
    uscc: ent.uscc,
    county: ent.county,
    decidedOn: date,
    procedure: 'simple',
    violation,
    measures,
    fineYuan: Math.min(3000, fineYuan),
    aggravated: false,
    incident: false,
    recallFailure: false,
    seriousListing: false,
    persons: [],
    reserved: false,
  };
}

export interface OrdinaryOptions {
  violation?: Violation;
  aggravated?: boolean;
  heavy?: Measure;
  intentional?: boolean;
  listed?: boolean;
}

/** 一般程序: a fine (often with confiscation of goods and gains), sometimes heavier. */
export function ordinaryPenalty(
  rng: Rng,
  ent: Ent,
  date: IsoDate,
  cal: Calendar,
  reg: Registry,
  opts: OrdinaryOptions = {},
): PenaltyRec {
  const violation = opts.violation ?? violationFor(rng, ent);
  const serious = SERIOUS_VIOLATIONS.has(violation);
  const poor = ent.quality === 'poor';
  const aggravated = opts.aggravated ?? rng.chance((serious ? 0.2 : 0.06) * (poor ? 1.5 : 1));
  const heavy =
    opts.heavy ??
    (rng.chance(serious && aggravated ? 0.25 : poor ? 0.03 : 0.01)
      ? rng.weighted([
          ['suspension', 5],
          ['license_revoked', 1.5],
          ['trade_ban', 1],
          ['closure', 1.5],
        ] as const)
      : undefined);
  const measures: Measure[] = [];
  if (!serious && rng.chance(0.1)) measures.push('warning');
  measures.push('fine');
  if (rng.chance(serious ? 0.8 : 0.4)) measures.push('confiscation');
  if (heavy !== undefined) measures.push(heavy);
  // FSL Art. 124 starts at ¥50,000 for the serious cases, Art. 126 at ¥5,000; a small shop pays less.
  const scale = ent.form === 'individual' ? 0.4 : 1;
  const base = serious ? 50_000 + rng.float() * 250_000 : 2_000 + rng.float() * 48_000;
  let fineYuan = roundTo(base * scale * (aggravated ? 1.8 : 1) * (heavy ? 2 : 1), serious ? 1000 : 100);
  // Fines set as a multiple of the goods' value are rarely round.
  if (rng.chance(0.15)) fineYuan += rng.int(1, 99) * 10;
  const x = rng.float();
  // Unknown (absent) is the common case: many decisions do not say.
  const intentional =
    opts.intentional ??
    (serious ? (x < 0.4 ? true : x < 0.6 ? false : undefined) : x < 0.1 ? true : x < 0.4 ? false : undefined);
  const maker = ent.sector === 'food_production' || ent.sector === 'drug_manufacturing';
  const incident = (ent.sector === 'catering' || maker) && rng.chance(serious ? 0.08 : 0.01);
  const recallFailure = maker && rng.chance(serious ? 0.2 : 0.03);

  const persons: PersonEntry[] = [];
  const naming = heavy === 'license_revoked' || (serious && rng.chance(0.3));
  if (naming && ent.rep) persons.push({ ...ent.rep, role: 'legal_representative' });
  if (naming && (heavy === 'license_revoked' || rng.chance(0.4) || persons.length === 0)) {
    const p = makePerson(rng, ent.county, date, reg);
    persons.push({ ...p, role: rng.chance(0.7) ? 'directly_responsible' : 'principal' });
  }

  const listed =
    opts.listed ??
    (serious &&
      (aggravated || heavy !== undefined) &&
      intentional !== false &&
      ent.form !== 'institution' &&
      rng.chance(0.2));
  const p: PenaltyRec = {
    recordId: '',
    uscc: ent.uscc,
    county: ent.county,
    decidedOn: date,
    procedure: 'ordinary',
    violation,
    measures,
    fineYuan,
    aggravated: aggravated || heavy !== undefined,
    incident,
    recallFailure,
    seriousListing: listed,
    intentional,
    persons,
    reserved: false,
  };
  const yearLater = addMonths(date, 12);
  if (opts.listed === undefined && listed && yearLater <= cal.asOf && rng.chance(0.3)) {
    p.delistedOn = laterDate(rng, cal, yearLater, 540);
  }
  if (!listed && heavy === undefined && yearLater <= cal.asOf && rng.chance(0.15)) {
    p.repairedOn = laterDate(rng, cal, yearLater, 365);
  }
  return p;
}

/** A day from `from` to `spread` days later, never after asOf (SDL-44 Art. 16, REPAIR-2021). */
export function laterDate(rng: Rng, cal: Calendar, from: IsoDate, spread: number): IsoDate {
  const start = cal.toDay(from);
  const end = Math.min(start + spread, cal.asOfDay);
  return cal.toDate(workday(rng, rng.int(start, end), start, end));
}

// ---------------------------------------------------------------------------------------------
// Samplings

/** A sample of the enterprise's products; a scenario fixes its result and kind, the rest is drawn. */
export function sampling(
  rng: Rng,
  ent: Ent,
  date: IsoDate,
  fixed: { fail?: boolean; kind?: SamplingKind } = {},
): SamplingRec {
  const profile = CATEGORY_PROFILES[ent.category];
  const maker = ent.sector.endsWith('production') || ent.sector.endsWith('manufacturing');
  const fail = fixed.fail ?? rng.chance(SAMPLE_FAIL[ent.quality]);
  return {
    recordId: '',
    uscc: ent.uscc,
    county: ent.county,
    sampledOn: date,
    product: rng.pick(profile.products),
    kind:
      fixed.kind ??
      rng.weighted([
        ['supervisory', 60],
        ['evaluative', 25],
        ['monitoring', 15],
      ] as const),
    level: rng.weighted([
      ['county', maker ? 20 : 40],
      ['municipal', 30],
      ['provincial', maker ? 30 : 20],
      ['national', maker ? 20 : 10],
    ] as const),
    result: fail ? 'fail' : 'pass',
    hazard: fail ? rng.weighted(profile.hazards) : undefined,
  };
}

export function violationForFailure(ent: Ent, hazard: Hazard | undefined): Violation {
  if (hazard === 'additive' && ent.sector !== 'cosmetics') return 'illegal_additive';
  if (hazard === 'non_food_substance' && (ent.sector === 'catering' || ent.sector.startsWith('food'))) {
    return 'non_food_material';
  }
  return SAMPLE_FAILURE_VIOLATION[ent.sector];
}

// ---------------------------------------------------------------------------------------------
// One enterprise's history

export interface History {
  inspections: InspectionRec[];
  samplings: SamplingRec[];
  penalties: PenaltyRec[];
}

export function enterpriseHistory(
  rng: Rng,
  ent: Ent,
  inspectors: readonly InspectorRec[],
  cal: Calendar,
  reg: Registry,
): History {
  const out: History = { inspections: [], samplings: [], penalties: [] };
  const licensed = cal.toDay(ent.licensedOn);
  const from = Math.max(cal.toDay(cal.historyStart), licensed + 15);
  const penaltyFrom = Math.max(cal.toDay(cal.penaltyStart), licensed + 30);
  const q = QUALITY_FACTOR[ent.quality];
  const later = (day: number, lo: number, hi: number): IsoDate | null => {
    const d = day + rng.int(lo, hi);
    return d <= cal.asOfDay ? cal.toDate(workday(rng, d, day, cal.asOfDay)) : null;
  };

  if (from <= cal.asOfDay) {
    const years = (cal.asOfDay - from + 1) / 365.25;
    const rate = ((INSPECTIONS_PER_YEAR[ent.tier] as number) + (ent.key ? 0.5 : 0)) * q;
    for (const day of days(rng, rng.poisson(rate * years), from, cal.asOfDay)) {
      const date = cal.toDate(day);
      const result = rng.weighted(RESULTS[ent.quality]);
      out.inspections.push(inspection(rng, ent, date, inspectionKind(rng, ent), result, inspectors));
      if (result === 'non_compliant' || result === 'obstructed') {
        const check = later(day, 15, 45);
        if (check) {
          const after = rng.weighted([
            ['compliant', 70],
            ['basically_compliant', 25],
            ['non_compliant', 5],
          ] as const);
          out.inspections.push(inspection(rng, ent, check, 'followup', after, inspectors));
        }
        const decided = later(day, 10, 60);
        if (decided && result === 'obstructed' && rng.chance(0.7)) {
          const violation = rng.chance(0.6) ? 'obstruction' : 'refuse_enforcement';
          out.penalties.push(ordinaryPenalty(rng, ent, decided, cal, reg, { violation, aggravated: rng.chance(0.3) }));
        } else if (decided && result === 'non_compliant' && rng.chance(0.5)) {
          out.penalties.push(
            rng.chance(0.35) ? simplePenalty(rng, ent, decided) : ordinaryPenalty(rng, ent, decided, cal, reg),
          );
        }
      } else if (result === 'basically_compliant' && rng.chance(0.08)) {
        const decided = later(day, 0, 20);
        if (decided) out.penalties.push(simplePenalty(rng, ent, decided, true));
      }
    }

    const samples = CATEGORY_PROFILES[ent.category].samplingsPerYear * (q === 1 ? 1 : q * 0.9) * years;
    for (const day of days(rng, rng.poisson(samples), from, cal.asOfDay)) {
      const s = sampling(rng, ent, cal.toDate(day));
      out.samplings.push(s);
      if (s.result === 'fail' && s.kind !== 'monitoring' && rng.chance(0.45)) {
        const decided = later(day, 30, 120);
        if (decided) {
          s.penalty = ordinaryPenalty(rng, ent, decided, cal, reg, { violation: violationForFailure(ent, s.hazard) });
          out.penalties.push(s.penalty);
        }
      }
    }
  }

  // Complaints and special campaigns: penalties with no inspection in this history behind them.
  // Before the inspection history starts they stand in for the inspection-led ones too.
  const rate = INDEPENDENT_PENALTIES_PER_YEAR[ent.quality];
  const spans: [number, number, number][] = [
    [penaltyFrom, Math.min(from, cal.asOfDay + 1) - 1, rate * 2.5],
    [Math.max(penaltyFrom, from), cal.asOfDay, rate],
  ];
  for (const [lo, hi, perYear] of spans) {
    if (lo > hi) continue;
    for (const day of days(rng, rng.poisson((perYear * (hi - lo + 1)) / 365.25), lo, hi)) {
      const date = cal.toDate(day);
      out.penalties.push(rng.chance(0.45) ? simplePenalty(rng, ent, date) : ordinaryPenalty(rng, ent, date, cal, reg));
    }
  }
  return out;
}
