import type { Plan, Reject } from '@fenji/domain';
import { describe, expect, it } from 'vitest';
import {
  casesByKindAndState,
  changes,
  countByRegion,
  inspectorLoad,
  normaliseMessage,
  openCases,
  overdueCases,
  planByRegion,
  rejectGroups,
} from '../src/aggregate.ts';
import { assessment, fixtureCases } from './fixture.ts';

describe('countByRegion', () => {
  it('counts enterprises per region and grade, regions in code order', () => {
    const a = [
      assessment(1, { region: '330304', riskGrade: 'A', creditClass: 'C' }),
      assessment(2, { region: '330302', riskGrade: 'D', creditClass: 'C' }),
      assessment(3, { region: '330304', riskGrade: 'A', creditClass: 'B' }),
      assessment(4, { region: '330304', riskGrade: 'C', creditClass: 'C' }),
    ];
    expect(countByRegion(a, 'riskGrade')).toEqual([
      { region: '330302', counts: { A: 0, B: 0, C: 0, D: 1 }, total: 1 },
      { region: '330304', counts: { A: 2, B: 0, C: 1, D: 0 }, total: 3 },
    ]);
    expect(countByRegion(a, 'creditClass').map((r) => r.counts)).toEqual([
      { A: 0, B: 0, C: 1, D: 0 },
      { A: 0, B: 1, C: 2, D: 0 },
    ]);
  });
});

describe('changes', () => {
  const before = [
    assessment(1, { riskGrade: 'A', creditClass: 'B' }),
    assessment(2, { riskGrade: 'C', creditClass: 'B' }),
    assessment(3, { riskGrade: 'B', creditClass: 'B' }),
    assessment(4, { riskGrade: 'B', creditClass: 'B' }),
  ];
  const now = [
    assessment(1, { riskGrade: 'C', creditClass: 'B' }), // up two
    assessment(2, { riskGrade: 'B', creditClass: 'D' }), // down, class up
    assessment(3, { riskGrade: 'B', creditClass: 'B' }), // same
    assessment(5, { riskGrade: 'D', creditClass: 'D' }), // new
  ];

  it('is null on a first run', () => {
    expect(changes(now, null, 10)).toBeNull();
  });

  it('counts up (towards D), down and unchanged, new and removed enterprises', () => {
    const d = changes(now, before, 10);
    expect(d).not.toBeNull();
    if (!d) return;
    expect(d.compared).toBe(3);
    expect(d.added).toBe(1);
    expect(d.removed).toBe(1);
    expect(d.grade).toEqual({ up: 1, down: 1, same: 1 });
    expect(d.credit).toEqual({ up: 1, down: 0, same: 2 });
    expect(d.gradeTransitions[0][2]).toBe(1); // A → C
    expect(d.gradeTransitions[2][1]).toBe(1); // C → B
    expect(d.changedTotal).toBe(2);
    // Worsened first.
    expect(d.rows.map((r) => [r.uscc, r.previousGrade, r.riskGrade])).toEqual([
      [now[0].uscc, 'A', 'C'],
      [now[1].uscc, 'C', 'B'],
    ]);
  });

  it('caps the rows but not the counts', () => {
    const d = changes(now, before, 1);
    expect(d?.rows).toHaveLength(1);
    expect(d?.changedTotal).toBe(2);
  });
});

describe('rejectGroups', () => {
  const reject = (line: number | null, field: string, message: string): Reject => ({
    source: 'a.csv',
    line,
    recordId: null,
    errors: [{ field, message }],
  });

  it('groups by first field and message with quoted values and numbers blanked', () => {
    const groups = rejectGroups(
      [
        reject(2, 'inspectedOn', '"2026-13-01" is not a valid date'),
        reject(3, 'inspectedOn', '"2027-02-30" is not a valid date'),
        reject(4, 'persons[0].idNumber', 'bad check character'),
        reject(5, 'persons[3].idNumber', 'bad check character'),
        reject(6, 'inspectedOn', '"x" is not a valid date'),
        reject(null, 'file', 'the row has 5 cells but the header has 7 columns'),
      ],
      2,
    );
    expect(groups.map((g) => [g.field, g.message, g.count])).toEqual([
      ['inspectedOn', '"…" is not a valid date', 3],
      ['persons[].idNumber', 'bad check character', 2],
      ['file', 'the row has # cells but the header has # columns', 1],
    ]);
    expect(groups[0].examples.map((e) => e.line)).toEqual([2, 3]);
    expect(groups[0].examples[0].message).toBe('"2026-13-01" is not a valid date');
  });

  it('redacts an ID number that slipped into a message', () => {
    const [g] = rejectGroups([reject(2, 'name', 'value 330302198001011234 too long')], 1);
    expect(g.examples[0].message).not.toContain('330302198001011234');
    expect(g.examples[0].message).toContain('330302********1234');
  });

  it('normalises whitespace', () => {
    expect(normaliseMessage('  a   b\n c ')).toBe('a b c');
  });
});

describe('plan aggregates', () => {
  const base = {
    period: '2026-Q4',
    riskGrade: 'B' as const,
    keyInspection: false,
    name: 'x',
    slot: 1,
    reason: null,
  };
  const plan: Plan = {
    period: '2026-Q4',
    asOf: '2026-11-30',
    seed: 's',
    seedCommitment: 'c',
    strata: [
      {
        region: '330304',
        riskGrade: 'B',
        keyInspection: false,
        population: 7,
        populationDigest: 'd',
        mandatoryPerMember: 0,
        remainder: '1/4',
        due: 7,
        drawn: 2,
      },
    ],
    inspections: [
      {
        ...base,
        region: '330304',
        uscc: 'U1',
        kind: 'mandatory',
        inspector1: 'I1',
        inspector2: 'I2',
        status: 'assigned',
      },
      { ...base, region: '330304', uscc: 'U2', kind: 'random', inspector1: 'I1', inspector2: 'I3', status: 'assigned' },
      {
        ...base,
        region: '330302',
        uscc: 'U3',
        kind: 'random',
        inspector1: null,
        inspector2: null,
        status: 'unassigned',
        reason: 'insufficient_inspectors',
      },
    ],
  };

  it('planByRegion splits mandatory/random and assigned/unassigned', () => {
    expect(planByRegion(plan)).toEqual([
      {
        region: '330302',
        population: 0,
        mandatory: 0,
        random: 1,
        assigned: 0,
        unassigned: 1,
        mandatoryAssigned: 0,
        randomAssigned: 0,
      },
      {
        region: '330304',
        population: 7,
        mandatory: 1,
        random: 1,
        assigned: 2,
        unassigned: 0,
        mandatoryAssigned: 1,
        randomAssigned: 1,
      },
    ]);
  });

  it('inspectorLoad counts both officers and keeps idle inspectors with their limit', () => {
    const loads = inspectorLoad(plan, [
      { inspectorId: 'I1', region: '330304', maxPerPeriod: 5 },
      { inspectorId: 'I9', region: '330304', maxPerPeriod: 3 },
      { inspectorId: 'I8', region: '330304', maxPerPeriod: 3, active: false },
    ]);
    expect(loads.map((l) => [l.inspectorId, l.assigned, l.maxPerPeriod])).toEqual([
      ['I1', 2, 5],
      ['I2', 1, null],
      ['I3', 1, null],
      ['I9', 0, 3],
    ]);
  });
});

describe('cases', () => {
  const all = fixtureCases();

  it('overdueCases puts the longest overdue first, ties by case id, and caps', () => {
    const { rows, total } = overdueCases(all, 3);
    expect(total).toBe(5);
    expect(rows.map((c) => [c.daysLate, c.caseId])).toEqual([
      [42, 'sampling_disposal:CY-2026-0233'],
      [32, 'penalty_publicity:温鹿市监罚〔2026〕131号'],
      [21, 'penalty_publicity:瑞市监罚〔2026〕52号'],
    ]);
  });

  it('openCases puts the soonest due first', () => {
    expect(openCases(all, 10).rows.map((c) => c.dueOn)).toEqual(['2026-11-30', '2027-01-13']);
  });

  it('casesByKindAndState has every kind, with zeros', () => {
    const counts = casesByKindAndState([]);
    expect(Object.keys(counts)).toEqual([
      'sampling_disposal',
      'penalty_publicity',
      'repair_acceptance',
      'repair_decision',
    ]);
    expect(counts.repair_decision).toEqual({ open: 0, overdue: 0, closed_on_time: 0, closed_late: 0, overturned: 0 });
    expect(casesByKindAndState(all).sampling_disposal).toEqual({
      open: 1,
      overdue: 2,
      closed_on_time: 1,
      closed_late: 1,
      overturned: 1,
    });
  });
});
