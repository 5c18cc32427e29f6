// Calls the handler the way API Gateway would (the same event builder as npm run serve), with
// claims as a verified token carries them, keeps every response for the leak scans, and checks
// every exchange against the OpenAPI document (contract.ts): a response with an undocumented
// status, content type, header or body, or a request the document and the API judge
// differently, fails the test that made it.

import { lambdaContext } from '../../../../test/support/lambda.ts';
import {
  type ApiDeps,
  type ApiEvent,
  type ApiResult,
  buildOpenApi,
  makeApiHandler as makeHandler,
  ROUTES,
  toHttpApiEvent,
} from '../../src/index.ts';
import { contractChecker, type Exchange } from './contract.ts';

let checker: ReturnType<typeof contractChecker> | undefined;
/** The contract check of the document the API serves (built once per test file). */
export function contract(): ReturnType<typeof contractChecker> {
  checker ??= contractChecker(buildOpenApi(ROUTES) as unknown as Record<string, unknown>);
  return checker;
}

/** Throws when the exchange disagrees with the OpenAPI document. */
export function assertContract(exchange: Exchange): void {
  const problems = contract().check(exchange);
  if (problems.length > 0) throw new Error(`OpenAPI contract:\n  ${problems.join('\n  ')}`);
}

export interface Claims {
  regions: string[] | string;
  role: 'regulator' | 'admin' | string;
  sub?: string;
}

export interface Response<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, string>;
}

export function apiClient(deps: ApiDeps | (() => ApiDeps)) {
  const getDeps = typeof deps === 'function' ? deps : () => deps;
  const handler = makeHandler(getDeps);
  const seen: string[] = [];
  /** Every request and response, as a validating proxy would see them. */
  const exchanges: Exchange[] = [];
  /**
   * A body (an object is sent as JSON) goes with `content-type: application/json` unless
   * `headers` says otherwise.
   */
  async function call<T = Record<string, unknown>>(
    method: string,
    url: string,
    claims: Claims | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response<T>> {
    const requestBody = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    const requestHeaders: Record<string, string> = {
      host: 'localhost',
      ...(requestBody !== null ? { 'content-type': 'application/json' } : {}),
      ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    };
    const event = toHttpApiEvent(ROUTES, {
      method,
      url,
      headers: requestHeaders,
      receivedAt: getDeps().clock.now(),
      body: requestBody,
      ...(claims ? { claims: { sub: 'tester', ...claims } } : {}),
    });
    if (!event) throw new Error(`no route for ${method} ${url}`);
    const result = (await handler(event as unknown as ApiEvent, lambdaContext('api'))) as ApiResult;
    const text = result.body ?? '';
    seen.push(text);
    const responseHeaders = Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    const exchange: Exchange = {
      method,
      url,
      requestHeaders,
      requestBody,
      status: result.statusCode ?? 0,
      headers: responseHeaders,
      body: text,
    };
    exchanges.push(exchange);
    assertContract(exchange);
    return { status: exchange.status, body: JSON.parse(text) as T, text, headers: responseHeaders };
  }
  return { call, seen, exchanges, handler };
}

/** Follows cursors to the end; fails on a cursor loop. */
export async function allPages<T>(
  call: ReturnType<typeof apiClient>['call'],
  url: string,
  claims: Claims,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res: Response<{ items: T[]; cursor: string | null }> = await call<{ items: T[]; cursor: string | null }>(
      'GET',
      cursor ? `${url}${sep}cursor=${cursor}` : url,
      claims,
    );
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.cursor;
    if (++pages > 500) throw new Error('cursor loop');
  } while (cursor);
  return { items, pages };
}
