// Versions, duplicates and corrections (records.md §3): nothing lost, nothing counted twice.
// Pure, so the DynamoDB store and the local run decide the same way.
import type { AnyRecord, EnterpriseRecord, IsoDate } from './types.ts';

export type VersionOutcome = 'insert' | 'replace' | 'duplicate' | 'conflict' | 'stale';

/**
 * The key of records.md §2: `uscc` for an enterprise, `inspectorId` for an inspector,
 * `samplingRecordId` for a disposal (one per failed sample, deadlines.md §2), `recordId` otherwise.
 */
export function recordKey(r: AnyRecord): string {
  switch (r.type) {
    case 'enterprise':
      return r.uscc;
    case 'inspector':
      return r.inspectorId;
    case 'disposal':
      return r.samplingRecordId;
    default:
      return r.recordId;
  }
}

/** The day a record of an enterprise's history happened: what orders a history. */
export function recordDate(r: EnterpriseRecord): IsoDate {
  switch (r.type) {
    case 'inspection':
      return r.inspectedOn;
    case 'sampling':
      return r.sampledOn;
    case 'penalty':
      return r.decidedOn;
    case 'disposal':
      return r.startedOn;
    case 'repair':
      return r.appliedOn;
  }
}

/**
 * JSON with object keys sorted at every level and `undefined` members dropped, so equal
 * content gives equal text whatever order the fields were built in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return sortKeys(withJson.toJSON());
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = sortKeys(v);
  }
  return out;
}

/**
 * What to do with `incoming` given the stored record with the same type and key. Records are
 * compared as parsed (parseRecord), so a CSV and a JSONL export of one record are duplicates.
 */
export function resolveVersion(existing: AnyRecord | undefined, incoming: AnyRecord): VersionOutcome {
  if (existing === undefined) return 'insert';
  if (existing.type !== incoming.type || recordKey(existing) !== recordKey(incoming)) {
    // A caller bug, not a data problem: keys are per record type.
    throw new RangeError(
      `resolveVersion compares one record with itself: got ${existing.type} ${recordKey(existing)} and ${incoming.type} ${recordKey(incoming)}`,
    );
  }
  if (incoming.version > existing.version) return 'replace';
  if (incoming.version < existing.version) return 'stale';
  return canonicalJson(existing) === canonicalJson(incoming) ? 'duplicate' : 'conflict';
}
