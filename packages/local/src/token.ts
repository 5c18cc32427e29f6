// npm run token: prints a bearer token that `npm run serve` accepts, signed with the key of the
// state folder. Only the token goes to stdout, so TOKEN=$(npm run -s token -- ...) works; the
// console's sign-in URL (/console/#token=…: the console reads the fragment, which never reaches
// a server or a log, and takes it out of the address bar) goes to stderr, for a person to open.
import { parseArgs } from 'node:util';
import { type Clock, systemClock } from '@fenji/domain';
import { mintToken, REGION_CODE, signingKey, spanSeconds, TOKEN_ROLES, type TokenRole } from './auth.ts';
import { defaultState } from './state.ts';

const HELP = `fenji 分级 — a token for the local API (npm run serve)

Usage: npm run -s token -- --region CODE [--region CODE ...] [options]

  --region CODE      region the bearer answers for; repeat it or give a comma list
                     (330302 a district, 330300 a city and its districts, 330000 a province)
                     管辖区划
  --role ROLE        regulator or admin (only admin may draw plans)               [regulator]
  --expires-in SPAN  30m, 8h, 7d …                                                 [8h]
  --subject NAME     the token's sub (kept with the plans it draws)               [local-ROLE]
  --data DIR         the data folder npm start graded: its state's key           [events/data]
  --state DIR        state folder holding the signing key    [the --data folder's own state]
  --port N           port of npm run serve, for the console sign-in URL      [$PORT or 3000]
  -h, --help         this help

The token goes to stdout; the console sign-in URL
http://127.0.0.1:PORT/console/#token=… to stderr (打开即可登录控制台).

Example: TOKEN=$(npm run -s token -- --region 330302 --role admin)
`;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** The console's sign-in URL for a token on the local server's port. */
export function signInUrl(token: string, port: number): string {
  return `http://127.0.0.1:${port}/console/#token=${token}`;
}

/** Returns the exit code (0 printed a token or the help, 2 bad usage). */
export async function main(
  argv: string[],
  io: Io,
  clock: Clock,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const usage = (message: string) => {
    io.err(`fenji token: ${message}\nRun with --help for the options.\n`);
    return 2;
  };
  let values: {
    region?: string[];
    role?: string;
    'expires-in'?: string;
    subject?: string;
    data?: string;
    state?: string;
    port?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        region: { type: 'string', multiple: true },
        role: { type: 'string' },
        'expires-in': { type: 'string' },
        subject: { type: 'string' },
        data: { type: 'string' },
        state: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const regions = (values.region ?? [])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter(Boolean);
  if (regions.length === 0) return usage('--region is required (e.g. --region 330302)');
  const bad = regions.find((r) => !REGION_CODE.test(r));
  if (bad !== undefined) return usage(`--region must be a 6-digit region code; got ${bad}`);
  const role = (values.role ?? 'regulator') as TokenRole;
  if (!TOKEN_ROLES.includes(role)) return usage(`--role must be ${TOKEN_ROLES.join(' or ')}; got ${values.role}`);
  // The same port as npm run serve chooses: --port, else PORT, else 3000.
  const portText = values.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65_535)
    return usage(`--port must be 1–65535 (the port npm run serve listens on); got ${portText}`);
  const expiresIn = values['expires-in'] ?? '8h';
  try {
    spanSeconds(expiresIn);
  } catch (e) {
    return usage(`--expires-in: ${(e as Error).message}`);
  }
  const token = await mintToken(
    { regions, role, expiresIn, now: clock.now(), ...(values.subject ? { subject: values.subject } : {}) },
    // The same state as npm start and npm run serve use by default.
    signingKey(values.state ?? defaultState(values.data ?? 'events/data')),
  );
  io.out(`${token}\n`);
  // The URL alone on its line, so URL=$(npm run -s token -- … 2>&1 >/dev/null) captures it too.
  io.err(`${signInUrl(token, port)}\n`);
  return 0;
}

if (import.meta.main) {
  main(process.argv.slice(2), stdio, systemClock).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`fenji token: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
