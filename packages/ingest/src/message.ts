// One SQS message = one JSON object with `recordType` plus the record's fields (records.md §1).
import { type AnyRecord, type ParseContext, quoteForMessage, RECORD_TYPES, type RecordType } from '@fenji/domain';
import { DEFAULT_MAX_ROW_CHARS } from './csv.ts';
import { isObject, jsonErrorMessage, validate } from './read.ts';
import type { Reject } from './types.ts';

export type MessageResult = { record: AnyRecord; reject?: undefined } | { record?: undefined; reject: Reject };

function rejectOf(source: string, field: string, message: string): MessageResult {
  return { reject: { source, line: null, recordId: null, errors: [{ field, message }] } };
}

/**
 * Parses and validates one SQS message body. `source` goes into the reject as given (the caller
 * passes `sqs:<messageId>`); `line` is always `null`. Never throws for bad input.
 */
export function parseMessage(body: string, source: string, ctx: ParseContext): MessageResult {
  if (body.length > DEFAULT_MAX_ROW_CHARS) {
    return rejectOf(source, 'message', `the message is longer than ${DEFAULT_MAX_ROW_CHARS} characters`);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    return rejectOf(source, 'message', jsonErrorMessage(err));
  }
  if (!isObject(value)) return rejectOf(source, 'message', 'the message must be one JSON object');
  const { recordType, ...fields } = value;
  if (typeof recordType !== 'string' || !(RECORD_TYPES as readonly string[]).includes(recordType)) {
    return rejectOf(
      source,
      'recordType',
      recordType === undefined
        ? `missing; must be one of ${RECORD_TYPES.join(', ')}`
        : `${quoteForMessage(recordType)} is not one of ${RECORD_TYPES.join(', ')}`,
    );
  }
  const result = validate(recordType as RecordType, fields, ctx, source, null);
  return result.record ? { record: result.record } : { reject: result.reject };
}
