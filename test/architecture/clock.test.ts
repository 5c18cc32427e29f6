// One clock (architecture: "time comes from one injected clock"). The wall clock is read in
// exactly one place, domain's systemClock, and handed in only by the edges: the Lambda handlers'
// dependency builders and the local command, server and token tool. Use cases, stores and tests
// take a Clock, so every result can be replayed on a fixed day and the suite passes on any day.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DEFINES_IT = 'packages/domain/src/clock.ts';
/**
 * Edges: where a process meets the world, and so its clock. Each function's handler.ts (its
 * wiring), the local commands (start, impact), server and token tool, and the benchmark (it stamps
 * its results).
 */
const isEdge = (file: string) =>
  /^functions\/[^/]+\/src\/handler\.ts$/.test(file) ||
  [
    'packages/local/src/serve.ts',
    'packages/local/src/start.ts',
    'packages/local/src/token.ts',
    'packages/local/src/impact.ts',
  ].includes(file) ||
  file.startsWith('bench/');
/** Moves the wall clock for the time-travel projects: the mechanism of the check, not a read. */
const TIME_TRAVEL = 'test/support/time-travel.ts';
/** The browser's one clock: a console in a regulator's browser lives on that browser's day. */
const BROWSER_CLOCK = 'packages/console/src/clock.ts';
const THIS_FILE = relative(ROOT, import.meta.filename);

// Built from parts so that this file does not match itself.
const WALL_CLOCK_READ = new RegExp(['new Date\\(\\s*\\)', 'Date\\.now\\(', '(?<![\\w.])Date\\(\\s*\\)'].join('|'));
const SYSTEM_CLOCK = new RegExp(['system', 'Clock'].join(''));

function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'cdk.out') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) out.push(relative(ROOT, path));
    }
  };
  for (const top of ['packages', 'functions', 'infra', 'test', 'bench']) walk(join(ROOT, top));
  return out.sort();
}

const offending = (pattern: RegExp, allowed: (file: string) => boolean) =>
  sources()
    .filter((file) => !allowed(file))
    .flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
        .filter(({ line }) => pattern.test(line) && !/^\s*(\/\/|\*)/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );

describe('one injected clock', () => {
  it('the wall clock is read only by domain/clock.ts (systemClock), the console in the browser, and the benchmark for its time stamps', () => {
    const allowed = (f: string) =>
      f === DEFINES_IT || f === TIME_TRAVEL || f === BROWSER_CLOCK || f.startsWith('bench/');
    expect(offending(WALL_CLOCK_READ, allowed)).toEqual([]);
  });

  it('systemClock is handed in only at the edges: no use case, store or test takes its day from it', () => {
    const allowed = (f: string) => f === DEFINES_IT || f === THIS_FILE || isEdge(f);
    expect(offending(SYSTEM_CLOCK, allowed)).toEqual([]);
  });

  it('the check sees a read when there is one', () => {
    expect(WALL_CLOCK_READ.test(`const t = new ${'Date'}();`)).toBe(true);
    expect(WALL_CLOCK_READ.test(`const t = ${'Date'}.now();`)).toBe(true);
    expect(WALL_CLOCK_READ.test(`const s = ${'Date'}();`)).toBe(true);
    expect(WALL_CLOCK_READ.test(`const t = new ${'Date'}('2026-11-30');`)).toBe(false);
    expect(sources()).toContain(DEFINES_IT);
  });
});
