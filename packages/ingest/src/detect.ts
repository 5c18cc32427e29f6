// Record type and file format from an S3 key or a path relative to the data folder
// (records.md §1): the type comes from the file's name or from any folder in its key.
import type { RecordType } from '@fenji/domain';

export type FileFormat = 'csv' | 'jsonl';

/** The words that name a record type in a key, and the type each names. */
export const TYPE_WORDS: Readonly<Record<string, RecordType>> = {
  enterprises: 'enterprise',
  inspections: 'inspection',
  penalties: 'penalty',
  samplings: 'sampling',
  disposals: 'disposal',
  repairs: 'repair',
  inspectors: 'inspector',
};

function segmentType(segment: string): RecordType | null {
  const s = segment.toLowerCase();
  for (const [word, type] of Object.entries(TYPE_WORDS)) {
    if (!s.startsWith(word)) continue;
    // `inspections-2026.csv`, `penalties_11`, `enterprises.csv`, `samplings`: the word, then a non-letter or nothing.
    const next = s.charAt(word.length);
    if (next === '' || !/\p{L}/u.test(next)) return type;
  }
  return null;
}

/** Every distinct record type named by a segment (folder or file name) of `key`, in key order. */
export function recordTypesInKey(key: string): RecordType[] {
  const found: RecordType[] = [];
  for (const segment of key.split(/[/\\]/)) {
    const type = segmentType(segment);
    if (type !== null && !found.includes(type)) found.push(type);
  }
  return found;
}

/**
 * The record type a file holds, told from its name or any folder in its key
 * (`inspections/2026/11/lucheng.csv`, `penalties-2026-11.jsonl`). `null` when no segment names a
 * type, or when segments name two different types (ambiguous).
 */
export function detectRecordType(key: string): RecordType | null {
  const types = recordTypesInKey(key);
  return types.length === 1 ? (types[0] as RecordType) : null;
}

/** `csv` for `.csv`; `jsonl` for `.jsonl` and `.ndjson`; otherwise `null`. Case-insensitive. */
export function detectFormat(key: string): FileFormat | null {
  const name = key.split(/[/\\]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  const ext = name.slice(dot + 1).toLowerCase();
  if (ext === 'csv') return 'csv';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  return null;
}
