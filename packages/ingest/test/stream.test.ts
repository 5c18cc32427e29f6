import { describe, expect, it } from 'vitest';
import { readRecords } from '../src/index.ts';
import { ctx, USCC_A, USCC_B } from './helpers.ts';

const LINES = 200_000;
const HEADER = 'recordId,uscc,inspectedOn,kind,scope,result,keyItemsFailed,generalItemsFailed,inspectors\n';

/** Line n (2-based) of a generated inspections file; every 10,000th line is invalid (result compliant with failed items). */
function line(n: number): string {
  const bad = n % 10_000 === 0;
  return `I${n},${n % 2 ? USCC_A : USCC_B},2026-${String((n % 9) + 1).padStart(2, '0')}-15,routine,full,compliant,0,${bad ? 3 : 0},ZJ${n % 50};ZJ${(n % 50) + 50}\n`;
}

describe('readRecords — streaming', () => {
  it('streams a generated 200k-line CSV from a generator, reading ahead only a bounded amount', async () => {
    const encoder = new TextEncoder();
    let produced = 0;
    async function* generate(): AsyncGenerator<Uint8Array> {
      let text = HEADER;
      for (let n = 2; n <= LINES + 1; n++) {
        text += line(n);
        if (text.length >= 60_000) {
          const bytes = encoder.encode(text);
          produced += bytes.length;
          yield bytes;
          text = '';
        }
      }
      produced += text.length;
      yield encoder.encode(text);
    }

    let records = 0;
    const rejectLines: (number | null)[] = [];
    let maxBatch = 0;
    let producedAtFirstBatch = -1;
    let lastLine = 0;
    let ordered = true;
    for await (const batch of readRecords(generate(), {
      source: 'gen',
      key: 'inspections/gen.csv',
      ctx,
      batchSize: 1000,
    })) {
      if (producedAtFirstBatch < 0) producedAtFirstBatch = produced;
      maxBatch = Math.max(maxBatch, batch.records.length + batch.rejects.length);
      records += batch.records.length;
      for (const r of batch.records) {
        if (r.line <= lastLine) ordered = false;
        lastLine = r.line;
      }
      rejectLines.push(...batch.rejects.map((r) => r.line));
    }
    expect(records + rejectLines.length).toBe(LINES);
    expect(rejectLines).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 10_000));
    expect(records).toBe(LINES - 20);
    expect(lastLine).toBe(LINES + 1);
    expect(ordered).toBe(true);
    expect(maxBatch).toBeLessThanOrEqual(1000);
    // the first batch came out after a few chunks, not after the whole ~15 MB file
    expect(producedAtFirstBatch).toBeLessThan(300_000);
    expect(produced).toBeGreaterThan(14_000_000);
  });

  it('turns a 16 MB line with no line break into one reject for that line, then reads on', async () => {
    async function* generate(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(`inspectorId,name,region,maxPerPeriod\nZJ001,王五,330302,20\nZJ002,`);
      const block = new Uint8Array(1024 * 1024).fill(0x61); // 'a'
      for (let i = 0; i < 16; i++) yield block;
      yield new TextEncoder().encode(',330302,20\nZJ003,赵六,330302,20\n');
    }
    const batches = [];
    for await (const b of readRecords(generate(), { source: 'big', key: 'inspectors.csv', ctx })) batches.push(b);
    expect(batches.flatMap((b) => b.records.map((r) => r.line))).toEqual([2, 4]);
    expect(batches.flatMap((b) => b.rejects)).toEqual([
      {
        source: 'big',
        line: 3,
        recordId: null,
        errors: [{ field: 'row', message: 'row is longer than 1048576 characters' }],
      },
    ]);
  });
});
