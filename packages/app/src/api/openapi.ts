// GET /openapi.json: OpenAPI 3.1 built from the route table and the zod schemas the handler
// validates with (zod 4's JSON Schema output is draft 2020-12, the dialect of OpenAPI 3.1).
// Every status the handler can answer a route with is documented on it (the contract test in
// packages/app/test/api checks every response of the API suites against this document), and
// what a pattern cannot say is said: `format: date` for calendar days, and the USCC check
// character as a description and an `x-fenji-check-character` extension.
import { z } from 'zod';
import { ERROR_EXAMPLES, RESPONSE_EXAMPLES } from './examples.ts';
import { BEARER_CHALLENGE, INVALID_TOKEN_CHALLENGE } from './http.ts';
import type { Route } from './routes.ts';
import {
  Assessment,
  AssessmentPage,
  AssessmentResponse,
  AssessmentSummary,
  CaseItem,
  CaseMetricsResponse,
  CasePage,
  DisciplineListResponse,
  EnterpriseCases,
  EnterpriseListItem,
  EnterpriseProfile,
  EnterpriseSearchPage,
  ErrorResponse,
  Explanation,
  HistoryPage,
  ImpactJobResponse,
  PlanDrawResponse,
  PlanResponse,
  RecordsResponse,
  RunPage,
  RunResponse,
  RunSummary,
} from './schemas.ts';

type JsonSchema = Record<string, unknown>;

/** Named schemas: a generated client gets a type of each name. */
const COMPONENTS: Record<string, z.ZodType> = {
  Error: ErrorResponse,
  Assessment,
  Explanation,
  AssessmentResponse,
  AssessmentSummary,
  AssessmentPage,
  HistoryPage,
  EnterpriseProfile,
  RecordsResponse,
  EnterpriseListItem,
  EnterpriseSearchPage,
  CaseItem,
  CasePage,
  EnterpriseCases,
  CaseMetricsResponse,
  DisciplineListResponse,
  PlanResponse,
  PlanDrawResponse,
  RunSummary,
  RunPage,
  RunResponse,
  ImpactJob: ImpactJobResponse,
};

const ERROR_TEXT: Record<number, string> = {
  400: 'a parameter or the body is invalid, or a query parameter is unknown (unknown ones are refused, not ignored); `message` starts with its name',
  401: 'no token, or a token that is expired, badly signed, malformed or without usable claims (`regions`, `role`)',
  403: 'the role may not do this, or the region asked for lies outside the token’s regions',
  404: 'not found — or outside your regions: the two are indistinguishable on purpose',
  409: 'the period’s plan has been drawn already',
  // 413 names the route's own limit (buildOpenApi).
  415: 'a body was sent with another Content-Type than application/json',
  500: 'internal error; the message carries the request id',
};

/** Statuses every route can answer besides its own: 400 (unknown query parameters), 401, 500. */
const EVERY_ROUTE = [400, 401, 500];
/** And a route that reads a body: too large, or not JSON. */
const WITH_BODY = [413, 415];

const WWW_AUTHENTICATE = {
  'WWW-Authenticate': {
    description: `RFC 6750 challenge: \`${BEARER_CHALLENGE}\` when no token was presented, \`${INVALID_TOKEN_CHALLENGE}\` when the token or its claims cannot be used (\`error="invalid_request"\` when the Authorization header is not a bearer token)`,
    required: true,
    schema: { type: 'string', pattern: '^Bearer realm="fenji"' },
    example: INVALID_TOKEN_CHALLENGE,
  },
};

/** Request body examples, by operationId. */
const REQUEST_EXAMPLES: Record<string, unknown> = {
  drawPlan: { seed: '2027q1-public-seed', asOf: '2026-11-30' },
  requestImpact: { rules: 'cn-2022', base: 'cn-2016', asOf: '2022-03-14', period: '2022-Q1' },
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

function inputSchema(schema: z.ZodType): JsonSchema {
  return clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

function parameters(route: Route) {
  const out: Record<string, unknown>[] = [];
  for (const [where, object] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    for (const [name, field] of Object.entries(object.shape) as [string, z.ZodType][]) {
      // The example moves to the parameter, where every OpenAPI tool shows it.
      const { description, examples, ...schema } = inputSchema(field);
      out.push({
        name,
        in: where,
        required: where === 'path' || !field.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema,
        ...(Array.isArray(examples) && examples.length > 0 ? { example: examples[0] } : {}),
      });
    }
  }
  return out;
}

export function buildOpenApi(routes: readonly Route[]) {
  const registry = z.registry<{ id: string }>();
  const idOf = new Map<z.ZodType, string>();
  for (const [id, schema] of Object.entries(COMPONENTS)) {
    registry.add(schema, { id });
    idOf.set(schema, id);
  }
  const generated = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  }) as { schemas: Record<string, JsonSchema> };
  const schemas = Object.fromEntries(Object.entries(generated.schemas).map(([id, s]) => [id, clean(s)]));

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const okId = idOf.get(route.ok.schema);
    const content = (schema: JsonSchema, example?: unknown) => ({
      'application/json': { schema, ...(example !== undefined ? { example } : {}) },
    });
    const responses: Record<string, unknown> = {
      [String(route.ok.status)]: {
        description: route.ok.description,
        content: content(
          okId ? ref(okId) : clean(z.toJSONSchema(route.ok.schema, { unrepresentable: 'any' })),
          RESPONSE_EXAMPLES[route.operationId],
        ),
      },
    };
    const statuses = new Set([...route.errors, ...EVERY_ROUTE, ...(route.body ? WITH_BODY : [])]);
    for (const status of [...statuses].sort((a, b) => a - b)) {
      responses[String(status)] = {
        description:
          status === 413 ? `the body is larger than ${route.maxBodyBytes} bytes` : (ERROR_TEXT[status] ?? 'error'),
        ...(status === 401 ? { headers: WWW_AUTHENTICATE } : {}),
        content: content(ref('Error'), ERROR_EXAMPLES[status]),
      };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description + (route.adminOnly ? '\n\nRequires the `admin` role.' : ''),
      tags: [route.tag],
      parameters: parameters(route),
      ...(route.body
        ? {
            requestBody: {
              required: route.bodyRequired,
              description: `${route.bodyRequired ? 'required' : 'optional; when sent'}, \`Content-Type: application/json\` (else 415), a JSON object (else 400) of at most ${route.maxBodyBytes} bytes (else 413)`,
              content: content(inputSchema(route.body), REQUEST_EXAMPLES[route.operationId]),
            },
          }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'fenji 分级 API',
      version: '0.1.0',
      description:
        'Risk grades (风险等级), credit classes (信用风险分类), the joint-discipline list (联合惩戒) and double-random inspection plans (双随机抽查) for market regulators. Every route needs a JWT bearer token with the claims `regions` (6-digit region codes: a district, a city ending in 00 covering its districts, a province ending in 0000) and `role` (`regulator` or `admin`); data outside the token’s regions is invisible.',
      contact: { name: 'fenji maintainers (市场监管风险分级 项目组)' },
      license: { name: 'Proprietary — not licensed for use outside the project', identifier: 'LicenseRef-Proprietary' },
    },
    // Relative: the document is right wherever it is served (npm run serve, API Gateway, a proxy).
    servers: [{ url: '/', description: 'the origin this document was served from' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'enterprises', description: 'find enterprises; one enterprise: grade with reasons, history, records' },
      { name: 'assessments', description: 'listings by region and grade' },
      { name: 'cases', description: 'statutory-deadline cases (时限) and their timeliness' },
      { name: 'discipline', description: 'the joint-discipline list' },
      { name: 'plans', description: 'double-random inspection plans' },
      { name: 'runs', description: 'grading runs' },
      { name: 'impact', description: 'rule-change impact: what a proposed rule set would do (admins)' },
      { name: 'meta', description: 'this document' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Cognito in the cloud (API Gateway JWT authorizer); locally `npm run token -- --region 330302 [--role admin]`.',
        },
      },
    },
  };
}
