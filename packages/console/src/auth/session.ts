// Sign-in logic without the DOM: the token's way in (the #token= fragment, the paste field, the
// OIDC callback), what the console reads from it (regions, role, expiry), and PKCE. The browser
// parts (sessionStorage, history, redirects) are in auth.ts; this file runs in Node's tests too.
//
// The console only reads claims to decide what to show and when the token has expired: the API
// verifies the token on every request and is the only judge of what the caller may see.

/** sessionStorage keys: the bearer token (this tab only) and a sign-in under way (OIDC). */
export const TOKEN_KEY = 'fenji.console.token';
export const PENDING_KEY = 'fenji.console.oidc';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Claims {
  subject: string | null;
  role: 'regulator' | 'admin';
  /** 6-digit region codes, deduplicated and sorted. */
  regions: string[];
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; claims: Claims }
  | { ok: false; reason: 'malformed' | 'expired' | 'claims'; expiresAt?: number };

const REGION_CODE = /^[1-9]\d{5}$/;
const ROLES = ['regulator', 'admin'] as const;

function base64urlDecode(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(padded);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function base64urlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The payload of a compact JWS, unverified; null when it is not one. */
export function jwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || parts[1] === '') return null;
  try {
    const json = JSON.parse(new TextDecoder().decode(base64urlDecode(parts[1] as string)));
    return json !== null && typeof json === 'object' && !Array.isArray(json) ? json : null;
  } catch {
    return null;
  }
}

/** The `regions` claim as the API reads it (an array, a JSON string, or "[a b]"); null when unusable. */
export function parseRegions(value: unknown): string[] | null {
  let parts: unknown[];
  if (Array.isArray(value)) parts = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    let parsed: unknown;
    if (text.startsWith('[')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    parts = Array.isArray(parsed) ? parsed : text.replace(/^\[|\]$/g, '').split(/[\s,]+/);
  } else return null;
  const codes = parts.map((p) => (typeof p === 'number' ? String(p) : p)).filter((p) => p !== '');
  if (codes.length === 0 || !codes.every((c): c is string => typeof c === 'string' && REGION_CODE.test(c))) return null;
  return [...new Set(codes)].sort();
}

/** Claims of fenji's tokens, or Cognito's custom attributes (`custom:regions`, `custom:role`). */
export function claimsOf(payload: Record<string, unknown>): Omit<Claims, 'expiresAt'> | null {
  const regions = parseRegions(payload.regions ?? payload['custom:regions']);
  const role = payload.role ?? payload['custom:role'];
  if (!regions || typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
  const sub = payload.sub;
  return { subject: typeof sub === 'string' && sub !== '' ? sub : null, role: role as Claims['role'], regions };
}

/**
 * Is this a token the console can use at `nowMs`? A token without `exp` is refused like an
 * expired one (the local server requires it too); `skewSeconds` treats a token about to expire
 * as expired, so a request is not sent with a token that dies on the way.
 */
export function checkToken(token: string, nowMs: number, skewSeconds = 5): TokenCheck {
  const payload = jwtPayload(token);
  if (!payload) return { ok: false, reason: 'malformed' };
  const exp = payload.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false, reason: 'malformed' };
  if (exp * 1000 <= nowMs + skewSeconds * 1000) return { ok: false, reason: 'expired', expiresAt: exp };
  const claims = claimsOf(payload);
  if (!claims) return { ok: false, reason: 'claims', expiresAt: exp };
  return { ok: true, claims: { ...claims, expiresAt: exp } };
}

/** The token of a `#token=…` fragment (the link `npm run token` prints); null when there is none. */
export function fragmentToken(hash: string): string | null {
  if (!hash.startsWith('#')) return null;
  const token = new URLSearchParams(hash.slice(1)).get('token');
  return token === null || token.trim() === '' ? null : token.trim();
}

export interface LocationLike {
  pathname: string;
  search: string;
  hash: string;
}

/**
 * On load: a `#token=` fragment is moved into storage (this tab's session only), and the address
 * to put back at once without it (history.replaceState) is returned, so the token leaves the
 * address bar, the history entry and any later Referer. A fragment whose token is unusable is
 * removed all the same; `token` then says what was found so the sign-in page can explain.
 */
export function takeFragmentToken(
  location: LocationLike,
  storage: StorageLike,
): { token: string | null; replaceWith: string | null } {
  const token = fragmentToken(location.hash);
  if (token === null) return { token: null, replaceWith: null };
  storage.setItem(TOKEN_KEY, token);
  return { token, replaceWith: `${location.pathname}${location.search}` };
}

/** What the sign-in field accepts: the token, `Bearer <token>`, or the whole sign-in link. */
export function tokenFromInput(text: string): string | null {
  const trimmed = text.trim();
  const hashAt = trimmed.indexOf('#');
  if (hashAt >= 0) return fragmentToken(trimmed.slice(hashAt));
  const token = trimmed.replace(/^Bearer\s+/i, '');
  return token === '' ? null : token;
}

// ---- OIDC authorization code with PKCE (RFC 7636, S256) ---------------------------------------

export interface OidcConfig {
  mode: 'oidc';
  issuer: string;
  clientId: string;
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  redirectUri: string;
}

export interface PendingSignIn {
  state: string;
  verifier: string;
  /** Where to go back to after signing in (a console path). */
  returnTo: string;
}

/** 32 random bytes, base64url: a 43-character verifier or state. */
export function randomToken(random: (bytes: Uint8Array) => Uint8Array): string {
  return base64urlEncode(random(new Uint8Array(32)));
}

export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64urlEncode(new Uint8Array(digest));
}

export function authorizationUrl(config: OidcConfig, pending: PendingSignIn, challenge: string): string {
  const url = new URL(config.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', config.redirectUri);
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', pending.state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/** The authorization response on the redirect URI: a code for our state, an error, or nothing. */
export function parseCallback(
  search: string,
  pending: PendingSignIn | null,
): { kind: 'none' } | { kind: 'code'; code: string } | { kind: 'error'; message: string } {
  const params = new URLSearchParams(search);
  const code = params.get('code');
  const error = params.get('error');
  if (code === null && error === null) return { kind: 'none' };
  if (!pending || params.get('state') !== pending.state)
    return { kind: 'error', message: 'state mismatch: the sign-in response does not belong to this tab' };
  if (error !== null) return { kind: 'error', message: params.get('error_description') ?? error };
  return { kind: 'code', code: code as string };
}

export function tokenRequestBody(config: OidcConfig, code: string, verifier: string): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: config.clientId,
    code,
    redirect_uri: config.redirectUri,
    code_verifier: verifier,
  });
}

/**
 * The bearer token out of the token endpoint's answer. The API's JWT authorizer checks `aud`
 * against the app client id, and Cognito's access tokens carry `client_id`, not `aud` (nor the
 * custom:regions / custom:role attributes): the ID token is the one it accepts, so the console
 * sends the ID token as the bearer.
 */
export function bearerFromTokenResponse(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const id = (body as Record<string, unknown>).id_token;
  return typeof id === 'string' && id !== '' ? id : null;
}
