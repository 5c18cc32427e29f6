// What the local runtime keeps between runs in the state folder (--state): the embedded
// database and objects, the HMAC key for ID numbers (created once, never printed), and what
// the previous run graded (for "changes since the previous run").
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** Where the state folders live when --state is not given. */
export const STATE_ROOT = '.fenji';

/**
 * The default state of a data folder: one per folder (its name and a hash of its absolute path),
 * so that grading a second folder never merges into the first one's records, grades or plan.
 */
export function defaultState(data: string): string {
  const absolute = resolve(data);
  const name = basename(absolute).replace(/[^\p{L}\p{N}._-]+/gu, '-') || 'data';
  const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 8);
  return join(STATE_ROOT, `${name}-${hash}`);
}

export function idKey(stateDir: string): string {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, 'id-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export interface LocalRunMemory {
  lastAsOf: string | null;
  assessmentsJsonl: string | null;
}

export function readMemory(stateDir: string): LocalRunMemory {
  const meta = join(stateDir, 'last-run.json');
  const lastAssessments = join(stateDir, 'last-assessments.jsonl');
  const last = existsSync(meta) ? (JSON.parse(readFileSync(meta, 'utf8')) as { asOf: string }) : null;
  return {
    lastAsOf: last?.asOf ?? null,
    assessmentsJsonl: existsSync(lastAssessments) ? readFileSync(lastAssessments, 'utf8') : null,
  };
}

export function writeMemory(stateDir: string, asOf: string, assessmentsJsonl: string): void {
  writeFileSync(join(stateDir, 'last-run.json'), `${JSON.stringify({ asOf }, null, 2)}\n`);
  writeFileSync(join(stateDir, 'last-assessments.jsonl'), assessmentsJsonl);
}

/**
 * The number of the run about to start on this state, counted before it grades anything: a run
 * that dies halfway has used its number, so the next one can never take its shards for its own.
 * A state made before runs were numbered counts as having made one.
 */
export function claimRunNumber(stateDir: string): number {
  const file = join(stateDir, 'runs');
  const made = existsSync(file)
    ? Number(readFileSync(file, 'utf8'))
    : existsSync(join(stateDir, 'last-run.json'))
      ? 1
      : 0;
  writeFileSync(file, `${made + 1}\n`);
  return made + 1;
}
