// Streaming text decoding (records.md §1): UTF-8 with or without BOM, or GB18030 — UTF-8 when
// the bytes are valid UTF-8, otherwise GB18030. UTF-16 with a byte order mark (Excel's "Unicode
// text") is decoded too; UTF-16 without one is refused with a message that names it, since its
// NUL bytes would otherwise read as ASCII.
//
// Memory is bounded by one slice plus the sniff window, never by the file:
// - leading ASCII is passed through undecided (it reads the same in both encodings);
// - at the first non-ASCII byte, up to `sniffBytes` are buffered and checked with a fatal UTF-8
//   decoder in stream mode (a character cut at the window's end is not an error);
// - then every slice is cut at its last complete character (the few bytes of a cut character are
//   carried to the next slice) and decoded with a fatal decoder — never a replacement character.
// When a decided file later turns out invalid, the valid text before the bad bytes is still
// yielded, then one `failure` and nothing more: the caller turns it into one reject.

import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DecodeFailure {
  encoding: TextEncodingName;
  /** Byte offset in the file near which decoding failed (the byte that made the sequence invalid). */
  byteOffset: number;
  /** Why this encoding was used, for the reject message. */
  reason: string;
  /** A whole-file refusal that is not an invalid byte (UTF-16 without a byte order mark): the message itself. */
  message?: string;
}

/** UTF-16 without a BOM: every other byte of its (mostly ASCII) start is NUL, which no text export has. */
function utf16WithoutBom(bytes: Uint8Array): TextEncodingName | null {
  if (bytes.length < 4) return null;
  const [a, b, c, d] = bytes as unknown as [number, number, number, number];
  if (a !== 0 && b === 0 && c !== 0 && d === 0) return 'utf-16le';
  if (a === 0 && b !== 0 && c === 0 && d !== 0) return 'utf-16be';
  return null;
}

/** Length of the prefix of `bytes` made of complete UTF-16 characters (whole code units, no lone high surrogate). */
function utf16CompleteLength(bytes: Uint8Array, littleEndian: boolean): number {
  let end = bytes.length - (bytes.length % 2);
  if (end >= 2) {
    const unit = littleEndian
      ? (bytes[end - 2] as number) | ((bytes[end - 1] as number) << 8)
      : ((bytes[end - 2] as number) << 8) | (bytes[end - 1] as number);
    if (unit >= 0xd800 && unit <= 0xdbff) end -= 2;
  }
  return end;
}

export type DecodedPiece = { text: string; failure?: undefined } | { text?: undefined; failure: DecodeFailure };

export interface DecodeOptions {
  /** Bytes examined after the first non-ASCII byte to choose the encoding (default 64 KiB). */
  sniffBytes?: number;
  /** Input is processed in slices of at most this many bytes (default 64 KiB). */
  sliceBytes?: number;
}

const KIB = 1024;
const EMPTY = new Uint8Array(0);

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function firstNonAscii(bytes: Uint8Array): number {
  // An all-ASCII slice (every slice of an all-ASCII file) is told by one vectorised check; the
  // byte loop then only runs up to the first non-ASCII byte, once per file.
  if (isAscii(bytes)) return bytes.length;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return i;
  return bytes.length;
}

/** True when `bytes` are valid UTF-8; with `final` false an incomplete last character is allowed. */
export function isValidUtf8(bytes: Uint8Array, final: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: !final });
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-8 with a few damaged bytes, not GB18030: many well-formed multibyte UTF-8 sequences and at
 * most one invalid byte per 50 of them. GB18030 Chinese text has the opposite ratio (a GB18030
 * pair looks like a UTF-8 sequence only by chance, one in ten or so), so this only keeps a
 * damaged UTF-8 file from being decoded whole as GB18030 mojibake; it is then read as UTF-8 and
 * fails, visibly, at the damaged byte.
 */
export function looksLikeDamagedUtf8(bytes: Uint8Array): boolean {
  let valid = 0;
  let invalid = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) {
      invalid++;
      i++;
      continue;
    }
    if (i + need >= n) break; // cut by the end of the window
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if (c < 0x80 || c > 0xbf) ok = false;
    }
    if (ok) {
      valid++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return valid >= 8 && invalid * 50 <= valid;
}

/** Length of the prefix of `bytes` made of complete UTF-8 characters (cuts a trailing partial one). */
function utf8CompleteLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let j = n - 1; j >= 0 && j >= n - 4; j--) {
    const b = bytes[j] as number;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return j + need > n ? j : n;
    }
    // continuation byte: keep looking back for the lead byte
  }
  return n; // four continuation bytes in a row: invalid anyway, the decoder will say so
}

/**
 * Length of the prefix of `bytes` made of complete GB18030 characters: one byte (0x00–0x80, 0xFF),
 * two bytes (lead 0x81–0xFE, trail not a digit) or four bytes (lead, digit, lead, digit). Scans
 * forward, since GB18030 cannot be cut safely from the end. Invalid sequences are left to the
 * decoder, which reports them.
 */
function gb18030CompleteLength(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b <= 0x80 || b === 0xff) {
      i += 1;
      continue;
    }
    if (i + 1 >= n) return i;
    const b2 = bytes[i + 1] as number;
    const len = b2 >= 0x30 && b2 <= 0x39 ? 4 : 2;
    if (i + len > n) return i;
    i += len;
  }
  return n;
}

/**
 * The longest prefix of `bytes` (which start on a character boundary) that decodes without error
 * in stream mode: its text, and the index of the byte at which decoding fails.
 */
function validPrefix(bytes: Uint8Array, encoding: TextEncodingName): { text: string; failAt: number } {
  const ok = (m: number): boolean => {
    try {
      new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, m), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, lo), {
    stream: true,
  });
  return { text, failAt: lo };
}

const START = 0; // nothing seen yet: a BOM may come
const ASCII = 1; // only ASCII so far: undecided, passed through
const SNIFF = 2; // first non-ASCII byte seen: buffering the sniff window
const DECIDED = 3;
const FAILED = 4;

/**
 * Decodes a byte stream into text pieces, choosing UTF-8 or GB18030 as described above. Yields
 * `{text}` pieces (possibly empty strings are skipped) and, at most once and last, `{failure}`.
 */
export async function* decodeText(
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: DecodeOptions = {},
): AsyncGenerator<DecodedPiece> {
  const sniffBytes = Math.max(16, options.sniffBytes ?? 64 * KIB);
  const sliceBytes = Math.max(1, options.sliceBytes ?? 64 * KIB);
  const ascii = new TextDecoder('utf-8', { ignoreBOM: true });

  let phase = START;
  let encoding: TextEncodingName = 'utf-8';
  let reason = '';
  let decoder: TextDecoder | null = null;
  /** File offset of the first byte not yet turned into text. */
  let offset = 0;
  /** Bytes not yet turned into text (BOM candidate, sniff window or a cut character). */
  let held: Uint8Array[] = [];
  let heldLength = 0;

  const out: DecodedPiece[] = [];
  const emit = (text: string): void => {
    if (text.length > 0) out.push({ text });
  };

  const decide = (enc: TextEncodingName, why: string): void => {
    phase = DECIDED;
    encoding = enc;
    reason = why;
    decoder = new TextDecoder(enc, { fatal: true, ignoreBOM: true });
  };

  /** Decodes `bytes` (starting on a character boundary) in the decided encoding. */
  const decodeDecided = (bytes: Uint8Array, final: boolean): void => {
    const end = final
      ? bytes.length
      : encoding === 'utf-8'
        ? utf8CompleteLength(bytes)
        : encoding === 'gb18030'
          ? gb18030CompleteLength(bytes)
          : utf16CompleteLength(bytes, encoding === 'utf-16le');
    try {
      emit((decoder as TextDecoder).decode(bytes.subarray(0, end)));
    } catch {
      const { text, failAt } = validPrefix(bytes.subarray(0, end), encoding);
      emit(text);
      out.push({ failure: { encoding, byteOffset: offset + failAt, reason } });
      phase = FAILED;
      held = [];
      heldLength = 0;
      return;
    }
    offset += end;
    const rest = bytes.subarray(end);
    held = rest.length > 0 ? [rest.slice()] : [];
    heldLength = rest.length;
  };

  const step = (chunk: Uint8Array, final: boolean): void => {
    if (phase === FAILED) return;
    if (chunk.length > 0) {
      held.push(chunk);
      heldLength += chunk.length;
    }
    // Still filling the sniff window: no copying until it is full.
    if (phase === SNIFF && heldLength < sniffBytes && !final) return;
    let bytes = heldLength === 0 ? EMPTY : concat(held, heldLength);

    if (phase === START) {
      // Two bytes tell a UTF-16 BOM; four, UTF-16 without one.
      if (bytes.length < 4 && !final) {
        held = [bytes];
        heldLength = bytes.length;
        return;
      }
      if (bytes[0] === 0xff && bytes[1] === 0xfe) {
        decide('utf-16le', 'it starts with a UTF-16 (little-endian) byte order mark');
        offset = 2;
        decodeDecided(bytes.subarray(2), final);
        return;
      }
      if (bytes[0] === 0xfe && bytes[1] === 0xff) {
        decide('utf-16be', 'it starts with a UTF-16 (big-endian) byte order mark');
        offset = 2;
        decodeDecided(bytes.subarray(2), final);
        return;
      }
      const bare = utf16WithoutBom(bytes);
      if (bare !== null) {
        out.push({
          failure: {
            encoding: bare,
            byteOffset: 0,
            reason: 'every other byte of its start is NUL',
            message:
              'the file looks like UTF-16 without a byte order mark; save it as UTF-8 (in Excel: "CSV UTF-8") or as UTF-16 with a byte order mark (文件疑似无字节顺序标记的UTF-16编码，请另存为UTF-8或带BOM的UTF-16)',
          },
        });
        phase = FAILED;
        held = [];
        heldLength = 0;
        return;
      }
      const bom = [0xef, 0xbb, 0xbf];
      const prefixOfBom = bom.slice(0, Math.min(3, bytes.length)).every((b, i) => bytes[i] === b);
      if (prefixOfBom && bytes.length < 3 && !final) {
        held = [bytes];
        heldLength = bytes.length;
        return;
      }
      if (prefixOfBom && bytes.length >= 3) {
        decide('utf-8', 'it starts with a UTF-8 byte order mark');
        offset = 3;
        bytes = bytes.subarray(3);
      } else {
        phase = ASCII;
      }
    }

    if (phase === ASCII) {
      const k = firstNonAscii(bytes);
      if (k > 0) emit(ascii.decode(bytes.subarray(0, k)));
      offset += k;
      bytes = bytes.subarray(k);
      if (bytes.length > 0) phase = SNIFF;
      else {
        held = [];
        heldLength = 0;
        return;
      }
    }

    if (phase === SNIFF) {
      if (bytes.length < sniffBytes && !final) {
        held = [bytes];
        heldLength = bytes.length;
        return;
      }
      // A character cut by the window's end, even at the end of the file, is not a reason to
      // choose GB18030: a truncated UTF-8 file must fail on its last line, not turn to mojibake.
      const window = bytes.subarray(0, sniffBytes);
      if (isValidUtf8(window, false)) {
        decide('utf-8', 'its bytes after the ASCII start are valid UTF-8');
      } else if (looksLikeDamagedUtf8(window)) {
        decide('utf-8', 'its bytes after the ASCII start are valid UTF-8 except for a few invalid ones');
      } else {
        decide('gb18030', 'it is not valid UTF-8');
      }
    }

    decodeDecided(bytes, final);
  };

  for await (const chunk of input) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('decodeText expects Uint8Array chunks');
    for (let p = 0; p < chunk.length; p += sliceBytes) {
      step(chunk.subarray(p, Math.min(p + sliceBytes, chunk.length)), false);
      for (const piece of out) yield piece;
      out.length = 0;
      if (phase === FAILED) return;
    }
  }
  step(EMPTY, true);
  for (const piece of out) yield piece;
  out.length = 0;
}
