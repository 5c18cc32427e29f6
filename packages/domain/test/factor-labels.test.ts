// The code catalogue against what assess() really emits: every code it can put on an
// assessment has a label and a legal basis, and every entry is reachable (a typo in a code
// would leave an entry no assessment ever uses).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D, enterprise, inspection, penalty, sampling } from '../../../test/support/records.ts';
import { assess } from '../src/assess.ts';
import {
  ADJUSTMENT_KIND_LABELS,
  ADJUSTMENT_REASON_LABELS,
  CODE_CATALOGUE,
  type CodeKind,
  CREDIT_REASON_LABELS,
  codeLabel,
  FACTOR_LABELS,
  LEGAL_INSTRUMENTS,
  WARNING_LABELS,
} from '../src/factor-labels.ts';
import type { PersonBar } from '../src/listing.ts';
import { RULE_SETS } from '../src/rules/index.ts';
import type { Assessment, Category, Enterprise, EnterpriseRecord } from '../src/types.ts';
import { date, enterpriseArb, historyArb } from './arbitraries.ts';

type Emitted = Record<CodeKind, Set<string>>;
const emptyEmitted = (): Emitted => ({
  factor: new Set(),
  adjustmentKind: new Set(),
  adjustmentReason: new Set(),
  creditReason: new Set(),
  warning: new Set(),
});

function collect(a: Assessment | null, into: Emitted): Emitted {
  if (!a) return into;
  for (const f of a.factors) into.factor.add(f.code);
  for (const adj of a.adjustments) {
    into.adjustmentKind.add(adj.kind);
    for (const r of adj.reasons) into.adjustmentReason.add(r);
  }
  for (const r of a.creditReasons) into.creditReason.add(r);
  for (const w of a.warnings) into.warning.add(w.code);
  return into;
}

const missing = (emitted: Emitted) =>
  (Object.keys(emitted) as CodeKind[]).flatMap((kind) =>
    [...emitted[kind]].filter((code) => !codeLabel(kind, code)).map((code) => `${kind}:${code}`),
  );

/** One crafted history per code (cn-2022, D = 2026-11-30), so every entry is shown reachable. */
function craftedCases(): { ent: Enterprise; records: EnterpriseRecord[]; bars?: PersonBar[] }[] {
  const e = (category: Category, over: Partial<Enterprise> = {}) => enterprise({ category, ...over });
  return [
    // static tiers; no inspection → inspection_unverified; credit B default.
    { ent: e('tea_sugar'), records: [] },
    { ent: e('condiment'), records: [] },
    { ent: e('restaurant'), records: [] },
    { ent: e('dairy'), records: [] },
    // inspections
    { ent: e('restaurant'), records: [inspection({ result: 'basically_compliant', generalItemsFailed: 3 })] },
    { ent: e('restaurant'), records: [inspection({ result: 'non_compliant', keyItemsFailed: 1 })] },
    // obstructed: 30 > cap 20 (inspection_cap); 5 + 20 + credit D 20 = 45 → B, raised (obstruction)
    { ent: e('tea_sugar'), records: [inspection({ result: 'obstructed' })] },
    // samplings; two national fails: 20 > cap 10 (sampling_cap), raise
    {
      ent: e('restaurant'),
      records: [sampling({ level: 'national' }), sampling({ level: 'provincial', sampledOn: '2026-07-01' })],
    },
    { ent: e('restaurant'), records: [sampling({ level: 'county' })] },
    { ent: e('restaurant'), records: [sampling({ kind: 'evaluative' })] },
    { ent: e('restaurant'), records: [sampling({ kind: 'monitoring' })] },
    // penalties
    // heavy: 30 > cap 20; 5 + 20 + credit D 20 = 45 → B, forced to D
    { ent: e('tea_sugar'), records: [penalty({ measures: ['fine', 'suspension'] })] },
    { ent: e('restaurant'), records: [penalty({ aggravated: true })] },
    // ordinary, still published (PUB-45: 3 months for a fine under ¥100,000) → published_penalty
    { ent: e('restaurant'), records: [penalty({ decidedOn: '2026-10-15' })] },
    { ent: e('restaurant'), records: [penalty({ procedure: 'simple', fineYuan: 500 })] },
    // two published aggravated penalties → credit D (repeat_aggravated)
    {
      ent: e('restaurant'),
      records: [
        penalty({ aggravated: true, measures: ['fine', 'confiscation'] }),
        penalty({ aggravated: true, decidedOn: '2026-07-01', measures: ['fine', 'confiscation'] }),
      ],
    },
    // intentional violation, incident, recall failure: 5 + 5 + 10 + 5 = 25 → A, raised two levels
    { ent: e('tea_sugar'), records: [penalty({ intentional: true, incident: true, recallFailure: true })] },
    // dynamic_cap: 20 + 10 + 20 = 50 > 40
    {
      ent: e('dairy'),
      records: [
        inspection({ result: 'obstructed' }),
        sampling({ level: 'national' }),
        sampling({ level: 'national', sampledOn: '2026-07-01' }),
        penalty({ measures: ['fine', 'closure'] }),
      ],
    },
    // three clean years: dairy 35 + credit A 0 = 35 → B, lowered to A (clean_record)
    { ent: e('dairy'), records: [inspection({ inspectedOn: '2026-06-01', scope: 'full', result: 'compliant' })] },
    // serious listing → force D, credit D
    { ent: e('restaurant'), records: [penalty({ seriousListing: true, violation: 'illegal_additive' })] },
    // early removal ignored (SDL-44 Art. 16)
    {
      ent: e('restaurant'),
      records: [
        penalty({ seriousListing: true, decidedOn: '2025-01-01', delistedOn: '2026-03-01' }),
        penalty({ aggravated: true, decidedOn: '2025-06-01' }),
      ],
    },
    // barred legal representative (FSL Art. 135)
    {
      ent: e('restaurant', { legalRepName: '某某', legalRepId: { masked: '330302********0011', hash: 'h-rep' } }),
      records: [],
      bars: [
        {
          idHash: 'h-rep',
          masked: '330302********0011',
          name: '某某',
          role: 'legal_representative',
          uscc: '91330302MA2BBBBB0X',
          recordId: '温鹿市监罚〔2025〕1号',
          decidedOn: '2025-01-01',
          expiresOn: '2030-01-01',
        },
      ],
    },
  ];
}

describe('factor-code catalogue (zh/en labels, legal basis)', () => {
  it('has an entry for every factor code the spec and assess() name', () => {
    const codes = [
      'static_tier_I',
      'static_tier_II',
      'static_tier_III',
      'static_tier_IV',
      'inspection_basically_compliant',
      'inspection_non_compliant',
      'inspection_obstructed',
      'inspection_unverified',
      'inspection_cap',
      'sampling_fail_supervisory_national_provincial',
      'sampling_fail_supervisory_municipal_county',
      'sampling_fail_evaluative',
      'sampling_fail_monitoring',
      'sampling_cap',
      'penalty_heavy',
      'penalty_aggravated',
      'penalty_ordinary',
      'penalty_minor',
      'penalty_cap',
      'dynamic_cap',
      'credit_class_A',
      'credit_class_B',
      'credit_class_C',
      'credit_class_D',
    ];
    expect(codes.filter((c) => !FACTOR_LABELS[c])).toEqual([]);
  });

  it('covers the codes every rule set can produce: its tiers and its credit classes', () => {
    for (const rules of RULE_SETS) {
      for (const { tier } of Object.values(rules.categories.map))
        expect(FACTOR_LABELS[`static_tier_${tier}`]).toBeDefined();
      for (const cls of Object.keys(rules.credit.score)) expect(FACTOR_LABELS[`credit_class_${cls}`]).toBeDefined();
    }
  });

  it('crafted histories reach every entry, and each code they emit has one', () => {
    const emitted = emptyEmitted();
    for (const c of craftedCases()) collect(assess(c.ent, c.records, D, { personBars: c.bars ?? [] }), emitted);
    expect(missing(emitted)).toEqual([]);
    // Credit class A scores 0 in both rule sets, so it is never a factor; kept for a rule set that scores it.
    const unreachable = (Object.keys(CODE_CATALOGUE) as CodeKind[]).flatMap((kind) =>
      Object.keys(CODE_CATALOGUE[kind])
        .filter((code) => !emitted[kind].has(code))
        .map((code) => `${kind}:${code}`),
    );
    expect(unreachable).toEqual(['factor:credit_class_A']);
  });

  it('generated histories under both rule sets emit no code without an entry', () => {
    const emitted = emptyEmitted();
    fc.assert(
      fc.property(enterpriseArb, historyArb, date('2019-01-01', 3000), (ent, history, asOf) => {
        collect(assess(ent, history, asOf), emitted);
        return missing(emitted).length === 0;
      }),
      { numRuns: 2000, seed: 20261130 },
    );
    expect(emitted.factor.size).toBeGreaterThan(15);
  });

  it('cites only the instruments of the spec, and articles only where the spec names them', () => {
    const articles: Record<string, number[]> = { 'SAMR-49': [22], 'SDL-44': [13, 15, 16], FSL: [113, 135], APL: [51] };
    const refs = Object.values(CODE_CATALOGUE).flatMap((table) => Object.values(table).flatMap((l) => l.basis));
    for (const ref of refs) {
      const m = /^([A-Z0-9-]+?)(?: Art\. (\d+))?$/.exec(ref);
      expect(m, ref).not.toBeNull();
      const [, instrument, article] = m as RegExpExecArray;
      expect(LEGAL_INSTRUMENTS as readonly string[], ref).toContain(instrument);
      if (article) expect(articles[instrument as string] ?? [], ref).toContain(Number(article));
      // Resolvable to its full title in every rule set.
      for (const rules of RULE_SETS) expect(rules.sources[instrument as string], `${rules.id} ${ref}`).toBeTruthy();
    }
  });

  it('every entry has both labels, a basis and a spec section', () => {
    for (const table of [
      FACTOR_LABELS,
      ADJUSTMENT_KIND_LABELS,
      ADJUSTMENT_REASON_LABELS,
      CREDIT_REASON_LABELS,
      WARNING_LABELS,
    ]) {
      for (const [code, l] of Object.entries(table)) {
        expect(l.zh, code).toMatch(/[\u4e00-\u9fff]/);
        expect(l.en, code).toMatch(/^[\x20-\x7e]+$/);
        expect(l.basis.length, code).toBeGreaterThan(0);
        expect(l.spec, code).toMatch(/^§\d+(\.\d+)?$/);
      }
    }
    expect(codeLabel('factor', 'toString')).toBeUndefined();
  });
});
