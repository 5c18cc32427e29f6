// Calls the handler the way API Gateway would (the same event builder as npm run serve), with
// claims as a verified token carries them, and keeps every response for the leak scans.

import { lambdaContext } from '../../../../test/support/lambda.ts';
import {
  type ApiDeps,
  type ApiEvent,
  type ApiResult,
  makeApiHandler as makeHandler,
  ROUTES,
  toHttpApiEvent,
} from '../../src/index.ts';

export interface Claims {
  regions: string[] | string;
  role: 'regulator' | 'admin' | string;
  sub?: string;
}

export interface Response<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
}

export function apiClient(deps: ApiDeps | (() => ApiDeps)) {
  const getDeps = typeof deps === 'function' ? deps : () => deps;
  const handler = makeHandler(getDeps);
  const seen: string[] = [];
  async function call<T = Record<string, unknown>>(
    method: string,
    url: string,
    claims: Claims | null,
    body?: unknown,
  ): Promise<Response<T>> {
    const event = toHttpApiEvent(ROUTES, {
      method,
      url,
      headers: { host: 'localhost' },
      receivedAt: getDeps().clock.now(),
      body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
      ...(claims ? { claims: { sub: 'tester', ...claims } } : {}),
    });
    if (!event) throw new Error(`no route for ${method} ${url}`);
    const result = (await handler(event as unknown as ApiEvent, lambdaContext('api'))) as ApiResult;
    const text = result.body ?? '';
    seen.push(text);
    return { status: result.statusCode ?? 0, body: JSON.parse(text) as T, text };
  }
  return { call, seen, handler };
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
