// CSV for people: formula neutralising (OWASP CSV injection) and RFC 4180 quoting.
import { describe, expect, it } from 'vitest';
import { BOM, csvCell, toCsv } from '../../src/shared/csv.ts';

describe('csvCell neutralises formulas (OWASP CSV injection)', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('prefixes %j with an apostrophe', (cell) => {
    expect(csvCell(cell)).toBe(/[\r]/.test(cell) ? `"'${cell}"` : `'${cell}`);
  });
  it.each(['鹿城', '330302', '2026-03-18', "'already", 'a=b', ''])('leaves %j alone', (cell) => {
    expect(csvCell(cell)).toBe(cell);
  });
});

describe('quote (RFC 4180 §2)', () => {
  it('quotes a cell with a comma, quote, CR or LF and doubles the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
    expect(csvCell('plain')).toBe('plain');
  });
  it('neutralises before quoting, so the apostrophe sits inside the quotes', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
  });
});

describe('toCsv', () => {
  it('starts with a BOM, ends lines with CRLF, leaves numbers as numbers', () => {
    expect(toCsv(['a', 'b'], [[-1, '-1']])).toBe(`${BOM}a,b\r\n-1,'-1\r\n`);
    expect(toCsv(['a'], [[null], [undefined], [true]])).toBe(`${BOM}a\r\n\r\n\r\ntrue\r\n`);
  });
});
