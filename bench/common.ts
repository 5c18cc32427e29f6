// Shared helpers of the benchmark: where things go, child processes, memory readings, statistics.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordType } from '@fenji/domain';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT_DIR = dirname(BENCH_DIR);
/** Generated data, databases and logs: git-ignored, never committed. */
export const TMP_DIR = join(BENCH_DIR, 'tmp');
export const RESULTS_FILE = join(BENCH_DIR, 'results.json');

/** Fixed inputs: the same options always give the same bytes (packages/sample is deterministic). */
export const SEED = 'fenji-bench';
export const AS_OF = '2026-11-30';
/** Bump when the prepared data layout changes, so stale bench/tmp data is rebuilt. */
export const DATA_VERSION = 3;

export type Format = 'csv' | 'jsonl';
/** The record types of a data set: the domain's. */
export type DataType = RecordType;

/** One data file of a prepared data set (relative path, record type, format, data lines). */
export interface FileEntry {
  path: string;
  type: DataType;
  format: Format;
  lines: number;
  bytes: number;
}

export function scaleDir(scale: number): string {
  return join(TMP_DIR, `scale-${scale}`);
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function resetDir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  return ensureDir(dir);
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function writeJson(file: string, value: unknown): void {
  ensureDir(dirname(file));
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function readJsonIfExists<T>(file: string): T | null {
  return existsSync(file) ? readJson<T>(file) : null;
}

/** The code measured: HEAD and the files changed outside bench/ (the tree may move between runs). */
export function codeVersion(): { commit: string; changed: string[] } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT_DIR, encoding: 'utf8' });
    const changed = git('status', '--porcelain', '--', '.', ':(exclude)bench')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3));
    return { commit: git('rev-parse', '--short', 'HEAD').trim(), changed };
  } catch {
    return { commit: 'unknown', changed: [] };
  }
}

/** Peak resident set size of this process so far (Linux VmHWM), in MB; null elsewhere. */
export function peakRssMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

export function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** CPU seconds of this whole process so far (all threads: JS, GC helpers, DuckDB workers). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Wall and CPU time of a piece of work. */
export function timer(): () => { wall: number; cpu: number } {
  const w = performance.now();
  const c = cpuSeconds();
  return () => ({ wall: (performance.now() - w) / 1000, cpu: cpuSeconds() - c });
}

export function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs the garbage collector when the process was started with --expose-gc. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export interface ChildOptions {
  /** V8 old-space limit in MB. */
  maxOldSpaceMb?: number;
  /** Pin the child to one core (taskset -c 0): the "one core" of the assess target. */
  oneCore?: boolean;
  exposeGc?: boolean;
}

/**
 * Runs `bench/child.ts <task>` in a fresh Node process and returns the JSON it writes; the child's
 * stderr (progress) passes through. A fresh process per task keeps peak-RSS readings (VmHWM) to
 * that task and returns all memory between tasks.
 */
export async function runChild<T>(task: string, args: unknown, options: ChildOptions = {}): Promise<T> {
  const out = join(TMP_DIR, `child-${task}-${process.pid}-${Date.now()}.json`);
  ensureDir(TMP_DIR);
  const nodeArgs = [
    ...(options.maxOldSpaceMb ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : []),
    ...(options.exposeGc ? ['--expose-gc'] : []),
    join(BENCH_DIR, 'child.ts'),
    task,
    JSON.stringify(args),
    out,
  ];
  const [cmd, argv] =
    options.oneCore && existsSync('/usr/bin/taskset')
      ? ['/usr/bin/taskset', ['-c', '0', process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT_DIR });
    child.on('error', reject);
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  if (code !== 0 || !existsSync(out)) throw new Error(`bench child "${task}" failed (exit ${code})`);
  const result = readJson<T>(out);
  rmSync(out, { force: true });
  return result;
}

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : Math.round(n).toLocaleString('en-US');
}
