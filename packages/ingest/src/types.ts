// Shapes produced by the ingest package (records.md §3).
import type { AnyRecord, FieldError, Reject } from '@fenji/domain';

export type { FieldError, Reject };

export interface IngestedRecord {
  record: AnyRecord;
  /** 1-based line on which the record starts. */
  line: number;
}

export interface IngestBatch {
  records: IngestedRecord[];
  rejects: Reject[];
}
