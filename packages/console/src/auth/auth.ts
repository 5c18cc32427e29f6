// Who is signed in, in this tab. The token lives in sessionStorage only (closing the tab signs
// out); it is checked for expiry before every request and by a timer, and any 401 from the API
// signs out with the server's reason, so an expired token always brings the sign-in page back.
import { nowMs } from '../clock.ts';
import type { ConsoleConfig } from '../config.ts';
import {
  authorizationUrl,
  bearerFromTokenResponse,
  type Claims,
  checkToken,
  type OidcConfig,
  PENDING_KEY,
  type PendingSignIn,
  parseCallback,
  randomToken,
  s256Challenge,
  TOKEN_KEY,
  takeFragmentToken,
  tokenRequestBody,
} from './session.ts';

export type SignOutReason = 'expired' | 'unauthorized' | 'malformed' | 'claims' | 'signed-out' | 'oidc-error';

export type AuthState =
  | { status: 'signed-in'; token: string; claims: Claims }
  | { status: 'signed-out'; reason: SignOutReason | null; detail: string | null };

let state: AuthState = { status: 'signed-out', reason: null, detail: null };
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

function storage(): Storage {
  return window.sessionStorage;
}

function set(next: AuthState): void {
  state = next;
  clearTimeout(timer);
  if (next.status === 'signed-in') {
    // Wake up when the token expires (at most hourly: long timeouts overflow).
    const wait = Math.min(next.claims.expiresAt * 1000 - nowMs(), 3_600_000);
    timer = setTimeout(() => currentToken(), Math.max(wait, 0) + 100);
  }
  for (const l of listeners) l();
}

export function authState(): AuthState {
  return state;
}

export function onAuth(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signOut(reason: SignOutReason, detail: string | null = null): void {
  storage().removeItem(TOKEN_KEY);
  if (state.status === 'signed-out' && state.reason === reason && state.detail === detail) return;
  set({ status: 'signed-out', reason, detail });
}

/** Takes a token (from the fragment, the paste field or the token endpoint); false when unusable. */
export function signInWithToken(token: string): boolean {
  const check = checkToken(token, nowMs());
  if (!check.ok) {
    signOut(check.reason);
    return false;
  }
  storage().setItem(TOKEN_KEY, token);
  set({ status: 'signed-in', token, claims: check.claims });
  return true;
}

/** The token to send now, or null (and the sign-in page) when it has expired meanwhile. */
export function currentToken(): string | null {
  if (state.status !== 'signed-in') return null;
  const check = checkToken(state.token, nowMs());
  if (!check.ok) {
    signOut(check.reason);
    return null;
  }
  return state.token;
}

/**
 * First thing on load, before any rendering or request: a `#token=` fragment goes to
 * sessionStorage and out of the address bar (replaceState), then the stored token is read.
 */
export function captureFragment(): void {
  const taken = takeFragmentToken(window.location, storage());
  if (taken.replaceWith !== null) window.history.replaceState(window.history.state, '', taken.replaceWith);
}

export function restore(): void {
  const token = storage().getItem(TOKEN_KEY);
  if (token !== null) signInWithToken(token);
  // The sign-in link opened in a tab already showing the console is a same-document navigation:
  // no reload, only a hashchange. The fragment leaves the address bar all the same.
  window.addEventListener('hashchange', () => {
    const taken = takeFragmentToken(window.location, storage());
    if (taken.replaceWith !== null) window.history.replaceState(window.history.state, '', taken.replaceWith);
    if (taken.token !== null) signInWithToken(taken.token);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') currentToken();
  });
}

// ---- OIDC -------------------------------------------------------------------------------------

function readPending(): PendingSignIn | null {
  try {
    const raw = storage().getItem(PENDING_KEY);
    return raw ? (JSON.parse(raw) as PendingSignIn) : null;
  } catch {
    return null;
  }
}

/** Sends the browser to the issuer's sign-in (authorization code, PKCE S256). */
export async function startOidc(config: OidcConfig, returnTo: string): Promise<void> {
  const random = (b: Uint8Array) => crypto.getRandomValues(b);
  const pending: PendingSignIn = { state: randomToken(random), verifier: randomToken(random), returnTo };
  storage().setItem(PENDING_KEY, JSON.stringify(pending));
  window.location.assign(authorizationUrl(config, pending, await s256Challenge(pending.verifier)));
}

/** On the redirect URI: exchanges the code for tokens and returns the console path to show. */
export async function completeOidc(config: ConsoleConfig): Promise<void> {
  if (config.auth.mode !== 'oidc') return;
  const oidc = config.auth;
  const pending = readPending();
  const callback = parseCallback(window.location.search, pending);
  if (callback.kind === 'none') return;
  storage().removeItem(PENDING_KEY);
  // The code leaves the address bar whatever happens next.
  window.history.replaceState(null, '', pending?.returnTo ?? window.location.pathname);
  if (callback.kind === 'error') {
    signOut('oidc-error', callback.message);
    return;
  }
  try {
    const response = await fetch(oidc.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: tokenRequestBody(oidc, callback.code, (pending as PendingSignIn).verifier),
    });
    const token = response.ok ? bearerFromTokenResponse(await response.json()) : null;
    if (token === null) signOut('oidc-error', `token endpoint: HTTP ${response.status}`);
    else signInWithToken(token);
  } catch (e) {
    signOut('oidc-error', (e as Error).message);
  }
}
