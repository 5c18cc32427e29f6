// fast-check generators of valid records (records.md §2 rules hold by construction).
import fc from 'fast-check';
import { USCC } from '../../../test/support/records.ts';
import { addDays, addMonths } from '../src/dates.ts';
import {
  CATEGORIES,
  type Enterprise,
  type Inspection,
  type InspectionResult,
  type Penalty,
  type RecordStatus,
  type Sampling,
  type SamplingResult,
  VIOLATIONS,
} from '../src/types.ts';

export const date = (from = '2018-01-01', days = 3300) =>
  fc.integer({ min: 0, max: days }).map((n) => addDays(from, n));

export const enterpriseArb: fc.Arbitrary<Enterprise> = fc
  .record({
    category: fc.constantFrom(...CATEGORIES),
    licensedOn: date('2010-01-01', 6000),
  })
  .map(({ category, licensedOn }) => ({
    type: 'enterprise',
    uscc: USCC,
    name: '测试企业',
    region: '330302',
    category,
    licensedOn,
    version: 1,
    status: 'active',
  }));

export const inspectionArb = (
  id: string,
  results: readonly InspectionResult[] = ['compliant', 'basically_compliant', 'non_compliant', 'obstructed'],
) =>
  fc
    .record({
      inspectedOn: date(),
      scope: fc.constantFrom('full', 'partial'),
      result: fc.constantFrom(...results),
      key: fc.integer({ min: 0, max: 4 }),
      general: fc.integer({ min: 1, max: 8 }),
      status: fc.constantFrom('active', 'active', 'active', 'revoked'),
    })
    .map(
      ({ inspectedOn, scope, result, key, general, status }): Inspection => ({
        type: 'inspection',
        recordId: id,
        uscc: USCC,
        inspectedOn,
        kind: 'routine',
        scope,
        result,
        keyItemsFailed: result === 'non_compliant' ? key : 0,
        generalItemsFailed: result === 'basically_compliant' || result === 'non_compliant' ? general : 0,
        inspectors: ['I1', 'I2'],
        version: 1,
        status,
      }),
    );

export const samplingArb = (id: string, results: readonly SamplingResult[] = ['pass', 'fail']) =>
  fc
    .record({
      sampledOn: date(),
      kind: fc.constantFrom('supervisory', 'evaluative', 'monitoring'),
      level: fc.constantFrom('national', 'provincial', 'municipal', 'county'),
      result: fc.constantFrom(...results),
      status: fc.constantFrom('active', 'active', 'active', 'revoked'),
    })
    .map(
      ({ sampledOn, kind, level, result, status }): Sampling => ({
        type: 'sampling',
        recordId: id,
        uscc: USCC,
        sampledOn,
        product: '样品',
        kind,
        level,
        result,
        ...(result === 'fail' ? { hazard: 'microbial' as const } : {}),
        version: 1,
        status,
      }),
    );

const heavyMeasures = ['suspension', 'license_revoked', 'trade_ban', 'closure'] as const;

export const penaltyArb = (id: string, statuses: readonly RecordStatus[] = ['active', 'active', 'active', 'revoked']) =>
  fc
    .record({
      decidedOn: date(),
      simple: fc.boolean(),
      violation: fc.constantFrom(...VIOLATIONS),
      warning: fc.boolean(),
      fine: fc.constantFrom(0, 500, 3000, 50_000, 99_999, 100_000, 500_000),
      extra: fc.subarray(['confiscation', ...heavyMeasures] as const, { maxLength: 2 }),
      aggravated: fc.boolean(),
      incident: fc.boolean(),
      recallFailure: fc.boolean(),
      seriousListing: fc.boolean(),
      intentional: fc.constantFrom(true, false, undefined),
      repairAfter: fc.option(fc.integer({ min: 12, max: 40 })),
      delistAfter: fc.option(fc.integer({ min: 12, max: 40 })),
      status: fc.constantFrom(...statuses),
    })
    .map((g): Penalty => {
      const fineYuan = g.simple ? Math.min(g.fine, 3000) : g.fine;
      const measures = [
        ...(g.warning || fineYuan === 0 ? ['warning' as const] : []),
        ...(fineYuan > 0 ? ['fine' as const] : []),
        ...(g.simple ? [] : g.extra),
      ];
      const heavy = measures.some((m) => (heavyMeasures as readonly string[]).includes(m));
      return {
        type: 'penalty',
        recordId: id,
        uscc: USCC,
        decidedOn: g.decidedOn,
        procedure: g.simple ? 'simple' : 'ordinary',
        violation: g.violation,
        measures,
        fineYuan,
        aggravated: g.aggravated,
        incident: g.incident,
        recallFailure: g.recallFailure,
        seriousListing: g.seriousListing,
        persons: [],
        version: 1,
        status: g.status,
        ...(g.intentional === undefined ? {} : { intentional: g.intentional }),
        ...(g.repairAfter !== null && !heavy ? { repairedOn: addMonths(g.decidedOn, g.repairAfter) } : {}),
        ...(g.delistAfter !== null && g.seriousListing ? { delistedOn: addMonths(g.decidedOn, g.delistAfter) } : {}),
      };
    });

export const historyArb = fc
  .tuple(
    fc.array(fc.nat(), { maxLength: 5 }).chain((a) => fc.tuple(...a.map((_, i) => inspectionArb(`JC-${i}`)))),
    fc.array(fc.nat(), { maxLength: 4 }).chain((a) => fc.tuple(...a.map((_, i) => samplingArb(`CJ-${i}`)))),
    fc.array(fc.nat(), { maxLength: 4 }).chain((a) => fc.tuple(...a.map((_, i) => penaltyArb(`CF-${i}`)))),
  )
  .map(([i, s, p]) => [...i, ...s, ...p]);

/** An adverse record (grading-model property): non-compliant or obstructed inspection, failed sample, active penalty. */
export const adverseArb = fc.oneof(
  inspectionArb('ADV-1', ['non_compliant', 'obstructed']).map((r) => ({ ...r, status: 'active' as const })),
  samplingArb('ADV-1', ['fail']).map((r) => ({ ...r, status: 'active' as const })),
  penaltyArb('ADV-1', ['active']),
);
