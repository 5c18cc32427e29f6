import { describe, expect, it } from 'vitest';
import { type DecodedPiece, type DecodeOptions, decodeText } from '../src/index.ts';
import { chunked, concatBytes, gb18030, utf8 } from './helpers.ts';

async function decodeAll(
  bytes: Uint8Array,
  chunkSize?: number,
  options?: DecodeOptions,
): Promise<{ text: string; failures: DecodedPiece['failure'][] }> {
  let text = '';
  const failures: DecodedPiece['failure'][] = [];
  for await (const piece of decodeText(chunked(bytes, chunkSize), options)) {
    if (piece.failure) failures.push(piece.failure);
    else text += piece.text;
  }
  return { text, failures };
}

const SAMPLE = 'name,region\n鹿城区五马街小吃店,330302\n温州市“南门”药店 — €,330302\n';

describe('decodeText', () => {
  it('knows 鹿城区 in GB18030 (the test encoder agrees with the standard bytes)', () => {
    expect([...gb18030('鹿城区')]).toEqual([0xc2, 0xb9, 0xb3, 0xc7, 0xc7, 0xf8]);
  });

  it('decodes UTF-8, UTF-8 with BOM and GB18030 to the same text', async () => {
    const gbText = SAMPLE.replace(' — €', ''); // keep to characters of the two-byte table
    for (const [bytes, expected] of [
      [utf8(SAMPLE), SAMPLE],
      [concatBytes(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(SAMPLE)), SAMPLE],
      [gb18030(gbText), gbText],
    ] as const) {
      const whole = await decodeAll(bytes);
      expect(whole).toEqual({ text: expected, failures: [] });
      // one byte at a time: every multibyte character is cut, and the BOM too
      expect(await decodeAll(bytes, 1)).toEqual(whole);
      expect(await decodeAll(bytes, 7)).toEqual(whole);
    }
  });

  it('decodes UTF-16 with a byte order mark (Excel "Unicode text"), little- and big-endian, cut anywhere', async () => {
    const le = concatBytes(new Uint8Array([0xff, 0xfe]), new Uint8Array(Buffer.from(SAMPLE, 'utf16le')));
    const be = concatBytes(new Uint8Array([0xfe, 0xff]), new Uint8Array(Buffer.from(SAMPLE, 'utf16le').swap16()));
    const astral = '𠀀鹿,1\n'; // a surrogate pair, cut between its halves at some chunk sizes
    const leAstral = concatBytes(new Uint8Array([0xff, 0xfe]), new Uint8Array(Buffer.from(astral, 'utf16le')));
    for (const [bytes, expected] of [
      [le, SAMPLE],
      [be, SAMPLE],
      [leAstral, astral],
    ] as const) {
      for (const chunk of [undefined, 1, 3, 5])
        expect(await decodeAll(bytes, chunk)).toEqual({ text: expected, failures: [] });
    }
  });

  it('refuses UTF-16 without a byte order mark with a message that names UTF-16, not GB18030', async () => {
    const { text, failures } = await decodeAll(new Uint8Array(Buffer.from(SAMPLE, 'utf16le')), 1);
    expect(text).toBe('');
    expect(failures).toEqual([expect.objectContaining({ encoding: 'utf-16le', byteOffset: 0 })]);
    expect(failures[0]?.message).toMatch(/looks like UTF-16 without a byte order mark.*UTF-8.*无字节顺序标记的UTF-16/);
  });

  it('keeps a BOM-like sequence that is not at the start of the file', async () => {
    const bytes = concatBytes(utf8('a'), new Uint8Array([0xef, 0xbb, 0xbf]), utf8('b'));
    expect((await decodeAll(bytes)).text).toBe('a\uFEFFb');
  });

  it('passes a long ASCII start through and still chooses GB18030 at the first Chinese character', async () => {
    const ascii = `${'x'.repeat(100)}\n`.repeat(2000); // 200 KB, far past the sniff window
    const bytes = concatBytes(utf8(ascii), gb18030('鹿城区\n'));
    expect(await decodeAll(bytes, 4096)).toEqual({ text: `${ascii}鹿城区\n`, failures: [] });
  });

  it('does not take a character cut at the end of the sniff window for invalid UTF-8', async () => {
    // 鹿 is 3 bytes in UTF-8; with a 16-byte window starting at the first non-ASCII byte, the 6th 鹿 is cut.
    const text = `a,${'鹿'.repeat(20)}\n`;
    for (const chunk of [1, 5, 16, 17, 1000]) {
      expect(await decodeAll(utf8(text), chunk, { sniffBytes: 16 })).toEqual({ text, failures: [] });
    }
  });

  it('stops at invalid UTF-8 after a valid sniff: the text before it, then one failure', async () => {
    const good = `h\n${'鹿城区,1\n'.repeat(50)}`;
    const bytes = concatBytes(utf8(good), utf8('ok'), new Uint8Array([0xc7, 0xf8]), utf8(',2\nmore\n'));
    for (const chunk of [1, 3, 64, 100_000]) {
      const r = await decodeAll(bytes, chunk, { sniffBytes: 32, sliceBytes: 64 });
      expect(r.text).toBe(`${good}ok`);
      expect(r.failures).toHaveLength(1);
      expect(r.failures[0]).toMatchObject({ encoding: 'utf-8' });
      // 0xC7 0xF8: 0xF8 is where the sequence becomes invalid
      expect(r.failures[0]?.byteOffset).toBe(utf8(good).length + 3);
      expect(r.text).not.toContain('\uFFFD');
    }
  });

  it('fails on a character cut by the end of the file', async () => {
    const bytes = concatBytes(utf8('a,b\n鹿'), new Uint8Array([0xe5, 0x9f]));
    const r = await decodeAll(bytes, 1);
    expect(r.text).toBe('a,b\n鹿');
    expect(r.failures).toEqual([expect.objectContaining({ encoding: 'utf-8' })]);
  });

  it('fails on bytes that are not GB18030 either (0xFF), after the text before them', async () => {
    const bytes = concatBytes(gb18030('鹿城区\n'), new Uint8Array([0xff]), gb18030('鹿\n'));
    for (const chunk of [1, 100]) {
      const r = await decodeAll(bytes, chunk);
      expect(r.text).toBe('鹿城区\n');
      expect(r.failures).toEqual([{ encoding: 'gb18030', byteOffset: 7, reason: expect.any(String) }]);
    }
  });

  it('decodes four-byte GB18030 sequences cut across chunks', async () => {
    // 0x81 0x30 0x81 0x30 is U+0080; 0x95 0x32 0x82 0x36 is U+20000 (𠀀)
    const bytes = concatBytes(
      gb18030('鹿'),
      new Uint8Array([0x81, 0x30, 0x81, 0x30, 0x95, 0x32, 0x82, 0x36]),
      utf8('\n'),
    );
    const whole = await decodeAll(bytes);
    expect(whole).toEqual({ text: '鹿\u0080\u{20000}\n', failures: [] });
    expect(await decodeAll(bytes, 1)).toEqual(whole);
    expect(await decodeAll(bytes, 3, { sliceBytes: 3 })).toEqual(whole);
  });

  it('yields nothing for an empty input', async () => {
    expect(await decodeAll(new Uint8Array(0))).toEqual({ text: '', failures: [] });
  });
});

describe('choosing the encoding', () => {
  it('reads a UTF-8 file damaged inside the sniff window as UTF-8 and fails at the damage, not as GB18030 mojibake', async () => {
    const good = `name\n${'鹿城区五马街小吃店\n'.repeat(20)}`;
    const bytes = concatBytes(utf8(good), new Uint8Array([0xff]), utf8('鹿城区\n'));
    const r = await decodeAll(bytes);
    expect(r.text).toBe(good);
    expect(r.failures).toEqual([
      { encoding: 'utf-8', byteOffset: utf8(good).length, reason: expect.stringContaining('except') },
    ]);
  });

  it('reads GB18030 text as GB18030 even where some of its pairs look like UTF-8 (鹿 = C2 B9)', async () => {
    const text = `name\n${'鹿城区五马街小吃店\n鹿鹿鹿\n'.repeat(20)}`;
    expect(await decodeAll(gb18030(text))).toEqual({ text, failures: [] });
  });
});
