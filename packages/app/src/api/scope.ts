// Who is calling and which regions they answer for. In the cloud API Gateway's JWT authorizer
// has verified the token and passes its claims; locally serve.ts does the same. The handler
// trusts nothing else: no claims, or claims it cannot read, is a 401, and every route checks
// region scope itself.
//
// Region codes are the 6-digit administrative division codes (GB/T 2260): a code ending in
// "0000" is a province and covers every code with its first two digits, one ending in "00" a
// prefecture-level city covering its first four, anything else a single county-level unit.
import { covers, regionLevel } from '@fenji/domain/regions';
import { HttpError, unauthorized } from './http.ts';

export const ROLES = ['regulator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Caller {
  /** The token's `sub`, for the audit trail of plan draws. */
  subject: string | null;
  role: Role;
  /** Deduplicated, sorted claim codes. */
  regions: string[];
}

export const REGION_CODE = /^[1-9]\d{5}$/;
const MAX_REGIONS = 100;

export { covers, type RegionLevel, regionLevel } from '@fenji/domain/regions';

export function inScope(caller: Caller, code: string): boolean {
  return caller.regions.some((scope) => covers(scope, code));
}

/**
 * The `regions` claim in any shape it arrives in: an array (a verified token), a JSON string,
 * or API Gateway's rendering of an array claim as "[330302 330303]". null when it is missing or
 * any code is not a region code: a token that cannot be read is not guessed at.
 */
export function parseRegionsClaim(value: unknown): string[] | null {
  let parts: unknown[];
  if (Array.isArray(value)) parts = value;
  else if (typeof value === 'number') parts = [String(value)];
  else if (typeof value === 'string') {
    const text = value.trim();
    let fromJson: unknown;
    if (text.startsWith('[')) {
      try {
        fromJson = JSON.parse(text);
      } catch {
        fromJson = undefined;
      }
    }
    parts = Array.isArray(fromJson)
      ? fromJson
      : text
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .map((s) => s.replace(/^"|"$/g, ''));
  } else return null;
  const codes = parts.map((p) => (typeof p === 'number' ? String(p) : p)).filter((p) => p !== '');
  if (codes.length === 0 || codes.length > MAX_REGIONS) return null;
  if (!codes.every((c): c is string => typeof c === 'string' && REGION_CODE.test(c))) return null;
  return [...new Set(codes)].sort();
}

function claim(claims: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (claims[n] !== undefined) return claims[n];
  return undefined;
}

/**
 * The caller from the authorizer's claims. `regions`/`role` are fenji's claims; Cognito
 * delivers custom attributes as `custom:regions`/`custom:role`, accepted too.
 */
export function callerFromClaims(claims: Record<string, unknown> | undefined | null): Caller {
  // No claims at all is a request without credentials (RFC 6750 §3.1: no error code); claims that
  // cannot be read are a token that cannot be used (invalid_token).
  if (!claims || typeof claims !== 'object')
    throw unauthorized('a bearer token is required (no verified claims reached the API)', false);
  const regions = parseRegionsClaim(claim(claims, 'regions', 'custom:regions'));
  if (!regions) throw unauthorized('the token has no usable regions claim (6-digit region codes are required)');
  const role = claim(claims, 'role', 'custom:role');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
    throw unauthorized(`the token's role claim must be one of ${ROLES.join(', ')}`);
  const sub = claims.sub;
  return { subject: typeof sub === 'string' && sub !== '' ? sub : null, role: role as Role, regions };
}

/**
 * The region codes a listing reads: the known regions (those with assessments) within the
 * region asked for — or, without one, within the caller's scope. A district asked for, or
 * held as a claim, is read even before the registry knows it. Throws 403 when the region
 * asked for is outside the caller's scope.
 */
export function listingRegions(caller: Caller, known: readonly string[], asked: string | undefined): string[] {
  if (asked !== undefined && !inScope(caller, asked))
    throw new HttpError('forbidden', `region ${asked} is outside the regions of your token`);
  const targets = asked !== undefined ? [asked] : caller.regions;
  const out = new Set<string>();
  for (const t of targets) if (regionLevel(t) === 'district') out.add(t);
  for (const r of known) if (targets.some((t) => covers(t, r)) && inScope(caller, r)) out.add(r);
  return [...out].sort();
}

/** For lists already loaded (discipline list, plan rows): inside the scope and the region asked for. */
export function regionFilter(caller: Caller, asked: string | undefined): (region: string) => boolean {
  if (asked !== undefined && !inScope(caller, asked))
    throw new HttpError('forbidden', `region ${asked} is outside the regions of your token`);
  return (region) => inScope(caller, region) && (asked === undefined || covers(asked, region));
}
