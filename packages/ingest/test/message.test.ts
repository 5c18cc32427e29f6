import { describe, expect, it } from 'vitest';
import { parseMessage } from '../src/index.ts';
import { ctx, ID_ZHANG, USCC_A } from './helpers.ts';

const sampling = {
  recordType: 'sampling',
  recordId: 'S1',
  uscc: USCC_A,
  sampledOn: '2026-10-01',
  product: '鲜肉包',
  kind: 'supervisory',
  level: 'county',
  result: 'fail',
  hazard: 'microbial',
};

describe('parseMessage', () => {
  it('turns a valid message into its record', () => {
    const r = parseMessage(JSON.stringify(sampling), 'sqs:m-1', ctx);
    expect(r.reject).toBeUndefined();
    expect(r.record).toEqual({
      type: 'sampling',
      recordId: 'S1',
      uscc: USCC_A,
      sampledOn: '2026-10-01',
      product: '鲜肉包',
      kind: 'supervisory',
      level: 'county',
      result: 'fail',
      hazard: 'microbial',
      version: 1,
      status: 'active',
    });
  });

  it('takes the new record types of deadlines.md §2 by their recordType', () => {
    const disposal = {
      recordType: 'disposal',
      samplingRecordId: 'S1',
      uscc: USCC_A,
      startedOn: '2026-10-05',
      actions: ['seal'],
    };
    expect(parseMessage(JSON.stringify(disposal), 'sqs:m-2', ctx).record).toMatchObject({
      type: 'disposal',
      samplingRecordId: 'S1',
    });
    const repair = {
      recordType: 'repair',
      recordId: 'R1',
      uscc: USCC_A,
      penaltyRecordId: 'P-1',
      appliedOn: '2026-10-05',
    };
    expect(parseMessage(JSON.stringify(repair), 'sqs:m-3', ctx).record).toMatchObject({
      type: 'repair',
      recordId: 'R1',
    });
  });

  it('rejects an invalid record with line null, the source as given, the record id and the errors', () => {
    const r = parseMessage(JSON.stringify({ ...sampling, hazard: undefined }), 'sqs:m-2', ctx);
    expect(r.reject).toEqual({
      source: 'sqs:m-2',
      line: null,
      recordId: 'S1',
      errors: [{ field: 'hazard', message: expect.stringContaining('required when result is fail') }],
    });
  });

  it.each([
    ['{"recordType": "sampling", ', 'message', /^not valid JSON/],
    ['[1]', 'message', /one JSON object/],
    ['null', 'message', /one JSON object/],
    [
      JSON.stringify({ ...sampling, recordType: undefined }),
      'recordType',
      /^missing; must be one of enterprise, inspection/,
    ],
    [JSON.stringify({ ...sampling, recordType: 'samplings' }), 'recordType', /^"samplings" is not one of/],
  ])('%s → reject on %s', (body, field, message) => {
    const r = parseMessage(body, 'sqs:m-3', ctx);
    expect(r.reject).toEqual({
      source: 'sqs:m-3',
      line: null,
      recordId: null,
      errors: [{ field, message: expect.stringMatching(message) }],
    });
  });

  it('never quotes a personal ID number from a broken message', () => {
    const r = parseMessage(`{"recordType":"penalty","persons":[{"idNumber":${ID_ZHANG}x}]}`, 'sqs:m-4', ctx);
    expect(JSON.stringify(r)).not.toContain(ID_ZHANG);
    const r2 = parseMessage(JSON.stringify({ recordType: ID_ZHANG }), 'sqs:m-5', ctx);
    expect(JSON.stringify(r2)).not.toContain(ID_ZHANG);
  });
});
