// The records as rows of an export: fields in RECORD_FIELDS order, absent fields undefined (an
// empty CSV cell, a key left out of a JSON line). Hidden traits of the generator stay out.
import type { Ent, InspectorRec } from './entities.ts';
import type { Row } from './format.ts';
import type { InspectionRec, PenaltyRec, SamplingRec } from './history.ts';

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
  };
}
