// Hostile input (issue "reliability"): random bytes, truncated files, huge lines, deeply nested
// JSON, wrong encodings, control characters and formula cells reach the parsers. No crash, no
// hang, a precise error per bad line, memory bounded by a batch (proved in a child process with a
// capped heap, never by an RSS reading).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { planCsv } from '@fenji/app';
import { makeUscc, RECORD_FIELDS } from '@fenji/domain';
import { parseMessage, readRecords } from '@fenji/ingest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ctx = { idKey: 'hostile-test-key-0123456789abcdef0123', today: '2026-11-30' };
const KEYS = [
  'inspections/x.csv',
  'penalties/x.jsonl',
  'enterprises/x.csv',
  'samplings/x.jsonl',
  'inspectors/x.csv',
  'misc/x.csv',
];

async function drain(bytes: Uint8Array, key: string, chunk = 4096) {
  const input = (async function* () {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  })();
  let records = 0;
  const rejects: { source: string; line: number | null; errors: { field: string; message: string }[] }[] = [];
  for await (const batch of readRecords(input, { source: key, key, ctx })) {
    records += batch.records.length;
    rejects.push(...batch.rejects);
  }
  return { records, rejects };
}

const wellFormed = (r: { source: string; line: number | null; errors: { field: string; message: string }[] }) => {
  expect(typeof r.source).toBe('string');
  expect(r.line === null || (Number.isInteger(r.line) && r.line >= 1)).toBe(true);
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(e.field.length).toBeGreaterThan(0);
    expect(e.message.length).toBeGreaterThan(3);
  }
};

const goodCsv = [
  RECORD_FIELDS.inspection
    .filter((f) => ['recordId', 'uscc', 'inspectedOn', 'kind', 'scope', 'result', 'inspectors'].includes(f))
    .join(','),
  ...Array.from(
    { length: 40 },
    (_, i) => `JC-${i},${makeUscc('91330302MA2B00001')},2026-06-0${(i % 9) + 1},routine,full,compliant,I-1;I-2`,
  ),
].join('\n');

describe('parsers under hostile input', () => {
  it('random bytes under any record-type key: never throws, every reject precise', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom(...KEYS), async (bytes, key) => {
        const { rejects } = await drain(bytes, key, 97);
        for (const r of rejects) wellFormed(r);
      }),
      { numRuns: 300 },
    );
  });

  it('text made of CSV and JSON punctuation, quotes and control characters: never throws', async () => {
    const alphabet = fc.constantFrom(
      ',',
      '"',
      '\n',
      '\r',
      '{',
      '}',
      '[',
      ']',
      ':',
      '\u0000',
      '\u001b',
      '=',
      '@',
      'a',
      '1',
      '鹿',
      '\uFEFF',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(alphabet, { maxLength: 2000 }), fc.constantFrom(...KEYS), async (chars, key) => {
        const { rejects } = await drain(new TextEncoder().encode(chars.join('')), key, 13);
        for (const r of rejects) wellFormed(r);
      }),
      { numRuns: 300 },
    );
  });

  it('a valid file truncated anywhere keeps every complete record before the cut', async () => {
    const bytes = new TextEncoder().encode(goodCsv);
    const full = await drain(bytes, 'inspections/t.csv');
    expect(full.records).toBe(40);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length }), async (cut) => {
        const { records, rejects } = await drain(bytes.subarray(0, cut), 'inspections/t.csv', 31);
        const completeLines = new TextDecoder().decode(bytes.subarray(0, cut)).split('\n').length - 2;
        expect(records).toBeGreaterThanOrEqual(Math.max(0, completeLines));
        expect(records + rejects.length).toBeLessThanOrEqual(40);
      }),
      { numRuns: 200 },
    );
  });

  it('a 128 MB line with no line break is one reject, and the parser never holds it (64 MB heap, forced GCs)', async () => {
    // In a child process capped at a 64 MB heap: a parser that built the line as a string dies
    // there. Every 8 MB the child forces a full GC and reads what is still reachable, so a parser
    // that kept the line's chunks shows in the peak; no threshold depends on when a GC happens.
    const child = join(import.meta.dirname, 'long-line.child.ts');
    for (const key of ['inspections/huge.csv', 'inspections/huge.jsonl']) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', '--max-old-space-size=64', child, key, '128'],
        { env: { ...process.env, NODE_OPTIONS: '' } },
      );
      const out = JSON.parse(stdout) as { records: number; rejects: number; peakMb: number };
      expect(out.rejects, key).toBe(1);
      expect(out.records, key).toBe(key.endsWith('.csv') ? 40 : 0);
      // Reachable memory while the line streams past: far below the line itself.
      expect(out.peakMb, key).toBeLessThan(48);
    }
  });

  it('deeply nested JSON is a reject for that line, not a stack overflow', async () => {
    const nested = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const line = `{"recordId":"X","deep":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    const { records, rejects } = await drain(new TextEncoder().encode(`${nested}\n${line}\n`), 'penalties/deep.jsonl');
    expect(records).toBe(0);
    expect(rejects.length).toBe(2);
    for (const r of rejects) wellFormed(r);
    const msg = parseMessage(
      `{"recordType":"penalty","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      'sqs:deep',
      ctx,
    );
    expect(msg.reject?.errors.length).toBeGreaterThan(0);
  });

  it('UTF-16 is read with a byte order mark and refused without one, naming UTF-16; Latin-1 is rejected precisely', async () => {
    const start = goodCsv.slice(0, 200);
    const units = [...start].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]);
    const asUtf8 = await drain(new TextEncoder().encode(start), 'inspections/utf8.csv');
    const a = await drain(new Uint8Array([0xff, 0xfe, ...units]), 'inspections/utf16.csv');
    expect(a.records).toBeGreaterThan(0);
    expect(a).toEqual({ ...asUtf8, rejects: asUtf8.rejects.map((r) => ({ ...r, source: 'inspections/utf16.csv' })) });
    const bare = await drain(new Uint8Array(units), 'inspections/utf16-no-bom.csv');
    expect(bare.records).toBe(0);
    expect(bare.rejects).toHaveLength(1);
    expect(bare.rejects[0]?.errors[0]?.message).toMatch(/UTF-16 without a byte order mark/);
    for (const r of [...a.rejects, ...bare.rejects]) wellFormed(r);
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode(goodCsv.split('\n')[0] ?? ''),
      0x0a,
      0xe9,
      0x2c,
      0xff,
      0x0a,
    ]);
    const b = await drain(latin1, 'inspections/latin1.csv');
    for (const r of b.rejects) wellFormed(r);
  });

  it('control characters in names are refused with the code point; formula cells are neutralised in CSV exports', async () => {
    const header = 'uscc,name,region,category,licensedOn';
    const csv = `${header}\n${makeUscc('91330302MA2B00001')},"a\u001b[2Jb",330302,restaurant,2018-01-01\n${makeUscc('91330302MA2B00002')},"=cmd|' /C calc'!A0",330302,restaurant,2018-01-01\n`;
    const { records, rejects } = await drain(new TextEncoder().encode(csv), 'enterprises/e.csv');
    expect(records).toBe(1);
    expect(rejects[0]?.errors[0]?.message).toContain('U+001B');
    const plan = {
      period: '2026-Q4',
      asOf: '2026-11-30',
      seed: 's',
      seedCommitment: 'c',
      strata: [],
      inspections: [
        {
          period: '2026-Q4',
          region: '330302',
          riskGrade: 'A' as const,
          keyInspection: false,
          uscc: 'U',
          name: "=cmd|' /C calc'!A0",
          kind: 'random' as const,
          slot: 1,
          inspector1: '@x',
          inspector2: '+y',
          status: 'assigned' as const,
          reason: null,
        },
      ],
    };
    const line = planCsv(plan).split('\r\n')[1] ?? '';
    expect(line).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(line).toContain(`'@x`);
    expect(line).toContain(`'+y`);
  });
});
