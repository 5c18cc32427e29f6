// Use case: draw the double-random inspection plan of a period (grading-model.md §10) from the
// latest assessments, the inspectors and the inspection history, and publish it with its seed,
// seed commitment and population digests so anyone can re-run the draw.
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type Assessment, type Inspection, type Plan, type PlannedInspection, plan } from '@fenji/domain';
import {
  type AssessmentStore,
  forEachLimited,
  keys,
  type PlanStore,
  type RecordStore,
  type StoredAssessment,
  splitPartition,
} from '@fenji/store';
import { parseCsv, unneutralise } from '../shared/csv.ts';
import { type SheetColumn, toXlsx } from '../shared/xlsx.ts';
import { planRow, planRowsCsv } from './plan-csv.ts';

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

/** plan.csv (grading-model.md §10 columns) back into rows. */
export function parsePlanCsv(text: string): PlannedInspection[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`plan.csv has no column ${name}`);
    return i;
  };
  const c = {
    period: col('period'),
    region: col('region'),
    riskGrade: col('riskGrade'),
    keyInspection: col('keyInspection'),
    uscc: col('uscc'),
    name: col('name'),
    kind: col('kind'),
    slot: col('slot'),
    inspector1: col('inspector1'),
    inspector2: col('inspector2'),
    status: col('status'),
    reason: col('reason'),
  };
  return rows
    .filter((r) => r.length > 1)
    .map((r) => {
      const get = (i: number) => unneutralise(r[i] ?? '');
      const orNull = (i: number) => (get(i) === '' ? null : get(i));
      return {
        period: get(c.period),
        region: get(c.region),
        riskGrade: get(c.riskGrade) as PlannedInspection['riskGrade'],
        keyInspection: get(c.keyInspection) === 'true',
        uscc: get(c.uscc),
        name: get(c.name),
        kind: get(c.kind) as PlannedInspection['kind'],
        slot: Number(get(c.slot)),
        inspector1: orNull(c.inspector1),
        inspector2: orNull(c.inspector2),
        status: get(c.status) as PlannedInspection['status'],
        reason: orNull(c.reason),
      };
    });
}

/** plan.xlsx: the columns of plan.csv under bilingual headers, for a clerk's spreadsheet. */
const PLAN_SHEET: readonly SheetColumn[] = [
  { header: '周期 period', width: 10 },
  { header: '行政区划 region', width: 10 },
  { header: '地区 regionName', width: 10 },
  { header: '风险等级 riskGrade', width: 10 },
  { header: '重点监督检查 keyInspection', width: 14 },
  { header: '统一社会信用代码 uscc', width: 22 },
  { header: '企业名称 name', width: 36 },
  { header: '抽取方式 kind', width: 12 },
  { header: '序号 slot', width: 8, numeric: true },
  { header: '检查人员1 inspector1', width: 14 },
  { header: '检查人员2 inspector2', width: 14 },
  { header: '状态 status', width: 12 },
  { header: '原因 reason', width: 24 },
];

export function planCsv(p: Plan): string {
  return planRowsCsv(p.inspections);
}

export function planXlsx(p: Plan): Promise<Uint8Array> {
  // Dated by the draw's grading date, not a clock: the same draw gives the same workbook.
  return toXlsx(`双随机 ${p.period}`, PLAN_SHEET, p.inspections.map(planRow), new Date(`${p.asOf}T00:00:00+08:00`));
}

/** The draw a --redraw replaced: its commitment stays on record beside the new one. */
export interface PreviousDraw {
  seedCommitment: string;
  asOf: string;
}

/** What is published beside plan.csv: everything needed to verify the draw, but the rows. */
export function planMeta(p: Plan, previous?: PreviousDraw) {
  const { inspections, ...meta } = p;
  return {
    ...meta,
    ...(previous ? { previous } : {}),
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
  request: { period: string; seed: string; asOf: string; previous?: PreviousDraw },
  deps: DrawPlanDeps,
  preloaded?: PlanInputs,
) {
  const inputs = preloaded ?? (await loadPlanInputs(deps.records, deps.assessments));
  const inspectors = await deps.records.inspectors();
  const { previous, ...draw } = request;
  const drawn = plan({ ...draw, assessments: inputs.assessments, inspectors, inspections: inputs.inspections });
  const csv = planCsv(drawn);
  const meta = planMeta(drawn, previous);
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
  const xlsx = await planXlsx(drawn);
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.exportsBucket,
      Key: `${prefix}/plan.xlsx`,
      Body: xlsx,
      ContentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }),
  );
  await deps.plans.publish(drawn.period, { ...meta, csvKey: `${prefix}/plan.csv`, bucket: deps.exportsBucket });
  return {
    plan: drawn,
    csv,
    xlsx,
    meta,
    keys: { csv: `${prefix}/plan.csv`, xlsx: `${prefix}/plan.xlsx`, meta: `${prefix}/plan-meta.json` },
  };
}

/**
 * The plan published for a period, as it was drawn — rows, CSV, workbook and metadata — or null
 * when none was: a period is drawn once (grading-model.md §10), so a later run shows this one.
 */
export async function publishedPlan(period: string, deps: Pick<DrawPlanDeps, 's3' | 'exportsBucket'>) {
  const prefix = `plans/${period}`;
  const read = async (key: string) => {
    try {
      const got = await deps.s3.send(new GetObjectCommand({ Bucket: deps.exportsBucket, Key: `${prefix}/${key}` }));
      return (await got.Body?.transformToByteArray()) ?? null;
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return null;
      throw e;
    }
  };
  const [metaBytes, csvBytes, xlsxBytes] = await Promise.all([
    read('plan-meta.json'),
    read('plan.csv'),
    read('plan.xlsx'),
  ]);
  if (!metaBytes || !csvBytes) return null;
  const meta = JSON.parse(Buffer.from(metaBytes).toString('utf8')) as ReturnType<typeof planMeta>;
  const csv = Buffer.from(csvBytes).toString('utf8');
  const {
    counts: _counts,
    previous: _previous,
    ...drawn
  } = meta as ReturnType<typeof planMeta> & {
    previous?: PreviousDraw;
  };
  const published: Plan = { ...drawn, inspections: parsePlanCsv(csv) };
  // A plan published before plan.xlsx existed gets its workbook from the same rows.
  const xlsx = xlsxBytes ?? (await planXlsx(published));
  return {
    plan: published,
    csv,
    xlsx,
    meta,
    keys: { csv: `${prefix}/plan.csv`, xlsx: `${prefix}/plan.xlsx`, meta: `${prefix}/plan-meta.json` },
  };
}
