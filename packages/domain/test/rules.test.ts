// One test per rule row of grading-model.md §2–§8, named with the rule and its legal basis.
import { describe, expect, it } from 'vitest';
import { type AssessOptions, assess, baseGradeFor, countsForCredit, publicityEnd } from '../src/assess.ts';
import { disciplineEntries, personBars } from '../src/listing.ts';
import { RULE_SETS, ruleSetById, ruleSetFor } from '../src/rules/index.ts';
import {
  type Assessment,
  CATEGORIES,
  type Enterprise,
  type EnterpriseRecord,
  type Grade,
  type Penalty,
} from '../src/types.ts';
import { D, enterprise, inspection, penalty, sampling } from './fixtures.ts';

const cn2016 = ruleSetById('cn-2016');
const cn2022 = ruleSetById('cn-2022');

function grade(ent: Enterprise, records: EnterpriseRecord[], asOf = D, options?: AssessOptions): Assessment {
  const a = assess(ent, records, asOf, options);
  if (!a) throw new Error('expected an assessment');
  return a;
}
const factor = (a: Assessment, code: string) => a.factors.filter((f) => f.code === code);
const points = (a: Assessment, prefix: string) =>
  a.factors.filter((f) => f.code.startsWith(prefix)).reduce((t, f) => t + f.points, 0);
/** A clean restaurant: licensed long ago, a compliant full inspection within 24 months. */
const clean = () => ({
  ent: enterprise({ category: 'restaurant', licensedOn: '2015-01-01' }),
  base: [inspection({ inspectedOn: '2026-06-01' })],
});

describe('§2 rule sets (FRG-2016, SAMR-49)', () => {
  it('§2 cn-2016 applies before 2022-03-15, cn-2022 from 2022-03-15 (SAMR-49 in force)', () => {
    expect(ruleSetFor('2022-03-14').id).toBe('cn-2016');
    expect(ruleSetFor('2022-03-15').id).toBe('cn-2022');
    expect(ruleSetFor('2019-01-01').id).toBe('cn-2016');
    expect(grade(enterprise(), [], '2022-03-14').rulesVersion).toBe('cn-2016');
    expect(grade(enterprise(), [], '2022-03-15').rulesVersion).toBe('cn-2022');
  });

  it('§2 every rule set carries every category, a legal basis on every group, and known sources', () => {
    for (const rules of RULE_SETS) {
      expect(Object.keys(rules.categories.map).sort()).toEqual([...CATEGORIES].sort());
      for (const [key, group] of Object.entries(rules)) {
        if (group && typeof group === 'object' && !Array.isArray(group) && key !== 'sources') {
          expect(typeof (group as { basis?: unknown }).basis, `${rules.id}.${key}.basis`).toBe('string');
        }
      }
    }
  });

  it('§2 an unknown rule set id is an error naming the known ones', () => {
    expect(() => ruleSetById('cn-1999')).toThrow(/cn-2016, cn-2022/);
  });
});

describe('§3 static score by category tier (FRG-2016)', () => {
  it.each([
    ['tea_sugar', 'I', 5],
    ['condiment', 'II', 15],
    ['restaurant', 'III', 25],
    ['dairy', 'IV', 35],
    ['pharmacy', 'II', 15],
    ['device_class3', 'IV', 35],
    ['cosmetics_retail', 'I', 5],
  ] as const)('§3 %s is tier %s = %i points in both rule sets', (category, tier, pts) => {
    for (const asOf of ['2021-06-01', D]) {
      const a = grade(enterprise({ category }), [], asOf);
      expect(a.staticScore).toBe(pts);
      expect(factor(a, `static_tier_${tier}`)).toHaveLength(1);
    }
  });
});

describe('§4 dynamic score — inspections within 12 months (SAMR-49, FRG-2016)', () => {
  it('§4 compliant inspection scores 0', () => {
    const { ent, base } = clean();
    expect(points(grade(ent, base), 'inspection')).toBe(0);
  });
  it('§4 basically_compliant scores 2 × general items, at most 10', () => {
    const { ent, base } = clean();
    expect(
      points(grade(ent, [...base, inspection({ result: 'basically_compliant', generalItemsFailed: 4 })]), 'inspection'),
    ).toBe(8);
    expect(
      points(grade(ent, [...base, inspection({ result: 'basically_compliant', generalItemsFailed: 6 })]), 'inspection'),
    ).toBe(10);
  });
  it('§4 non_compliant scores 10 + 5 × key + 2 × general, at most 30 per inspection (cn-2016 cap 30)', () => {
    const { ent, base } = clean();
    const one = inspection({
      inspectedOn: '2021-06-01',
      result: 'non_compliant',
      keyItemsFailed: 1,
      generalItemsFailed: 2,
    });
    expect(factor(grade(ent, [one], '2021-12-01'), 'inspection_non_compliant')[0]?.points).toBe(19);
    const big = inspection({
      inspectedOn: '2021-06-01',
      result: 'non_compliant',
      keyItemsFailed: 5,
      generalItemsFailed: 5,
    });
    expect(factor(grade(ent, [big], '2021-12-01'), 'inspection_non_compliant')[0]?.points).toBe(30);
    const bigNow = inspection({ result: 'non_compliant', keyItemsFailed: 5, generalItemsFailed: 5 });
    expect(points(grade(ent, [...base, bigNow]), 'inspection')).toBe(20); // cn-2022 component cap
  });
  it('§4 obstructed scores 30 (component capped at 20 under cn-2022, 30 under cn-2016)', () => {
    const { ent } = clean();
    const o = inspection({ inspectedOn: '2021-06-01', result: 'obstructed' });
    expect(points(grade(ent, [o], '2021-12-01'), 'inspection')).toBe(30);
    const o2 = inspection({ inspectedOn: '2026-06-01', result: 'obstructed' });
    const a = grade(ent, [o2]);
    expect(points(a, 'inspection')).toBe(20);
    expect(factor(a, 'inspection_cap')[0]?.points).toBe(-10);
  });
  it('§4 an inspection exactly 12 months before D is outside the window', () => {
    const { ent, base } = clean();
    const edge = inspection({ inspectedOn: '2025-11-30', result: 'basically_compliant', generalItemsFailed: 2 });
    const inside = inspection({ inspectedOn: '2025-12-01', result: 'basically_compliant', generalItemsFailed: 2 });
    expect(points(grade(ent, [...base, edge]), 'inspection')).toBe(0);
    expect(points(grade(ent, [...base, inside]), 'inspection')).toBe(4);
  });
  it('§4 5 points "unverified" and inspectionOverdue without a full inspection within 24 months (SAMR-49)', () => {
    const ent = enterprise();
    const partial = inspection({ inspectedOn: '2026-06-01', scope: 'partial' });
    const a = grade(ent, [partial]);
    expect(a.inspectionOverdue).toBe(true);
    expect(factor(a, 'inspection_unverified')[0]?.points).toBe(5);
    const edge = inspection({ inspectedOn: '2024-11-30', scope: 'full' });
    expect(grade(ent, [edge]).inspectionOverdue).toBe(true);
    const inside = inspection({ inspectedOn: '2024-12-01', scope: 'full' });
    expect(grade(ent, [inside]).inspectionOverdue).toBe(false);
  });
  it('§1 revoked records and records dated after D are ignored by every rule', () => {
    const { ent, base } = clean();
    const revoked = inspection({ result: 'obstructed', status: 'revoked' });
    const future = inspection({ inspectedOn: '2026-12-01', result: 'obstructed' });
    const a = grade(ent, [...base, revoked, future]);
    expect(points(a, 'inspection')).toBe(0);
    expect(a.creditClass).toBe('A');
  });
});

describe('§4 dynamic score — sampling within 12 months (FRG-2016)', () => {
  it.each([
    ['supervisory', 'national', 10, 'sampling_fail_supervisory_national_provincial'],
    ['supervisory', 'provincial', 10, 'sampling_fail_supervisory_national_provincial'],
    ['supervisory', 'municipal', 8, 'sampling_fail_supervisory_municipal_county'],
    ['supervisory', 'county', 8, 'sampling_fail_supervisory_municipal_county'],
    ['evaluative', 'county', 5, 'sampling_fail_evaluative'],
    ['monitoring', 'national', 0, 'sampling_fail_monitoring'],
  ] as const)('§4 failed %s sample at %s level scores %i', (kind, level, pts, code) => {
    const { ent, base } = clean();
    const s = sampling({ kind, level, sampledOn: '2021-06-01' });
    const a = grade(ent, [s], '2021-12-01');
    expect(factor(a, code)).toEqual([{ code, points: pts, recordIds: [s.recordId] }]);
    void base;
  });
  it('§4 risk monitoring failures are listed but never scored and never change credit (not a basis for sanctions)', () => {
    const { ent, base } = clean();
    const a = grade(ent, [...base, sampling({ kind: 'monitoring', level: 'national' })]);
    expect(a.dynamicScore).toBe(0);
    expect(a.creditClass).toBe('A');
  });
  it('§4 a passed sample scores nothing; the sampling component caps at 10 (cn-2022) / 20 (cn-2016)', () => {
    const { ent, base } = clean();
    expect(grade(ent, [...base, sampling({ result: 'pass', hazard: undefined })]).dynamicScore).toBe(0);
    const three = [1, 2, 3].map(() => sampling({ kind: 'supervisory', level: 'national' }));
    expect(points(grade(ent, [...base, ...three]), 'sampling')).toBe(10);
    const old = [1, 2, 3].map(() => sampling({ kind: 'supervisory', level: 'national', sampledOn: '2021-06-01' }));
    expect(points(grade(ent, old, '2021-12-01'), 'sampling')).toBe(20);
  });
});

describe('§4 dynamic score — penalties decided within 12 months (FRG-2016, APL Art. 51)', () => {
  it.each([
    ['heavy measure', { measures: ['fine', 'suspension'] }, 'penalty_heavy', 30],
    ['aggravated', { aggravated: true }, 'penalty_aggravated', 20],
    ['ordinary procedure with a fine', {}, 'penalty_ordinary', 10],
    ['ordinary procedure, warning alone', { measures: ['warning'], fineYuan: 0 }, 'penalty_minor', 2],
    ['simple procedure', { procedure: 'simple', fineYuan: 500 }, 'penalty_minor', 2],
  ] as [string, Partial<Penalty>, string, number][])('§4 %s → %s', (_label, over, code, pts) => {
    const { ent } = clean();
    const p = penalty({ decidedOn: '2021-06-01', ...over });
    const a = grade(ent, [p], '2021-12-01');
    expect(factor(a, code)).toEqual([{ code, points: pts, recordIds: [p.recordId] }]);
  });
  it('§4 heavy beats aggravated: first matching row only', () => {
    const { ent } = clean();
    const p = penalty({ decidedOn: '2021-06-01', aggravated: true, measures: ['fine', 'license_revoked'] });
    expect(factor(grade(ent, [p], '2021-12-01'), 'penalty_heavy')).toHaveLength(1);
    expect(factor(grade(ent, [p], '2021-12-01'), 'penalty_aggravated')).toHaveLength(0);
  });
  it('§4 the penalty component caps at 20 (cn-2022) and the dynamic total at 40 (cn-2022) / 60 (cn-2016)', () => {
    const ent = enterprise();
    const many: EnterpriseRecord[] = [
      inspection({ result: 'obstructed' }),
      penalty({ aggravated: true }),
      penalty({ aggravated: true }),
      sampling({ level: 'national' }),
    ];
    const a = grade(ent, many);
    expect(points(a, 'penalty')).toBe(20);
    expect(a.dynamicScore).toBe(40);
    expect(factor(a, 'dynamic_cap')[0]?.points).toBe(-10);
    const old = many.map((r) => ({ ...r, ...dateOf(r, '2021-06-01') })) as EnterpriseRecord[];
    const b = grade(ent, old, '2021-12-01');
    expect(b.dynamicScore).toBe(60);
  });
});

function dateOf(r: EnterpriseRecord, d: string) {
  return r.type === 'inspection' ? { inspectedOn: d } : r.type === 'sampling' ? { sampledOn: d } : { decidedOn: d };
}

describe('§5 credit class (CRC-2022, PUB-45, REPAIR-2021)', () => {
  it('§5 publicity ends after 3 months for a fine of ¥99,999 and after 36 months at ¥100,000 (PUB-45)', () => {
    const light = penalty({ decidedOn: '2026-07-01', fineYuan: 99_999 });
    const heavy = penalty({ decidedOn: '2026-07-01', fineYuan: 100_000 });
    expect(publicityEnd(light, cn2022)).toBe('2026-10-01');
    expect(publicityEnd(heavy, cn2022)).toBe('2029-07-01');
    const { ent, base } = clean();
    expect(grade(ent, [...base, light]).creditClass).toBe('B');
    const b = grade(ent, [...base, heavy]);
    expect(b.creditClass).toBe('C');
    expect(b.creditReasons).toEqual(['published_penalty']);
  });
  it('§5 publicity is 36 months when measures go beyond warning/fine, whatever the fine (PUB-45)', () => {
    expect(
      publicityEnd(penalty({ decidedOn: '2026-07-01', measures: ['fine', 'confiscation'], fineYuan: 1000 }), cn2022),
    ).toBe('2029-07-01');
  });
  it('§5 a penalty stops counting on its publicity end date (D before the end is required)', () => {
    const p = penalty({ decidedOn: '2026-08-31', fineYuan: 1000 });
    expect(publicityEnd(p, cn2022)).toBe('2026-11-30');
    expect(countsForCredit(p, '2026-11-29', cn2022)).toBe(true);
    expect(countsForCredit(p, '2026-11-30', cn2022)).toBe(false);
  });
  it('§5 simple-procedure and warning-alone penalties never count for credit', () => {
    expect(countsForCredit(penalty({ procedure: 'simple', fineYuan: 500 }), D, cn2022)).toBe(false);
    expect(countsForCredit(penalty({ measures: ['warning'], fineYuan: 0 }), D, cn2022)).toBe(false);
  });
  it('§9 a repaired penalty stops counting for credit from repairedOn but still scores in the risk grade (REPAIR-2021)', () => {
    const p = penalty({ decidedOn: '2025-06-01', fineYuan: 200_000, repairedOn: '2026-06-01' });
    expect(countsForCredit(p, '2026-05-31', cn2022)).toBe(true);
    expect(countsForCredit(p, '2026-06-01', cn2022)).toBe(false);
    const { ent, base } = clean();
    const fresh = penalty({ decidedOn: '2026-01-01', fineYuan: 200_000, repairedOn: '2026-11-30' });
    const a = grade(ent, [...base, fresh]);
    expect(a.creditClass).toBe('B');
    expect(factor(a, 'penalty_ordinary')).toHaveLength(1);
  });
  it('§5 D: an active serious listing (SDL-44)', () => {
    const { ent, base } = clean();
    const a = grade(ent, [...base, penalty({ decidedOn: '2024-06-01', seriousListing: true })]);
    expect(a.creditClass).toBe('D');
    expect(a.creditReasons).toContain('serious_listing');
  });
  it('§5 D: a counting penalty with a heavy measure (CRC-2022)', () => {
    const { ent, base } = clean();
    const a = grade(ent, [...base, penalty({ decidedOn: '2024-06-01', measures: ['fine', 'suspension'] })]);
    expect(a.creditClass).toBe('D');
    expect(a.creditReasons).toEqual(['heavy_penalty']);
  });
  it('§5 D: two counting aggravated penalties; one is only C (CRC-2022)', () => {
    const { ent, base } = clean();
    const one = penalty({ decidedOn: '2024-06-01', aggravated: true, fineYuan: 200_000 });
    const two = penalty({ decidedOn: '2025-06-01', aggravated: true, fineYuan: 200_000 });
    expect(grade(ent, [...base, one]).creditClass).toBe('C');
    const a = grade(ent, [...base, one, two]);
    expect(a.creditClass).toBe('D');
    expect(a.creditReasons).toEqual(['repeat_aggravated']);
  });
  it('§5 D: obstruction within 36 months, by inspection or by a penalty for obstruction; not at 36 months', () => {
    const { ent, base } = clean();
    expect(grade(ent, [...base, inspection({ inspectedOn: '2023-12-01', result: 'obstructed' })]).creditClass).toBe(
      'D',
    );
    expect(grade(ent, [...base, inspection({ inspectedOn: '2023-11-30', result: 'obstructed' })]).creditClass).not.toBe(
      'D',
    );
    const p = penalty({ decidedOn: '2024-06-01', violation: 'obstruction', procedure: 'simple', fineYuan: 1000 });
    expect(grade(ent, [...base, p]).creditReasons).toEqual(['obstruction']);
  });
  it('§5 creditReasons lists every reason of the class row that holds', () => {
    const { ent, base } = clean();
    const a = grade(ent, [
      ...base,
      penalty({ decidedOn: '2026-01-01', fineYuan: 200_000 }),
      sampling({ sampledOn: '2026-02-01' }),
      inspection({ inspectedOn: '2026-03-01', result: 'non_compliant', generalItemsFailed: 1 }),
    ]);
    expect(a.creditClass).toBe('C');
    expect(a.creditReasons).toEqual(['published_penalty', 'failed_supervisory_sample', 'non_compliant_inspection']);
  });
  it('§5 C: a failed supervisory sample or a non_compliant inspection within 12 months', () => {
    const { ent, base } = clean();
    expect(grade(ent, [...base, sampling({ sampledOn: '2025-12-01' })]).creditClass).toBe('C');
    expect(grade(ent, [...base, sampling({ sampledOn: '2025-11-30' })]).creditClass).toBe('A');
    expect(grade(ent, [...base, inspection({ result: 'non_compliant', keyItemsFailed: 1 })]).creditReasons).toEqual([
      'non_compliant_inspection',
    ]);
  });
  it('§5 A needs 24 months licensed, no penalty in 36 months, no failed supervisory/evaluative sample, all compliant, a compliant full inspection', () => {
    const { base } = clean();
    expect(grade(enterprise({ licensedOn: '2024-11-30' }), base).creditClass).toBe('A');
    expect(grade(enterprise({ licensedOn: '2024-12-01' }), base).creditClass).toBe('B');
    const ent = enterprise();
    expect(
      grade(ent, [...base, penalty({ decidedOn: '2023-12-01', procedure: 'simple', fineYuan: 100 })]).creditClass,
    ).toBe('B');
    expect(
      grade(ent, [...base, penalty({ decidedOn: '2023-11-30', procedure: 'simple', fineYuan: 100 })]).creditClass,
    ).toBe('A');
    expect(grade(ent, [...base, sampling({ kind: 'evaluative' })]).creditClass).toBe('B');
    expect(
      grade(ent, [...base, inspection({ scope: 'partial', result: 'basically_compliant', generalItemsFailed: 1 })])
        .creditClass,
    ).toBe('B');
    expect(grade(ent, [inspection({ scope: 'partial' })]).creditClass).toBe('B');
    const a = grade(ent, base);
    expect(a.creditReasons).toEqual(['clean_record']);
  });
  it('§5 credit score: cn-2022 A 0, B 5, C 10, D 20; cn-2016 always 0 (FRG-2022D)', () => {
    expect(cn2022.credit.score).toEqual({ A: 0, B: 5, C: 10, D: 20 });
    expect(cn2016.credit.score).toEqual({ A: 0, B: 0, C: 0, D: 0 });
    const { ent, base } = clean();
    expect(grade(ent, [...base, sampling()]).creditScore).toBe(10);
    const old = grade(
      ent,
      [inspection({ inspectedOn: '2021-06-01' }), sampling({ sampledOn: '2021-07-01' })],
      '2021-12-01',
    );
    expect(old.creditClass).toBe('C');
    expect(old.creditScore).toBe(0);
  });
});

describe('§6 risk grade (FRG-2016)', () => {
  it.each([
    [30, 'A'],
    [31, 'B'],
    [45, 'B'],
    [46, 'C'],
    [60, 'C'],
    [61, 'D'],
    [0, 'A'],
    [135, 'D'],
  ] as const)('§6 base grade bands 30/45/60: score %i → %s', (score, g) => {
    expect(baseGradeFor(score, cn2022)).toBe(g);
    expect(baseGradeFor(score, cn2016)).toBe(g);
  });
  it('§6 riskScore = static + dynamic + credit, and the factors add up to it', () => {
    const ent = enterprise({ category: 'dairy' });
    const a = grade(ent, [
      inspection({ result: 'basically_compliant', generalItemsFailed: 2 }),
      penalty({ procedure: 'simple', fineYuan: 100 }),
    ]);
    expect(a.riskScore).toBe(a.staticScore + a.dynamicScore + a.creditScore);
    expect(a.factors.reduce((t, f) => t + f.points, 0)).toBe(a.riskScore);
  });

  const raiseCases: [string, EnterpriseRecord][] = [
    ['national_provincial_sampling_failure', sampling({ level: 'provincial' })],
    ['intentional_violation', penalty({ intentional: true, procedure: 'simple', fineYuan: 1000 })],
    ['food_safety_incident', penalty({ incident: true, procedure: 'simple', fineYuan: 1000 })],
    ['recall_failure', penalty({ recallFailure: true, procedure: 'simple', fineYuan: 1000 })],
    ['obstruction', penalty({ violation: 'obstruction', procedure: 'simple', fineYuan: 1000 })],
  ];
  it.each(raiseCases)('§6.1 raise trigger %s raises one level (FRG-2016)', (kind, record) => {
    const ent = enterprise({ category: 'tea_sugar', licensedOn: '2024-01-01' });
    const a = grade(ent, [inspection(), record]);
    const raise = a.adjustments.find((x) => x.kind === 'raise');
    expect(raise?.reasons).toEqual([kind]);
    expect(raise?.recordIds).toEqual([record.recordId]);
    expect(raise?.levels).toBe(1);
  });
  it('§6.1 an intentional violation needs a fine, confiscation or suspension', () => {
    const ent = enterprise({ category: 'tea_sugar' });
    const warned = penalty({ intentional: true, measures: ['warning'], fineYuan: 0 });
    expect(grade(ent, [inspection(), warned]).adjustments.filter((x) => x.kind === 'raise')).toEqual([]);
  });
  it('§6.1 two or more distinct kinds raise two levels, never above D; an obstructed inspection is obstruction', () => {
    const ent = enterprise({ category: 'tea_sugar', licensedOn: '2024-01-01' });
    const recs = [
      inspection(),
      sampling({ level: 'national' }),
      penalty({ incident: true, procedure: 'simple', fineYuan: 10 }),
      penalty({ recallFailure: true, procedure: 'simple', fineYuan: 10 }),
    ];
    const a = grade(ent, recs);
    expect(a.baseGrade).toBe('A');
    expect(a.riskGrade).toBe('C');
    expect(a.adjustments[0]).toMatchObject({ kind: 'raise', levels: 2 });
    expect(a.adjustments[0]?.reasons).toHaveLength(3);
    const d = grade(enterprise({ category: 'dairy' }), [
      inspection({ result: 'obstructed' }),
      penalty({ aggravated: true }),
      sampling({ level: 'national' }),
    ]);
    expect(d.baseGrade).toBe('D');
    expect(d.adjustments.filter((x) => x.kind === 'raise')).toEqual([]); // a raise of D changes nothing and is not listed
  });
  it('§6.1 a trigger exactly 12 months old no longer raises', () => {
    const ent = enterprise({ category: 'tea_sugar' });
    const a = grade(ent, [inspection(), sampling({ level: 'national', sampledOn: '2025-11-30' })]);
    expect(a.adjustments.filter((x) => x.kind === 'raise')).toEqual([]);
  });
  it('§6.2 three clean years lower one level (three_years_clean); 36 months licensed is the edge (FRG-2016)', () => {
    const ent = enterprise({ category: 'dairy', licensedOn: '2023-11-30' });
    const a = grade(ent, [inspection()]);
    expect(a.baseGrade).toBe('B'); // 35 + 0 + credit A 0 = 35
    expect(a.riskGrade).toBe('A');
    expect(a.adjustments).toEqual([
      { kind: 'lower', levels: 1, reasons: ['three_years_clean'], recordIds: [expect.stringMatching(/^JC-/)] },
    ]);
    expect(grade(enterprise({ category: 'dairy', licensedOn: '2023-12-01' }), [inspection()]).riskGrade).toBe('B');
  });
  it.each([
    [
      'a non_compliant inspection within 36 months',
      inspection({ inspectedOn: '2024-01-01', result: 'non_compliant', keyItemsFailed: 1 }),
    ],
    ['an obstructed inspection within 36 months', inspection({ inspectedOn: '2024-01-01', result: 'obstructed' })],
    ['a failed supervisory sample within 36 months', sampling({ sampledOn: '2024-01-01' })],
    [
      'an ordinary-procedure penalty within 36 months',
      penalty({ decidedOn: '2024-01-01', measures: ['warning'], fineYuan: 0 }),
    ],
  ])('§6.2 lowering is blocked by %s', (_label, record) => {
    const ent = enterprise({ category: 'dairy', licensedOn: '2015-01-01' });
    expect(grade(ent, [inspection(), record]).adjustments.filter((x) => x.kind === 'lower')).toEqual([]);
  });
  it('§6.2 lowering needs a compliant full inspection within 24 months and never goes below A', () => {
    const ent = enterprise({ category: 'dairy' });
    expect(
      grade(ent, [inspection({ scope: 'partial' }), inspection({ inspectedOn: '2024-11-30' })]).adjustments,
    ).toEqual([]);
    const a = grade(enterprise({ category: 'tea_sugar' }), [inspection()]);
    expect(a.riskGrade).toBe('A');
    expect(a.adjustments).toEqual([]);
  });
  it('§6.2 lowering never applies when a raise trigger holds', () => {
    const ent = enterprise({ category: 'dairy' });
    const a = grade(ent, [
      inspection(),
      penalty({ recallFailure: true, procedure: 'simple', fineYuan: 10, decidedOn: '2026-01-01' }),
    ]);
    expect(a.adjustments.map((x) => x.kind)).toEqual(['raise']);
  });
  it('§6.3 force D for an active serious listing (SDL-44) or a heavy penalty within 12 months', () => {
    const ent = enterprise({ category: 'tea_sugar', licensedOn: '2015-01-01' });
    const listed = penalty({ decidedOn: '2024-06-01', seriousListing: true, fineYuan: 50_000 });
    const a = grade(ent, [inspection(), listed]);
    expect(a.riskGrade).toBe('D');
    expect(a.adjustments.at(-1)).toEqual({
      kind: 'force_d',
      levels: expect.any(Number),
      reasons: ['serious_listing'],
      recordIds: [listed.recordId],
    });
    const heavy = penalty({ decidedOn: '2026-01-01', measures: ['fine', 'trade_ban'] });
    expect(grade(ent, [inspection(), heavy]).adjustments.at(-1)?.reasons).toEqual(['heavy_penalty']);
    const oldHeavy = penalty({ decidedOn: '2025-11-30', measures: ['fine', 'trade_ban'], fineYuan: 200_000 });
    expect(grade(ent, [inspection(), oldHeavy]).adjustments.find((x) => x.kind === 'force_d')).toBeUndefined();
  });
});

describe('§7 key inspection and frequency (SAMR-49 Art. 22, FSL Art. 113)', () => {
  /** Two failed evaluative samples: 10 points, no effect on the credit class below C. */
  const evaluativeFails = () => [1, 2].map(() => sampling({ kind: 'evaluative', level: 'county' }));
  const cases: [string, Partial<Enterprise>, EnterpriseRecord[], boolean][] = [
    ['food_production special category at grade A', { category: 'health_food' }, [inspection()], true],
    ['food_production ordinary category at grade A', { category: 'tea_sugar' }, [inspection()], false],
    [
      'food_production at grade C',
      { category: 'dairy', licensedOn: '2025-06-01' },
      [inspection({ result: 'basically_compliant', generalItemsFailed: 3 })],
      true,
    ],
    ['catering key-flagged category', { category: 'school_canteen' }, [inspection()], true],
    [
      'food_sales at grade D',
      { category: 'bulk_cooked_food', licensedOn: '2025-06-01' },
      [
        inspection({ result: 'basically_compliant', generalItemsFailed: 5 }),
        ...evaluativeFails(),
        ...Array.from({ length: 10 }, () => penalty({ procedure: 'simple', fineYuan: 100 })),
      ],
      true,
    ],
    [
      'food_sales at grade C',
      { category: 'bulk_cooked_food', licensedOn: '2025-06-01' },
      [inspection({ result: 'basically_compliant', generalItemsFailed: 5 }), ...evaluativeFails()],
      false,
    ],
    [
      'catering at grade C',
      { category: 'restaurant', licensedOn: '2025-06-01' },
      [inspection({ result: 'basically_compliant', generalItemsFailed: 5 }), ...evaluativeFails()],
      false,
    ],
    [
      'drug_retail at grade C',
      { category: 'pharmacy', licensedOn: '2025-06-01' },
      [
        inspection({ result: 'basically_compliant', generalItemsFailed: 5 }),
        ...evaluativeFails(),
        ...[1, 2, 3].map(() => penalty({ procedure: 'simple', fineYuan: 100 })),
      ],
      true,
    ],
    [
      'drug_retail at grade B',
      { category: 'pharmacy', licensedOn: '2025-06-01' },
      [inspection({ result: 'basically_compliant', generalItemsFailed: 5 }), ...evaluativeFails()],
      false,
    ],
    [
      'cosmetics at grade B',
      { category: 'cosmetics_general', licensedOn: '2025-06-01' },
      [inspection({ result: 'basically_compliant', generalItemsFailed: 5 })],
      false,
    ],
    ['credit class C', { category: 'tea_sugar' }, [inspection(), sampling({ level: 'county' })], true],
  ];
  it.each(cases)('§7 key inspection: %s → %s', (label, over, records, key) => {
    const a = grade(enterprise(over), records);
    const stated = /grade ([A-D])/.exec(label)?.[1];
    if (stated) expect(a.riskGrade).toBe(stated);
    if (!label.startsWith('credit')) expect(['A', 'B']).toContain(a.creditClass);
    expect(a.keyInspection).toBe(key);
  });
  it.each([
    ['A', false, 0.5, 1],
    ['A', true, 1, 1],
    ['B', false, 1, 1],
    ['B', true, 2, 2],
    ['C', false, 2, 2],
    ['C', true, 3, 3],
    ['D', false, 3, 3],
    ['D', true, 4, 4],
  ] as const)('§7 grade %s key %s → cn-2022 %s / cn-2016 %s inspections a year', (g, key, y2022, y2016) => {
    const pick = (rules: typeof cn2022, grade: Grade) =>
      key ? rules.inspectionsPerYear[grade].max : rules.inspectionsPerYear[grade].min;
    expect(pick(cn2022, g)).toBe(y2022);
    expect(pick(cn2016, g)).toBe(y2016);
  });
  it('§7 inspectionsPerYear follows the final grade and key flag', () => {
    expect(grade(enterprise({ category: 'tea_sugar' }), [inspection()]).inspectionsPerYear).toBe(0.5);
    expect(grade(enterprise({ category: 'tea_sugar' }), [inspection()], '2021-06-01').inspectionsPerYear).toBe(1);
    expect(grade(enterprise({ category: 'school_canteen' }), [inspection()]).inspectionsPerYear).toBe(1);
  });
});

describe('§8 serious listing, candidates and person bars (SDL-44, FSL Art. 135)', () => {
  const ent = enterprise({ category: 'restaurant' });
  it('§8 a listing is active from decidedOn until 36 months later (SDL-44 Art. 13)', () => {
    const p = penalty({ decidedOn: '2023-12-01', seriousListing: true });
    expect(grade(ent, [p]).seriousListing).toEqual({
      recordId: p.recordId,
      listedOn: '2023-12-01',
      expiresOn: '2026-12-01',
    });
    expect(grade(ent, [p], '2026-12-01').seriousListing).toBeNull();
    expect(grade(ent, [penalty({ decidedOn: '2023-11-30', seriousListing: true })]).seriousListing).toBeNull();
  });
  it('§8 the listing shown is the one decided last; ties go to the greatest recordId', () => {
    const a = penalty({ recordId: 'B-1', decidedOn: '2025-01-01', seriousListing: true });
    const b = penalty({ recordId: 'A-2', decidedOn: '2026-01-01', seriousListing: true });
    const c = penalty({ recordId: 'C-3', decidedOn: '2026-01-01', seriousListing: true });
    expect(grade(ent, [a, b, c]).seriousListing?.recordId).toBe('C-3');
  });
  it('§8 an early removal at exactly 12 months ends the listing (SDL-44 Art. 16)', () => {
    const p = penalty({ decidedOn: '2025-06-01', seriousListing: true, delistedOn: '2026-06-01' });
    expect(grade(ent, [p], '2026-05-31').seriousListing).not.toBeNull();
    const after = grade(ent, [p], '2026-06-01');
    expect(after.seriousListing).toBeNull();
    expect(after.warnings).toEqual([]);
  });
  it('§8 an early removal is void (delisting_invalid) after a further aggravated or heavy penalty before it', () => {
    const p = penalty({ decidedOn: '2025-01-01', seriousListing: true, delistedOn: '2026-03-01' });
    const q = penalty({ decidedOn: '2026-03-01', aggravated: true });
    const a = grade(ent, [p, q]);
    expect(a.seriousListing?.recordId).toBe(p.recordId);
    expect(a.warnings.map((x) => x.code)).toEqual(['delisting_invalid']);
    expect(a.warnings[0]?.recordIds).toEqual([p.recordId, q.recordId].sort());
    const later = penalty({ decidedOn: '2026-03-02', aggravated: true });
    expect(grade(ent, [p, later]).seriousListing).toBeNull();
  });
  it('§8 candidate: recent, not listed, aggravated or heavy, serious violation, intentional not false', () => {
    const yes = penalty({ violation: 'illegal_additive', aggravated: true });
    expect(grade(ent, [yes]).listingCandidate).toEqual({ recordIds: [yes.recordId] });
    for (const over of [
      { violation: 'hygiene' as const, aggravated: true },
      { violation: 'illegal_additive' as const },
      { violation: 'illegal_additive' as const, aggravated: true, intentional: false },
      { violation: 'illegal_additive' as const, aggravated: true, seriousListing: true },
      { violation: 'illegal_additive' as const, aggravated: true, decidedOn: '2025-11-30' },
    ]) {
      expect(grade(ent, [penalty(over)]).listingCandidate, JSON.stringify(over)).toBeNull();
    }
    expect(
      grade(ent, [penalty({ violation: 'drug_added', measures: ['fine', 'license_revoked'], intentional: true })])
        .listingCandidate,
    ).not.toBeNull();
  });
  it('§8 person bars: five years from a licence revocation; banned_person_in_charge matched by ID hash (FSL Art. 135)', () => {
    const rev = penalty({
      uscc: '91330302MA2BBBBB0X',
      decidedOn: '2022-06-01',
      measures: ['fine', 'license_revoked'],
      persons: [{ name: '张三', role: 'legal_representative', id: { masked: '330302********1234', hash: 'h1' } }],
    });
    const bars = personBars([rev], D, cn2022);
    expect(bars).toEqual([
      expect.objectContaining({ idHash: 'h1', expiresOn: '2027-06-01', masked: '330302********1234' }),
    ]);
    expect(personBars([rev], '2027-06-01', cn2022)).toEqual([]);
    const run = enterprise({ legalRepName: '张三', legalRepId: { masked: '330302********1234', hash: 'h1' } });
    const a = grade(run, [inspection()], D, { personBars: bars });
    expect(a.warnings.map((x) => x.code)).toEqual(['banned_person_in_charge']);
    expect(a.warnings[0]?.recordIds).toEqual([rev.recordId]);
    expect(JSON.stringify(a)).not.toContain('h1');
    const other = enterprise({ legalRepId: { masked: '330302********9999', hash: 'h2' } });
    expect(grade(other, [inspection()], D, { personBars: bars }).warnings).toEqual([]);
  });
  it('§8 person bars of a whole population: every bar of the same person is matched, none of another (FSL Art. 135)', () => {
    const revocation = (recordId: string, decidedOn: string, hash: string) =>
      penalty({
        recordId,
        uscc: '91330302MA2BBBBB0X',
        decidedOn,
        measures: ['fine', 'license_revoked'],
        persons: [{ name: '张三', role: 'legal_representative', id: { masked: '330302********1234', hash } }],
      });
    const population = [
      ...Array.from({ length: 50 }, (_, i) => revocation(`P-OTHER-${i}`, '2023-01-01', `other-${i}`)),
      revocation('P-A', '2022-06-01', 'h1'),
      revocation('P-B', '2024-03-01', 'h1'),
    ];
    const bars = personBars(population, D, cn2022);
    const run = enterprise({ legalRepId: { masked: '330302********1234', hash: 'h1' } });
    const warning = grade(run, [inspection()], D, { personBars: bars }).warnings[0];
    expect(warning?.recordIds).toEqual(['P-A', 'P-B']);
    expect(warning?.message).toContain('2029-03-01');
    // Past the first bar's end only the second one is left (the index keeps the date check).
    expect(grade(run, [inspection()], '2027-07-01', { personBars: bars }).warnings[0]?.recordIds).toEqual(['P-B']);
  });
  it('§1 a deregistered (revoked) enterprise gets no assessment', () => {
    expect(assess(enterprise({ status: 'revoked' }), [], D)).toBeNull();
  });
});

describe('§8 joint-discipline list (SDL-44 Art. 15, FSL Art. 135)', () => {
  it('§8 lists every active listing with the Art. 15 measures and every active person bar, persons masked only', () => {
    const ent = enterprise({ category: 'restaurant' });
    const person = {
      name: '李四',
      role: 'principal' as const,
      id: { masked: '330302********5678', hash: 'secret-hash' },
    };
    const older = penalty({
      decidedOn: '2024-01-10',
      seriousListing: true,
      violation: 'illegal_additive',
      persons: [person],
    });
    const newer = penalty({ decidedOn: '2025-03-01', seriousListing: true, violation: 'false_label' });
    const revoked = penalty({ decidedOn: '2023-05-01', measures: ['fine', 'license_revoked'], persons: [person] });
    const expired = penalty({ decidedOn: '2023-11-30', seriousListing: true });
    const entries = disciplineEntries(ent, [older, newer, revoked, expired], D, cn2022);
    expect(entries.map((e) => [e.kind, e.recordId])).toEqual([
      ['listing', older.recordId],
      ['listing', newer.recordId],
      ['person_bar', revoked.recordId],
    ]);
    expect(entries[0]).toMatchObject({
      listedOn: '2024-01-10',
      expiresOn: '2027-01-10',
      violation: 'illegal_additive',
      region: '330302',
    });
    expect(entries[0]?.measures.map((m) => m.code)).toEqual([
      'procurement_bidding',
      'key_supervision',
      'no_notice_commitment',
      'no_honours',
    ]);
    expect(entries[2]).toMatchObject({
      expiresOn: '2028-05-01',
      persons: [{ name: '李四', role: 'principal', idMasked: '330302********5678' }],
    });
    expect(JSON.stringify(entries)).not.toContain('secret-hash');
  });
});
