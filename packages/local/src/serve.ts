// npm run serve: the API Lambda's handler on http://127.0.0.1:${PORT:-3000}, over the state
// `npm start` left in the state folder. This server plays API Gateway: it matches the route,
// verifies the bearer token (the JWT authorizer; 401 on any failure), and invokes the same
// handler with the HTTP API payload 2.0 event, claims included.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ApiEvent, ApiResult, Route } from '@fenji/app';
import { type Clock, redactIds, systemClock } from '@fenji/domain';
import type { Context } from 'aws-lambda';
import { apiGatewayClaims, signingKey, verifyBearer } from './auth.ts';

const HELP = `fenji 分级 — the API on the local state (run npm start first)

Usage: npm run serve [-- options]

  --state DIR   state folder left by npm start                                    [.fenji]
                本地状态目录
  --port N      port on 127.0.0.1 (0 = any free port)                             [$PORT or 3000]
  -h, --help    this help

Tokens: npm run -s token -- --region 330302 [--role admin]
Then:   curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/openapi.json
`;

const MAX_BODY = 64 * 1024;

export interface ApiServerOptions {
  handler: (event: ApiEvent, context: Context) => Promise<ApiResult>;
  routes: readonly Route[];
  toEvent: typeof import('@fenji/app').toHttpApiEvent;
  key: Uint8Array;
  /** Verifies token expiry and dates each request. */
  clock: Clock;
  /** One line per request (method, path, status, ms); default none. */
  log?: (line: string) => void;
}

const lambdaContext = (requestId: string): Context =>
  ({
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'fenji-api-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:fenji-api-local',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createApiServer(options: ApiServerOptions): Server {
  return createServer(async (req, res) => {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = (req.url ?? '/').split('?')[0] as string;
    let status = 500;
    try {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
      );
      // API Gateway matches the route before the authorizer runs: an unknown route is a 404.
      const receivedAt = options.clock.now();
      const unauthorised = options.toEvent(options.routes, { method, url: req.url ?? '/', headers, receivedAt });
      if (!unauthorised) {
        status = 404;
        return send(res, status, { error: 'not_found', message: 'no such route' });
      }
      const verified = await verifyBearer(req.headers.authorization, options.key, receivedAt);
      if (!verified.ok) {
        status = 401;
        return send(
          res,
          status,
          { error: 'unauthorized', message: verified.message },
          { 'www-authenticate': 'Bearer error="invalid_token"' },
        );
      }
      const body = await readBody(req);
      if (body === null) {
        status = 413;
        return send(res, status, { error: 'payload_too_large', message: `body: at most ${MAX_BODY} bytes` });
      }
      const requestId = randomUUID();
      const event = options.toEvent(options.routes, {
        method,
        url: req.url ?? '/',
        headers,
        receivedAt,
        body,
        claims: apiGatewayClaims(verified.claims),
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        requestId,
      });
      const result = await options.handler(event as unknown as ApiEvent, lambdaContext(requestId));
      status = result.statusCode ?? 200;
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) out[k] = String(v);
      return send(res, status, result.body ?? '', out);
    } catch {
      status = 500;
      return send(res, status, { error: 'internal', message: 'the local server failed; see its log' });
    } finally {
      // The path may carry anything a caller typed: ID-shaped numbers are masked in the log.
      options.log?.(`${method} ${redactIds(path, true)} ${status} ${Math.round(performance.now() - started)}ms`);
    }
  });
}

function fail(message: string): never {
  process.stderr.write(`fenji serve: ${message}\nRun with --help for the options.\n`);
  process.exit(2);
}

export interface Serving {
  url: string;
  close(): Promise<void>;
}

/** Starts the server over a state folder; resolves once it listens. */
export async function serve(options: {
  state: string;
  port: number;
  clock: Clock;
  log?: (line: string) => void;
}): Promise<Serving> {
  // Powertools reads its level when the handler module loads: quiet unless asked.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const [{ startEmbedded }, api, { S3Client }, store] = await Promise.all([
    import('@fenji/embedded'),
    import('@fenji/app'),
    import('@aws-sdk/client-s3'),
    import('@fenji/store'),
  ]);
  const key = signingKey(options.state);
  const env = await startEmbedded({ stateDir: options.state });
  const doc = store.documentClient(env.dynamoConfig);
  const s3 = new S3Client(env.s3Config);
  // The shard count npm start grades with (pipeline.ts): the profiles' shard index uses it.
  const shards = 16;
  const deps = {
    records: new store.RecordStore({ doc, table: env.tableName, shards, clock: options.clock }),
    assessments: new store.AssessmentStore({ doc, table: env.tableName, shards }),
    cases: new store.CaseStore({ doc, table: env.tableName }),
    runs: new store.RunStore({ doc, table: env.tableName }),
    queries: new store.ApiQueries({ doc, table: env.tableName, shards }),
    plans: new store.PlanStore({ doc, table: env.tableName }),
    s3,
    exportsBucket: env.buckets.exports,
    clock: options.clock,
  };
  const server = createApiServer({
    handler: api.makeApiHandler(() => deps) as ApiServerOptions['handler'],
    routes: api.ROUTES,
    toEvent: api.toHttpApiEvent,
    key,
    clock: options.clock,
    ...(options.log ? { log: options.log } : {}),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    s3.destroy();
    doc.destroy();
    await env.stop();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      s3.destroy();
      doc.destroy();
      await env.stop();
    },
  };
}

export async function main(argv: string[]): Promise<void> {
  let values: { state?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { state: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const state = values.state ?? '.fenji';
  const portText = values.port ?? process.env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) fail(`--port must be 0–65535; got ${portText}`);
  if (!existsSync(join(state, 'last-run.json')))
    process.stderr.write(`note: ${state} holds no npm start run yet; the API will answer from an empty store\n`);
  let serving: Serving;
  try {
    serving = await serve({ state, port, clock: systemClock, log: (line) => process.stdout.write(`${line}\n`) });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`port ${port} is in use; set PORT or --port`);
    if (/lock/i.test(err.message ?? ''))
      fail(`${state} is in use by another process (npm start, or another npm run serve)`);
    throw e;
  }
  process.stdout.write(
    `fenji API on ${serving.url} (state ${state})\n` +
      `  token:  TOKEN=$(npm run -s token -- --region 330302)\n` +
      `  try:    curl -H "Authorization: Bearer $TOKEN" ${serving.url}/assessments?limit=3\n`,
  );
  const stop = () => {
    serving.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`fenji serve: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
