// Invariants of assess() over generated histories (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../src/assess.ts';
import { addDays, withinMonths } from '../src/dates.ts';
import type { Assessment } from '../src/types.ts';
import { adverseArb, date, enterpriseArb, historyArb, inspectionArb } from './arbitraries.ts';

const RANK = { A: 0, B: 1, C: 2, D: 3 } as const;
const asOfArb = date('2020-01-01', 2500);

describe('assess() properties', () => {
  const notBetter = (after: Assessment | null, before: Assessment | null) => {
    if (!before || !after) throw new Error('active enterprise must be assessed');
    expect(after.riskScore).toBeGreaterThanOrEqual(before.riskScore);
    expect(RANK[after.riskGrade]).toBeGreaterThanOrEqual(RANK[before.riskGrade]);
    expect(RANK[after.creditClass]).toBeGreaterThanOrEqual(RANK[before.creditClass]);
  };

  it('an extra adverse record never improves risk score, grade or credit class', () => {
    fc.assert(
      fc.property(enterpriseArb, historyArb, adverseArb, asOfArb, (ent, history, adverse, asOf) => {
        // A full inspection 12–24 months old verifies the business whatever it found (SAMR-49,
        // grading-model.md §4 "unverified"), so it can remove the 5 unverified points while its
        // own points have aged out. The invariant that holds there: it never grades better than
        // the same inspection found compliant.
        const agedFull =
          adverse.type === 'inspection' && adverse.scope === 'full' && !withinMonths(adverse.inspectedOn, asOf, 12);
        const baseline = agedFull
          ? [...history, { ...adverse, result: 'compliant' as const, keyItemsFailed: 0, generalItemsFailed: 0 }]
          : history;
        notBetter(assess(ent, [...history, adverse], asOf), assess(ent, baseline, asOf));
      }),
      { numRuns: 500 },
    );
  });

  it('an adverse inspection never grades better than the same inspection found compliant', () => {
    fc.assert(
      fc.property(
        enterpriseArb,
        historyArb,
        inspectionArb('ADV-2', ['non_compliant', 'obstructed']),
        asOfArb,
        (ent, history, bad, asOf) => {
          const good = { ...bad, result: 'compliant' as const, keyItemsFailed: 0, generalItemsFailed: 0 };
          notBetter(assess(ent, [...history, bad], asOf), assess(ent, [...history, good], asOf));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic and independent of record order; factors add up to the risk score', () => {
    fc.assert(
      fc.property(enterpriseArb, historyArb, asOfArb, (ent, history, asOf) => {
        const a = assess(ent, history, asOf);
        const b = assess(ent, [...history].reverse(), asOf);
        expect(b).toEqual(a);
        expect(a?.factors.reduce((t, f) => t + f.points, 0)).toBe(a?.riskScore);
        expect(a?.riskScore).toBe((a?.staticScore ?? 0) + (a?.dynamicScore ?? 0) + (a?.creditScore ?? 0));
      }),
      { numRuns: 200 },
    );
  });

  it('nothing changes before nextChangeOn without new records (the scheduler may skip those days)', () => {
    fc.assert(
      fc.property(
        enterpriseArb,
        historyArb,
        asOfArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        (ent, history, asOf, fractions) => {
          const a = assess(ent, history, asOf);
          if (!a) return;
          const horizon = a.nextChangeOn ?? addDays(asOf, 2000);
          const span = Math.round((Date.parse(horizon) - Date.parse(asOf)) / 86_400_000);
          for (const f of fractions) {
            const d = addDays(asOf, Math.floor(f * (span - 1)));
            if (d <= asOf) continue;
            const later = assess(ent, history, d);
            expect({ ...later, asOf }).toEqual(a);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
