// A small but complete ReportInput: four regions (one without a name), grade changes since a
// previous run, a real plan from the domain's plan(), listings, a person bar, rejects, deadline
// cases with the period's metrics, and names that try to inject markup.
import {
  type Assessment,
  CASE_BASIS,
  type Case,
  caseMetrics,
  GRADES,
  type Grade,
  type Inspector,
  makeResidentId,
  makeUscc,
  maskId,
  plan,
  type Reject,
} from '@fenji/domain';
import type { DisciplineEntry, ReportInput } from '../src/index.ts';

export const XSS_NAME = '<script>alert(1)</script>食品有限公司';
export const AS_OF = '2026-11-30';
/** A clear resident ID that must never reach the page (only its masked form may). */
export const CLEAR_ID = makeResidentId('33030219800101123');

const REGIONS = ['330302', '330304', '330381', '339999'];
const CATEGORIES = ['restaurant', 'dairy', 'pharmacy', 'prepackaged_food'] as const;

export function uscc(i: number): string {
  return makeUscc(`91330302MA2${String(i).padStart(6, '0')}`);
}

/** cn-2022 frequencies (grading-model.md §7): the plan needs them consistent per stratum. */
function perYear(grade: Grade, key: boolean): number {
  return { A: [0.5, 1], B: [1, 2], C: [2, 3], D: [3, 4] }[grade][key ? 1 : 0];
}

export function assessment(i: number, over: Partial<Assessment> = {}): Assessment {
  // Regions are i % 4; these mix every grade and class into every region.
  const riskGrade = over.riskGrade ?? GRADES[(i * 5 + Math.floor(i / 4)) % 4];
  const creditClass = over.creditClass ?? GRADES[(i + Math.floor(i / 3) + Math.floor(i / 7)) % 4];
  const keyInspection = over.keyInspection ?? (riskGrade === 'D' || creditClass === 'D');
  return {
    uscc: uscc(i),
    name: i === 3 ? XSS_NAME : `温州市第${i}食品有限公司`,
    region: REGIONS[i % REGIONS.length],
    sector: 'catering',
    category: CATEGORIES[i % CATEGORIES.length],
    asOf: AS_OF,
    rulesVersion: 'cn-2022',
    staticScore: 25,
    dynamicScore: 5,
    creditScore: 5,
    riskScore: 35,
    baseGrade: riskGrade,
    riskGrade,
    adjustments: [],
    creditClass,
    creditReasons: ['default'],
    keyInspection,
    inspectionsPerYear: perYear(riskGrade, keyInspection),
    inspectionOverdue: i % 5 === 0,
    seriousListing: null,
    listingCandidate: null,
    factors: [],
    warnings: [],
    nextChangeOn: null,
    ...over,
  };
}

function inspector(id: string, region: string, maxPerPeriod: number): Inspector {
  return {
    type: 'inspector',
    inspectorId: id,
    version: 1,
    name: `检查员${id}`,
    region,
    active: true,
    maxPerPeriod,
    conflicts: [],
  };
}

const MEASURES = [
  { code: 'procurement_restriction', zh: '在政府采购、招标投标中予以限制', en: 'procurement and bidding restricted' },
  { code: 'key_supervision', zh: '列为重点监管对象，提高检查频次', en: 'key supervision, more inspections' },
  { code: 'no_notice_commitment', zh: '不适用告知承诺制', en: 'no notice-and-commitment approvals' },
  { code: 'no_honours', zh: '不予授予荣誉称号', en: 'no honours or awards' },
];

/** A case as cases.jsonl has it; `over` states what the row decides (deadlines.md §3). */
export function deadlineCase(
  over: Pick<Case, 'kind' | 'uscc' | 'region' | 'recordId' | 'openedOn' | 'dueOn' | 'state'> & Partial<Case>,
): Case {
  return {
    caseId: `${over.kind}:${over.recordId}`,
    basis: CASE_BASIS[over.kind],
    startedOn: null,
    closedOn: null,
    daysLate: 0,
    provisional: false,
    warnings: [],
    ...over,
  };
}

/**
 * Cases as of AS_OF, their dates worked out with the domain's calendar: the worked example of
 * deadlines.md §5 (the first two), two overdue cases tied on days late, one of an enterprise
 * without an assessment, one due in 2027 (not loaded: provisional) and one overturned.
 */
export function fixtureCases(): Case[] {
  const sd = 'sampling_disposal';
  const pp = 'penalty_publicity';
  const cases: Case[] = [
    deadlineCase({
      kind: sd,
      uscc: uscc(0),
      region: '330302',
      recordId: 'CY-2026-0101',
      openedOn: '2026-07-03',
      dueOn: '2026-10-08',
      state: 'closed_late',
      startedOn: '2026-07-06',
      closedOn: '2026-10-09',
      daysLate: 1,
    }),
    deadlineCase({
      kind: pp,
      uscc: uscc(4),
      region: '330302',
      recordId: '温鹿市监罚〔2026〕131号',
      openedOn: '2026-09-24',
      dueOn: '2026-10-29',
      state: 'overdue',
      daysLate: 32,
    }),
    deadlineCase({
      kind: sd,
      uscc: uscc(1),
      region: '330304',
      recordId: 'CY-2026-0212',
      openedOn: '2026-08-10',
      dueOn: '2026-11-09',
      state: 'closed_on_time',
      startedOn: '2026-08-12',
      closedOn: '2026-11-02',
    }),
    deadlineCase({
      kind: sd,
      uscc: uscc(3),
      region: '339999',
      recordId: 'CY-2026-0233',
      openedOn: '2026-07-20',
      dueOn: '2026-10-19',
      state: 'overdue',
      startedOn: '2026-07-22',
      daysLate: 42,
    }),
    deadlineCase({
      kind: sd,
      uscc: uscc(2),
      region: '330381',
      recordId: 'CY-2026-0150',
      openedOn: '2026-06-15',
      dueOn: '2026-09-14',
      state: 'overturned',
      closedOn: '2026-06-30',
    }),
    deadlineCase({
      kind: sd,
      uscc: uscc(5),
      region: '330304',
      recordId: 'CY-2026-0301',
      openedOn: '2026-10-15',
      dueOn: '2027-01-13',
      state: 'open',
      provisional: true,
    }),
    deadlineCase({
      kind: 'repair_acceptance',
      uscc: uscc(41),
      region: '330381',
      recordId: 'XF-2026-007',
      openedOn: '2026-11-02',
      dueOn: '2026-11-04',
      state: 'closed_on_time',
      closedOn: '2026-11-04',
    }),
    deadlineCase({
      kind: 'repair_decision',
      uscc: uscc(41),
      region: '330381',
      recordId: 'XF-2026-007',
      openedOn: '2026-11-04',
      dueOn: '2026-11-25',
      state: 'overdue',
      daysLate: 5,
    }),
    deadlineCase({
      kind: pp,
      uscc: uscc(9),
      region: '330304',
      recordId: '温瓯市监罚〔2026〕7号',
      openedOn: '2026-08-20',
      dueOn: '2026-09-17',
      state: 'closed_on_time',
      closedOn: '2026-09-10',
    }),
    deadlineCase({
      kind: pp,
      uscc: uscc(10),
      region: '330381',
      recordId: '瑞市监罚〔2026〕44号',
      openedOn: '2026-10-12',
      dueOn: '2026-11-09',
      state: 'closed_late',
      closedOn: '2026-11-16',
      daysLate: 7,
    }),
    deadlineCase({
      kind: pp,
      uscc: uscc(14),
      region: '330381',
      recordId: '瑞市监罚〔2026〕52号',
      openedOn: '2026-10-12',
      dueOn: '2026-11-09',
      state: 'overdue',
      daysLate: 21,
    }),
    deadlineCase({
      kind: sd,
      uscc: uscc(12),
      region: '330302',
      recordId: 'CY-2026-0240',
      openedOn: '2026-08-10',
      dueOn: '2026-11-09',
      state: 'overdue',
      daysLate: 21,
      warnings: ['notified_on_missing'],
    }),
    deadlineCase({
      kind: 'repair_acceptance',
      uscc: uscc(8),
      region: '330302',
      recordId: 'XF-2026-011',
      openedOn: '2026-11-26',
      dueOn: '2026-11-30',
      state: 'open',
    }),
  ];
  return cases.sort((x, y) => (x.caseId < y.caseId ? -1 : 1));
}

export function fixture(): ReportInput {
  const assessments = Array.from({ length: 40 }, (_, i) => assessment(i));
  assessments[5] = assessment(5, {
    riskGrade: 'D',
    creditClass: 'D',
    keyInspection: true,
    inspectionsPerYear: 4,
    seriousListing: { recordId: '温鹿市监罚〔2026〕118号', listedOn: '2026-03-02', expiresOn: '2029-03-02' },
  });
  assessments[9] = assessment(9, { listingCandidate: { recordIds: ['温瓯市监罚〔2026〕7号'] } });

  // Previous run: some grades and classes differ, one enterprise is gone, one (39) is new.
  const previous = assessments.slice(0, 39).map((a, i) => ({
    ...a,
    asOf: '2026-08-31',
    riskGrade: i % 6 === 0 ? 'A' : i % 7 === 0 ? 'D' : a.riskGrade,
    creditClass: i % 8 === 0 ? 'B' : a.creditClass,
    riskScore: a.riskScore - (i % 6 === 0 ? 10 : 0),
  })) as Assessment[];
  previous.push(assessment(99, { asOf: '2026-08-31' }));

  const inspectors = [
    inspector('I001', '330302', 6),
    inspector('I002', '330302', 6),
    inspector('I003', '330302', 4),
    inspector('I011', '330304', 8),
    inspector('I012', '330304', 8),
    inspector('I021', '330381', 3),
    inspector('I022', '330381', 2),
  ];
  const thePlan = plan({
    asOf: AS_OF,
    period: '2026-Q4',
    seed: 'fixture-seed',
    assessments,
    inspectors,
    inspections: [],
  });

  const disciplineList: DisciplineEntry[] = [
    {
      kind: 'listing',
      uscc: uscc(5),
      name: '温州市第5食品有限公司',
      region: '330302',
      recordId: '温鹿市监罚〔2026〕118号',
      violation: 'illegal_additive',
      listedOn: '2026-03-02',
      expiresOn: '2029-03-02',
      persons: [{ name: '张三', role: 'legal_representative', idMasked: maskId(CLEAR_ID) }],
      measures: MEASURES,
    },
    {
      kind: 'listing',
      uscc: uscc(3),
      name: XSS_NAME,
      region: '330381',
      recordId: '瑞市监罚〔2025〕9号',
      violation: 'unlicensed',
      listedOn: '2025-12-01',
      expiresOn: '2028-12-01',
      persons: [],
      measures: MEASURES,
    },
    {
      kind: 'person_bar',
      uscc: uscc(5),
      name: '温州市第5食品有限公司',
      region: '330302',
      recordId: '温鹿市监罚〔2026〕118号',
      violation: 'illegal_additive',
      listedOn: '2026-03-02',
      expiresOn: '2031-03-02',
      // A caller that mistakenly passes the clear number alongside: it must not be printed.
      persons: [
        {
          name: '李四',
          role: 'principal',
          idMasked: maskId(CLEAR_ID),
          idNumber: CLEAR_ID,
        } as DisciplineEntry['persons'][number],
      ],
      measures: MEASURES.slice(1, 2),
    },
  ];

  const rejects: Reject[] = [
    ...[2, 3, 9].map((line) => ({
      source: 'inspections/2026/11/lucheng.csv',
      line,
      recordId: `JC-${line}`,
      errors: [{ field: 'inspectedOn', message: `"2026-13-0${line}" is not a valid date (日期无效)` }],
    })),
    ...[4, 7].map((line) => ({
      source: 'penalties-2026-11.jsonl',
      line,
      recordId: null,
      errors: [
        { field: `persons[${line}].idNumber`, message: 'has an invalid check character (校验码错误)' },
        { field: 'fineYuan', message: 'must be a number' },
      ],
    })),
    {
      source: '<img src=x onerror=alert(2)>.csv',
      line: null,
      recordId: null,
      errors: [{ field: 'file', message: 'the record type cannot be told from the file name (无法识别记录类型)' }],
    },
  ];

  return {
    generatedAt: '2026-11-30T08:15:00.000Z',
    asOf: AS_OF,
    period: '2026-Q4',
    rulesVersion: 'cn-2022',
    assessments,
    previous,
    plan: thePlan,
    disciplineList,
    rejects,
    summary: {
      accepted: 1234,
      duplicates: 12,
      stale: 3,
      conflicts: 1,
      rejected: rejects.length,
      orphans: 2,
      enterprisesGraded: assessments.length,
      secondsPerStage: { ingest: 1.84, grade: 0.92, plan: 0.12, write: 0.05 },
    },
    inspectors,
    cases: fixtureCases(),
    // As the pipeline passes them: computed by the domain, not by the report.
    caseMetrics: caseMetrics(fixtureCases(), '2026-Q4', AS_OF),
  };
}
