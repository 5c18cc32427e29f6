// What the local runtime keeps between runs in the state folder (--state): the embedded
// database and objects, the HMAC key for ID numbers (created once, never printed), and what
// the previous run graded (for "changes since the previous run").
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function idKey(stateDir: string): string {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, 'id-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export interface LocalRunMemory {
  lastAsOf: string | null;
  /** Runs made on this state so far: the next run's number names it. */
  runs: number;
  assessmentsJsonl: string | null;
}

export function readMemory(stateDir: string): LocalRunMemory {
  const meta = join(stateDir, 'last-run.json');
  const lastAssessments = join(stateDir, 'last-assessments.jsonl');
  const last = existsSync(meta) ? (JSON.parse(readFileSync(meta, 'utf8')) as { asOf: string; runs?: number }) : null;
  return {
    lastAsOf: last?.asOf ?? null,
    // A state written before runs were counted has made at least one.
    runs: last ? (last.runs ?? 1) : 0,
    assessmentsJsonl: existsSync(lastAssessments) ? readFileSync(lastAssessments, 'utf8') : null,
  };
}

export function writeMemory(stateDir: string, asOf: string, runs: number, assessmentsJsonl: string): void {
  writeFileSync(join(stateDir, 'last-run.json'), `${JSON.stringify({ asOf, runs }, null, 2)}\n`);
  writeFileSync(join(stateDir, 'last-assessments.jsonl'), assessmentsJsonl);
}
