// The tokenizer reads an ordinary line (whole in its piece, no quote, no lone \r) in one step
// (bench/README.md hot spot 5). With that step switched off it is the character-by-character
// state machine alone, as it was before: fed the same pieces, both must give the same rows, line
// numbers and errors, for any text, row-length limit and cutting into pieces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvRow, CsvTokenizer } from '../src/index.ts';

function tokenize(pieces: readonly string[], maxRowChars?: number, stateMachineOnly = false): CsvRow[] {
  const tok = new CsvTokenizer(maxRowChars);
  // The one-step read gives up (−1) on every line: the state machine reads them all.
  if (stateMachineOnly) Reflect.set(tok, 'simpleRow', () => -1);
  const rows: CsvRow[] = [];
  for (const p of pieces) rows.push(...tok.push(p));
  rows.push(...tok.end());
  return rows;
}

/** Text made of what changes the tokenizer's course: separators, quotes, every line break. */
const csvText = fc
  .array(fc.constantFrom('a', 'bc', '鹿', '𠀀', ' ', ',', ',', '"', '""', '\n', '\n', '\r\n', '\r', ';', '|'), {
    maxLength: 60,
  })
  .map((units) => units.join(''));

describe('CsvTokenizer: whole lines read in one step give what the state machine gives', () => {
  it('for any text, with or without a row-length limit, whole or in random pieces', () => {
    fc.assert(
      fc.property(
        csvText,
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        fc.array(fc.nat(60), { maxLength: 6 }),
        (text, limit, cuts) => {
          const points = [...new Set(cuts.filter((c) => c < text.length))].sort((a, b) => a - b);
          const pieces = points.map((p, i) => text.slice(points[i - 1] ?? 0, p));
          pieces.push(text.slice(points.at(-1) ?? 0));
          for (const cut of [[text], pieces]) {
            expect(tokenize(cut, limit)).toEqual(tokenize(cut, limit, true));
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('a row exactly at the limit is read, one character more is an error, as the state machine counts', () => {
    // 'ab,cd' is 5 characters: its cells and separators count 2 + 1 + 2 + 1 = 6.
    for (const limit of [5, 6, 7]) {
      const text = 'h\nab,cd\nz\n';
      expect(tokenize([text], limit)).toEqual(tokenize([text], limit, true));
    }
    expect(tokenize(['h\nab,cd\n'], 6)).toEqual([
      { line: 1, cells: ['h'] },
      { line: 2, cells: ['ab', 'cd'] },
    ]);
    expect(tokenize(['h\nab,cd\n'], 5)).toEqual([
      { line: 1, cells: ['h'] },
      { line: 2, error: 'row is longer than 5 characters' },
    ]);
  });
});
