// What the generator hands back: the files of the sample and the manifest that says what they
// hold, so that tests and demonstrations know the counts, duplicates, corrections and bad lines.
import type { CaseState, CaseWarning, IsoDate, RecordType } from '@fenji/domain';
import type { Encoding } from './format.ts';

export interface GenerateOptions {
  enterprises: number;
  seed: string;
  /** YYYY-MM-DD: the newest date any record may have. */
  asOf: IsoDate;
  /** The generator writes ID numbers in clear, as source systems do; only ingestion hashes them. */
  idKey?: never;
}

export const DEFAULT_OPTIONS = { enterprises: 2000, seed: 'fenji-sample', asOf: '2026-11-30' } as const;

export type BadLineKind =
  | 'uscc_check'
  | 'unknown_category'
  | 'compliant_with_failed_items'
  | 'simple_fine_over_3000'
  | 'invalid_date'
  | 'resident_id_check'
  | 'completed_before_started'
  | 'decision_without_date'
  | 'recheck_of_pass';

/** In this order the bad records are made, round and round: the order is part of the bytes. */
export const BAD_LINE_KINDS: readonly BadLineKind[] = [
  'uscc_check',
  'unknown_category',
  'compliant_with_failed_items',
  'simple_fine_over_3000',
  'invalid_date',
  'resident_id_check',
  'completed_before_started',
  'decision_without_date',
  'recheck_of_pass',
];

/** A deliberately invalid record: ingestion must reject exactly these, at these lines. */
export interface BadLine {
  path: string;
  /** 1-based, as in rejects (a CSV header is line 1). */
  line: number;
  type: RecordType;
  kind: BadLineKind;
  /** The record's key as written (recordId, uscc, samplingRecordId or inspectorId). */
  key: string;
}

export interface DatasetFile {
  /** Relative to the data folder, `/`-separated. */
  path: string;
  type: RecordType;
  format: 'csv' | 'jsonl';
  encoding: Encoding;
  /** Data lines (records, good and bad), header excluded. */
  lines: number;
  bytes: Uint8Array;
}

export interface Manifest {
  generator: '@fenji/sample';
  options: { enterprises: number; seed: string; asOf: IsoDate };
  files: {
    path: string;
    type: RecordType;
    format: 'csv' | 'jsonl';
    encoding: Encoding;
    lines: number;
    bytes: number;
  }[];
  /** Good lines per record type, re-sent duplicates and version-2 corrections included. */
  lines: Record<RecordType, number>;
  /** Distinct keys per record type among the good lines. */
  unique: Record<RecordType, number>;
  /** Records written twice with identical content (once as CSV, once as JSON Lines). */
  duplicates: { type: RecordType; key: string; paths: [string, string] }[];
  /** Version-2 records replacing a version 1 written earlier in another file. */
  corrections: { type: RecordType; key: string; path: string; change: string }[];
  badLines: BadLine[];
  /** Situations the sample always contains, for tests and demonstrations. */
  scenarios: {
    activeListing: { uscc: string; recordId: string };
    delisting: { uscc: string; recordId: string; delistedOn: IsoDate };
    bannedPersonInCharge: { recordId: string; revokedUscc: string; inChargeUscc: string }[];
    /** Cases of deadlines.md §3 and what cases() shows for them as of asOf. */
    cases: { caseId: string; state: CaseState; warnings: CaseWarning[] }[];
  };
}

export interface Dataset {
  files: DatasetFile[];
  manifest: Manifest;
}
