// grading-model.md §11: the three worked examples (cn-2022, D = 2026-11-30), field by field.
import { describe, expect, it } from 'vitest';
import { assess } from '../src/assess.ts';
import { D, enterprise, inspection, penalty, sampling } from './fixtures.ts';

describe('grading-model.md §11 worked examples (cn-2022, D = 2026-11-30)', () => {
  it('1. dairy producer with a basically compliant full inspection → C, key inspection, 3 a year', () => {
    const ent = enterprise({ category: 'dairy', licensedOn: '2015-01-01' });
    const i = inspection({
      inspectedOn: '2026-03-10',
      scope: 'full',
      result: 'basically_compliant',
      generalItemsFailed: 3,
    });
    const a = assess(ent, [i], D);
    expect(a).toMatchObject({
      rulesVersion: 'cn-2022',
      sector: 'food_production',
      staticScore: 35,
      dynamicScore: 6,
      creditClass: 'B',
      creditReasons: ['default'],
      creditScore: 5,
      riskScore: 46,
      baseGrade: 'C',
      riskGrade: 'C',
      adjustments: [],
      keyInspection: true,
      inspectionsPerYear: 3,
      inspectionOverdue: false,
      seriousListing: null,
      listingCandidate: null,
      warnings: [],
    });
    expect(a?.factors).toEqual([
      { code: 'static_tier_IV', points: 35, recordIds: [] },
      { code: 'inspection_basically_compliant', points: 6, recordIds: [i.recordId] },
      { code: 'credit_class_B', points: 5, recordIds: [] },
    ]);
  });

  it('2. restaurant with a failed municipal supervisory sample → B, credit C, key inspection, 2 a year', () => {
    const ent = enterprise({ category: 'restaurant', licensedOn: '2020-05-01' });
    const i = inspection({ inspectedOn: '2025-06-01', scope: 'full', result: 'compliant' });
    const s = sampling({
      sampledOn: '2026-08-01',
      kind: 'supervisory',
      level: 'municipal',
      result: 'fail',
      hazard: 'microbial',
    });
    const a = assess(ent, [i, s], D);
    expect(a).toMatchObject({
      staticScore: 25,
      dynamicScore: 8,
      creditClass: 'C',
      creditReasons: ['failed_supervisory_sample'],
      creditScore: 10,
      riskScore: 43,
      baseGrade: 'B',
      riskGrade: 'B',
      adjustments: [],
      keyInspection: true,
      inspectionsPerYear: 2,
      inspectionOverdue: false,
    });
    expect(a?.factors).toContainEqual({
      code: 'sampling_fail_supervisory_municipal_county',
      points: 8,
      recordIds: [s.recordId],
    });
  });

  it('3. prepackaged food seller never inspected, a lapsed-publicity fine → A, overdue, 0.5 a year', () => {
    const ent = enterprise({ category: 'prepackaged_food', licensedOn: '2018-01-01' });
    const p = penalty({
      decidedOn: '2026-02-01',
      procedure: 'ordinary',
      measures: ['fine'],
      fineYuan: 5000,
      violation: 'label_defect',
    });
    const a = assess(ent, [p], D);
    expect(a).toMatchObject({
      staticScore: 5,
      dynamicScore: 15,
      creditClass: 'B',
      creditScore: 5,
      riskScore: 25,
      baseGrade: 'A',
      riskGrade: 'A',
      keyInspection: false,
      inspectionsPerYear: 0.5,
      inspectionOverdue: true,
    });
    expect(a?.factors).toEqual([
      { code: 'static_tier_I', points: 5, recordIds: [] },
      { code: 'inspection_unverified', points: 5, recordIds: [] },
      { code: 'penalty_ordinary', points: 10, recordIds: [p.recordId] },
      { code: 'credit_class_B', points: 5, recordIds: [] },
    ]);
  });
});
