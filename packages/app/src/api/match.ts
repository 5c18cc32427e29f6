// What API Gateway does before the Lambda runs: find the route of a request and its path
// parameters (URL-decoded). Used by the local server to build the same event.
import type { Route } from './routes.ts';

export interface RouteMatch {
  route: Route;
  routeKey: string;
  pathParameters: Record<string, string>;
}

const compiled = new WeakMap<Route, { re: RegExp; names: string[] }>();

function compile(route: Route) {
  let c = compiled.get(route);
  if (!c) {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1] as string);
        return '([^/]+)';
      })
      .join('/');
    c = { re: new RegExp(`^${source}$`), names };
    compiled.set(route, c);
  }
  return c;
}

/** The route for `method` and `rawPath`; null when none (405 and 404 are the same to a caller). */
export function matchRoute(routes: readonly Route[], method: string, rawPath: string): RouteMatch | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    const { re, names } = compile(route);
    const m = re.exec(rawPath);
    if (!m) continue;
    const pathParameters: Record<string, string> = {};
    try {
      names.forEach((n, i) => {
        pathParameters[n] = decodeURIComponent(m[i + 1] as string);
      });
    } catch {
      return null; // malformed %-escape: API Gateway answers 400/404 before any Lambda
    }
    return { route, routeKey: `${route.method} ${route.path}`, pathParameters };
  }
  return null;
}

export interface HttpRequestParts {
  method: string;
  /** Path and query as sent, e.g. `/assessments?region=330302&limit=2`. */
  url: string;
  headers?: Record<string, string | undefined>;
  body?: string | null;
  /** Claims as the authorizer passes them; undefined = no authorizer context at all. */
  claims?: Record<string, unknown>;
  sourceIp?: string;
  /** When API Gateway received the request (requestContext.time). */
  receivedAt: Date;
  requestId?: string;
}

/**
 * The HTTP API payload 2.0 event API Gateway would send for a request on a route (routeKey,
 * rawPath, URL-decoded path parameters, repeated query parameters joined by commas, the JWT
 * authorizer's claims). `null` when no route matches: API Gateway answers 404 itself.
 */
export function toHttpApiEvent(routes: readonly Route[], req: HttpRequestParts) {
  const url = new URL(req.url, 'http://localhost');
  const match = matchRoute(routes, req.method.toUpperCase(), url.pathname);
  if (!match) return null;
  const query: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
  const now = req.receivedAt;
  const headers = Object.fromEntries(
    Object.entries(req.headers ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return {
    version: '2.0' as const,
    routeKey: match.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method.toUpperCase(),
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: req.requestId ?? `local-${now.getTime().toString(36)}`,
      routeKey: match.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(req.claims
        ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: req.claims, scopes: [] } } }
        : {}),
    },
    ...(req.body ? { body: req.body } : {}),
    isBase64Encoded: false,
  };
}
