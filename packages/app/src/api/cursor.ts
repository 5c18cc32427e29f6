// Opaque pagination cursors. A listing cursor names the region partition and DynamoDB's
// LastEvaluatedKey in it, plus a fingerprint of the query and the caller's scope: a cursor
// replayed with other filters or by another caller is refused instead of skipping or repeating
// items. Keys are checked for shape too, so a forged cursor cannot start a Query elsewhere.
import { createHash } from 'node:crypto';
import { decodeCursor, keys, type ListingPosition } from '@fenji/store';
import { HttpError } from './http.ts';
import { REGION_CODE } from './scope.ts';

const bad = () => new HttpError('bad_request', 'cursor: is not a cursor this API issued for this query');

/** The 400 of a cursor this API did not issue for this query and caller. */
export const badCursor = bad;

export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

const onlyStrings = (k: Record<string, unknown>, names: string[]) =>
  Object.keys(k).length === names.length && names.every((n) => typeof k[n] === 'string');

export function encodeListingCursor(position: ListingPosition, query: string): string {
  return Buffer.from(JSON.stringify({ v: 1, q: query, r: position.region, k: position.key ?? null }), 'utf8').toString(
    'base64url',
  );
}

/** Whether a LastEvaluatedKey is one of the latest-assessment listing in `region` (GSI1). */
const latestKeyOf = (k: Record<string, unknown>, region: string) =>
  onlyStrings(k, ['pk', 'sk', 'gsi1pk', 'gsi1sk']) &&
  k.gsi1pk === keys.region(region) &&
  k.sk === keys.latestAssessment &&
  (k.pk as string).startsWith('ENT#') &&
  (k.gsi1sk as string).startsWith('GRADE#');

/** Whether a LastEvaluatedKey is one of the case work queue in `region` (GSI1). */
export const caseKeyOf = (k: Record<string, unknown>, region: string) =>
  onlyStrings(k, ['pk', 'sk', 'gsi1pk', 'gsi1sk']) &&
  k.gsi1pk === keys.casesInRegion(region) &&
  (k.pk as string).startsWith('ENT#') &&
  (k.sk as string).startsWith('CASE#');

/** Whether a LastEvaluatedKey is one of the enterprise name index in `region` (GSI1, profiles). */
export const nameKeyOf = (k: Record<string, unknown>, region: string) =>
  onlyStrings(k, ['pk', 'sk', 'gsi1pk', 'gsi1sk']) &&
  k.gsi1pk === keys.enterpriseNames(region) &&
  k.sk === keys.profile &&
  (k.pk as string).startsWith('ENT#');

export function decodeListingCursor(
  cursor: string,
  query: string,
  keyOf: (k: Record<string, unknown>, region: string) => boolean = latestKeyOf,
): ListingPosition {
  let c: { v?: unknown; q?: unknown; r?: unknown; k?: unknown };
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!c || typeof c !== 'object' || c.v !== 1 || c.q !== query) throw bad();
  if (typeof c.r !== 'string' || !REGION_CODE.test(c.r)) throw bad();
  if (c.k === null) return { region: c.r };
  const k = c.k as Record<string, unknown>;
  if (!k || typeof k !== 'object' || !keyOf(k, c.r)) throw bad();
  return { region: c.r, key: k };
}

/** A history cursor (AssessmentStore's own encoding) must point into this enterprise's history rows. */
export function checkHistoryCursor(cursor: string, uscc: string): string {
  let k: Record<string, unknown> | undefined;
  try {
    k = decodeCursor(cursor);
  } catch {
    throw bad();
  }
  if (
    !k ||
    !onlyStrings(k, ['pk', 'sk']) ||
    k.pk !== keys.enterprise(uscc) ||
    !(k.sk as string).startsWith('ASMT#') ||
    k.sk === keys.latestAssessment
  )
    throw bad();
  return cursor;
}

/** A cursor over the runs index (GSI3 `RUNS`): one partition, so only the key and the query. */
export function encodeRunCursor(key: Record<string, unknown>, query: string): string {
  return Buffer.from(JSON.stringify({ v: 1, q: query, k: key }), 'utf8').toString('base64url');
}

export function decodeRunCursor(cursor: string, query: string): Record<string, unknown> {
  let c: { v?: unknown; q?: unknown; k?: unknown };
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!c || typeof c !== 'object' || c.v !== 1 || c.q !== query) throw bad();
  const k = c.k as Record<string, unknown>;
  if (
    !k ||
    typeof k !== 'object' ||
    !onlyStrings(k, ['pk', 'sk', 'gsi3pk', 'gsi3sk']) ||
    k.gsi3pk !== keys.runs ||
    k.sk !== keys.runHeader ||
    !(k.pk as string).startsWith('RUN#')
  )
    throw bad();
  return k;
}
