import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The replay window of raw exports, as the local command applies it (packages/app/src/ingest/retention.ts).
import { REPLAY_WINDOW_DAYS } from '@fenji/app/ingest';
import { gradeSharding, SHARDING } from '@fenji/store';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/** The repository root: functions are bundled from here with the root package-lock.json. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const fromRoot = (path: string) => fileURLToPath(new URL(path, new URL('../../', import.meta.url)));

export interface FenjiConfig {
  /** OIDC issuer of the JWT authorizer; absent: a Cognito user pool is created and used. */
  issuer?: string;
  /** Accepted `aud` (or `client_id`) values; required with `issuer`. */
  audience: string[];
  /** Subscribed by e-mail to the alarm topic (the subscription must be confirmed by its owner). */
  alarmEmail?: string;
  /** X-Ray active tracing; off where X-Ray is not offered. */
  tracing: boolean;
  logRetention: RetentionDays;
  /** Days the raw exports of the records bucket are kept after upload. */
  replayWindowDays: number;
  /** Reserved concurrency of grade-worker (and the grade-queue event source's maximum). */
  workerConcurrency: number;
  /** Maximum concurrency of each ingest event source: bounds the write load on the table. */
  ingestConcurrency: number;
  /**
   * The population the deployment is sized for (enterprise profiles it will grow to); when given,
   * the defaults of `gradeShards`, `shardSize` and the scheduler's and export's memory follow from it.
   */
  enterprises?: number;
  gradeShards: number;
  shardSize: number;
  /** grade-scheduler memory: it holds one entry per enterprise of a full run. */
  schedulerMemoryMb: number;
  /** discipline-export memory: it holds every listing's penalty, line and rendered rows. */
  exportMemoryMb: number;
  /** Requests per second and burst of the API's default stage. */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** The console's build (Vite output: index.html, assets/); absolute. */
  consoleDist: string;
  /** A custom domain of the distribution, with its ACM certificate (us-east-1): viewer TLS 1.2+. */
  consoleDomain?: string;
  consoleCertificateArn?: string;
  /**
   * With `issuer` only: the console's public client at the issuer (default: the first
   * `audience`), and the issuer's authorization and token endpoints (its discovery document's
   * `authorization_endpoint` and `token_endpoint`: synthesis is offline, so they are given).
   */
  consoleClientId?: string;
  authorizeUrl?: string;
  tokenUrl?: string;
}

/** Where the console is built by default (npm ci's prepare script builds it). */
export const CONSOLE_DIST = 'packages/console/dist';

export const CONTEXT_KEYS = [
  'issuer',
  'audience',
  'alarmEmail',
  'tracing',
  'logRetentionDays',
  'replayWindowDays',
  'workerConcurrency',
  'ingestConcurrency',
  'enterprises',
  'gradeShards',
  'shardSize',
  'apiRateLimit',
  'apiBurstLimit',
  'consoleDist',
  'consoleDomain',
  'consoleCertificateArn',
  'consoleClientId',
  'authorizeUrl',
  'tokenUrl',
] as const;

const problem = (key: string, message: string) => new Error(`fenji infra: context "${key}" ${message}`);

function str(node: Node, key: string): string | undefined {
  const v = node.tryGetContext(key);
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw problem(key, `must be a string, got ${JSON.stringify(v)}`);
  return v.trim();
}

function bool(node: Node, key: string, fallback: boolean): boolean {
  const v = node.tryGetContext(key);
  if (v === undefined || v === null || v === '') return fallback;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw problem(key, `must be true or false, got ${JSON.stringify(v)}`);
}

function int(node: Node, key: string, fallback: number, min: number, max: number): number {
  const v = node.tryGetContext(key);
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw problem(key, `must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
}

function optionalInt(node: Node, key: string, min: number, max: number): number | undefined {
  const v = node.tryGetContext(key);
  return v === undefined || v === null || v === '' ? undefined : int(node, key, min, min, max);
}

const MB = 1024 * 1024;
const roundUp64 = (mb: number) => Math.ceil(mb / 64) * 64;

/**
 * Memory of the two functions whose working set grows with the population (Lambda allows 128 to
 * 10,240 MB). The scheduler of a full run holds each enterprise's USCC (~40 bytes as a V8
 * string), its array slot and its place in a message: ~100 bytes an enterprise, over a 512 MB
 * base (50 million: ~5.2 GB). The export holds every active listing or revocation (~1 % of
 * enterprises, bench data): its DISCIPLINE copy (~2 KB), its line, and the line rendered as
 * JSON, CSV and a worksheet row (~4 KB), over a 1,024 MB base (50 million: ~4 GB).
 */
function memoryFor(enterprises: number | undefined): { schedulerMemoryMb: number; exportMemoryMb: number } {
  if (enterprises === undefined) return { schedulerMemoryMb: 512, exportMemoryMb: 1024 };
  const cap = (mb: number) => Math.min(10_240, roundUp64(mb));
  return {
    schedulerMemoryMb: cap(512 + (enterprises * 100) / MB),
    exportMemoryMb: cap(1024 + (enterprises * 0.01 * 6 * 1024) / MB),
  };
}

function list(node: Node, key: string): string[] {
  const v = node.tryGetContext(key);
  if (v === undefined || v === null || v === '') return [];
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : null;
  if (!parts || parts.some((p) => typeof p !== 'string')) throw problem(key, 'must be a string or a list of strings');
  return parts.map((p: string) => p.trim()).filter((p: string) => p.length > 0);
}

function httpsUrl(node: Node, key: string, why: string): string | undefined {
  const v = str(node, key);
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw problem(key, `must be a URL, got ${JSON.stringify(v)}`);
  }
  if (url.protocol !== 'https:') throw problem(key, `must be an https:// URL (${why})`);
  return v;
}

const RETENTIONS = new Set(Object.values(RetentionDays).filter((d): d is number => typeof d === 'number'));

export function readConfig(node: Node): FenjiConfig {
  const issuer = str(node, 'issuer');
  const audience = list(node, 'audience');
  const signIn = ['consoleClientId', 'authorizeUrl', 'tokenUrl'] as const;
  let consoleClientId: string | undefined;
  let authorizeUrl: string | undefined;
  let tokenUrl: string | undefined;
  if (issuer !== undefined) {
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      throw problem('issuer', `must be the OIDC issuer URL, got ${JSON.stringify(issuer)}`);
    }
    if (url.protocol !== 'https:') throw problem('issuer', 'must be an https:// URL (API Gateway fetches its JWKS)');
    if (audience.length === 0) throw problem('audience', 'is required when "issuer" is set (the client id of fenji)');
    consoleClientId = str(node, 'consoleClientId') ?? audience[0];
    if (!audience.includes(consoleClientId))
      throw problem('consoleClientId', `must be one of "audience" (the API must accept the console's tokens)`);
    const endpoint = (key: 'authorizeUrl' | 'tokenUrl', field: string) => {
      const v = httpsUrl(node, key, 'the console signs in with the authorization code flow');
      if (v === undefined)
        throw problem(key, `is required with "issuer": the ${field} of ${issuer}/.well-known/openid-configuration`);
      return v;
    };
    authorizeUrl = endpoint('authorizeUrl', 'authorization_endpoint');
    tokenUrl = endpoint('tokenUrl', 'token_endpoint');
  } else if (audience.length > 0) {
    throw problem('audience', 'is only used with "issuer"; without an issuer the Cognito client id is the audience');
  } else {
    for (const key of signIn)
      if (str(node, key) !== undefined) throw problem(key, 'is only used with "issuer" (Cognito provides its own)');
  }

  const consoleDomain = str(node, 'consoleDomain')?.toLowerCase();
  const consoleCertificateArn = str(node, 'consoleCertificateArn');
  if ((consoleDomain === undefined) !== (consoleCertificateArn === undefined))
    throw problem(
      consoleDomain ? 'consoleCertificateArn' : 'consoleDomain',
      'goes with the other: a domain needs its certificate',
    );
  if (
    consoleDomain !== undefined &&
    !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(consoleDomain)
  )
    throw problem('consoleDomain', `must be a host name, got ${JSON.stringify(consoleDomain)}`);
  if (
    consoleCertificateArn !== undefined &&
    !/^arn:aws:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(consoleCertificateArn)
  )
    throw problem(
      'consoleCertificateArn',
      'must be an ACM certificate in us-east-1 (CloudFront takes its certificates from there)',
    );
  const dist = str(node, 'consoleDist') ?? CONSOLE_DIST;

  const alarmEmail = str(node, 'alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))
    throw problem('alarmEmail', `must be an e-mail address, got ${JSON.stringify(alarmEmail)}`);

  // Network logs are kept no less than six months (Cybersecurity Law of the PRC, Art. 21(三)).
  // CloudWatch's 180 days is shorter than six calendar months (from 1 January it ends on 29 June),
  // so its next step, 365 days, is the least a deployment may set.
  const logRetention = int(node, 'logRetentionDays', RetentionDays.ONE_YEAR, 1, 3653);
  if (!RETENTIONS.has(logRetention))
    throw problem('logRetentionDays', `must be one of CloudWatch's retention values: ${[...RETENTIONS].join(', ')}`);
  if (logRetention < RetentionDays.ONE_YEAR)
    throw problem(
      'logRetentionDays',
      `must be at least ${RetentionDays.ONE_YEAR}: network logs are kept no less than six months (Cybersecurity Law Art. 21), and CloudWatch's ${RetentionDays.SIX_MONTHS} days fall short of six calendar months`,
    );

  const apiRateLimit = int(node, 'apiRateLimit', 50, 1, 10_000);
  const workerConcurrency = int(node, 'workerConcurrency', 8, 2, SHARDING.maxWorkerConcurrency);
  const enterprises = optionalInt(node, 'enterprises', 1, 2_000_000_000);
  const sized = enterprises === undefined ? undefined : gradeSharding({ enterprises, workerConcurrency });
  return {
    issuer,
    audience,
    alarmEmail,
    tracing: bool(node, 'tracing', true),
    logRetention: logRetention as RetentionDays,
    replayWindowDays: int(node, 'replayWindowDays', REPLAY_WINDOW_DAYS, 1, 3650),
    workerConcurrency,
    ingestConcurrency: int(node, 'ingestConcurrency', 5, 2, 1000),
    enterprises,
    // Without `enterprises`, the values every deployment so far was made with: GRADE_SHARDS keys
    // the dirty marks and the profile index, so a stored table must keep its value. Derived from
    // `enterprises` alone (gradeSharding), never from workerConcurrency: changing the workers
    // leaves it alone; the scheduler refuses a value other than the one stored in the table.
    gradeShards: int(node, 'gradeShards', sized?.gradeShards ?? 16, 1, 1000),
    shardSize: int(node, 'shardSize', sized?.shardSize ?? 200, 1, 5000),
    ...memoryFor(enterprises),
    apiRateLimit,
    apiBurstLimit: int(node, 'apiBurstLimit', apiRateLimit * 2, 1, 5000),
    consoleDist: isAbsolute(dist) ? dist : resolve(REPO_ROOT, dist),
    consoleDomain,
    consoleCertificateArn,
    consoleClientId,
    authorizeUrl,
    tokenUrl,
  };
}
