import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvRow, CsvTokenizer } from '../src/index.ts';

function tokenize(pieces: string[] | string, maxRowChars?: number): CsvRow[] {
  const tok = new CsvTokenizer(maxRowChars);
  const rows: CsvRow[] = [];
  for (const p of typeof pieces === 'string' ? [pieces] : pieces) rows.push(...tok.push(p));
  rows.push(...tok.end());
  return rows;
}

const rowsOf = (...rows: [number, string[]][]): CsvRow[] => rows.map(([line, cells]) => ({ line, cells }));

describe('CsvTokenizer', () => {
  it('splits rows and cells, with or without a final line break', () => {
    expect(tokenize('a,b,c\n1,2,3\n')).toEqual(rowsOf([1, ['a', 'b', 'c']], [2, ['1', '2', '3']]));
    expect(tokenize('a,b,c\n1,2,3')).toEqual(rowsOf([1, ['a', 'b', 'c']], [2, ['1', '2', '3']]));
  });

  it('keeps empty cells, including a trailing one', () => {
    expect(tokenize('a,,c,\n,,,\n')).toEqual(rowsOf([1, ['a', '', 'c', '']], [2, ['', '', '', '']]));
  });

  it('treats \\r\\n, \\n and a lone \\r as one line break each', () => {
    expect(tokenize('a\r\nb\nc\rd\r\n')).toEqual(rowsOf([1, ['a']], [2, ['b']], [3, ['c']], [4, ['d']]));
  });

  it('skips empty lines but counts them', () => {
    expect(tokenize('\r\na\r\n\r\n\nb\n\n')).toEqual(rowsOf([2, ['a']], [5, ['b']]));
  });

  it('reads quoted cells: delimiters, doubled quotes and line breaks inside, start line of each row', () => {
    const text = 'id,note\r\n1,"a, ""b""\r\nc\r\n"\r\n2,x\n3,"\n\n"\n4,"" \n5,y';
    expect(tokenize(text)).toEqual([
      ...rowsOf([1, ['id', 'note']], [2, ['1', 'a, "b"\r\nc\r\n']], [5, ['2', 'x']], [6, ['3', '\n\n']]),
      { line: 9, error: expect.stringContaining('after the closing quote of cell 2') }, // `"" ` — the space
      { line: 10, cells: ['5', 'y'] },
    ]);
  });

  it('a quote inside an unquoted cell is an ordinary character', () => {
    expect(tokenize('a"b,c""\n')).toEqual(rowsOf([1, ['a"b', 'c""']]));
  });

  it('rejects only the row with text after a closing quote, and carries on at the next line', () => {
    const rows = tokenize('a,b\n"x"y,1\n"ok",2\n3,"z" \n4,5\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('after the closing quote of cell 1') },
      { line: 3, cells: ['ok', '2'] },
      { line: 4, error: expect.stringContaining('cell 2') },
      { line: 5, cells: ['4', '5'] },
    ]);
  });

  it('reports a quote never closed on the line where its row starts', () => {
    expect(tokenize('a,b\n1,"open\n2,3\n4,5\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      {
        line: 2,
        error:
          'the quoted cell opened on line 2 is never closed, so the lines from 2 to the end of the file could not be read',
      },
    ]);
  });

  it('rejects an oversized row without holding it, then reads the next row', () => {
    const long = 'x'.repeat(5000);
    const pieces = ['a,b\n1,', ...Array.from({ length: 20 }, () => long), '\n2,3\n'];
    expect(tokenize(pieces, 1000)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, error: 'row is longer than 1000 characters' },
      { line: 3, cells: ['2', '3'] },
    ]);
    // also inside a quoted cell, and for a row of many small cells
    expect(tokenize(['h\n"', 'y'.repeat(1500), '"\nz\n'], 1000)).toEqual([
      { line: 1, cells: ['h'] },
      { line: 2, error: 'row is longer than 1000 characters' },
      { line: 3, cells: ['z'] },
    ]);
    expect(tokenize(`h\n${','.repeat(2000)}\nz\n`, 1000)).toEqual([
      { line: 1, cells: ['h'] },
      { line: 2, error: 'row is longer than 1000 characters' },
      { line: 3, cells: ['z'] },
    ]);
  });

  it('gives the same rows however the text is cut into pieces', () => {
    const text = 'id,note\r\n1,"a, ""b""\r\nc\r\n"\r\n\r\n2,x\r3,"\n\n"\n"bad"x,1\n4,"" \n5,"open';
    const whole = tokenize(text);
    expect(tokenize([...text])).toEqual(whole);
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const pieces: string[] = [];
        let from = 0;
        for (const p of points) {
          pieces.push(text.slice(from, p));
          from = p;
        }
        pieces.push(text.slice(from));
        expect(tokenize(pieces)).toEqual(whole);
      }),
    );
  });

  it('gives the same rows as a reference RFC 4180 reading for generated tables', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', '鹿', ',', '"', '\n', '\r\n', ' ', '|', ';'), maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (table, crlf) => {
          const quote = (c: string) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replaceAll('"', '""')}"` : c);
          const text = table.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
          const rows = tokenize([...text]);
          expect(rows.map((r) => r.cells)).toEqual(table);
          // each row starts on the line after the previous row's last line
          let line = 1;
          rows.forEach((r, i) => {
            expect(r.line).toBe(line);
            line += 1 + (table[i]?.join('').match(/\r\n|\n/g)?.length ?? 0);
          });
        },
      ),
    );
  });
});
