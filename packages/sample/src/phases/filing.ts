// Every good record into its file, in the order exports list them.
import {
  byDateThenId,
  byDateThenKey,
  disposalPath,
  enterpriseFileInit,
  enterprisePath,
  INSPECTORS_PATH,
  inspectionPath,
  PENALTY_CSV,
  penaltyPath,
  repairPath,
  samplingPath,
} from '../files.ts';
import {
  enterpriseRow,
  firstDisposalRow,
  firstSamplingRow,
  inspectionRow,
  inspectorRow,
  penaltyRow,
  repairRow,
} from '../rows.ts';
import { COUNTIES } from '../wenzhou.ts';
import type { GenerationContext } from './context.ts';

export function fileRecords(ctx: GenerationContext): void {
  const { files, asOfYear } = ctx;
  // Opened first, in their county's form: the first `get` of a path fixes encoding and columns.
  for (const c of COUNTIES) files.get(enterprisePath(c.code), 'enterprise', enterpriseFileInit(c.code));
  const byLicence = [...ctx.ents].sort((a, b) =>
    a.licensedOn < b.licensedOn ? -1 : a.licensedOn > b.licensedOn ? 1 : a.uscc < b.uscc ? -1 : 1,
  );
  for (const e of byLicence) files.add(enterprisePath(e.county.code), 'enterprise', enterpriseRow(e));
  for (const i of ctx.inspectors) files.add(INSPECTORS_PATH, 'inspector', inspectorRow(i));
  // Sorted in place: the phases after this one draw from the records in this order.
  ctx.inspections.sort(byDateThenId((r) => r.inspectedOn));
  for (const r of ctx.inspections) files.add(inspectionPath(r.inspectedOn), 'inspection', inspectionRow(r));
  ctx.samplings.sort(byDateThenId((r) => r.sampledOn));
  // A step reported later is not in the first version (rows.ts).
  for (const s of ctx.samplings) files.add(samplingPath(ctx.cal, s.sampledOn), 'sampling', firstSamplingRow(s));
  ctx.penalties.sort(byDateThenId((r) => r.decidedOn));
  for (const p of ctx.penalties) {
    const init = p.decidedOn.startsWith(String(asOfYear)) ? PENALTY_CSV : {};
    files.add(penaltyPath(asOfYear, p.decidedOn), 'penalty', penaltyRow(p), init);
  }
  ctx.disposals.sort(
    byDateThenKey(
      (d) => d.startedOn,
      (d) => d.sampling.recordId,
    ),
  );
  for (const d of ctx.disposals) files.add(disposalPath(asOfYear, d.startedOn), 'disposal', firstDisposalRow(d));
  ctx.repairs.sort(byDateThenId((r) => r.appliedOn));
  for (const r of ctx.repairs) files.add(repairPath(r.appliedOn), 'repair', repairRow(r));
}
