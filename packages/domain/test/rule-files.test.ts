// The rule-set files (packages/domain/rules/*.json, grading-model.md §2): validated at load,
// every value with its legal reference, periods derived from the files' starts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import cn2016File from '../rules/cn-2016.json' with { type: 'json' };
import cn2022File from '../rules/cn-2022.json' with { type: 'json' };
import { monthsInWords } from '../src/dates.ts';
import { makeUscc } from '../src/ids.ts';
import {
  loadRuleSets,
  RULE_SETS,
  type RuleSet,
  type RuleSetSource,
  referenceOf,
  ruleSetFor,
  ruleValues,
} from '../src/rules/index.ts';
import { parseRecord } from '../src/schemas.ts';
import { CATEGORIES, GRADES, type Grade } from '../src/types.ts';

const FILES: RuleSetSource[] = [
  { file: 'packages/domain/rules/cn-2016.json', data: cn2016File },
  { file: 'packages/domain/rules/cn-2022.json', data: cn2022File },
];

/** A deep copy of cn-2022's data with the value at `path` set (or removed, for undefined), as a file. */
function cn2022With(edits: Record<string, unknown>, file = 'rules/cn-2022.json'): RuleSetSource {
  const data = structuredClone(cn2022File) as Record<string, unknown>;
  for (const [path, value] of Object.entries(edits)) {
    const segments = path.split('.');
    const last = segments.pop() as string;
    const parent = segments.reduce((node, s) => node[s] as Record<string, unknown>, data);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return { file, data };
}

function rejection(source: RuleSetSource): string {
  try {
    loadRuleSets([source]);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${source.file} was accepted`);
}

/** The value at a `ruleValues` path of the RuleSet object. */
function valueAt(rules: RuleSet, path: string): unknown {
  const segments = path.match(/[^.[\]]+/g) ?? [];
  return segments.reduce<unknown>((node, s) => (node as Record<string, unknown>)[s], rules);
}

describe('§2 rule-set periods come from the files', () => {
  it('start when FRG-2016 took effect, end where the next starts, and the last is still in force', () => {
    expect(RULE_SETS.map((r) => [r.id, r.effectiveFrom, r.effectiveUntil])).toEqual([
      ['cn-2016', '2016-12-01', '2022-03-15'],
      ['cn-2022', '2022-03-15', null],
    ]);
    expect(() => ruleSetFor('2016-11-30')).toThrow('no rule set is in force on 2016-11-30');
    expect(RULE_SETS.at(-1)?.effectiveUntil).toBeNull();
    RULE_SETS.slice(1).forEach((r, i) => {
      expect(RULE_SETS[i]?.effectiveUntil, `${RULE_SETS[i]?.id} → ${r.id}`).toBe(r.effectiveFrom);
    });
  });

  it('leave no gap and do not overlap: exactly one rule set is in force on every day', () => {
    const inForce = (asOf: string) =>
      RULE_SETS.filter(
        (r) =>
          (r.effectiveFrom === null || asOf >= r.effectiveFrom) &&
          (r.effectiveUntil === null || asOf < r.effectiveUntil),
      );
    const days = ['2016-12-01', '2022-03-14', '2022-03-15', '2026-11-30', '2099-12-31'];
    for (const r of RULE_SETS) if (r.effectiveFrom) days.push(r.effectiveFrom);
    for (const day of days)
      expect(
        inForce(day).map((r) => r.id),
        day,
      ).toEqual([ruleSetFor(day).id]);
  });

  it('a new rule set is one more file: it ends the previous one, whatever the order of the list', () => {
    const next = cn2022With({ id: 'cn-2030', 'effectiveFrom.value': '2030-01-01' }, 'rules/cn-2030.json');
    const sets = loadRuleSets([next, ...FILES].reverse());
    expect(sets.map((r) => [r.id, r.effectiveFrom, r.effectiveUntil])).toEqual([
      ['cn-2016', '2016-12-01', '2022-03-15'],
      ['cn-2022', '2022-03-15', '2030-01-01'],
      ['cn-2030', '2030-01-01', null],
    ]);
  });

  it('every file in packages/domain/rules/ is in force somewhere: none left out of RULE_SETS', () => {
    const files = readdirSync(join(import.meta.dirname, '..', 'rules'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(RULE_SETS.map((r) => r.id).sort()).toEqual(files.sort());
  });

  it('two files starting on the same day, or both from the beginning, would overlap: rejected', () => {
    const twin = cn2022With({ id: 'cn-2022b' }, 'rules/cn-2022b.json');
    expect(() => loadRuleSets([...FILES, twin])).toThrow(
      'rule set file rules/cn-2022b.json is invalid:\n  effectiveFrom.value: 2022-03-15 is also the start of packages/domain/rules/cn-2022.json: the periods would overlap',
    );
    const fromTheBeginning = cn2022With({ id: 'cn-a', 'effectiveFrom.value': null }, 'rules/cn-a.json');
    const alsoFromTheBeginning = cn2022With({ id: 'cn-b', 'effectiveFrom.value': null }, 'rules/cn-b.json');
    expect(() => loadRuleSets([fromTheBeginning, alsoFromTheBeginning])).toThrow(
      /effectiveFrom\.value: the beginning \(null\) is also the start of rules\/cn-a\.json/,
    );
  });
});

describe('§2 a rule-set file with a bad value is rejected, naming the file and the path of the value', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'a number given as text',
      { 'tierPoints.I.value': '5' },
      'tierPoints.I.value: Invalid input: expected number, received string',
    ],
    [
      'a missing category',
      { 'categories.map.pastry': undefined },
      'categories.map.pastry: Invalid input: expected object, received undefined',
    ],
    [
      'a value without its reference',
      { 'windows.dynamic.reference': undefined },
      'windows.dynamic.reference: Invalid input: expected string, received undefined',
    ],
    [
      'a reference to an instrument not in sources',
      { 'listing.termMonths.reference': 'SDL-45; grading-model.md §8' },
      'listing.termMonths.reference: cites SDL-45, which is not in sources',
    ],
    [
      'a reference that is not a citation',
      { 'caps.dynamic.reference': 'see the draft' },
      'caps.dynamic.reference: "see the draft" is not a reference',
    ],
    ['an unknown key (a typo)', { 'windows.dynamc': cn2022File.windows.dynamic }, 'windows.dynamc: unknown key'],
    [
      'a frequency plan() cannot draw (grading-model.md §10)',
      { 'inspectionsPerYear.B.min': 0.7 },
      'inspectionsPerYear.B.min: 0.7 inspections a year: give a positive multiple of 0.5 that divides 12 months evenly',
    ],
    ['grade bands out of order', { 'grade.bands.B.value': 30 }, 'grade.bands.B.value: 30 is not above bands.A (30)'],
    [
      'a measure listed twice',
      { 'heavyMeasures.measures.4': { value: 'closure', reference: 'APL; grading-model.md §4' } },
      'heavyMeasures.measures[4].value: "closure" is listed twice',
    ],
    [
      'a fractional month',
      { 'listing.repairAfterMonths.value': 12.5 },
      'listing.repairAfterMonths.value: Invalid input: expected int, received number',
    ],
    ['an id other than the file name', { id: 'cn-2023' }, 'id: "cn-2023" does not match the file name'],
  ])('%s', (_, edits, message) => {
    const text = rejection(cn2022With(edits));
    expect(text).toMatch(/^rule set file rules\/cn-2022\.json is invalid:\n/);
    expect(text).toContain(`\n  ${message}`);
  });
});

describe('§2 every value carries its legal reference', () => {
  // Articles only where grading-model.md or deadlines.md names them (as in the code catalogue).
  const ARTICLES: Record<string, number[]> = {
    'SAMR-49': [22],
    'SDL-44': [13, 15, 16],
    FSL: [88, 113, 135],
    APL: [51],
    'SAMPLING-15': [45],
    'PUB-45': [2, 9],
  };

  it.each(RULE_SETS.map((r) => [r.id, r] as const))(
    '%s: cites known instruments, spec articles and sections',
    (_, rules) => {
      const values = ruleValues(rules);
      expect(values.length).toBeGreaterThan(100);
      for (const v of values) {
        for (const citation of v.reference.split('; ')) {
          const article = /^([A-Z0-9-]+) Art\. (\d+)$/.exec(citation);
          if (article)
            expect(ARTICLES[article[1] as string] ?? [], `${v.path}: ${citation}`).toContain(Number(article[2]));
          const section = /^(grading-model|deadlines)\.md §(\d+)/.exec(citation);
          if (section)
            expect(Number(section[2]), `${v.path}: ${citation}`).toBeLessThanOrEqual(
              section[1] === 'deadlines' ? 5 : 12,
            );
          else expect(rules.sources[citation.split(' Art. ')[0] as string], `${v.path}: ${citation}`).toBeTruthy();
        }
      }
    },
  );

  it.each(RULE_SETS.map((r) => [r.id, r] as const))(
    '%s: each referenced path is the path of its value in the RuleSet',
    (_, rules) => {
      for (const v of ruleValues(rules)) {
        const actual = valueAt(rules, v.path);
        if (typeof v.value === 'object' && v.value !== null && !Array.isArray(v.value))
          expect(actual, v.path).toMatchObject(v.value);
        else expect(actual, v.path).toEqual(v.value);
        expect(referenceOf(rules, v.path), v.path).toBe(v.reference);
      }
    },
  );

  it('referenceOf: a value, a list item, a field of an entry, or nothing for an unknown path', () => {
    const cn2022 = RULE_SETS[1] as RuleSet;
    expect(referenceOf(cn2022, 'tierPoints.I')).toBe('FRG-2016; grading-model.md §3');
    expect(referenceOf(cn2022, 'categories.map.pastry.tier')).toBe('FRG-2016; FRG-2022D; grading-model.md §3');
    expect(referenceOf(cn2022, 'listing.earlyRemovalAfterMonths')).toBe('SDL-44 Art. 16; grading-model.md §8');
    expect(referenceOf(cn2022, 'keyInspection.creditClasses[1]')).toBe('FSL Art. 113; grading-model.md §7');
    expect(referenceOf(cn2022, 'listing.disciplineMeasures[0].zh')).toBe('SDL-44 Art. 15; grading-model.md §8');
    expect(referenceOf(cn2022, 'simpleProcedure.maxFineYuan')).toBe('APL Art. 51');
    expect(referenceOf(cn2022, 'effectiveFrom')).toBe('SAMR-49; grading-model.md §2');
    expect(referenceOf(cn2022, 'categories.map.noodles.tier')).toBeUndefined();
    expect(referenceOf(cn2022, 'sources')).toBeUndefined();
    expect(referenceOf({ ...cn2022 }, 'tierPoints.I')).toBeUndefined();
  });

  it("each group's basis lists the distinct citations of its values", () => {
    const cn2016 = RULE_SETS[0] as RuleSet;
    expect(cn2016.tierPoints.basis).toBe('FRG-2016; grading-model.md §3');
    expect(cn2016.simpleProcedure.basis).toBe('APL Art. 51');
    expect(cn2016.credit.score).toEqual({ A: 0, B: 0, C: 0, D: 0 });
  });
});

describe('§7 key inspection as data is the rule of grading-model.md §7', () => {
  // The rule exactly as the spec words it.
  const spec = (sector: string, flags: readonly string[], grade: Grade, creditClass: Grade) =>
    (sector === 'food_production' && (flags.includes('special') || grade === 'C' || grade === 'D')) ||
    ((sector === 'food_sales' || sector === 'catering') && grade === 'D') ||
    flags.includes('key') ||
    (['drug_manufacturing', 'drug_distribution', 'drug_retail', 'medical_device', 'cosmetics'].includes(sector) &&
      (grade === 'C' || grade === 'D')) ||
    creditClass === 'C' ||
    creditClass === 'D';

  it.each(RULE_SETS.map((r) => [r.id, r] as const))('%s: every category, grade and credit class', (_, rules) => {
    const k = rules.keyInspection;
    for (const category of CATEGORIES) {
      const { sector, flags } = rules.categories.map[category];
      for (const grade of GRADES) {
        for (const creditClass of GRADES) {
          const data =
            k.sectors[sector].grades.includes(grade) ||
            flags.some((f) => k.categoryFlags.includes(f) || k.sectors[sector].flags.includes(f)) ||
            k.creditClasses.includes(creditClass);
          expect(data, `${category} ${grade} ${creditClass}`).toBe(spec(sector, flags, grade, creditClass));
        }
      }
    }
  });
});

describe('validation messages say the periods and limits of the rule set', () => {
  it('periods in words: whole years as years, others as months', () => {
    expect(monthsInWords(12)).toEqual({ en: 'one year', zh: '一年' });
    expect(monthsInWords(24)).toEqual({ en: 'two years', zh: '两年' });
    expect(monthsInWords(6)).toEqual({ en: 'six months', zh: '六个月' });
    expect(monthsInWords(18)).toEqual({ en: '18 months', zh: '18个月' });
    expect(monthsInWords(1)).toEqual({ en: 'one month', zh: '一个月' });
  });

  it('the current values give the messages word for word', () => {
    const messages = (raw: Record<string, unknown>) => {
      const r = parseRecord(
        'penalty',
        {
          recordId: '温鹿市监罚〔2026〕118号',
          uscc: makeUscc('91330302MA2H00000'),
          decidedOn: '2025-06-30',
          procedure: 'ordinary',
          violation: 'label_defect',
          measures: ['fine'],
          fineYuan: 5000,
          ...raw,
        },
        { idKey: 'k', today: '2026-11-30' },
      );
      return r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.message}`);
    };
    expect(messages({ repairedOn: '2026-06-29' })).toEqual([
      'repairedOn: 2026-06-29 is earlier than 2026-06-30, one year after the decision (REPAIR-2021) (信用修复须在处罚决定作出满一年后)',
    ]);
    expect(messages({ seriousListing: true, delistedOn: '2026-06-29' })).toEqual([
      'delistedOn: 2026-06-29 is earlier than 2026-06-30, one year after listing (SDL-44 Art. 16) (列入严重违法失信名单满一年后方可提前移出)',
    ]);
    expect(messages({ procedure: 'simple', measures: ['fine', 'confiscation'], fineYuan: 3001 })).toEqual([
      'measures: confiscation not possible under the simple procedure, which allows only warning and fine (APL Art. 51) (简易程序只能给予警告或罚款)',
      'fineYuan: 3001 is over ¥3,000, the most the simple procedure allows (APL Art. 51) (简易程序罚款不得超过3000元)',
    ]);
  });
});
