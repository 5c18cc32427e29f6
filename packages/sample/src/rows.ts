// The records as rows of an export: fields in RECORD_FIELDS order, absent fields undefined (an
// empty CSV cell, a key left out of a JSON line). Hidden traits of the generator stay out.
import type { Ent, InspectorRec } from './entities.ts';
import type { Row } from './format.ts';
import type { InspectionRec, PenaltyRec, SamplingRec } from './history.ts';
import type { DisposalRec, RepairRec } from './steps.ts';

export function enterpriseRow(e: Ent): Row {
  return {
    uscc: e.uscc,
    name: e.name,
    region: e.county.code,
    category: e.category,
    licensedOn: e.licensedOn,
    legalRepName: e.rep?.name,
    legalRepId: e.rep?.idNumber,
  };
}

export function inspectorRow(i: InspectorRec): Row {
  return {
    inspectorId: i.inspectorId,
    name: i.name,
    region: i.county.code,
    active: i.active,
    maxPerPeriod: i.maxPerPeriod,
    conflicts: i.conflicts.length > 0 ? i.conflicts : undefined,
  };
}

export function inspectionRow(r: InspectionRec): Row {
  return {
    recordId: r.recordId,
    uscc: r.uscc,
    inspectedOn: r.inspectedOn,
    kind: r.kind,
    scope: r.scope,
    result: r.result,
    keyItemsFailed: r.keyItemsFailed,
    generalItemsFailed: r.generalItemsFailed,
    inspectors: r.inspectors,
  };
}

export function penaltyRow(p: PenaltyRec): Row {
  return {
    recordId: p.recordId,
    uscc: p.uscc,
    decidedOn: p.decidedOn,
    procedure: p.procedure,
    violation: p.violation,
    measures: p.measures,
    fineYuan: p.fineYuan,
    aggravated: p.aggravated,
    incident: p.incident,
    recallFailure: p.recallFailure,
    seriousListing: p.seriousListing,
    intentional: p.intentional,
    persons: p.persons.length > 0 ? p.persons.map(({ name, role, idNumber }) => ({ name, role, idNumber })) : undefined,
    repairedOn: p.repairedOn,
    delistedOn: p.delistedOn,
    publishedOn: p.publishedOn,
  };
}

export function samplingRow(s: SamplingRec): Row {
  return {
    recordId: s.recordId,
    uscc: s.uscc,
    sampledOn: s.sampledOn,
    product: s.product,
    kind: s.kind,
    level: s.level,
    result: s.result,
    hazard: s.hazard,
    notifiedOn: s.notifiedOn,
    recheckRequestedOn: s.recheckRequestedOn,
    recheckResult: s.recheckResult,
    recheckConcludedOn: s.recheckConcludedOn,
  };
}

export function disposalRow(d: DisposalRec): Row {
  return {
    samplingRecordId: d.sampling.recordId,
    uscc: d.uscc,
    startedOn: d.startedOn,
    actions: d.actions,
    penaltyRecordId: d.penalty?.recordId,
    completedOn: d.completedOn,
  };
}

export function repairRow(r: RepairRec): Row {
  return {
    recordId: r.recordId,
    uscc: r.uscc,
    penaltyRecordId: r.penalty.recordId,
    appliedOn: r.appliedOn,
    acceptedOn: r.acceptedOn,
    decidedOn: r.decidedOn,
    decision: r.decision,
  };
}

/**
 * A record as its system first sent it: a step reported later (a re-test's conclusion, a
 * disposal's completion) is not in it yet; it arrives as a version 2 (phases/corrections.ts).
 */
export function firstSamplingRow(s: SamplingRec): Row {
  const row = samplingRow(s);
  return s.recheckReportedLater ? { ...row, recheckResult: undefined, recheckConcludedOn: undefined } : row;
}

export function firstDisposalRow(d: DisposalRec): Row {
  const row = disposalRow(d);
  return d.completionReportedLater ? { ...row, completedOn: undefined } : row;
}
