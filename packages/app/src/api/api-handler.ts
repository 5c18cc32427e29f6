// Lambda behind the API Gateway HTTP API (payload 2.0). API Gateway's JWT authorizer verifies
// the token (Cognito); this handler reads its claims, rejects a request without usable ones
// (401), enforces the admin role where a route needs it, validates path, query and body with
// zod, and enforces region scope in every route. The same handler serves `npm run serve`.
//
// Log lines: one per request with the route, status, duration, role and regions — never a
// header (the bearer token), a body, or a raw query value (it could be anything a caller typed).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { redactIds } from '@fenji/domain';
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger } from '../shared/index.ts';
import { HttpError, isJsonMediaType, json, MAX_BODY_BYTES, parseOr400 } from './http.ts';
import { buildOpenApi } from './openapi.ts';
import { type ApiDeps, DATA_ROUTES, openApiRoute, type Route } from './routes.ts';
import { type Caller, callerFromClaims } from './scope.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

let openApiDocument: ReturnType<typeof buildOpenApi> | undefined;

/** Every route, the OpenAPI document's own included. */
export const ROUTES: readonly Route[] = [
  ...DATA_ROUTES,
  openApiRoute(() => {
    openApiDocument ??= buildOpenApi(ROUTES);
    return openApiDocument;
  }),
];

function header(event: ApiEvent, name: string): string | undefined {
  // Payload 2.0 lowercases header names; a hand-made event may not.
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

/**
 * The body of a route that takes one. No body at all is an empty object (the document marks
 * the body optional, unless the route requires one: then its schema refuses the empty object). Anything sent must be `application/json` (415 otherwise: a form or text
 * body is not read as JSON by accident) and a JSON object (400 for null, an array, a number).
 */
function jsonBody(event: ApiEvent, maxBytes = MAX_BODY_BYTES): Record<string, unknown> {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text) > maxBytes)
    throw new HttpError('payload_too_large', `body: at most ${maxBytes} bytes (请求体过大)`);
  if (!isJsonMediaType(header(event, 'content-type')))
    throw new HttpError(
      'unsupported_media_type',
      'content-type: must be application/json (请求体须为 JSON, Content-Type: application/json)',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError('bad_request', 'body: is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new HttpError('bad_request', 'body: must be a JSON object (请求体须为 JSON 对象)');
  return parsed as Record<string, unknown>;
}

function claimsOf(event: ApiEvent): Record<string, unknown> | undefined {
  return event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined;
}

function bind(route: Route, getDeps: () => ApiDeps | Promise<ApiDeps>) {
  return async (event: ApiEvent): Promise<ApiResult> => {
    const caller = callerFromClaims(claimsOf(event));
    if (route.adminOnly && caller.role !== 'admin')
      throw new HttpError('forbidden', `${route.method} ${route.path} needs the admin role`);
    const params = parseOr400(route.params, event.pathParameters ?? {}, 'path');
    const query = parseOr400(route.query, event.queryStringParameters ?? {}, 'query');
    const body = route.body ? parseOr400(route.body, jsonBody(event, route.maxBodyBytes), 'body') : undefined;
    const deps = await getDeps();
    return json(route.ok.status, await route.run({ caller, params, query, body, deps }));
  };
}

function errorResult(error: unknown, context: Context): { result: ApiResult; unexpected: boolean } {
  if (error instanceof HttpError)
    return {
      result: json(error.status, { error: error.code, message: error.message }, error.headers),
      unexpected: false,
    };
  // The router's own "no such route" (an http-errors style error with a statusCode).
  if ((error as { statusCode?: number })?.statusCode === 404)
    return { result: json(404, { error: 'not_found', message: 'no such route' }), unexpected: false };
  return {
    result: json(500, {
      error: 'internal',
      message: `internal error; quote request id ${context?.awsRequestId ?? 'unknown'}`,
    }),
    unexpected: true,
  };
}

function safeCaller(event: ApiEvent): Caller | null {
  try {
    return callerFromClaims(claimsOf(event));
  } catch {
    return null;
  }
}

/** The reads of one enterprise that the audit trail records (PIPL Art. 51: who looked at whom). */
const AUDITED = /^GET \/enterprises\/\{uscc\}\/(assessment|assessments|records|cases)$/;

/**
 * One structured line per read of an enterprise: who (the token's subject and regions), which
 * route, which enterprise, and the answer's status. No personal data: a USCC names a business.
 * A CloudWatch Logs Insights query over these lines answers "who read this enterprise when"
 * (infra/queries/enterprise-reads.logs-insights). Written to standard output, where the Lambda
 * runtime and `npm run serve` send their logs, whatever the log level.
 */
function auditLog(event: ApiEvent, status: number) {
  const route = event.routeKey ?? '';
  if (!AUDITED.test(route)) return;
  const uscc = event.pathParameters?.uscc ?? '';
  const caller = safeCaller(event);
  const at = event.requestContext?.timeEpoch;
  const line = {
    level: 'AUDIT',
    message: 'enterprise read',
    service: 'fenji-api',
    ...(typeof at === 'number' ? { timestamp: new Date(at).toISOString() } : {}),
    audit: {
      // A subject is whatever the issuer puts there; one that is an ID number is masked.
      sub: caller?.subject ? redactIds(caller.subject, false) : null,
      regions: caller?.regions ?? null,
      route,
      // A valid USCC as given; anything ID-shaped a caller typed into the path, masked.
      uscc: redactIds(uscc.slice(0, 40), true),
      result: status,
    },
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** One log line per request; values a caller typed never reach it unredacted. */
function accessLog(event: ApiEvent, status: number, started: number) {
  auditLog(event, status);
  const caller = safeCaller(event);
  const line = {
    route: redactIds(event.routeKey ?? `${event.requestContext?.http?.method} ?`, true),
    status,
    ms: Math.round(performance.now() - started),
    role: caller?.role ?? null,
    regions: caller?.regions ?? null,
    queryKeys: Object.keys(event.queryStringParameters ?? {}).map((k) => redactIds(k, true)),
  };
  if (status >= 500) logger.error('request', line);
  else logger.info('request', line);
}

export function makeApiHandler(getDeps: () => ApiDeps | Promise<ApiDeps>) {
  const router = httpRouterHandler({
    routes: ROUTES.map((r) => ({ method: r.method, path: r.path, handler: bind(r, getDeps) })),
  });
  const started = new WeakMap<object, number>();
  return middy<ApiEvent, ApiResult>(router as never)
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use({
      before: (request) => {
        started.set(request.event, performance.now());
      },
      after: (request) => {
        accessLog(request.event, request.response?.statusCode ?? 200, started.get(request.event) ?? 0);
      },
      onError: (request) => {
        const { result, unexpected } = errorResult(request.error, request.context);
        if (unexpected) {
          const e = request.error as Error | undefined;
          logger.error('unhandled error', {
            name: e?.name,
            error: redactIds(String(e?.message ?? e), true),
            stack: e?.stack ? redactIds(e.stack, true) : undefined,
          });
        }
        request.response = result;
        accessLog(request.event, result.statusCode ?? 500, started.get(request.event) ?? 0);
      },
    });
}
