// The public PRNG of the double-random plan (grading-model.md §10.4). It is built from nothing
// but SHA-256 so that anyone holding the published seed can re-run a draw with any tool and
// check it; the seed is committed to (sha256hex) before it is revealed.
import { createHash } from 'node:crypto';

const TWO_64 = 1n << 64n;

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text` (seed commitment and population digests, §10.5). */
export function sha256hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The i-th 64-bit value of `label`: the first 8 bytes, big-endian, of SHA-256(UTF-8
 * `"{seed}|{label}|{i}"`) (§10.4). Stateless, so a verifier can compute any single value.
 */
export function prngValue(seed: string, label: string, i: number): bigint {
  if (!Number.isSafeInteger(i) || i < 0) throw new RangeError(`PRNG counter must be a non-negative integer, got ${i}`);
  return createHash('sha256').update(`${seed}|${label}|${i}`, 'utf8').digest().readBigUInt64BE(0);
}

export interface Prng {
  /** The next 64-bit value of `label`; each label has its own counter starting at 0. */
  next(label: string): bigint;
  /** Uniform integer in [0, m) by rejection sampling, so no residue class is favoured (§10.4). */
  uniformInt(label: string, m: number): number;
}

export function createPrng(seed: string): Prng {
  // A counter per label (not one global stream) keeps each draw independent of how many values
  // other strata or inspections consumed, so one published label can be checked on its own.
  const counters = new Map<string, number>();

  const next = (label: string): bigint => {
    const i = counters.get(label) ?? 0;
    counters.set(label, i + 1);
    return prngValue(seed, label, i);
  };

  const uniformInt = (label: string, m: number): number => {
    if (!Number.isSafeInteger(m) || m < 1) throw new RangeError(`uniformInt needs a positive integer bound, got ${m}`);
    const bound = BigInt(m);
    const limit = (TWO_64 / bound) * bound;
    // Always consumes at least one value, even for m = 1: the published procedure does, and a
    // verifier's counters must stay in step with ours.
    for (;;) {
      const v = next(label);
      if (v < limit) return Number(v % bound);
    }
  };

  return { next, uniformInt };
}
