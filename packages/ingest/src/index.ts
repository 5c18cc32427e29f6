// @fenji/ingest: bytes → records. Encoding detection (UTF-8/GB18030), streaming CSV and JSON
// Lines, record-type detection, validation into records and rejects (records.md §1 and §3).
export { type CsvRow, CsvTokenizer, DEFAULT_MAX_ROW_CHARS } from './csv.ts';
export {
  type DecodedPiece,
  type DecodeFailure,
  type DecodeOptions,
  decodeText,
  isValidUtf8,
  type TextEncodingName,
} from './decode.ts';
export { detectFormat, detectRecordType, type FileFormat, recordTypesInKey, TYPE_WORDS } from './detect.ts';
export { DEFAULT_MAX_LINE_CHARS, type JsonlLine, JsonlSplitter } from './jsonl.ts';
export { type MessageResult, parseMessage } from './message.ts';
export { DEFAULT_BATCH_SIZE, type ReadOptions, readRecords, validate } from './read.ts';
export type { FieldError, IngestBatch, IngestedRecord, Reject } from './types.ts';
