// Use case: draw the double-random inspection plan of a period (grading-model.md §10) from the
// latest assessments, the inspectors and the inspection history, and publish it with its seed,
// seed commitment and population digests so anyone can re-run the draw.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type Assessment, type Inspection, type Plan, plan } from '@fenji/domain';
import {
  type AssessmentStore,
  forEachLimited,
  keys,
  type PlanStore,
  type RecordStore,
  type StoredAssessment,
  splitPartition,
} from '@fenji/store';
import { toCsv } from '../shared/index.ts';

export interface PlanInputs {
  assessments: Assessment[];
  inspections: Inspection[];
}

/** Every enterprise's latest assessment and inspections: one Query per partition. */
export async function loadPlanInputs(records: RecordStore, assessments: AssessmentStore): Promise<PlanInputs> {
  const out: PlanInputs = { assessments: [], inspections: [] };
  const usccs: string[] = [];
  for (let shard = 0; shard < assessments.shards; shard++) usccs.push(...(await assessments.enterprises(shard)));
  await forEachLimited(usccs, 16, async (uscc) => {
    const items = await records.enterprisePartition(uscc);
    const latest = items.find((i) => i.sk === keys.latestAssessment)?.data as StoredAssessment | undefined;
    if (!latest) return; // deregistered or not graded yet
    out.assessments.push(latest);
    for (const r of splitPartition(items).records) if (r.type === 'inspection') out.inspections.push(r);
  });
  out.assessments.sort((a, b) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));
  return out;
}

export const PLAN_HEADER = [
  'period',
  'region',
  'riskGrade',
  'keyInspection',
  'uscc',
  'name',
  'kind',
  'slot',
  'inspector1',
  'inspector2',
  'status',
  'reason',
] as const;

export function planCsv(p: Plan): string {
  return toCsv(
    PLAN_HEADER,
    p.inspections.map((i) => [
      i.period,
      i.region,
      i.riskGrade,
      i.keyInspection,
      i.uscc,
      i.name,
      i.kind,
      i.slot,
      i.inspector1,
      i.inspector2,
      i.status,
      i.reason,
    ]),
  );
}

/** What is published beside plan.csv: everything needed to verify the draw, but the rows. */
export function planMeta(p: Plan) {
  const { inspections, ...meta } = p;
  return {
    ...meta,
    counts: {
      inspections: inspections.length,
      mandatory: inspections.filter((i) => i.kind === 'mandatory').length,
      random: inspections.filter((i) => i.kind === 'random').length,
      unassigned: inspections.filter((i) => i.status === 'unassigned').length,
    },
  };
}

export interface DrawPlanDeps {
  records: RecordStore;
  assessments: AssessmentStore;
  plans: PlanStore;
  s3: S3Client;
  exportsBucket: string;
}

export async function drawPlan(
  request: { period: string; seed: string; asOf: string },
  deps: DrawPlanDeps,
  preloaded?: PlanInputs,
) {
  const inputs = preloaded ?? (await loadPlanInputs(deps.records, deps.assessments));
  const inspectors = await deps.records.inspectors();
  const drawn = plan({ ...request, assessments: inputs.assessments, inspectors, inspections: inputs.inspections });
  const csv = planCsv(drawn);
  const meta = planMeta(drawn);
  const prefix = `plans/${drawn.period}`;
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.exportsBucket,
      Key: `${prefix}/plan.csv`,
      Body: csv,
      ContentType: 'text/csv; charset=utf-8',
    }),
  );
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.exportsBucket,
      Key: `${prefix}/plan-meta.json`,
      Body: `${JSON.stringify(meta, null, 2)}\n`,
      ContentType: 'application/json',
    }),
  );
  await deps.plans.publish(drawn.period, { ...meta, csvKey: `${prefix}/plan.csv`, bucket: deps.exportsBucket });
  return { plan: drawn, csv, meta, keys: { csv: `${prefix}/plan.csv`, meta: `${prefix}/plan-meta.json` } };
}
