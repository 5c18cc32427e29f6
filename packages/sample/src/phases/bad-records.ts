// Fresh records, each with one mistake a clerk makes (BAD_LINE_KINDS). Ingestion must
// reject exactly these lines. They are made here, numbered with the good records, and put into
// their files last (bad-lines.ts).
import { type IsoDate, residentIdCheckChar, USCC_ALPHABET } from '@fenji/domain';
import { toDate, toDay, workingDayOnOrBefore, workingDaysAfter, workingDaysBefore } from '../calendar.ts';
import { BAD_LINE_KINDS, type BadLineKind } from '../dataset.ts';
import { type Ent, licenceDate, makeEnterprise, makePerson } from '../entities.ts';
import { disposalPath, enterprisePath, inspectionPath, penaltyPath, repairPath, samplingPath } from '../files.ts';
import { inspection, ordinaryPenalty, type SamplingRec, simplePenalty } from '../history.ts';
import { disposalRow, enterpriseRow, inspectionRow, penaltyRow, repairRow, samplingRow } from '../rows.ts';
import { type DisposalRec, disposalActions, disposalOpenedOn, type RepairRec } from '../steps.ts';
import { CATEGORY_PROFILES, COUNTIES, UNKNOWN_CATEGORIES } from '../wenzhou.ts';
import type { GenerationContext } from './context.ts';

/** About two lines in a thousand, and every kind at least once. */
export function addBadRecords(ctx: GenerationContext): void {
  const rng = ctx.rng.noise;
  const goodLines =
    ctx.options.enterprises +
    ctx.inspectors.length +
    ctx.inspections.length +
    ctx.samplings.length +
    ctx.penalties.length +
    ctx.disposals.length +
    ctx.repairs.length;
  const count = Math.max(BAD_LINE_KINDS.length, Math.round(goodLines * 0.002));
  // Records dated well after the licence, like most of the good ones.
  const seasoned = ctx.ents.filter((e) => e.licensedOn <= toDate(ctx.cal.asOfDay - 400));
  const experienced = seasoned.length > 0 ? seasoned : ctx.ents;
  for (let i = 0; i < count; i++) {
    const kind = BAD_LINE_KINDS[i % BAD_LINE_KINDS.length] as BadLineKind;
    const onEnterprise =
      kind === 'unknown_category' || ((kind === 'uscc_check' || kind === 'resident_id_check') && rng.chance(0.5));
    if (onEnterprise) {
      badEnterprise(ctx, kind);
    } else if (kind === 'completed_before_started') {
      badDisposal(ctx);
    } else if (kind === 'decision_without_date') {
      badRepair(ctx);
    } else if (kind === 'recheck_of_pass') {
      badRecheck(ctx, rng.pick(experienced));
    } else if (
      kind === 'uscc_check' ||
      kind === 'compliant_with_failed_items' ||
      (kind === 'invalid_date' && rng.chance(0.5))
    ) {
      badInspection(ctx, kind, rng.pick(experienced));
    } else if (kind === 'invalid_date') {
      badSampling(ctx, rng.pick(experienced));
    } else {
      badPenalty(ctx, kind, rng.pick(experienced));
    }
  }
}

/** A new enterprise, not one of the sample's: its rejected line must not hide a good record. */
function badEnterprise(ctx: GenerationContext, kind: BadLineKind): void {
  const rng = ctx.rng.noise;
  const county = rng.pick(COUNTIES);
  const category = rng.pick(['restaurant', 'fast_food_snack', 'prepackaged_food', 'pharmacy'] as const);
  const licensedOn = licenceDate(rng, ctx.cal.asOfDay, toDate, toDay);
  const e = makeEnterprise(rng, county, category, licensedOn, ctx.reg);
  if (kind === 'resident_id_check') e.rep ??= makePerson(rng, e.county, e.licensedOn, ctx.reg);
  const row = enterpriseRow(e);
  if (kind === 'uscc_check') row.uscc = wrongUscc(ctx, e.uscc);
  if (kind === 'unknown_category') row.category = rng.pick(UNKNOWN_CATEGORIES);
  if (kind === 'resident_id_check') row.legalRepId = wrongResidentId(ctx, e.rep?.idNumber as string);
  ctx.bad.lines.push({ kind, type: 'enterprise', path: enterprisePath(e.county.code), row: () => row });
}

function badInspection(ctx: GenerationContext, kind: BadLineKind, e: Ent): void {
  const rng = ctx.rng.noise;
  const date = someDay(ctx, e, ctx.cal.historyStart);
  const result = kind === 'compliant_with_failed_items' ? 'compliant' : 'basically_compliant';
  const r = inspection(rng, e, date, 'routine', result, ctx.inspectors);
  ctx.bad.inspections.push(r);
  ctx.bad.lines.push({
    kind,
    type: 'inspection',
    path: inspectionPath(date),
    row: () => {
      const row = inspectionRow(r);
      if (kind === 'uscc_check') row.uscc = wrongUscc(ctx, r.uscc);
      if (kind === 'compliant_with_failed_items') row.generalItemsFailed = rng.int(1, 3);
      if (kind === 'invalid_date') row.inspectedOn = invalidDate(ctx, Number(date.slice(0, 4)));
      return row;
    },
  });
}

/** Only the date is wrong: a plain passed sample. */
function badSampling(ctx: GenerationContext, e: Ent): void {
  const rng = ctx.rng.noise;
  const date = someDay(ctx, e, ctx.cal.historyStart);
  const s: SamplingRec = {
    recordId: '',
    uscc: e.uscc,
    county: e.county,
    sampledOn: date,
    product: rng.pick(CATEGORY_PROFILES[e.category].products),
    kind: 'supervisory',
    level: 'county',
    result: 'pass',
  };
  ctx.bad.samplings.push(s);
  ctx.bad.lines.push({
    kind: 'invalid_date',
    type: 'sampling',
    path: samplingPath(ctx.cal, date),
    row: () => ({ ...samplingRow(s), sampledOn: invalidDate(ctx, Number(date.slice(0, 4))) }),
  });
}

/** A passed sample served on the enterprise, with a re-test asked for: only a failure is re-tested. */
function badRecheck(ctx: GenerationContext, e: Ent): void {
  const rng = ctx.rng.noise;
  // Six weeks before asOf at the latest, so that the request is still before it.
  const last = ctx.cal.asOfDay - 45;
  const date = toDate(rng.int(Math.min(last, Math.max(toDay(ctx.cal.historyStart), toDay(e.licensedOn) + 15)), last));
  const notifiedOn = workingDaysAfter(date, rng.int(4, 10));
  const s: SamplingRec = {
    recordId: '',
    uscc: e.uscc,
    county: e.county,
    sampledOn: date,
    product: rng.pick(CATEGORY_PROFILES[e.category].products),
    kind: 'supervisory',
    level: 'municipal',
    result: 'pass',
    notifiedOn,
    recheckRequestedOn: workingDaysAfter(notifiedOn, rng.int(1, 5)),
  };
  ctx.bad.samplings.push(s);
  ctx.bad.lines.push({
    kind: 'recheck_of_pass',
    type: 'sampling',
    path: samplingPath(ctx.cal, date),
    row: () => samplingRow(s),
  });
}

/**
 * A disposal whose completion is dated some working days before its start, for a failed
 * supervisory sample that has none on file where there is one.
 */
function badDisposal(ctx: GenerationContext): void {
  const rng = ctx.rng.noise;
  const disposed = new Set(ctx.disposals.map((d) => d.sampling));
  const failed = ctx.samplings.filter((s) => s.result === 'fail' && s.kind === 'supervisory');
  const open = failed.filter((s) => !disposed.has(s) && disposalOpenedOn(s) < ctx.options.asOf);
  const s = open.length > 0 ? rng.pick(open) : failed.length > 0 ? rng.pick(failed) : undefined;
  if (!s) return;
  const e = ctx.ents.find((x) => x.uscc === s.uscc) as Ent;
  const planned = workingDaysAfter(disposalOpenedOn(s), rng.int(8, 20));
  const startedOn = workingDayOnOrBefore(toDate(Math.min(toDay(planned), ctx.cal.asOfDay)));
  const d: DisposalRec = {
    sampling: s,
    uscc: s.uscc,
    startedOn,
    actions: disposalActions(rng, e, false),
    completedOn: workingDaysBefore(startedOn, rng.int(1, 5)),
  };
  ctx.bad.lines.push({
    kind: 'completed_before_started',
    type: 'disposal',
    path: disposalPath(ctx.asOfYear, startedOn),
    row: () => disposalRow(d),
  });
}

/** A second application for a decision already applied for, with a decision but not its date. */
function badRepair(ctx: GenerationContext): void {
  const rng = ctx.rng.noise;
  if (ctx.repairs.length === 0) return;
  const r = rng.pick(ctx.repairs);
  const bad: RepairRec = {
    ...r,
    recordId: '',
    decision: rng.pick(['granted', 'refused'] as const),
    decidedOn: undefined,
  };
  ctx.bad.repairs.push(bad);
  ctx.bad.lines.push({
    kind: 'decision_without_date',
    type: 'repair',
    path: repairPath(r.appliedOn),
    row: () => repairRow(bad),
  });
}

/**
 * A simple-procedure fine above the ¥3,000 the procedure allows, or an ordinary decision with a
 * wrong ID number; neither lists, aggravates nor repairs, so that the one mistake is all there is.
 */
function badPenalty(ctx: GenerationContext, kind: BadLineKind, e: Ent): void {
  const rng = ctx.rng.noise;
  const date = someDay(ctx, e, ctx.cal.penaltyStart);
  const p =
    kind === 'simple_fine_over_3000'
      ? {
          ...simplePenalty(rng, e, date),
          measures: ['warning' as const, 'fine' as const],
          fineYuan: rng.pick([3500, 5000, 8000]),
        }
      : ordinaryPenalty(rng, e, date, ctx.cal, ctx.reg, { listed: false, heavy: undefined, aggravated: false });
  if (kind === 'resident_id_check' && p.persons.length === 0) {
    p.persons.push({ ...makePerson(rng, e.county, date, ctx.reg), role: 'directly_responsible' });
  }
  delete p.repairedOn;
  ctx.bad.penalties.push(p);
  ctx.bad.lines.push({
    kind,
    type: 'penalty',
    path: penaltyPath(ctx.asOfYear, date),
    row: () => {
      const row = penaltyRow(p);
      if (kind === 'resident_id_check') {
        const persons = row.persons as { name: string; role: string; idNumber: string }[];
        const k = rng.int(0, persons.length - 1);
        persons[k] = {
          ...(persons[k] as (typeof persons)[number]),
          idNumber: wrongResidentId(ctx, persons[k]?.idNumber as string),
        };
      }
      return row;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Mistakes

/** A day from `from` (and at least 15 days into the licence) to asOf. */
function someDay(ctx: GenerationContext, e: Ent, from: IsoDate): IsoDate {
  return toDate(ctx.rng.noise.int(Math.max(toDay(from), toDay(e.licensedOn) + 15), ctx.cal.asOfDay));
}

/** The USCC with another check character (GB 32100): one mistyped character. */
function wrongUscc(ctx: GenerationContext, u: string): string {
  const i = USCC_ALPHABET.indexOf(u.charAt(17));
  return u.slice(0, 17) + USCC_ALPHABET.charAt((i + ctx.rng.noise.int(1, 30)) % 31);
}

/** The ID number with a wrong check character (GB 11643). */
function wrongResidentId(ctx: GenerationContext, id: string): string {
  const right = residentIdCheckChar(id.slice(0, 17));
  return id.slice(0, 17) + ctx.rng.noise.pick([...'0123456789X'].filter((c) => c !== right));
}

/** A day past the end of its month, as a hand-typed date can be. */
function invalidDate(ctx: GenerationContext, year: number): IsoDate {
  const rng = ctx.rng.noise;
  return rng.pick([`${year}-02-30`, `${year}-04-31`, `${year}-06-31`, `${year}-09-31`, `${year}-11-31`]);
}
