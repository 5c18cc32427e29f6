// A small but complete impact.json: three districts (one without a name), grade and credit moves
// in both directions, a plan that needs more inspector-days, a listing that appears and one that
// disappears, and names that try to inject markup.
import { GRADES, type Grade } from '@fenji/domain';
import type { ImpactChange, ImpactPlanFigures, ImpactReport, TransitionMatrix } from '../src/index.ts';
import { XSS_NAME } from './fixture.ts';

const REGIONS = ['330302', '330304', '339999'];

function planFigures(inspections: number, over: number): ImpactPlanFigures {
  return {
    inspections,
    mandatory: Math.floor(inspections / 3),
    random: inspections - Math.floor(inspections / 3),
    assigned: inspections - 2,
    unassigned: 2,
    inspectorDays: 2 * inspections,
    assignedInspectorDays: 2 * (inspections - 2),
    inspectors: 10,
    capacity: 200,
    inspectorsOverMax: over,
    shareOverMax: over / 10,
  };
}

function change(i: number, from: Grade, to: Grade): ImpactChange {
  return {
    uscc: `91330302MA2${String(i).padStart(6, '0')}X`,
    name: i === 0 ? XSS_NAME : `温州糕点企业${i}`,
    region: REGIONS[i % REGIONS.length] as string,
    category: 'pastry',
    before: {
      riskScore: 37,
      baseGrade: from,
      riskGrade: from,
      creditClass: 'B',
      keyInspection: false,
      inspectionsPerYear: 1,
    },
    after: {
      riskScore: 27,
      baseGrade: to,
      riskGrade: to,
      creditClass: 'B',
      keyInspection: false,
      inspectionsPerYear: 0.5,
    },
    factors: [
      { code: 'static_tier_III', before: 25, after: 0 },
      { code: 'static_tier_II', before: 0, after: 15 },
    ],
    ruleValues: [
      {
        path: 'categories.map.pastry.tier',
        before: 'III',
        after: 'II',
        reference: 'FRG-2016; FRG-2022D; grading-model.md §3',
      },
    ],
  };
}

/** A matrix with most enterprises on the diagonal and a few moved each way. */
function matrix(scale: number): TransitionMatrix {
  return GRADES.map((_, i) =>
    GRADES.map((__, j) => (i === j ? 40 * scale : Math.abs(i - j) === 1 ? scale * (j > i ? 3 : 1) : 0)),
  );
}

export function impactFixture(): ImpactReport {
  const changes = [change(0, 'B', 'A'), change(1, 'C', 'B'), change(2, 'B', 'A')];
  return {
    format: 'fenji-impact/1',
    generatedAt: '2026-11-30T04:00:00.000Z',
    asOf: '2026-11-30',
    period: '2026-Q4',
    seed: 'fenji-impact',
    base: { id: 'cn-2022', title: 'SAMR-49 + FRG-2022D', file: null },
    proposed: { id: 'pastry-ii', title: 'pastry in tier II', file: 'drafts/pastry-ii.json' },
    baseInForce: true,
    population: {
      source: 'data',
      path: 'events/data',
      enterprises: 300,
      assessed: 298,
      records: 2400,
      inspectors: 10,
      rejected: 3,
    },
    ruleChanges: [
      {
        path: 'categories.map.pastry.tier',
        before: 'III',
        after: 'II',
        reference: 'FRG-2016; FRG-2022D; grading-model.md §3',
      },
    ],
    summary: {
      riskGradeChanged: 3,
      creditClassChanged: 0,
      changed: 3,
      riskScoreChanged: 5,
      keyInspections: { before: 40, after: 41 },
      plannedInspections: { before: 60, after: 72 },
      inspectorDays: { before: 120, after: 144 },
      shareOverMax: { before: 0.1, after: 0.3 },
      seriousListings: { before: 2, after: 2 },
      listingCandidates: { before: 1, after: 1 },
    },
    transitions: {
      grades: [...GRADES],
      overall: { riskGrade: matrix(3), creditClass: matrix(2) },
      byRegion: REGIONS.map((region, i) => ({
        region,
        enterprises: 100,
        riskGrade: matrix(i + 1),
        creditClass: matrix(1),
      })),
    },
    keyInspections: {
      before: 40,
      after: 41,
      added: 2,
      removed: 1,
      byRegion: REGIONS.map((region, i) => ({ region, before: 13 + i, after: 14 + i })),
    },
    plan: {
      period: '2026-Q4',
      before: planFigures(60, 1),
      after: planFigures(72, 3),
      byRegion: REGIONS.map((region, i) => ({
        region,
        before: planFigures(20 + i, i === 0 ? 1 : 0),
        after: planFigures(24 + i, 1),
      })),
    },
    listings: {
      seriousListings: {
        before: 2,
        after: 2,
        appear: [
          { uscc: '91330302MA2000009X', name: XSS_NAME, region: '330302', recordIds: ['温鹿市监罚〔2026〕9号'] },
        ],
        disappear: [{ uscc: '91330302MA2000008X', name: '温州旧名单企业', region: '339999', recordIds: ['P-8'] }],
      },
      listingCandidates: { before: 1, after: 1, appear: [], disappear: [] },
    },
    riskScoreChanges: {
      changed: 5,
      increased: 1,
      decreased: 4,
      min: -10,
      max: 5,
      mean: -0.12,
      histogram: [
        { delta: -10, count: 4 },
        { delta: 0, count: 293 },
        { delta: 5, count: 1 },
      ],
    },
    changes,
    labels: { changes: '风险等级或信用风险分类变化的企业 enterprises whose risk grade or credit class changes' },
  };
}
