import { fileURLToPath } from 'node:url';
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
  /** Reserved concurrency of grade-worker (and the grade-queue event source's maximum). */
  workerConcurrency: number;
  /** Maximum concurrency of each ingest event source: bounds the write load on the table. */
  ingestConcurrency: number;
  gradeShards: number;
  shardSize: number;
  /** Requests per second and burst of the API's default stage. */
  apiRateLimit: number;
  apiBurstLimit: number;
}

export const CONTEXT_KEYS = [
  'issuer',
  'audience',
  'alarmEmail',
  'tracing',
  'logRetentionDays',
  'workerConcurrency',
  'ingestConcurrency',
  'gradeShards',
  'shardSize',
  'apiRateLimit',
  'apiBurstLimit',
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

function list(node: Node, key: string): string[] {
  const v = node.tryGetContext(key);
  if (v === undefined || v === null || v === '') return [];
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : null;
  if (!parts || parts.some((p) => typeof p !== 'string')) throw problem(key, 'must be a string or a list of strings');
  return parts.map((p: string) => p.trim()).filter((p: string) => p.length > 0);
}

const RETENTIONS = new Set(Object.values(RetentionDays).filter((d): d is number => typeof d === 'number'));

export function readConfig(node: Node): FenjiConfig {
  const issuer = str(node, 'issuer');
  const audience = list(node, 'audience');
  if (issuer !== undefined) {
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      throw problem('issuer', `must be the OIDC issuer URL, got ${JSON.stringify(issuer)}`);
    }
    if (url.protocol !== 'https:') throw problem('issuer', 'must be an https:// URL (API Gateway fetches its JWKS)');
    if (audience.length === 0) throw problem('audience', 'is required when "issuer" is set (the client id of fenji)');
  } else if (audience.length > 0) {
    throw problem('audience', 'is only used with "issuer"; without an issuer the Cognito client id is the audience');
  }

  const alarmEmail = str(node, 'alarmEmail');
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))
    throw problem('alarmEmail', `must be an e-mail address, got ${JSON.stringify(alarmEmail)}`);

  // Network logs are kept at least six months (Cybersecurity Law of the PRC, Art. 21).
  const logRetention = int(node, 'logRetentionDays', RetentionDays.SIX_MONTHS, 1, 3653);
  if (!RETENTIONS.has(logRetention))
    throw problem('logRetentionDays', `must be one of CloudWatch's retention values: ${[...RETENTIONS].join(', ')}`);

  const apiRateLimit = int(node, 'apiRateLimit', 50, 1, 10_000);
  return {
    issuer,
    audience,
    alarmEmail,
    tracing: bool(node, 'tracing', true),
    logRetention: logRetention as RetentionDays,
    workerConcurrency: int(node, 'workerConcurrency', 8, 2, 1000),
    ingestConcurrency: int(node, 'ingestConcurrency', 5, 2, 1000),
    gradeShards: int(node, 'gradeShards', 16, 1, 1000),
    shardSize: int(node, 'shardSize', 200, 1, 5000),
    apiRateLimit,
    apiBurstLimit: int(node, 'apiBurstLimit', apiRateLimit * 2, 1, 5000),
  };
}
