// Identifier check characters (GB 32100-2015, GB 11643-1999) and ID protection (records.md §3).
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hashId,
  isValidResidentId,
  isValidUscc,
  makeResidentId,
  makeUscc,
  maskId,
  protectId,
  residentIdCheckChar,
  USCC_ALPHABET,
  usccCheckChar,
} from '../src/ids.ts';

const usccChar = fc.constantFrom(...USCC_ALPHABET);
const first17Uscc = fc.array(usccChar, { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));
const digit = fc.constantFrom(...'0123456789');
const first17Resident = fc.array(digit, { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));

/** Replaces character i of s by a different character of `alphabet`. */
function substitute(s: string, i: number, alphabet: string, pick: number): string {
  const others = [...alphabet].filter((c) => c !== s.charAt(i));
  return s.slice(0, i) + others[pick % others.length] + s.slice(i + 1);
}

describe('USCC 统一社会信用代码 (GB 32100-2015)', () => {
  it('USCC: the standard example and published codes are valid (GB 32100-2015 check character)', () => {
    for (const code of ['91350100M000100Y43', '91440300708461136T', '914403001922038216']) {
      expect(isValidUscc(code), code).toBe(true);
      expect(usccCheckChar(code.slice(0, 17))).toBe(code.charAt(17));
    }
  });

  it('USCC: makeUscc appends the check character, and the result is valid', () => {
    const code = makeUscc('91330302MA2H00000');
    expect(code).toHaveLength(18);
    expect(code.slice(0, 17)).toBe('91330302MA2H00000');
    expect(isValidUscc(code)).toBe(true);
  });

  it('USCC: a remainder of 0 gives check character 0, not 31', () => {
    // Σ = 0 → 31 − 0 = 31 → 0.
    expect(usccCheckChar('00000000000000000')).toBe('0');
    expect(isValidUscc('000000000000000000')).toBe(true);
  });

  it('USCC: wrong length, lower case, I/O/S/V/Z and non-strings are invalid', () => {
    const code = makeUscc('91330302MA2H00000');
    expect(isValidUscc(code.slice(0, 17))).toBe(false);
    expect(isValidUscc(`${code}0`)).toBe(false);
    expect(isValidUscc(code.toLowerCase())).toBe(false);
    for (const c of 'IOSVZ') expect(isValidUscc(`${c}${code.slice(1)}`)).toBe(false);
    expect(isValidUscc(undefined)).toBe(false);
    expect(isValidUscc(913303020000000000)).toBe(false);
  });

  it('USCC: usccCheckChar rejects input that is not 17 alphabet characters', () => {
    expect(() => usccCheckChar('9133')).toThrow(RangeError);
    expect(() => usccCheckChar('91330302MA2H0000I')).toThrow(/character 17/);
  });

  it('USCC property: every generated code is valid, and changing any one character breaks it', () => {
    fc.assert(
      fc.property(first17Uscc, fc.nat(17), fc.nat(), (first17, i, pick) => {
        const code = makeUscc(first17);
        expect(isValidUscc(code)).toBe(true);
        expect(isValidUscc(substitute(code, i, USCC_ALPHABET, pick))).toBe(false);
      }),
    );
  });
});

describe('resident ID 居民身份证号码 (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  it('resident ID: 11010519491231002X is valid (GB 11643-1999 example)', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('resident ID: makeResidentId appends the check character, and the result is valid', () => {
    const id = makeResidentId('33030219800101123');
    expect(id.slice(0, 17)).toBe('33030219800101123');
    expect(isValidResidentId(id)).toBe(true);
  });

  it('resident ID: lower-case x, wrong length, letters and non-strings are invalid', () => {
    expect(isValidResidentId('11010519491231002x')).toBe(false);
    expect(isValidResidentId('11010519491231002')).toBe(false);
    expect(isValidResidentId('11010519491231002X0')).toBe(false);
    expect(isValidResidentId('1101051949123100AX')).toBe(false);
    expect(isValidResidentId(null)).toBe(false);
  });

  it('resident ID: residentIdCheckChar rejects bad input without quoting it', () => {
    const partial = '1101051949123100A';
    try {
      residentIdCheckChar(partial);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      expect(String((e as Error).message)).not.toContain(partial);
    }
  });

  it('resident ID property: every generated number is valid, and changing any one character breaks it', () => {
    fc.assert(
      fc.property(first17Resident, fc.nat(17), fc.nat(), (first17, i, pick) => {
        const id = makeResidentId(first17);
        expect(isValidResidentId(id)).toBe(true);
        const alphabet = i === 17 ? '0123456789X' : '0123456789';
        expect(isValidResidentId(substitute(id, i, alphabet, pick))).toBe(false);
      }),
    );
  });
});

describe('ID protection (records.md §3)', () => {
  const id = '11010519491231002X';

  it('maskId keeps the first 6 and last 4 characters: 110105********002X', () => {
    expect(maskId(id)).toBe('110105********002X');
    expect(maskId('330302198001011234')).toBe('330302********1234');
  });

  it('hashId is HMAC-SHA256 hex, keyed, and the same for string and byte keys', () => {
    const expected = createHmac('sha256', 'k1').update(id).digest('hex');
    expect(hashId(id, 'k1')).toBe(expected);
    expect(hashId(id, new TextEncoder().encode('k1'))).toBe(expected);
    expect(hashId(id, 'k2')).not.toBe(expected);
    expect(hashId(id, 'k1')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashId matches a number typed with lower-case x or spaces around it', () => {
    expect(hashId(' 11010519491231002x ', 'k1')).toBe(hashId(id, 'k1'));
  });

  it('hashId refuses an empty key (an unkeyed hash of an ID number can be reversed by brute force)', () => {
    expect(() => hashId(id, '')).toThrow(RangeError);
    expect(() => hashId(id, new Uint8Array())).toThrow(RangeError);
  });

  it('protectId gives {masked, hash} and nothing that contains the clear number', () => {
    const p = protectId(id, 'k1');
    expect(p).toEqual({ masked: '110105********002X', hash: hashId(id, 'k1') });
    expect(JSON.stringify(p)).not.toContain(id);
  });
});
