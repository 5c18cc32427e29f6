// The typed client: every call goes through openapi-fetch with the paths generated from the API's
// own OpenAPI document (schema.d.ts), so a route, parameter or field the API does not have is a
// compile error. The bearer token is added here; a 401 signs out with the server's reason.
import createClient, { type Middleware } from 'openapi-fetch';
import { currentToken, signOut } from '../auth/auth.ts';
import type { components, paths } from './schema.d.ts';

export type Schemas = components['schemas'];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Thrown instead of sending a request when the token has expired: the sign-in page is shown. */
export class SignedOut extends Error {}

const auth: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token === null) throw new SignedOut('signed out');
    request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ response }) {
    if (response.status === 401) {
      let message: string | null = null;
      try {
        message = ((await response.clone().json()) as { message?: string }).message ?? null;
      } catch {
        message = null;
      }
      signOut(message === 'token expired' ? 'expired' : 'unauthorized', message);
    }
    return response;
  },
};

function makeClient(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });
  client.use(auth);
  return client;
}

let client: ReturnType<typeof makeClient> | undefined;

export function initApi(apiBase: string): void {
  client = makeClient(apiBase === '' ? window.location.origin : apiBase);
}

export function api(): ReturnType<typeof makeClient> {
  if (!client) throw new Error('initApi was not called');
  return client;
}

/** The data of an openapi-fetch result, or an ApiError with the API's status and message. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined) return result.data;
  const body = (result.error ?? {}) as { error?: string; message?: string };
  throw new ApiError(result.response.status, body.error ?? 'error', body.message ?? `HTTP ${result.response.status}`);
}

/** As `ok`, but the API's 404 is null: what has not been published yet (a plan, the discipline list). */
export function okOrNull<T>(result: { data?: T; error?: unknown; response: Response }): T | null {
  return result.response.status === 404 ? null : ok(result);
}

/** Follows cursors until the last page (or `max` items), for counts over the caller's scope. */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; cursor: string | null }>,
  max = 20_000,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const got = await page(cursor);
    items.push(...got.items);
    cursor = got.cursor ?? undefined;
  } while (cursor !== undefined && items.length < max);
  return { items, complete: cursor === undefined };
}

export type AssessmentSummary = Schemas['AssessmentSummary'];

const scopeCache = new Map<string, Promise<{ items: AssessmentSummary[]; complete: boolean }>>();

/**
 * Every latest assessment in the caller's regions (or one region), page by page: the home page's
 * distributions, the region matrix and the listing candidates are counted over it. Kept for the
 * tab's session per token and region.
 */
export function scopeSummaries(region?: string): Promise<{ items: AssessmentSummary[]; complete: boolean }> {
  const key = `${currentToken() ?? ''}|${region ?? '*'}`;
  let hit = scopeCache.get(key);
  if (!hit) {
    hit = allPages(async (cursor) =>
      ok(
        await api().GET('/assessments', {
          params: { query: { limit: 200, ...(region ? { region } : {}), ...(cursor ? { cursor } : {}) } },
        }),
      ),
    );
    scopeCache.set(key, hit);
    hit.catch(() => scopeCache.delete(key));
  }
  return hit;
}
