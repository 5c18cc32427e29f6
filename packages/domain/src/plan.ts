// The double-random inspection plan (双随机抽查计划) of grading-model.md §10: random enterprises,
// random inspectors. Every choice goes through the public PRNG of prng.ts with a published seed,
// and every ordering is by code point, so anyone holding the inputs and the seed can re-run the
// plan and get the same result byte for byte.
import { isValidIsoDate, withinMonths } from './dates.ts';
import { createPrng, sha256hex } from './prng.ts';
import type { Assessment, Grade, Inspection, Inspector, IsoDate } from './types.ts';

export interface PlanInput {
  asOf: IsoDate;
  period: string;
  seed: string;
  assessments: Pick<Assessment, 'uscc' | 'name' | 'region' | 'riskGrade' | 'keyInspection' | 'inspectionsPerYear'>[];
  inspectors: Inspector[];
  /** Inspection history of all enterprises (any status; only active ones count). */
  inspections: Inspection[];
}

export interface PlannedInspection {
  period: string;
  region: string;
  riskGrade: Grade;
  keyInspection: boolean;
  uscc: string;
  name: string;
  kind: 'mandatory' | 'random';
  slot: number;
  inspector1: string | null;
  inspector2: string | null;
  status: 'assigned' | 'unassigned';
  reason: string | null;
}

export interface PlanStratum {
  region: string;
  riskGrade: Grade;
  keyInspection: boolean;
  population: number;
  populationDigest: string;
  mandatoryPerMember: number;
  /** r as an exact reduced fraction such as "1/2", or "0". */
  remainder: string;
  due: number;
  drawn: number;
}

export interface Plan {
  period: string;
  asOf: IsoDate;
  seed: string;
  seedCommitment: string;
  strata: PlanStratum[];
  inspections: PlannedInspection[];
}

type PlanMember = PlanInput['assessments'][number];

/** Code-point order: locale-independent, so a verifier in any environment sorts the same way. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** floor(a / b) for non-negative integers, without a floating-point division. */
function intDiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** The fraction of a year a period covers (§10): `YYYY` → 1, `YYYY-Qn` → 1/4, `YYYY-MM` → 1/12. */
export function parsePeriod(period: string): {
  period: string;
  fractionNumerator: number;
  fractionDenominator: number;
} {
  if (typeof period === 'string') {
    if (/^\d{4}$/.test(period)) return { period, fractionNumerator: 1, fractionDenominator: 1 };
    if (/^\d{4}-Q[1-4]$/.test(period)) return { period, fractionNumerator: 1, fractionDenominator: 4 };
    if (/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return { period, fractionNumerator: 1, fractionDenominator: 12 };
  }
  throw new RangeError(`period must be YYYY, YYYY-Qn (n = 1-4) or YYYY-MM (MM = 01-12), got ${JSON.stringify(period)}`);
}

interface Frequency {
  /** m = floor(e): mandatory inspections per member in the period. */
  mandatory: number;
  /** r = e − m = remainderNumerator / denominator, exactly. */
  remainderNumerator: number;
  denominator: number;
  /** 12 / inspectionsPerYear: the window in which a full inspection makes a member not due. */
  windowMonths: number;
}

/**
 * e = inspectionsPerYear × fraction in integers (§10.1): inspections per year are halves and
 * fractions are twelfths, so e = (2·ipy · numerator) / (2 · denominator) with integer terms.
 * Floating point would misplace floor(N·r + 0.5) exactly at the .5 boundaries that halves create.
 */
function frequency(inspectionsPerYear: number, numerator: number, denominator: number, uscc: string): Frequency {
  const halves = inspectionsPerYear * 2;
  // 12 / ipy must be a whole number of months for the §1 window; this admits every value of the
  // §7 table (0.5, 1, 2, 3, 4) and rejects anything a rule set could not have produced.
  if (!Number.isInteger(halves) || halves <= 0 || 24 % halves !== 0) {
    throw new RangeError(
      `inspectionsPerYear of ${uscc} must be a positive multiple of 1/2 dividing 12 months evenly, got ${inspectionsPerYear}`,
    );
  }
  const eNumerator = halves * numerator;
  const eDenominator = 2 * denominator;
  return {
    mandatory: intDiv(eNumerator, eDenominator),
    remainderNumerator: eNumerator % eDenominator,
    denominator: eDenominator,
    windowMonths: 24 / halves,
  };
}

function formatFraction(numerator: number, denominator: number): string {
  if (numerator === 0) return '0';
  const g = gcd(numerator, denominator);
  return `${numerator / g}/${denominator / g}`;
}

const GRADE_ORDER: Record<Grade, number> = { A: 0, B: 1, C: 2, D: 3 };

interface Stratum {
  region: string;
  riskGrade: Grade;
  keyInspection: boolean;
  members: PlanMember[];
}

interface History {
  /** Dates of active full-scope inspections on or before asOf. */
  fullDates: IsoDate[];
  /** Latest active inspection date on or before asOf, any scope. */
  latestDate: IsoDate | null;
  /** Inspectors on any active inspection dated `latestDate` (rotated out, §10.3). */
  rotated: Set<string>;
}

function histories(inspections: Inspection[], asOf: IsoDate): Map<string, History> {
  const result = new Map<string, History>();
  for (const inspection of inspections) {
    // §1: revoked records count for nothing, records after asOf are not seen at all.
    if (inspection.status !== 'active' || inspection.inspectedOn > asOf) continue;
    let h = result.get(inspection.uscc);
    if (!h) {
      h = { fullDates: [], latestDate: null, rotated: new Set() };
      result.set(inspection.uscc, h);
    }
    if (inspection.scope === 'full') h.fullDates.push(inspection.inspectedOn);
    if (h.latestDate === null || inspection.inspectedOn > h.latestDate) {
      h.latestDate = inspection.inspectedOn;
      h.rotated = new Set(inspection.inspectors);
    } else if (inspection.inspectedOn === h.latestDate) {
      for (const id of inspection.inspectors) h.rotated.add(id);
    }
  }
  return result;
}

export function plan(input: PlanInput): Plan {
  const { asOf, seed } = input;
  if (typeof asOf !== 'string' || !isValidIsoDate(asOf)) {
    throw new RangeError(`asOf must be a YYYY-MM-DD date, got ${JSON.stringify(asOf)}`);
  }
  const { period, fractionNumerator, fractionDenominator } = parsePeriod(input.period);
  const prng = createPrng(seed);

  // Duplicates would make the result depend on input order (which copy wins), so refuse them.
  const seenUscc = new Set<string>();
  for (const a of input.assessments) {
    if (seenUscc.has(a.uscc)) throw new RangeError(`duplicate assessment for uscc ${a.uscc}`);
    seenUscc.add(a.uscc);
  }
  const inspectors = [...input.inspectors].sort((a, b) => byCodePoint(a.inspectorId, b.inspectorId));
  for (let i = 1; i < inspectors.length; i++) {
    if (inspectors[i].inspectorId === inspectors[i - 1].inspectorId) {
      throw new RangeError(`duplicate inspector ${inspectors[i].inspectorId}`);
    }
  }

  const history = histories(input.inspections, asOf);

  const strataByKey = new Map<string, Stratum>();
  for (const a of input.assessments) {
    const key = JSON.stringify([a.region, a.riskGrade, a.keyInspection]);
    let s = strataByKey.get(key);
    if (!s) {
      s = { region: a.region, riskGrade: a.riskGrade, keyInspection: a.keyInspection, members: [] };
      strataByKey.set(key, s);
    }
    s.members.push(a);
  }
  // §10.3 order: region code ascending, grade A→D, key false→true.
  const strata = [...strataByKey.values()].sort(
    (a, b) =>
      byCodePoint(a.region, b.region) ||
      GRADE_ORDER[a.riskGrade] - GRADE_ORDER[b.riskGrade] ||
      Number(a.keyInspection) - Number(b.keyInspection),
  );

  const load = new Map<string, number>();
  const plannedInspections: PlannedInspection[] = [];
  const planStrata: PlanStratum[] = [];

  const assign = (member: PlanMember, s: Stratum, kind: 'mandatory' | 'random', slot: number): void => {
    const rotated = history.get(member.uscc)?.rotated;
    const eligible = inspectors.filter(
      (p) =>
        p.region === member.region &&
        p.active &&
        (load.get(p.inspectorId) ?? 0) < p.maxPerPeriod &&
        !p.conflicts.includes(member.uscc) &&
        // Rotation (§10.3): whoever inspected the enterprise last time may not go again, so the
        // same eyes do not certify the same premises twice in a row.
        !rotated?.has(p.inspectorId),
    );
    const base = {
      period,
      region: s.region,
      riskGrade: s.riskGrade,
      keyInspection: s.keyInspection,
      uscc: member.uscc,
      name: member.name,
      kind,
      slot,
    };
    if (eligible.length < 2) {
      // An on-site inspection needs two officers; planning one alone would be unlawful, so the
      // gap is reported for the regulator to fill instead.
      plannedInspections.push({
        ...base,
        inspector1: null,
        inspector2: null,
        status: 'unassigned',
        reason: 'insufficient_inspectors',
      });
      return;
    }
    const label = `assign|${member.uscc}|${slot}`;
    const first = eligible.splice(prng.uniformInt(label, eligible.length), 1)[0];
    const second = eligible[prng.uniformInt(label, eligible.length)];
    for (const p of [first, second]) load.set(p.inspectorId, (load.get(p.inspectorId) ?? 0) + 1);
    plannedInspections.push({
      ...base,
      inspector1: first.inspectorId,
      inspector2: second.inspectorId,
      status: 'assigned',
      reason: null,
    });
  };

  for (const s of strata) {
    const members = [...s.members].sort((a, b) => byCodePoint(a.uscc, b.uscc));
    // Members of one stratum share grade and key, hence (under one rule set) one frequency; a mix
    // means the assessments came from different rule sets and no single r describes the stratum.
    for (let i = 1; i < members.length; i++) {
      if (members[i].inspectionsPerYear !== members[0].inspectionsPerYear) {
        throw new RangeError(
          `stratum ${s.region}/${s.riskGrade}/${s.keyInspection} mixes inspectionsPerYear ` +
            `${members[0].inspectionsPerYear} (${members[0].uscc}) and ${members[i].inspectionsPerYear} (${members[i].uscc})`,
        );
      }
    }
    const f = frequency(members[0].inspectionsPerYear, fractionNumerator, fractionDenominator, members[0].uscc);

    const population = members.length;
    const due = members.filter(
      (a) => !(history.get(a.uscc)?.fullDates ?? []).some((d) => withinMonths(d, asOf, f.windowMonths)),
    );
    // n = floor(N·r + 0.5) = floor((2·N·rNum + den) / (2·den)), all integers (§10.1).
    const n = intDiv(2 * population * f.remainderNumerator + f.denominator, 2 * f.denominator);
    const count = Math.min(n, due.length);
    const pool = [...due];
    const drawLabel = `draw|${s.region}|${s.riskGrade}|${s.keyInspection ? 1 : 0}`;
    // Partial Fisher–Yates over the uscc-sorted due members (§10.2).
    for (let j = 0; j < count; j++) {
      const k = j + prng.uniformInt(drawLabel, pool.length - j);
      [pool[j], pool[k]] = [pool[k], pool[j]];
    }
    const drawn = pool.slice(0, count);

    planStrata.push({
      region: s.region,
      riskGrade: s.riskGrade,
      keyInspection: s.keyInspection,
      population,
      // Published so the population a draw ran over can be checked without publishing the
      // member list itself (§10.5); it covers all members, not only the due ones.
      populationDigest: sha256hex(members.map((a) => a.uscc).join('\n')),
      mandatoryPerMember: f.mandatory,
      remainder: formatFraction(f.remainderNumerator, f.denominator),
      due: due.length,
      drawn: drawn.length,
    });

    for (const member of members) {
      for (let slot = 1; slot <= f.mandatory; slot++) assign(member, s, 'mandatory', slot);
    }
    for (const member of drawn) assign(member, s, 'random', f.mandatory + 1);
  }

  return {
    period,
    asOf,
    seed,
    seedCommitment: sha256hex(seed),
    strata: planStrata,
    inspections: plannedInspections,
  };
}
