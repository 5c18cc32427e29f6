// Test helpers: byte builders, stream feeders and valid sample data.
import { TextDecoder } from 'node:util';
import { makeResidentId, makeUscc, type ParseContext } from '@fenji/domain';
import type { IngestBatch, IngestedRecord, Reject } from '../src/index.ts';

export const ctx: ParseContext = { idKey: 'test-hmac-key', today: '2026-11-30' };

export const USCC_A = makeUscc('91330302MA2AB1234');
export const USCC_B = makeUscc('92330302MA2CD5678');
export const USCC_C = makeUscc('91330303MA2EF9012');
export const ID_ZHANG = makeResidentId('33030219800101123');

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

let gbTable: Map<string, number[]> | null = null;

/**
 * A tiny GB18030 encoder for tests (Node has none): ASCII as is, every other character through the
 * two-byte table, built once by decoding every two-byte sequence with Node's own GB18030 decoder.
 */
export function gb18030(s: string): Uint8Array {
  if (gbTable === null) {
    const pairs: number[] = [];
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail);
    }
    const text = new TextDecoder('gb18030', { fatal: true }).decode(new Uint8Array(pairs));
    const chars = [...text];
    if (chars.length * 2 !== pairs.length) throw new Error('GB18030 table: one character per pair expected');
    gbTable = new Map();
    chars.forEach((c, i) => {
      if (!gbTable?.has(c)) gbTable?.set(c, [pairs[2 * i] as number, pairs[2 * i + 1] as number]);
    });
  }
  const out: number[] = [];
  for (const c of s) {
    const code = c.codePointAt(0) as number;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbTable.get(c);
      if (!bytes) throw new Error(`no two-byte GB18030 code for ${c}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The bytes as an async stream of chunks of `size` bytes. */
export async function* chunked(bytes: Uint8Array, size = bytes.length || 1): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

export async function collect(batches: AsyncIterable<IngestBatch>): Promise<{
  records: IngestedRecord[];
  rejects: Reject[];
  batches: IngestBatch[];
}> {
  const all: IngestBatch[] = [];
  for await (const b of batches) all.push(b);
  return { records: all.flatMap((b) => b.records), rejects: all.flatMap((b) => b.rejects), batches: all };
}

export const ENTERPRISE_HEADER = 'uscc,name,region,category,licensedOn,legalRepName,legalRepId';

/** Three valid enterprises with Chinese names, as CSV lines (no line breaks). */
export const ENTERPRISE_ROWS = [
  `${USCC_A},鹿城区五马街小吃店,330302,restaurant,2019/05/20,张三,${ID_ZHANG}`,
  `${USCC_B},温州市鹿城区南门药店,330302,pharmacy,2015-01-10,,`,
  `${USCC_C},龙湾区食品有限公司,330303,meat,2020-07-01,,`,
];
