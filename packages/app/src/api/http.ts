// HTTP plumbing of the API: JSON responses, the error shape {error, message}, and zod parsing
// that turns the first problem into a 400 naming the parameter. Messages never quote a value
// that could be a personal ID number (redacted whatever the caller sent).
import { redactIds } from '@fenji/domain';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
};

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  /** Headers the answer carries besides the JSON ones (a 401's challenge). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(redactIds(message, true));
    this.code = code;
    this.status = STATUS[code];
    this.headers = headers;
  }
}

/**
 * The challenge of every 401 (RFC 6750 §3): the realm, and `error="invalid_token"` when a token
 * was presented but cannot be used. A request with no credentials at all gets no error code
 * (§3.1). npm run serve's authorizer (packages/local/src/auth.ts) answers with the same values.
 */
export const BEARER_REALM = 'fenji';
export const BEARER_CHALLENGE = `Bearer realm="${BEARER_REALM}"`;
export const INVALID_TOKEN_CHALLENGE = `${BEARER_CHALLENGE}, error="invalid_token"`;

/** A 401 with its WWW-Authenticate challenge. */
export function unauthorized(message: string, tokenPresented = true): HttpError {
  return new HttpError('unauthorized', message, {
    'www-authenticate': tokenPresented ? INVALID_TOKEN_CHALLENGE : BEARER_CHALLENGE,
  });
}

/** The largest request body the handler reads (413 above it; the document says so). */
export const MAX_BODY_BYTES = 16 * 1024;

/** `application/json`, with parameters (charset) or not: the only media type a body may have. */
export const isJsonMediaType = (contentType: string | undefined) =>
  contentType !== undefined && /^\s*application\/json\s*(;|$)/i.test(contentType);

export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Grades and lists are regulator-only data: no shared cache may keep them.
  'cache-control': 'no-store',
};

export function json(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function errorBody(code: ErrorCode, message: string) {
  return { error: code, message };
}

/** Parses `input` or throws a 400 naming the parameter of the first problem. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw new HttpError('bad_request', `${where} is invalid`);
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => JSON.stringify(k)).join(', ');
    throw new HttpError('bad_request', `${names}: unknown ${where} parameter`);
  }
  const name = issue.path.length > 0 ? issue.path.join('.') : where;
  throw new HttpError('bad_request', `${name}: ${issue.message}`);
}
