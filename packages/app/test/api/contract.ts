// The contract check of the API against its own OpenAPI document — what a validating proxy
// (Stoplight Prism) does, inside `npm test`: every exchange the API suites make is checked, in
// both directions.
//
// - The response: its status is documented for the operation, its Content-Type is the
//   documented one, its body validates against the documented schema (ajv, draft 2020-12 with
//   formats), and documented required headers (a 401's WWW-Authenticate) are there.
// - The request: validated against the document's parameters and body — with what the patterns
//   cannot say implemented as the document says it (`format: date` by ajv-formats, the
//   `x-fenji-check-character` and `x-fenji-rule-set` extensions as keywords). A request the document refuses must be
//   refused (400, 413, 415, or 401/403 which come first); a request the document accepts must
//   not be refused as malformed (a 400 other than a cursor that names another query, or a 415).
//
// `documentProblems` is the lint side: operation ids and summaries, examples that validate,
// references that resolve, a relative server, contact and licence.
import { isValidUscc } from '@fenji/domain';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { ruleSetProblem } from '../../src/impact/rules.ts';

type Json = Record<string, unknown>;

export interface Exchange {
  method: string;
  /** Path and query as sent. */
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  status: number;
  /** Response headers, names lowercased. */
  headers: Record<string, string>;
  body: string;
}

interface Operation {
  method: string;
  template: string;
  re: RegExp;
  names: string[];
  op: Json;
}

const SCHEMA_BASE = 'https://fenji.invalid/schemas/';
const CHECK_CHARACTER = 'x-fenji-check-character';
/** A rule-set object validated as the shipped rule-set files are (POST /impact). */
const RULE_SET = 'x-fenji-rule-set';

/** `#/components/schemas/X` → an absolute id ajv resolves among the registered components. */
function rewriteRefs<T>(value: T): T {
  if (Array.isArray(value)) return value.map(rewriteRefs) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Json).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? `${SCHEMA_BASE}${v.slice('#/components/schemas/'.length)}`
        : rewriteRefs(v),
    ]),
  ) as T;
}

function makeAjv(components: Json, coerceTypes: boolean): Ajv2020 {
  // strictSchema: a keyword ajv does not know is an error, so a typo in the document is found.
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, allErrors: true, coerceTypes });
  (formats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addKeyword({
    keyword: CHECK_CHARACTER,
    schemaType: 'string',
    validate: (_schema: string, data: unknown) => typeof data !== 'string' || isValidUscc(data),
    errors: false,
  });
  ajv.addKeyword({
    keyword: RULE_SET,
    schemaType: 'string',
    validate: (_schema: string, data: unknown) =>
      data === null || typeof data !== 'object' || Array.isArray(data) || ruleSetProblem(data as Json) === null,
    errors: false,
  });
  for (const [id, schema] of Object.entries(components)) ajv.addSchema(rewriteRefs(schema as Json), SCHEMA_BASE + id);
  return ajv;
}

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() ?? '';

export function contractChecker(doc: Json) {
  const components = ((doc.components as Json | undefined)?.schemas ?? {}) as Json;
  const strictAjv = makeAjv(components, false);
  // Query and path values are strings on the wire; the document types them (limit: integer).
  const coercingAjv = makeAjv(components, true);
  const compiled = new Map<unknown, ValidateFunction>();
  const validator = (schema: Json, coerce: boolean) => {
    const key = coerce ? `coerce:${JSON.stringify(schema)}` : schema;
    let v = compiled.get(key);
    if (!v) {
      v = (coerce ? coercingAjv : strictAjv).compile(rewriteRefs(schema));
      compiled.set(key, v);
    }
    return v;
  };
  const errorsOf = (v: ValidateFunction) =>
    (v.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`)
      .join('; ');

  const operations: Operation[] = [];
  for (const [template, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) {
      const names: string[] = [];
      const source = template
        .split('/')
        .map((seg) => {
          const m = /^\{(\w+)\}$/.exec(seg);
          if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(m[1] as string);
          return '([^/]+)';
        })
        .join('/');
      operations.push({ method: method.toUpperCase(), template, re: new RegExp(`^${source}$`), names, op: op as Json });
    }
  }

  function find(method: string, pathname: string): { operation: Operation; path: Json } | null {
    for (const operation of operations) {
      if (operation.method !== method) continue;
      const m = operation.re.exec(pathname);
      if (!m) continue;
      try {
        return {
          operation,
          path: Object.fromEntries(operation.names.map((n, i) => [n, decodeURIComponent(m[i + 1] as string)])),
        };
      } catch {
        return null;
      }
    }
    return null;
  }

  const parameterValidators = new Map<string, ValidateFunction>();
  /** The path or query parameters of an operation as one object schema (compiled once). */
  function parameterValidator(operation: Operation, where: 'path' | 'query'): ValidateFunction {
    const key = `${operation.method} ${operation.template} ${where}`;
    let v = parameterValidators.get(key);
    if (!v) {
      const params = (operation.op.parameters ?? []) as {
        name: string;
        in: string;
        required?: boolean;
        schema: Json;
      }[];
      const declared = params.filter((p) => p.in === where);
      v = validator(
        {
          type: 'object',
          properties: Object.fromEntries(declared.map((p) => [p.name, p.schema])),
          required: declared.filter((p) => p.required).map((p) => p.name),
          // The API refuses unknown query parameters (documented on its 400s).
          additionalProperties: false,
        },
        true,
      );
      parameterValidators.set(key, v);
    }
    return v;
  }

  /** Why the document refuses the request; empty when it accepts it. */
  function requestProblems(ex: Exchange, operation: Operation, path: Json): string[] {
    const out: string[] = [];
    const url = new URL(ex.url, 'http://localhost');
    const query: Json = {};
    for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
    for (const [where, values] of [
      ['path', path],
      ['query', query],
    ] as const) {
      const v = parameterValidator(operation, where);
      if (!v({ ...values })) out.push(`${where}: ${errorsOf(v)}`);
    }
    const requestBody = operation.op.requestBody as { required?: boolean; content: Record<string, Json> } | undefined;
    if (requestBody && ex.requestBody !== null && ex.requestBody !== '') {
      const type = mediaType(ex.requestHeaders['content-type']);
      const media = requestBody.content[type];
      if (!media) out.push(`body: content type "${type}" is not documented`);
      else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(ex.requestBody);
        } catch {
          out.push('body: not JSON');
        }
        if (parsed !== undefined) {
          const v = validator(media.schema as Json, false);
          if (!v(parsed)) out.push(`body: ${errorsOf(v)}`);
        }
      }
    } else if (requestBody?.required) out.push('body: required');
    return out;
  }

  /** Every way the exchange disagrees with the document; empty when it agrees. */
  function check(ex: Exchange): string[] {
    const url = new URL(ex.url, 'http://localhost');
    const found = find(ex.method.toUpperCase(), url.pathname);
    // No operation: API Gateway's own 404 (or the local server's), not an answer of the API.
    if (!found) return ex.status === 404 ? [] : [`no documented operation for ${ex.method} ${url.pathname}`];
    const { operation, path } = found;
    const problems: string[] = [];
    const responses = (operation.op.responses ?? {}) as Record<string, Json>;
    const documented = responses[String(ex.status)];
    if (!documented) {
      problems.push(`status ${ex.status} is not documented (documented: ${Object.keys(responses).join(', ')})`);
    } else {
      const content = (documented.content ?? {}) as Record<string, Json>;
      const type = mediaType(ex.headers['content-type']);
      const media = content[type];
      if (!media) problems.push(`content type "${type}" is not documented for ${ex.status}`);
      else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(ex.body);
        } catch {
          problems.push('the body is not JSON');
        }
        if (parsed !== undefined) {
          const v = validator(media.schema as Json, false);
          if (!v(parsed)) problems.push(`the body does not match the ${ex.status} schema: ${errorsOf(v)}`);
        }
      }
      for (const [name, header] of Object.entries((documented.headers ?? {}) as Record<string, Json>)) {
        const value = ex.headers[name.toLowerCase()];
        if (value === undefined) {
          if (header.required) problems.push(`header ${name} is missing`);
          continue;
        }
        const v = validator(header.schema as Json, false);
        if (!v(value)) problems.push(`header ${name}: ${errorsOf(v)}`);
      }
    }
    const refused = requestProblems(ex, operation, path);
    const message = (() => {
      try {
        return String((JSON.parse(ex.body) as { message?: unknown }).message ?? '');
      } catch {
        return '';
      }
    })();
    if (refused.length > 0 && ![400, 401, 403, 413, 415].includes(ex.status))
      problems.push(`the document refuses the request (${refused.join(' | ')}) but the API answered ${ex.status}`);
    // A cursor can be well formed and still name another query or caller: only the API knows.
    if (refused.length === 0 && (ex.status === 415 || (ex.status === 400 && !message.startsWith('cursor: '))))
      problems.push(`the document accepts the request but the API refused it: ${ex.status} ${message}`);
    return problems.map((p) => `${ex.method} ${ex.url} → ${ex.status}: ${p}`);
  }

  return { check, validator, operations };
}

/** Resolves a local JSON pointer (`#/a/b`) in the document; undefined when it does not. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object' || !(part in (at as Json))) return undefined;
    at = (at as Json)[part];
  }
  return at;
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Json)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  return out;
}

/** What a linter (redocly, spectral) would say of the document, plus our own rules. */
export function documentProblems(doc: Json): string[] {
  const problems: string[] = [];
  const { validator } = contractChecker(doc);
  const info = (doc.info ?? {}) as Json;
  if (doc.openapi !== '3.1.0') problems.push('openapi must be 3.1.0');
  if (!info.contact) problems.push('info.contact is missing');
  const license = info.license as Json | undefined;
  if (!license?.name || !(license.identifier || license.url))
    problems.push('info.license needs a name and an identifier');
  const servers = (doc.servers ?? []) as Json[];
  if (servers.length === 0 || servers.some((s) => typeof s.url !== 'string' || !String(s.url).startsWith('/')))
    problems.push('servers must be relative');
  for (const ref of refsIn(doc))
    if (resolvePointer(doc, ref) === undefined) problems.push(`$ref ${ref} does not resolve`);
  const tags = new Set(((doc.tags ?? []) as Json[]).map((t) => t.name));
  const ids = new Set<string>();
  for (const [template, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${template}`;
      const id = op.operationId as string | undefined;
      if (!id) problems.push(`${where}: no operationId`);
      else if (ids.has(id)) problems.push(`${where}: operationId ${id} is not unique`);
      else ids.add(id);
      if (!op.summary) problems.push(`${where}: no summary`);
      if (!op.description) problems.push(`${where}: no description`);
      for (const tag of (op.tags ?? []) as string[])
        if (!tags.has(tag)) problems.push(`${where}: tag ${tag} undeclared`);
      const params = (op.parameters ?? []) as Json[];
      const pathNames = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = params.filter((p) => p.in === 'path').map((p) => p.name);
      if (JSON.stringify([...declared].sort()) !== JSON.stringify([...pathNames].sort()))
        problems.push(`${where}: path parameters ${declared.join(',')} ≠ template ${pathNames.join(',')}`);
      for (const p of params) {
        if (p.example === undefined) problems.push(`${where}: parameter ${p.name} has no example`);
        else if (!validator(p.schema as Json, false)(p.example))
          problems.push(`${where}: the example of ${p.name} does not match its schema`);
      }
      const body = op.requestBody as { content: Record<string, Json> } | undefined;
      for (const [type, media] of Object.entries(body?.content ?? {})) {
        if (media.example === undefined) problems.push(`${where}: request ${type} has no example`);
        else if (!validator(media.schema as Json, false)(media.example))
          problems.push(`${where}: the request example does not match its schema`);
      }
      for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
        if (!response.description) problems.push(`${where} ${status}: no description`);
        for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
          // The OpenAPI document's own route is exempt: its example would be this document.
          if (media.example === undefined) {
            if (id !== 'getOpenApi' || status !== '200') problems.push(`${where} ${status} ${type}: no example`);
            continue;
          }
          const v = validator(media.schema as Json, false);
          if (!v(media.example)) problems.push(`${where} ${status}: the example does not match its schema`);
        }
      }
    }
  }
  return problems;
}
