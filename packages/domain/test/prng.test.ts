import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPrng, prngValue, sha256hex } from '../src/prng.ts';

describe('sha256hex', () => {
  it('matches the published vector', () => {
    expect(sha256hex('fenji')).toBe('b782575b59dcbaf21c03560432dceb4d71890d74edb559da2e24b5b7a01beb8a');
  });

  it('hashes UTF-8 bytes (the empty string and Chinese text)', () => {
    expect(sha256hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // "分级" is e5 88 86 e7 ba a7 in UTF-8.
    expect(sha256hex('分级')).toBe(sha256hex(Buffer.from([0xe5, 0x88, 0x86, 0xe7, 0xba, 0xa7]).toString('utf8')));
  });
});

describe('createPrng (grading-model.md §10.4)', () => {
  it('gives the published values of seed fenji, label draw|330302|A|0', () => {
    const prng = createPrng('fenji');
    expect(prng.next('draw|330302|A|0')).toBe(11051834606731125112n);
    expect(prng.next('draw|330302|A|0')).toBe(7065049382539234757n);
    expect(prng.next('draw|330302|A|0')).toBe(15522953719248016090n);
  });

  it('gives the published uniformInt(7) sequence of label assign|X|1', () => {
    const prng = createPrng('fenji');
    expect([0, 1, 2, 3, 4].map(() => prng.uniformInt('assign|X|1', 7))).toEqual([3, 3, 4, 0, 4]);
  });

  it('is the first 8 bytes, big-endian, of SHA-256("{seed}|{label}|{i}")', () => {
    const hex = sha256hex('fenji|draw|330302|A|0|2').slice(0, 16);
    expect(BigInt(`0x${hex}`)).toBe(15522953719248016090n);
    expect(prngValue('fenji', 'draw|330302|A|0', 2)).toBe(15522953719248016090n);
  });

  it('keeps one counter per label', () => {
    const prng = createPrng('fenji');
    prng.next('a');
    prng.next('a');
    expect(prng.next('b')).toBe(prngValue('fenji', 'b', 0));
    expect(prng.next('a')).toBe(prngValue('fenji', 'a', 2));
  });

  it('uniformInt(1) returns 0 and still consumes one value', () => {
    const prng = createPrng('s');
    expect(prng.uniformInt('x', 1)).toBe(0);
    expect(prng.next('x')).toBe(prngValue('s', 'x', 1));
  });

  it('rejects bounds that are not positive safe integers', () => {
    const prng = createPrng('s');
    for (const m of [0, -1, 1.5, Number.NaN, 2 ** 53]) expect(() => prng.uniformInt('x', m)).toThrow(RangeError);
    expect(() => prngValue('s', 'x', -1)).toThrow(RangeError);
  });

  it('uniformInt is value mod m when the value is below the limit, always in [0, m)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (seed, label, m) => {
        const value = prngValue(seed, label, 0);
        const bound = BigInt(m);
        const limit = ((1n << 64n) / bound) * bound;
        const got = createPrng(seed).uniformInt(label, m);
        expect(Number.isInteger(got) && got >= 0 && got < m).toBe(true);
        if (value < limit) expect(got).toBe(Number(value % bound));
      }),
    );
  });

  it('is deterministic for a seed and differs between seeds', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (seed, label) => {
        const a = createPrng(seed);
        const b = createPrng(seed);
        for (let i = 0; i < 3; i++) expect(a.next(label)).toBe(b.next(label));
      }),
    );
    expect(createPrng('fenji').next('x')).not.toBe(createPrng('fenji2').next('x'));
  });
});
