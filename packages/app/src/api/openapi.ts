// GET /openapi.json: OpenAPI 3.1 built from the route table and the zod schemas the handler
// validates with (zod 4's JSON Schema output is draft 2020-12, the dialect of OpenAPI 3.1).
import { z } from 'zod';
import type { Route } from './routes.ts';
import {
  Assessment,
  AssessmentPage,
  AssessmentResponse,
  AssessmentSummary,
  DisciplineListResponse,
  EnterpriseProfile,
  ErrorResponse,
  Explanation,
  HistoryPage,
  PlanDrawResponse,
  PlanResponse,
  RecordsResponse,
  RunResponse,
} from './schemas.ts';

type JsonSchema = Record<string, unknown>;

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
  DisciplineListResponse,
  PlanResponse,
  PlanDrawResponse,
  RunResponse,
};

const ERROR_TEXT: Record<number, string> = {
  400: 'a parameter is invalid; `message` names it',
  401: 'no token, or a token that is expired, badly signed, malformed or without usable claims',
  403: 'the role may not do this, or the region asked for lies outside the token’s regions',
  404: 'not found — or outside your regions: the two are indistinguishable on purpose',
  409: 'the period’s plan has been drawn already',
  500: 'internal error; the message carries the request id',
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
      const { description, ...schema } = inputSchema(field);
      out.push({
        name,
        in: where,
        required: where === 'path' || !field.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema,
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
    const content = (schema: JsonSchema) => ({ 'application/json': { schema } });
    const responses: Record<string, unknown> = {
      [String(route.ok.status)]: {
        description: route.ok.description,
        content: content(okId ? ref(okId) : clean(z.toJSONSchema(route.ok.schema, { unrepresentable: 'any' }))),
      },
    };
    for (const status of [...route.errors, 401, 500].sort()) {
      responses[String(status)] = { description: ERROR_TEXT[status] ?? 'error', content: content(ref('Error')) };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description + (route.adminOnly ? '\n\nRequires the `admin` role.' : ''),
      tags: [route.tag],
      parameters: parameters(route),
      ...(route.body ? { requestBody: { required: false, content: content(inputSchema(route.body)) } } : {}),
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
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'npm run serve (local)' }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: 'enterprises', description: 'one enterprise: grade with reasons, history, records' },
      { name: 'assessments', description: 'listings by region and grade' },
      { name: 'discipline', description: 'the joint-discipline list' },
      { name: 'plans', description: 'double-random inspection plans' },
      { name: 'runs', description: 'grading runs' },
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
