// Local tokens for the API: what Cognito and API Gateway's JWT authorizer do in the cloud.
// HS256 with a 256-bit key created once in the state folder (like the ID-number key, never
// printed), a fixed issuer and audience, and an expiry that must be present. Verification maps
// every failure to a short reason for a 401; the claims then reach the handler rendered the
// way API Gateway renders them (strings; an array as "[a b]"), so the local path exercises
// the handler's defensive claim parsing exactly as the cloud does.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';

export const ISSUER = 'fenji-local';
export const AUDIENCE = 'fenji-api';
export const ALGORITHM = 'HS256';
export const KEY_FILE = 'api-signing-key';
export const TOKEN_ROLES = ['regulator', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
export const REGION_CODE = /^[1-9]\d{5}$/;

/** The signing key of the state folder, created on first use (0600). */
export function signingKey(stateDir: string): Uint8Array {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, KEY_FILE);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export interface TokenRequest {
  regions: readonly string[];
  role: TokenRole;
  /** A span such as "30m", "8h", "7d", or seconds. */
  expiresIn?: string | number;
  subject?: string;
  /** Issue time: the edge's clock (the token tool), or a test's. */
  now: Date;
}

export async function mintToken(request: TokenRequest, key: Uint8Array): Promise<string> {
  const bad = request.regions.find((r) => !REGION_CODE.test(r));
  if (request.regions.length === 0 || bad !== undefined)
    throw new RangeError(`regions must be 6-digit region codes (330302, 330300, 330000); got ${bad ?? 'none'}`);
  if (!TOKEN_ROLES.includes(request.role)) throw new RangeError(`role must be ${TOKEN_ROLES.join(' or ')}`);
  const iat = Math.floor(request.now.getTime() / 1000);
  const exp = iat + spanSeconds(request.expiresIn ?? '8h');
  return new SignJWT({ regions: [...new Set(request.regions)], role: request.role })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(request.subject ?? `local-${request.role}`)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "30m", "8h", "7d", "90s" or a number of seconds; at most 30 days (a local token, not a credential). */
export function spanSeconds(span: string | number): number {
  const m = typeof span === 'number' ? [String(span), String(span), 's'] : /^(\d+)\s*([smhd]?)$/.exec(span.trim());
  const seconds = m ? Number(m[1]) * (UNIT_SECONDS[m[2] || 's'] as number) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds > 30 * 86_400)
    throw new RangeError('the expiry must be a span such as 30m, 8h or 7d (at most 30 days)');
  return seconds;
}

/**
 * The WWW-Authenticate challenge of a 401 (RFC 6750 §3), the same values as the API handler's
 * (packages/app/src/api/http.ts; the serve tests compare them): no credentials → the realm
 * only; an Authorization header that is not a bearer token → invalid_request; a token that
 * cannot be used → invalid_token.
 */
export const REALM = 'fenji';
export const CHALLENGES = {
  missing: `Bearer realm="${REALM}"`,
  invalidRequest: `Bearer realm="${REALM}", error="invalid_request"`,
  invalidToken: `Bearer realm="${REALM}", error="invalid_token"`,
} as const;

export type Verified = { ok: true; claims: JWTPayload } | { ok: false; message: string; challenge: string };

/** Verifies `Authorization: Bearer <token>`; the reason of a failure names no claim value. */
export async function verifyBearer(authorization: string | undefined, key: Uint8Array, now: Date): Promise<Verified> {
  if (!authorization)
    return {
      ok: false,
      message: 'missing bearer token (Authorization: Bearer <token>)',
      challenge: CHALLENGES.missing,
    };
  const m = /^Bearer +([^\s]+)\s*$/i.exec(authorization);
  if (!m)
    return {
      ok: false,
      message: 'the Authorization header must be "Bearer <token>"',
      challenge: CHALLENGES.invalidRequest,
    };
  try {
    const { payload } = await jwtVerify(m[1] as string, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [ALGORITHM],
      requiredClaims: ['exp'],
      currentDate: now,
    });
    return { ok: true, claims: payload };
  } catch (e) {
    return { ok: false, message: reason(e), challenge: CHALLENGES.invalidToken };
  }
}

function reason(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'token expired';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'token signature does not verify';
  if (e instanceof errors.JOSEAlgNotAllowed) return `token algorithm not accepted (only ${ALGORITHM})`;
  if (e instanceof errors.JWTClaimValidationFailed) return `token claim ${e.claim} rejected (${e.reason})`;
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return 'malformed token';
  return 'invalid token';
}

/**
 * Claims as API Gateway's JWT authorizer hands them to the Lambda: every value a string, an
 * array rendered as "[a b]", an object as JSON.
 */
export function apiGatewayClaims(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v)
      ? `[${v.join(' ')}]`
      : typeof v === 'object' && v !== null
        ? JSON.stringify(v)
        : String(v);
  }
  return out;
}
