import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../src/dates.ts';
import { type PlanInput, type PlannedInspection, parsePeriod, plan } from '../src/plan.ts';
import { createPrng, sha256hex } from '../src/prng.ts';
import { GRADES, type Grade, type Inspection, type Inspector } from '../src/types.ts';

type Member = PlanInput['assessments'][number];

const AS_OF = '2026-11-30';
const R = '330302';
const R2 = '330304';

/** An 18-character uscc whose order follows `i`. */
function uscc(i: number): string {
  return `91330302MA2${String(i).padStart(7, '0')}`;
}

function member(i: number, over: Partial<Member> = {}): Member {
  return {
    uscc: uscc(i),
    name: `企业${i}`,
    region: R,
    riskGrade: 'A',
    keyInspection: false,
    inspectionsPerYear: 0.5,
    ...over,
  };
}

function inspector(id: string, over: Partial<Inspector> = {}): Inspector {
  return {
    type: 'inspector',
    inspectorId: id,
    version: 1,
    name: `检查员${id}`,
    region: R,
    active: true,
    maxPerPeriod: 100,
    conflicts: [],
    ...over,
  };
}

let recordCounter = 0;
function inspection(usccValue: string, inspectedOn: string, over: Partial<Inspection> = {}): Inspection {
  recordCounter += 1;
  return {
    type: 'inspection',
    recordId: `INS-${recordCounter}`,
    version: 1,
    status: 'active',
    uscc: usccValue,
    inspectedOn,
    kind: 'routine',
    scope: 'full',
    result: 'compliant',
    keyItemsFailed: 0,
    generalItemsFailed: 0,
    inspectors: [],
    ...over,
  };
}

function input(over: Partial<PlanInput>): PlanInput {
  return { asOf: AS_OF, period: '2026', seed: 'fenji', assessments: [], inspectors: [], inspections: [], ...over };
}

function range(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

/** The §10.2 draw, re-implemented here from the text so the plan can be checked against it. */
function handDraw(seed: string, label: string, dueSorted: string[], n: number): string[] {
  const prng = createPrng(seed);
  const pool = [...dueSorted];
  for (let j = 0; j < Math.min(n, pool.length); j++) {
    const k = j + prng.uniformInt(label, pool.length - j);
    [pool[j], pool[k]] = [pool[k], pool[j]];
  }
  return pool.slice(0, Math.min(n, pool.length));
}

/** The §10.3 pick of two among the eligible inspectors, from the text. */
function handPick(seed: string, usccValue: string, slot: number, eligible: string[]): [string, string] {
  const prng = createPrng(seed);
  const label = `assign|${usccValue}|${slot}`;
  const sorted = [...eligible].sort();
  const first = sorted.splice(prng.uniformInt(label, sorted.length), 1)[0];
  const second = sorted[prng.uniformInt(label, sorted.length)];
  return [first, second];
}

describe('parsePeriod', () => {
  it.each([
    ['2026', 1, 1],
    ['2026-Q1', 1, 4],
    ['2026-Q4', 1, 4],
    ['2026-01', 1, 12],
    ['2026-12', 1, 12],
  ])('%s covers %i/%i of a year', (period, fractionNumerator, fractionDenominator) => {
    expect(parsePeriod(period)).toEqual({ period, fractionNumerator, fractionDenominator });
  });

  it.each([
    '',
    '26',
    '20260',
    ' 2026',
    '2026 ',
    '2026-Q0',
    '2026-Q5',
    '2026-q1',
    '2026-00',
    '2026-13',
    '2026-1',
    '2026-11-01',
    '2026H1',
    '2026-W01',
  ])('rejects %j with a RangeError that names the accepted forms', (period) => {
    expect(() => parsePeriod(period)).toThrow(RangeError);
    expect(() => parsePeriod(period)).toThrow(/YYYY, YYYY-Qn .* or YYYY-MM/);
    expect(() => plan(input({ period }))).toThrow(RangeError);
  });
});

describe('plan: expected inspections e = inspectionsPerYear × fraction (§10.1)', () => {
  it.each([
    // [N, n] for ipy 0.5 over a quarter: e = 1/8, n = floor(N/8 + 0.5)
    [3, 0],
    [4, 1],
    [11, 1],
    [12, 2],
    [20, 3],
  ])('ipy 0.5 over a quarter: N = %i draws n = %i', (N, n) => {
    const result = plan(input({ period: '2026-Q4', assessments: range(N).map((i) => member(i)) }));
    expect(result.strata).toEqual([
      expect.objectContaining({ population: N, mandatoryPerMember: 0, remainder: '1/8', due: N, drawn: n }),
    ]);
    expect(result.inspections).toHaveLength(n);
    for (const p of result.inspections) expect(p).toMatchObject({ kind: 'random', slot: 1 });
  });

  it.each([
    // ipy 3 over a quarter: m = 0, r = 3/4, n = floor(3N/4 + 0.5)
    [1, 1],
    [2, 2],
    [5, 4],
  ])('ipy 3 over a quarter: N = %i draws n = %i', (N, n) => {
    const members = range(N).map((i) => member(i, { riskGrade: 'D', inspectionsPerYear: 3 }));
    const result = plan(input({ period: '2026-Q1', assessments: members }));
    expect(result.strata[0]).toMatchObject({ mandatoryPerMember: 0, remainder: '3/4', drawn: n });
    expect(result.inspections.filter((p) => p.kind === 'random')).toHaveLength(n);
    expect(result.inspections.every((p) => p.slot === 1)).toBe(true);
  });

  it('ipy 4 over a year: 4 mandatory per member, r = 0, no draw even for due members', () => {
    const members = [0, 1].map((i) => member(i, { riskGrade: 'D', keyInspection: true, inspectionsPerYear: 4 }));
    const result = plan(input({ assessments: members, inspectors: [inspector('I1'), inspector('I2')] }));
    expect(result.strata).toEqual([
      expect.objectContaining({ population: 2, mandatoryPerMember: 4, remainder: '0', due: 2, drawn: 0 }),
    ]);
    expect(result.inspections.map((p) => [p.uscc, p.kind, p.slot])).toEqual([
      [uscc(0), 'mandatory', 1],
      [uscc(0), 'mandatory', 2],
      [uscc(0), 'mandatory', 3],
      [uscc(0), 'mandatory', 4],
      [uscc(1), 'mandatory', 1],
      [uscc(1), 'mandatory', 2],
      [uscc(1), 'mandatory', 3],
      [uscc(1), 'mandatory', 4],
    ]);
  });

  it.each([
    // exact .5 boundaries that floating point could get wrong
    ['2026-11', 2, 3, '1/6', 0, 1], // 3 × 1/6 + 0.5 = 1
    ['2026-11', 0.5, 12, '1/24', 0, 1], // 12 × 1/24 + 0.5 = 1
    ['2026-11', 0.5, 11, '1/24', 0, 0],
    ['2026-11', 3, 2, '1/4', 0, 1],
    ['2026', 0.5, 1, '1/2', 0, 1],
    ['2026', 1.5, 3, '1/2', 1, 2], // 3 × 1/2 + 0.5 = 2
    ['2026-Q2', 4, 5, '0', 1, 0],
    ['2026', 3, 2, '0', 3, 0],
    ['2026-Q3', 2, 7, '1/2', 0, 4], // 7 × 1/2 + 0.5 = 4
  ])('period %s, ipy %d, N = %i: r = %s, m = %i, n = %i', (period, ipy, N, remainder, m, n) => {
    const members = range(N).map((i) => member(i, { inspectionsPerYear: ipy }));
    const [stratum] = plan(input({ period, assessments: members })).strata;
    expect(stratum).toMatchObject({ remainder, mandatoryPerMember: m, drawn: n });
  });

  it.each([0, -1, 2.5, 5, 0.25, Number.NaN])('rejects inspectionsPerYear %d', (ipy) => {
    expect(() => plan(input({ assessments: [member(0, { inspectionsPerYear: ipy })] }))).toThrow(RangeError);
  });

  it('rejects a stratum whose members have different inspectionsPerYear', () => {
    const assessments = [member(0, { inspectionsPerYear: 0.5 }), member(1, { inspectionsPerYear: 1 })];
    expect(() => plan(input({ assessments }))).toThrow(/mixes inspectionsPerYear/);
  });

  it('rejects duplicate usccs, duplicate inspector ids and a bad asOf', () => {
    expect(() => plan(input({ assessments: [member(0), member(0)] }))).toThrow(/duplicate assessment/);
    expect(() => plan(input({ inspectors: [inspector('I1'), inspector('I1')] }))).toThrow(/duplicate inspector/);
    expect(() => plan(input({ asOf: '2026-02-30' }))).toThrow(RangeError);
  });

  it('plans nothing for no enterprises, and still commits to the seed', () => {
    expect(plan(input({ seed: 'fenji' }))).toEqual({
      period: '2026',
      asOf: AS_OF,
      seed: 'fenji',
      seedCommitment: 'b782575b59dcbaf21c03560432dceb4d71890d74edb559da2e24b5b7a01beb8a',
      strata: [],
      inspections: [],
    });
  });
});

describe('plan: due members (§10.2)', () => {
  // ipy 2 over a quarter: e = 1/2, window 12/2 = 6 months: addMonths(2026-11-30, −6) = 2026-05-30 < date ≤ 2026-11-30.
  const grade: Partial<Member> = { riskGrade: 'C', inspectionsPerYear: 2 };
  const members = range(6, 1).map((i) => member(i, grade));
  const history = [
    inspection(uscc(1), '2026-06-01'), // full, inside the window: not due
    inspection(uscc(2), '2026-10-01', { scope: 'partial' }), // partial does not count: due
    inspection(uscc(3), '2026-12-05'), // after asOf, not seen: due
    inspection(uscc(4), '2026-09-01', { status: 'revoked' }), // revoked does not count: due
    inspection(uscc(5), '2026-05-30'), // exactly 6 months before: outside the window, due
    inspection(uscc(6), '2026-11-30'), // on asOf: inside, not due
  ];

  it('counts only active full inspections within 12 / ipy months as of asOf', () => {
    const result = plan(input({ period: '2026-Q4', assessments: members, inspections: history }));
    const dueSet = [2, 3, 4, 5].map(uscc);
    expect(result.strata[0]).toMatchObject({ population: 6, remainder: '1/2', due: 4, drawn: 3 });
    const drawn = result.inspections.map((p) => p.uscc);
    expect(drawn).toEqual(handDraw('fenji', `draw|${R}|C|0`, dueSet, 3));
    for (const u of drawn) expect(dueSet).toContain(u);
  });

  it('uses the stratum’s own window: 24 months for ipy 0.5', () => {
    const assessments = [member(1), member(2), member(3)];
    const inspections = [
      inspection(uscc(1), '2025-01-01'), // inside 24 months: not due
      inspection(uscc(2), '2024-11-30'), // exactly 24 months: due
    ];
    const [stratum] = plan(input({ period: '2026', assessments, inspections })).strata;
    expect(stratum).toMatchObject({ due: 2, drawn: 2 }); // n = floor(3/2 + 0.5) = 2
  });

  it('draws all due members when fewer than n are due', () => {
    const assessments = range(4, 1).map((i) => member(i, grade));
    const inspections = [1, 2, 3].map((i) => inspection(uscc(i), '2026-10-01'));
    const result = plan(input({ period: '2026-Q4', assessments, inspections }));
    expect(result.strata[0]).toMatchObject({ population: 4, due: 1, drawn: 1 }); // n would be 2
    expect(result.inspections.map((p) => p.uscc)).toEqual([uscc(4)]);
  });
});

describe('plan: published digests (§10.5)', () => {
  it('digests all stratum members (due or not) in uscc order, and commits to the seed', () => {
    const assessments = [member(3), member(1), member(2)];
    const inspections = [inspection(uscc(1), '2026-01-01')];
    const result = plan(input({ seed: 'seed-2026', assessments, inspections }));
    expect(result.seedCommitment).toBe(sha256hex('seed-2026'));
    expect(result.strata[0]).toMatchObject({
      population: 3,
      due: 2,
      populationDigest: sha256hex(`${uscc(1)}\n${uscc(2)}\n${uscc(3)}`),
    });
  });
});

describe('plan: a pinned draw, checked against the published PRNG vector', () => {
  it('seed fenji, stratum 330302/A/non-key, 6 due members, e = 1/2 → n = 3 drawn U4, U3, U0', () => {
    // The label draw|330302|A|0 has the published values v0 = 11051834606731125112,
    // v1 = 7065049382539234757, v2 = 15522953719248016090, all far below the rejection limits, so
    // k0 = 0 + v0 mod 6 = 4, k1 = 1 + v1 mod 5 = 3, k2 = 2 + v2 mod 4 = 4:
    // [U0..U5] → swap(0,4) [U4 U1 U2 U3 U0 U5] → swap(1,3) [U4 U3 U2 U1 U0 U5] → swap(2,4) [U4 U3 U0 U1 U2 U5].
    expect(11051834606731125112n % 6n).toBe(4n);
    expect(7065049382539234757n % 5n).toBe(2n);
    expect(15522953719248016090n % 4n).toBe(2n);
    const assessments = range(6).map((i) => member(i, { region: '330302' }));
    const inspectors = ['I3', 'I1', 'I2'].map((id) => inspector(id, { region: '330302' }));
    const result = plan(input({ seed: 'fenji', period: '2026', assessments, inspectors }));
    expect(result.strata).toEqual([
      {
        region: '330302',
        riskGrade: 'A',
        keyInspection: false,
        population: 6,
        populationDigest: sha256hex(range(6).map(uscc).join('\n')),
        mandatoryPerMember: 0,
        remainder: '1/2',
        due: 6,
        drawn: 3,
      },
    ]);
    const drawn = [uscc(4), uscc(3), uscc(0)];
    expect(result.inspections.map((p) => p.uscc)).toEqual(drawn);
    expect(handDraw('fenji', 'draw|330302|A|0', range(6).map(uscc), 3)).toEqual(drawn);
    // Loads stay far below maxPerPeriod, so every pick is among all three inspectors.
    expect(result.inspections).toEqual(
      drawn.map((u): PlannedInspection => {
        const [inspector1, inspector2] = handPick('fenji', u, 1, ['I1', 'I2', 'I3']);
        return {
          period: '2026',
          region: '330302',
          riskGrade: 'A',
          keyInspection: false,
          uscc: u,
          name: `企业${Number(u.slice(-7))}`,
          kind: 'random',
          slot: 1,
          inspector1,
          inspector2,
          status: 'assigned',
          reason: null,
        };
      }),
    );
  });
});

describe('plan: assignment order (§10.3)', () => {
  it('orders strata by region, grade A→D, key false→true; mandatory before drawn within a stratum', () => {
    const assessments = [
      member(1, { region: R2, riskGrade: 'A', inspectionsPerYear: 1 }),
      member(2, { riskGrade: 'D', keyInspection: true, inspectionsPerYear: 1 }),
      member(3, { riskGrade: 'D', keyInspection: false, inspectionsPerYear: 1 }),
      member(4, { riskGrade: 'A', inspectionsPerYear: 1 }),
      // B stratum: ipy 1.5 over a year → m = 1, r = 1/2, N = 4 → n = 2
      ...[8, 6, 5, 7].map((i) => member(i, { riskGrade: 'B', inspectionsPerYear: 1.5 })),
    ];
    const result = plan(input({ seed: 'order', assessments }));
    expect(result.strata.map((s) => [s.region, s.riskGrade, s.keyInspection])).toEqual([
      [R, 'A', false],
      [R, 'B', false],
      [R, 'D', false],
      [R, 'D', true],
      [R2, 'A', false],
    ]);
    const drawnB = handDraw('order', `draw|${R}|B|0`, [5, 6, 7, 8].map(uscc), 2);
    expect(result.inspections.map((p) => [p.uscc, p.kind, p.slot])).toEqual([
      [uscc(4), 'mandatory', 1],
      [uscc(5), 'mandatory', 1],
      [uscc(6), 'mandatory', 1],
      [uscc(7), 'mandatory', 1],
      [uscc(8), 'mandatory', 1],
      [drawnB[0], 'random', 2],
      [drawnB[1], 'random', 2],
      [uscc(3), 'mandatory', 1],
      [uscc(2), 'mandatory', 1],
      [uscc(1), 'mandatory', 1],
    ]);
    // Nobody to assign: every inspection is reported, not dropped.
    for (const p of result.inspections) {
      expect(p).toMatchObject({
        status: 'unassigned',
        reason: 'insufficient_inspectors',
        inspector1: null,
        inspector2: null,
      });
    }
  });
});

describe('plan: inspector eligibility (§10.3)', () => {
  const E = uscc(1);
  const one = (over: Partial<PlanInput>) =>
    plan(input({ seed: 'elig', assessments: [member(1, { inspectionsPerYear: 1 })], ...over })).inspections;

  it.each<[string, Partial<Inspector>]>([
    ['conflicted', { conflicts: [uscc(9), E] }],
    ['inactive', { active: false }],
    ['of another region', { region: R2 }],
    ['at maxPerPeriod 0', { maxPerPeriod: 0 }],
  ])('never picks an inspector who is %s', (_, over) => {
    const inspectors = [inspector('I1', over), inspector('I2'), inspector('I3')];
    const [p] = one({ inspectors });
    expect(p.status).toBe('assigned');
    expect(new Set([p.inspector1, p.inspector2])).toEqual(new Set(['I2', 'I3']));
  });

  it('rotates out the inspectors of the latest active inspection on or before asOf', () => {
    const inspectors = ['I6', 'I5', 'I4', 'I3', 'I2', 'I1'].map((id) => inspector(id));
    const inspections = [
      inspection(E, '2026-03-01', { inspectors: ['I1', 'I2'] }),
      inspection(E, '2026-06-01', { scope: 'partial', inspectors: ['I3'] }), // latest date, any scope
      inspection(E, '2026-06-01', { inspectors: ['I4'] }), // same latest date
      inspection(E, '2026-07-01', { status: 'revoked', inspectors: ['I5'] }), // revoked: ignored
      inspection(E, '2026-12-01', { inspectors: ['I6'] }), // after asOf: not seen
      inspection(uscc(2), '2026-11-01', { inspectors: ['I1', 'I2'] }), // another enterprise
    ];
    const [p] = one({ inspectors, inspections });
    expect(p.status).toBe('assigned');
    expect([p.inspector1, p.inspector2]).toEqual(handPick('elig', E, 1, ['I1', 'I2', 'I5', 'I6']));
    expect([p.inspector1, p.inspector2]).not.toContain('I3');
    expect([p.inspector1, p.inspector2]).not.toContain('I4');
  });

  it('with exactly two eligible, assigns both', () => {
    const [p] = one({ inspectors: [inspector('I2'), inspector('I1')] });
    expect(new Set([p.inspector1, p.inspector2])).toEqual(new Set(['I1', 'I2']));
  });

  it('reports insufficient_inspectors with fewer than two eligible', () => {
    for (const inspectors of [[], [inspector('I1')], [inspector('I1'), inspector('I2', { active: false })]]) {
      expect(one({ inspectors })).toEqual([
        expect.objectContaining({
          status: 'unassigned',
          reason: 'insufficient_inspectors',
          inspector1: null,
          inspector2: null,
        }),
      ]);
    }
  });

  it('exhausts maxPerPeriod as loads grow: the later enterprise goes unassigned', () => {
    const assessments = [member(2, { inspectionsPerYear: 1 }), member(1, { inspectionsPerYear: 1 })];
    const inspectors = [inspector('I1', { maxPerPeriod: 1 }), inspector('I2', { maxPerPeriod: 1 })];
    const result = plan(input({ assessments, inspectors }));
    expect(result.inspections.map((p) => [p.uscc, p.status, p.reason])).toEqual([
      [uscc(1), 'assigned', null],
      [uscc(2), 'unassigned', 'insufficient_inspectors'],
    ]);
  });

  it('counts both inspectors of each assignment against maxPerPeriod', () => {
    // 3 inspectors × 2 = 6 inspector-slots = 3 inspections; the 4th mandatory one is unassigned.
    const assessments = [member(1, { riskGrade: 'D', keyInspection: true, inspectionsPerYear: 4 })];
    const inspectors = ['I1', 'I2', 'I3'].map((id) => inspector(id, { maxPerPeriod: 2 }));
    const result = plan(input({ assessments, inspectors }));
    expect(result.inspections.map((p) => p.status)).toEqual(['assigned', 'assigned', 'assigned', 'unassigned']);
    const counts = new Map<string, number>();
    for (const p of result.inspections) {
      for (const id of [p.inspector1, p.inspector2]) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ I1: 2, I2: 2, I3: 2 });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over small random worlds.

/** cn-2022 {min, max} per grade (§7), so strata have one frequency as real assessments do. */
const IPY: Record<Grade, [number, number]> = { A: [0.5, 1], B: [1, 2], C: [2, 3], D: [3, 4] };
const REGIONS = [R, R2];
const IDS = ['I01', 'I02', 'I03', 'I04', 'I05', 'I06', 'I07', 'I08', 'I09', 'I10'];

const worldArb: fc.Arbitrary<PlanInput> = fc
  .record({
    seed: fc.string({ maxLength: 8 }),
    period: fc.constantFrom('2026', '2026-Q4', '2027-Q1', '2026-11', '2026-06'),
    enterprises: fc.uniqueArray(
      fc.record({
        i: fc.integer({ min: 0, max: 60 }),
        region: fc.constantFrom(...REGIONS),
        grade: fc.constantFrom(...GRADES),
        key: fc.boolean(),
      }),
      { selector: (e) => e.i, maxLength: 14 },
    ),
  })
  .chain(({ seed, period, enterprises }) => {
    const assessments = enterprises.map(({ i, region, grade, key }) =>
      member(i, { region, riskGrade: grade, keyInspection: key, inspectionsPerYear: IPY[grade][key ? 1 : 0] }),
    );
    const usccArb = fc.constantFrom(...assessments.map((a) => a.uscc), uscc(99));
    const inspectorArb = (id: string) =>
      fc
        .record({
          region: fc.constantFrom(...REGIONS),
          active: fc.constantFrom(true, true, true, false),
          maxPerPeriod: fc.integer({ min: 0, max: 12 }),
          conflicts: fc.uniqueArray(usccArb, { maxLength: 3 }),
        })
        .map((over) => inspector(id, over));
    const inspectionsArb = fc
      .array(
        fc.record({
          uscc: usccArb,
          offset: fc.integer({ min: -800, max: 40 }),
          scope: fc.constantFrom('full', 'partial' as const),
          status: fc.constantFrom('active', 'active', 'revoked' as const),
          inspectors: fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 3 }),
        }),
        { maxLength: 30 },
      )
      .map((list) =>
        list.map(
          (x, k): Inspection => ({
            ...inspection(x.uscc, addDays(AS_OF, x.offset), { scope: x.scope, status: x.status }),
            recordId: `P-${k}`,
            inspectors: x.inspectors,
          }),
        ),
      );
    return fc.record({
      asOf: fc.constant(AS_OF),
      period: fc.constant(period),
      seed: fc.constant(seed),
      assessments: fc.constant(assessments),
      inspectors: fc
        .uniqueArray(fc.constantFrom(...IDS), { minLength: 3, maxLength: IDS.length })
        .chain((ids) => fc.tuple(...ids.map(inspectorArb))),
      inspections: inspectionsArb,
    });
  });

function rotatedOut(world: PlanInput, u: string): Set<string> {
  const seen = world.inspections.filter((x) => x.uscc === u && x.status === 'active' && x.inspectedOn <= world.asOf);
  if (seen.length === 0) return new Set();
  const latest = seen.map((x) => x.inspectedOn).sort()[seen.length - 1];
  return new Set(seen.filter((x) => x.inspectedOn === latest).flatMap((x) => x.inspectors));
}

function isDue(world: PlanInput, a: Member): boolean {
  const from = addMonths(world.asOf, -12 / a.inspectionsPerYear);
  return !world.inspections.some(
    (x) =>
      x.uscc === a.uscc &&
      x.status === 'active' &&
      x.scope === 'full' &&
      x.inspectedOn > from &&
      x.inspectedOn <= world.asOf,
  );
}

describe('plan: properties', () => {
  it('is deterministic: same seed and inputs give an identical plan', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        expect(plan(structuredClone(world))).toEqual(plan(world));
      }),
    );
  });

  it('assigns two distinct, same-region, active, unconflicted, not rotated-out inspectors', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const byId = new Map(world.inspectors.map((p) => [p.inspectorId, p]));
        for (const p of plan(world).inspections) {
          if (p.status === 'unassigned') {
            expect(p).toMatchObject({ inspector1: null, inspector2: null, reason: 'insufficient_inspectors' });
            continue;
          }
          expect(p.reason).toBeNull();
          expect(p.inspector1).not.toBe(p.inspector2);
          const rotated = rotatedOut(world, p.uscc);
          for (const id of [p.inspector1, p.inspector2]) {
            const who = byId.get(id ?? '');
            expect(who).toBeDefined();
            expect(who?.region).toBe(p.region);
            expect(who?.active).toBe(true);
            expect(who?.conflicts).not.toContain(p.uscc);
            expect(rotated.has(id ?? '')).toBe(false);
          }
        }
      }),
    );
  });

  it('never loads an inspector beyond maxPerPeriod', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const counts = new Map<string, number>();
        for (const p of plan(world).inspections) {
          for (const id of [p.inspector1, p.inspector2]) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        for (const who of world.inspectors) {
          expect(counts.get(who.inspectorId) ?? 0).toBeLessThanOrEqual(who.maxPerPeriod);
        }
      }),
    );
  });

  it('draws min(n, due) distinct due members per stratum, and m mandatory slots per member', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const result = plan(world);
        const { fractionNumerator: fn, fractionDenominator: fd } = parsePeriod(world.period);
        let total = 0;
        for (const s of result.strata) {
          const members = world.assessments
            .filter((a) => a.region === s.region && a.riskGrade === s.riskGrade && a.keyInspection === s.keyInspection)
            .sort((a, b) => (a.uscc < b.uscc ? -1 : 1));
          const ipy = members[0].inspectionsPerYear;
          const [p, q] = s.remainder === '0' ? [0, 1] : s.remainder.split('/').map(Number);
          // m + p/q = ipy × fn/fd, cross-multiplied so it stays in integers.
          expect((s.mandatoryPerMember * q + p) * fd * 2).toBe(ipy * 2 * fn * q);
          expect(p).toBeLessThan(q);
          const n = Math.floor((2 * members.length * p + q) / (2 * q));
          const due = members.filter((a) => isDue(world, a));
          expect(s.population).toBe(members.length);
          expect(s.populationDigest).toBe(sha256hex(members.map((a) => a.uscc).join('\n')));
          expect(s.due).toBe(due.length);
          expect(s.drawn).toBe(Math.min(n, due.length));

          const mine = result.inspections.filter(
            (x) => x.region === s.region && x.riskGrade === s.riskGrade && x.keyInspection === s.keyInspection,
          );
          const random = mine.filter((x) => x.kind === 'random');
          expect(random).toHaveLength(s.drawn);
          expect(new Set(random.map((x) => x.uscc)).size).toBe(s.drawn);
          for (const x of random) {
            expect(x.slot).toBe(s.mandatoryPerMember + 1);
            expect(due.map((a) => a.uscc)).toContain(x.uscc);
          }
          for (const a of members) {
            expect(mine.filter((x) => x.kind === 'mandatory' && x.uscc === a.uscc).map((x) => x.slot)).toEqual(
              range(s.mandatoryPerMember, 1),
            );
          }
          total += mine.length;
        }
        expect(result.inspections).toHaveLength(total);
      }),
    );
  });

  it('does not depend on the order of assessments, inspectors or inspections', () => {
    const shuffledArb = worldArb.chain((world) =>
      fc.record({
        world: fc.constant(world),
        shuffled: fc.record({
          asOf: fc.constant(world.asOf),
          period: fc.constant(world.period),
          seed: fc.constant(world.seed),
          assessments: fc.shuffledSubarray(world.assessments, { minLength: world.assessments.length }),
          inspectors: fc.shuffledSubarray(world.inspectors, { minLength: world.inspectors.length }),
          inspections: fc.shuffledSubarray(world.inspections, { minLength: world.inspections.length }),
        }),
      }),
    );
    fc.assert(
      fc.property(shuffledArb, ({ world, shuffled }) => {
        expect(plan(shuffled)).toEqual(plan(world));
      }),
    );
  });
});
