// Identifier check characters and the protection of personal ID numbers (records.md §2–3).
// Nothing here may put a clear personal ID number into an error message: callers log errors.
import { createHmac } from 'node:crypto';
import type { ProtectedId } from './types.ts';

/** GB 32100-2015 character set: digits and capital letters without I, O, S, V, Z. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** Check character (18th) of a unified social credit code from its first 17 characters (GB 32100-2015 §5). */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`a USCC check character needs 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0)
      throw new RangeError(`USCC character ${i + 1} ("${first17.charAt(i)}") is not in the GB 32100 alphabet`);
    sum += value * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export function isValidUscc(s: unknown): boolean {
  return typeof s === 'string' && USCC_PATTERN.test(s) && usccCheckChar(s.slice(0, 17)) === s.charAt(17);
}

/** A valid USCC from its first 17 characters, for tests and generators. */
export function makeUscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}

// GB 11643-1999: ISO 7064 MOD 11-2, weights 2^(17−i) mod 11.
const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK = '10X98765432';
const RESIDENT_PATTERN = /^\d{17}[\dX]$/;

export function residentIdCheckChar(first17: string): string {
  // The input is part of a personal ID number: the error names its shape, never its digits.
  if (!/^\d{17}$/.test(first17)) throw new RangeError('a resident ID check character needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * RESIDENT_WEIGHTS[i];
  return RESIDENT_CHECK.charAt(sum % 11);
}

/** An 18-character resident ID number with a valid check character; `X` must be upper case. */
export function isValidResidentId(s: unknown): boolean {
  return typeof s === 'string' && RESIDENT_PATTERN.test(s) && residentIdCheckChar(s.slice(0, 17)) === s.charAt(17);
}

export function makeResidentId(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

/** Trimmed, `x` as `X`: the one form that is masked and hashed, so matching does not depend on typing. */
function normaliseId(id: string): string {
  return id.trim().toUpperCase();
}

/** `330302********1234`: enough for a person to recognise their own number, not enough to use it. */
export function maskId(id: string): string {
  const n = normaliseId(id);
  if (n.length <= 10) return '*'.repeat(n.length);
  return `${n.slice(0, 6)}********${n.slice(-4)}`;
}

/** HMAC-SHA256 hex of the ID number: equal numbers match across records without being kept (records.md §3). */
export function hashId(id: string, key: string | Uint8Array): string {
  if (key.length === 0) throw new RangeError('hashId needs a non-empty key');
  return createHmac('sha256', key).update(normaliseId(id), 'utf8').digest('hex');
}

export function protectId(id: string, key: string | Uint8Array): ProtectedId {
  return { masked: maskId(id), hash: hashId(id, key) };
}

// Redaction: a shifted CSV column can put an ID number anywhere, and messages quote values.

/** A 15-digit (first generation) or 18-character resident ID number inside any text. */
export const ID_LIKE = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

/**
 * Masks anything shaped like a personal ID number. Where a USCC belongs (`allowUscc`), a valid
 * all-digit USCC that cannot be a resident ID stays readable.
 */
export function redactIds(s: string, allowUscc = false): string {
  const keep = (m: string) => allowUscc && isValidUscc(m) && !isValidResidentId(m.toUpperCase());
  return s.replace(ID_LIKE, (m) => (keep(m) ? m : maskId(m)));
}

/** How a message quotes a bad value: redacted, shortened. */
export function quoteForMessage(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  // Lenient here; parseRecord redacts again knowing the field.
  const chars = [...redactIds(s, true)];
  const cut = chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : chars.join('');
  return typeof v === 'string' ? `"${cut}"` : cut;
}
