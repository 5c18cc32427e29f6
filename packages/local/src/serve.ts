// npm run serve: the API Lambda's handler on http://127.0.0.1:${PORT:-3000}, over the state
// `npm start` left in the state folder. This server plays API Gateway: it matches the route,
// verifies the bearer token (the JWT authorizer; 401 on any failure), and invokes the same
// handler with the HTTP API payload 2.0 event, claims included.
//
// It also serves the regulators' web console at /console/ (the static build of
// packages/console), on the same origin as the API, without a token (the console is static; its
// calls to the API carry one), with the security headers the cloud hosting sends too, and a
// generated /console/config.json that tells the console to sign in with `npm run token`'s URL.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ApiEvent, ApiResult, Route } from '@fenji/app';
import { type Clock, redactIds, systemClock } from '@fenji/domain';
import type { Context } from 'aws-lambda';
import { apiGatewayClaims, signingKey, verifyBearer } from './auth.ts';
import { defaultState } from './state.ts';

const HELP = `fenji 分级 — the API on the local state (run npm start first)

Usage: npm run serve [-- options]

  --data DIR    the data folder npm start graded: serve its state                 [events/data]
  --state DIR   state folder left by npm start                [the --data folder's own state]
                本地状态目录
  --port N      port on 127.0.0.1 (0 = any free port)                             [$PORT or 3000]
  -h, --help    this help

Tokens: npm run -s token -- --region 330302 [--role admin]
Then:   curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/openapi.json
Impact: POST /impact (admin token) runs a rule-change impact in this process (docs/impact.md)
Console: http://127.0.0.1:3000/console/ (npm run token prints a sign-in URL)
`;

/**
 * The local server's own guard; the handler refuses bodies above each route's limit itself (413
 * too): 16 KiB, and 64 KiB for POST /impact, which takes a whole rule-set file.
 */
const MAX_BODY = 64 * 1024;

/** Where npm ci / npm run build -w @fenji/console writes the console (packages/console/dist). */
export const DEFAULT_CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/**
 * /console/config.json as this server generates it: the API is this origin, and sign-in is a
 * token (`npm run token` prints `/console/#token=…`). The cloud hosting writes an OIDC one.
 */
export const LOCAL_CONSOLE_CONFIG = { apiBase: '', auth: { mode: 'token' } } as const;

export interface ConsoleOptions {
  /** The console's build folder: index.html and hashed assets under assets/. */
  dist: string;
  /** Sent on every console response: CONSOLE_SECURITY_HEADERS of @fenji/app (injected like the routes). */
  securityHeaders: Readonly<Record<string, string>>;
}

export interface ApiServerOptions {
  handler: (event: ApiEvent, context: Context) => Promise<ApiResult>;
  routes: readonly Route[];
  toEvent: typeof import('@fenji/app').toHttpApiEvent;
  key: Uint8Array;
  /** Verifies token expiry and dates each request. */
  clock: Clock;
  /** One line per request (method, path, status, ms); default none. */
  log?: (line: string) => void;
  /** Serve the console at /console/; without it /console/ is an unknown route like any other. */
  console?: ConsoleOptions;
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

/**
 * The body, or null when it is larger than MAX_BODY. A body too large is still read to its end
 * and discarded: answering before the client has sent it all and closing would reset the
 * kept-alive connection under the client (ECONNRESET on its next request), and leaving the
 * stream half read would do the same. (Breaking out of `for await` destroys the socket.)
 */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8');
}

// ---- the console ------------------------------------------------------------------------------

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const ASSET_CACHE = 'public, max-age=31536000, immutable';
const PAGE_CACHE = 'no-cache';

const NOT_BUILT =
  '控制台尚未构建。请运行 npm run build -w @fenji/console（npm ci 会自动构建）。\n' +
  'The console has not been built: run `npm run build -w @fenji/console` (npm ci builds it).\n';

/** The path segments under /console/, decoded; null when one could climb out or is not a name. */
function consoleSegments(rawPath: string): string[] | null {
  const segments: string[] = [];
  for (const raw of rawPath.slice('/console/'.length).split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '') continue;
    if (seg === '.' || seg === '..' || /[/\\\0]/.test(seg)) return null;
    segments.push(seg);
  }
  return segments;
}

/** A regular file inside `dist` (symbolic links resolved), or null. */
async function fileInside(dist: string, segments: readonly string[]): Promise<string | null> {
  // Dotfiles are not part of a build; a name starting with "." is never served.
  if (segments.some((s) => s.startsWith('.'))) return null;
  const root = resolve(dist);
  const candidate = resolve(root, ...segments);
  if (!candidate.startsWith(root + sep)) return null;
  try {
    if (!(await stat(candidate)).isFile()) return null;
    const [realRoot, real] = await Promise.all([realpath(root), realpath(candidate)]);
    return real.startsWith(realRoot + sep) ? real : null;
  } catch {
    return null;
  }
}

/**
 * GET/HEAD under /console/. A file of the build is served as is; any other path gets
 * index.html, so deep links (/console/enterprises/{uscc}) load the app — except under
 * /console/assets/, where a missing file is a 404 (a stale hashed name must not come back as
 * HTML). config.json is generated. Every answer carries the security headers.
 */
async function serveConsole(req: IncomingMessage, res: ServerResponse, c: ConsoleOptions): Promise<number> {
  const method = (req.method ?? 'GET').toUpperCase();
  const rawPath = (req.url ?? '/').split('?')[0] as string;
  const reply = (status: number, type: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.writeHead(status, {
      ...c.securityHeaders,
      'content-type': type,
      'content-length': String(bytes.length),
      ...headers,
    });
    res.end(method === 'HEAD' ? undefined : bytes);
    return status;
  };
  const text = (status: number, body: string, headers: Record<string, string> = {}) =>
    reply(status, 'text/plain; charset=utf-8', body, { 'cache-control': 'no-store', ...headers });
  if (method !== 'GET' && method !== 'HEAD')
    return text(405, '405 只读 / the console is read-only: GET or HEAD\n', { allow: 'GET, HEAD' });
  if (rawPath === '/console') {
    const query = (req.url ?? '').slice(rawPath.length);
    return text(308, '308 /console/\n', { location: `/console/${query}` });
  }
  if (rawPath === '/console/config.json')
    return reply(200, CONTENT_TYPES['.json'] as string, JSON.stringify(LOCAL_CONSOLE_CONFIG), {
      'cache-control': PAGE_CACHE,
    });
  const segments = consoleSegments(rawPath);
  if (segments === null) return text(404, '404 未找到 / not found\n');
  const index = join(c.dist, 'index.html');
  if (!existsSync(index)) return text(503, NOT_BUILT);
  const isAsset = segments[0] === 'assets';
  const file = await fileInside(c.dist, segments);
  if (file === null) {
    if (isAsset) return text(404, '404 未找到 / not found\n');
    return reply(200, CONTENT_TYPES['.html'] as string, await readFile(index), { 'cache-control': PAGE_CACHE });
  }
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  return reply(200, type, await readFile(file), { 'cache-control': isAsset ? ASSET_CACHE : PAGE_CACHE });
}

export function createApiServer(options: ApiServerOptions): Server {
  return createServer(async (req, res) => {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = (req.url ?? '/').split('?')[0] as string;
    let status = 500;
    try {
      // The console is static and public: no token (its calls to the API carry one).
      if (options.console && (path === '/console' || path.startsWith('/console/'))) {
        status = await serveConsole(req, res, options.console);
        return;
      }
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
        // An unread body is discarded by Node once the answer is sent: the connection stays usable.
        return send(
          res,
          status,
          { error: 'unauthorized', message: verified.message },
          { 'www-authenticate': verified.challenge },
        );
      }
      // Only a route that takes a body reads one (API Gateway passes a GET's body on, and the
      // handler ignores it): a GET is never refused for its body.
      const takesBody = options.routes.some((r) => `${r.method} ${r.path}` === unauthorised.routeKey && r.body);
      const body = takesBody ? await readBody(req) : '';
      if (body === null) {
        status = 413;
        return send(res, status, {
          error: 'payload_too_large',
          message: `body: at most ${MAX_BODY} bytes (请求体过大)`,
        });
      }
      const requestId = randomUUID();
      const event = options.toEvent(options.routes, {
        method,
        url: req.url ?? '/',
        headers,
        receivedAt,
        body: body === '' ? null : body,
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
      if (res.headersSent) return void res.destroy();
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
  /** The console's build folder; default packages/console/dist. */
  consoleDist?: string;
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
  const records = new store.RecordStore({ doc, table: env.tableName, shards, clock: options.clock });
  const assessments = new store.AssessmentStore({ doc, table: env.tableName, shards });
  const impactJobs = new store.ImpactJobStore({ doc, table: env.tableName });
  // POST /impact: the impact worker's use case runs in this process, on the embedded table and
  // buckets, once the request that queued the job has been answered (in the cloud: the impact
  // queue and its Lambda). A job records its own failure; anything else is logged.
  const impactQueue = api.inProcessImpactQueue(
    ({ jobId }) =>
      api.runImpactJob(jobId, {
        records,
        assessments,
        jobs: impactJobs,
        s3,
        exportsBucket: env.buckets.exports,
        shards,
        clock: options.clock,
      }),
    (e, { jobId }) => options.log?.(`impact job ${jobId} failed outside the job: ${redactIds(String(e), true)}`),
  );
  const deps = {
    records,
    assessments,
    cases: new store.CaseStore({ doc, table: env.tableName }),
    runs: new store.RunStore({ doc, table: env.tableName }),
    queries: new store.ApiQueries({ doc, table: env.tableName, shards }),
    plans: new store.PlanStore({ doc, table: env.tableName }),
    s3,
    exportsBucket: env.buckets.exports,
    clock: options.clock,
    impactJobs,
    impactQueue,
  };
  const server = createApiServer({
    handler: api.makeApiHandler(() => deps) as ApiServerOptions['handler'],
    routes: api.ROUTES,
    toEvent: api.toHttpApiEvent,
    key,
    clock: options.clock,
    ...(options.log ? { log: options.log } : {}),
    console: { dist: options.consoleDist ?? DEFAULT_CONSOLE_DIST, securityHeaders: api.CONSOLE_SECURITY_HEADERS },
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
      // An impact job under way finishes first: it writes to the table and the bucket.
      await impactQueue.idle();
      s3.destroy();
      doc.destroy();
      await env.stop();
    },
  };
}

export async function main(argv: string[]): Promise<void> {
  let values: { data?: string; state?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        state: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
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
  // The same default as npm start: the state of the data folder (events/data unless given).
  const state = values.state ?? defaultState(values.data ?? 'events/data');
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
  const portArg = port === 3000 ? '' : ` --port ${new URL(serving.url).port}`;
  process.stdout.write(
    `fenji API on ${serving.url} (state ${state})\n` +
      `  token:   TOKEN=$(npm run -s token -- --region 330302)\n` +
      `  try:     curl -H "Authorization: Bearer $TOKEN" ${serving.url}/assessments?limit=3\n` +
      `  console: ${serving.url}/console/ — sign in with the URL npm run token -- --region 330302${portArg} prints\n`,
  );
  if (!existsSync(join(DEFAULT_CONSOLE_DIST, 'index.html')))
    process.stderr.write(`note: the console is not built yet; run npm run build -w @fenji/console\n`);
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
