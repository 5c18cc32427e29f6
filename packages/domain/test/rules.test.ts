// The rules of grading-model.md §2–§8 that are not "enterprise + records + asOf → expected values":
// rule-set data, functions below assess(), invariants and cross-enterprise inputs. Every rule row
// that is such a case is data in packages/domain/examples/*.yaml, run by examples.test.ts.
import { describe, expect, it } from 'vitest';
import { D, enterprise, inspection, penalty } from '../../../test/support/records.ts';
import { type AssessOptions, assess, baseGradeFor } from '../src/assess.ts';
import { disciplineEntries, personBars } from '../src/listing.ts';
import { RULE_SETS, ruleSetById } from '../src/rules/index.ts';
import { type Assessment, CATEGORIES, type Enterprise, type EnterpriseRecord, type Grade } from '../src/types.ts';

const cn2016 = ruleSetById('cn-2016');
const cn2022 = ruleSetById('cn-2022');

function grade(ent: Enterprise, records: EnterpriseRecord[], asOf = D, options?: AssessOptions): Assessment {
  const a = assess(ent, records, asOf, options);
  if (!a) throw new Error('expected an assessment');
  return a;
}

describe('§2 rule sets (FRG-2016, SAMR-49)', () => {
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

describe('§6 risk grade (FRG-2016)', () => {
  // The band edges 30/31, 45/46, 60/61 are graded enterprises in examples/06-risk-grade.yaml. A graded
  // enterprise scores 5 to 95, so the ends of the scale, 0 and 135, stay a test of the function.
  it.each([
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
});

describe('§7 key inspection and frequency (SAMR-49 Art. 22, FSL Art. 113)', () => {
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
});

describe('§8 person bars (FSL Art. 135)', () => {
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
