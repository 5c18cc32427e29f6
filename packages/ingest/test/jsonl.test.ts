import { describe, expect, it } from 'vitest';
import { type JsonlLine, JsonlSplitter } from '../src/index.ts';

function split(pieces: string[], max?: number): JsonlLine[] {
  const s = new JsonlSplitter(max);
  const out: JsonlLine[] = [];
  for (const p of pieces) out.push(...s.push(p));
  out.push(...s.end());
  return out;
}

describe('JsonlSplitter', () => {
  const text = '{"a":1}\r\n\r\n  \n{"b":2}\n{"c":\n3}';
  const expected = [
    { line: 1, text: '{"a":1}' },
    { line: 4, text: '{"b":2}' },
    { line: 5, text: '{"c":' },
    { line: 6, text: '3}' },
  ];

  it('numbers lines exactly, skipping blank ones and dropping \\r', () => {
    expect(split([text])).toEqual(expected);
    expect(split([...text])).toEqual(expected);
  });

  it('reports an oversized line without holding it, then reads on', () => {
    const long = 'x'.repeat(600);
    expect(split(['{"a":1}\n', long, long, '\n{"b":2}\n'], 1000)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, error: 'line is longer than 1000 characters' },
      { line: 3, text: '{"b":2}' },
    ]);
    expect(split([`${'y'.repeat(1001)}\nz`], 1000)).toEqual([
      { line: 1, error: 'line is longer than 1000 characters' },
      { line: 2, text: 'z' },
    ]);
  });
});
