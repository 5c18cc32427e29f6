import { RECORD_FIELDS } from '@fenji/domain';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../src/index.ts';
import {
  chunked,
  collect,
  concatBytes,
  ctx,
  ENTERPRISE_HEADER,
  ENTERPRISE_ROWS,
  gb18030,
  ID_ZHANG,
  USCC_A,
  USCC_B,
  utf8,
} from './helpers.ts';

const read = (
  bytes: Uint8Array,
  key: string,
  opts: { chunk?: number; batchSize?: number; maxLineChars?: number } = {},
) => collect(readRecords(chunked(bytes, opts.chunk), { source: key, key, ctx, ...opts }));

const ENTERPRISES_CSV = `${ENTERPRISE_HEADER}\n${ENTERPRISE_ROWS.join('\n')}\n`;

describe('readRecords — encodings', () => {
  it('reads the same records from UTF-8, UTF-8 with BOM and GB18030, whole or 1 byte at a time', async () => {
    const reference = await read(utf8(ENTERPRISES_CSV), 'enterprises.csv');
    expect(reference.rejects).toEqual([]);
    expect(reference.records.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(reference.records[0]?.record).toMatchObject({
      type: 'enterprise',
      uscc: USCC_A,
      name: '鹿城区五马街小吃店',
      licensedOn: '2019-05-20',
      legalRepName: '张三',
      legalRepId: { masked: `${ID_ZHANG.slice(0, 6)}********${ID_ZHANG.slice(-4)}` },
    });
    const variants = {
      bom: concatBytes(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(ENTERPRISES_CSV)),
      gb18030: gb18030(ENTERPRISES_CSV),
      crlf: utf8(ENTERPRISES_CSV.replaceAll('\n', '\r\n')),
      gb18030crlf: gb18030(ENTERPRISES_CSV.replaceAll('\n', '\r\n')),
    };
    for (const [name, bytes] of Object.entries(variants)) {
      for (const chunk of [undefined, 1, 5]) {
        const got = await read(bytes, 'enterprises.csv', { chunk });
        expect({ name, chunk, got: got.records, rejects: got.rejects }).toEqual({
          name,
          chunk,
          got: reference.records,
          rejects: [],
        });
      }
    }
  });

  it('rejects the rest of the file, naming the line, when UTF-8 turns invalid after the sniff', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ENTERPRISE_ROWS[i % 3]);
    // line 2..41 good, then line 42 has a GB18030 byte pair, then more good lines that must not be read
    const bytes = concatBytes(
      utf8(`${ENTERPRISE_HEADER}\n${rows.join('\n')}\n${USCC_B},`),
      gb18030('鹿城区'),
      utf8(`,330302,pharmacy,2015-01-10,,\n${ENTERPRISE_ROWS[0]}\n`),
    );
    for (const chunk of [1, 64, undefined]) {
      const r = await collect(
        readRecords(chunked(bytes, chunk), {
          source: 'in/enterprises.csv',
          key: 'in/enterprises.csv',
          ctx,
          decode: { sniffBytes: 256 },
        }),
      );
      expect(r.records).toHaveLength(40);
      expect(r.records.at(-1)?.line).toBe(41);
      expect(r.rejects).toEqual([
        {
          source: 'in/enterprises.csv',
          line: 42,
          recordId: null,
          errors: [
            { field: 'encoding', message: expect.stringMatching(/line 42 .*not valid UTF-8.*lines 42 to the end/) },
          ],
        },
      ]);
    }
  });

  it('rejects a file that cannot be decoded at all as a whole, with line null', async () => {
    const bytes = concatBytes(gb18030(`${ENTERPRISE_HEADER}\n`), new Uint8Array([0xff, 0xfe]), utf8('\n'));
    const r = await read(bytes, 'enterprises.csv');
    expect(r.records).toEqual([]);
    expect(r.rejects).toEqual([
      {
        source: 'enterprises.csv',
        line: null,
        recordId: null,
        errors: [{ field: 'file', message: expect.stringContaining('cannot be decoded') }],
      },
    ]);
  });
});

describe('readRecords — CSV', () => {
  it('gives records after quoted multi-line cells and blank lines their own start line', async () => {
    const csv = [
      'recordId,uscc,sampledOn,product,kind,level,result,hazard', // 1
      `S1,${USCC_A},2026-10-01,"鲜肉包\n(猪肉)",supervisory,county,pass,`, // 2–3
      '', // 4
      `"S2",${USCC_A},2026-10-02,"a ""quoted""\r\nb\r\nc",supervisory,county,fail,microbial`, // 5–7
      `S3,${USCC_B},2026/10/03,豆浆,monitoring,national,pass,`, // 8
    ].join('\r\n');
    const r = await read(utf8(csv), 'samplings/2026-10.csv', { chunk: 3 });
    expect(r.rejects).toEqual([]);
    expect(r.records.map((x) => [x.line, (x.record as { recordId: string }).recordId])).toEqual([
      [2, 'S1'],
      [5, 'S2'],
      [8, 'S3'],
    ]);
    expect(r.records[1]?.record).toMatchObject({ product: 'a "quoted"\r\nb\r\nc', hazard: 'microbial' });
  });

  it('rejects a bad row with its exact line, record id and errors, and keeps the good rows around it', async () => {
    const csv = [
      'recordId,uscc,inspectedOn,kind,scope,result,keyItemsFailed,generalItemsFailed,inspectors',
      `I1,${USCC_A},2026-09-01,routine,full,compliant,0,0,ZJ001;ZJ002`,
      `I2,${USCC_A},2026-09-02,routine,full,compliant,,,"ZJ001;ZJ002"`,
      `I3,${USCC_A},2026-09-31,routine,full,compliant,0,0,ZJ001`,
      `I4,${USCC_B},2026-09-03,key,partial,basically_compliant,0,2,ZJ003`,
    ].join('\n');
    const r = await read(utf8(csv), 'inspections/2026/09/lucheng.csv');
    expect(r.records.map((x) => x.line)).toEqual([2, 3, 5]);
    expect(r.records[1]?.record).toMatchObject({ keyItemsFailed: 0, inspectors: ['ZJ001', 'ZJ002'] });
    expect(r.rejects).toEqual([
      {
        source: 'inspections/2026/09/lucheng.csv',
        line: 4,
        recordId: 'I3',
        errors: [{ field: 'inspectedOn', message: expect.stringContaining('not a calendar date') }],
      },
    ]);
  });

  it('reads disposals and repairs (deadlines.md §2): a bad line is rejected with its key, the others kept', async () => {
    const disposals = [
      'samplingRecordId,uscc,startedOn,actions,penaltyRecordId,completedOn',
      `S1,${USCC_A},2026-07-06,stop_sale;recall,,2026-10-09`,
      `S2,${USCC_A},2026-07-06,stop_sale,,2026-07-01`,
      `S3,${USCC_B},2026-08-01,seal,P-9,`,
    ].join('\n');
    const d = await read(utf8(disposals), 'disposals/disposals-2026.csv');
    expect(d.records.map((x) => [x.line, x.record.type])).toEqual([
      [2, 'disposal'],
      [4, 'disposal'],
    ]);
    expect(d.rejects).toEqual([
      {
        source: 'disposals/disposals-2026.csv',
        line: 3,
        recordId: 'S2',
        errors: [{ field: 'completedOn', message: expect.stringContaining('is before startedOn 2026-07-06') }],
      },
    ]);
    const repairs = [
      JSON.stringify({
        recordId: 'R1',
        uscc: USCC_A,
        penaltyRecordId: 'P-1',
        appliedOn: '2026-09-01',
        acceptedOn: '2026-09-02',
      }),
      JSON.stringify({
        recordId: 'R2',
        uscc: USCC_A,
        penaltyRecordId: 'P-1',
        appliedOn: '2026-09-01',
        decision: 'granted',
      }),
    ].join('\n');
    const r = await read(utf8(repairs), 'repairs/repairs-2026.jsonl');
    expect(r.records.map((x) => x.record)).toEqual([
      expect.objectContaining({ type: 'repair', recordId: 'R1', acceptedOn: '2026-09-02' }),
    ]);
    expect(r.rejects).toEqual([
      {
        source: 'repairs/repairs-2026.jsonl',
        line: 2,
        recordId: 'R2',
        errors: [{ field: 'decidedOn', message: expect.stringContaining('required when decision is given') }],
      },
    ]);
  });

  it('rejects a row with the wrong number of cells, or a broken quote, for that line only', async () => {
    const csv = [
      'inspectorId,name,region,maxPerPeriod',
      'ZJ001,王五,330302,20',
      'ZJ002,赵六,330302', // too few
      'ZJ003,"钱七"x,330302,20', // text after a closing quote
      'ZJ004,孙八,330302,20,extra', // too many
      'ZJ005,周九,330302,20',
    ].join('\n');
    const r = await read(utf8(csv), 'inspectors.csv');
    expect(r.records.map((x) => [x.line, (x.record as { inspectorId: string }).inspectorId])).toEqual([
      [2, 'ZJ001'],
      [6, 'ZJ005'],
    ]);
    expect(r.rejects).toEqual([
      {
        source: 'inspectors.csv',
        line: 3,
        recordId: null,
        errors: [{ field: 'row', message: 'the row has 3 cells but the header has 4 columns' }],
      },
      {
        source: 'inspectors.csv',
        line: 4,
        recordId: null,
        errors: [{ field: 'row', message: expect.stringContaining('closing quote') }],
      },
      {
        source: 'inspectors.csv',
        line: 5,
        recordId: null,
        errors: [{ field: 'row', message: 'the row has 5 cells but the header has 4 columns' }],
      },
    ]);
  });

  it('rejects the whole file, naming the unknown column and the accepted ones', async () => {
    const csv = `recordId,uscc,decidedOn,procedure,violaton,measures\nP1,${USCC_A},2026-01-01,simple,hygiene,warning\n`;
    const r = await read(utf8(csv), 'penalties/2026.csv');
    expect(r.records).toEqual([]);
    expect(r.rejects).toHaveLength(1);
    const reject = r.rejects[0];
    expect(reject).toMatchObject({ source: 'penalties/2026.csv', line: null, recordId: null });
    expect(reject?.errors).toHaveLength(1);
    expect(reject?.errors[0]?.field).toBe('header');
    expect(reject?.errors[0]?.message).toContain('unknown column "violaton"');
    expect(reject?.errors[0]?.message).toContain(RECORD_FIELDS.penalty.join(', '));
  });

  it('rejects the whole file for a column given twice', async () => {
    const r = await read(utf8('inspectorId,name,name\n'), 'inspectors.csv');
    expect(r.rejects).toEqual([
      {
        source: 'inspectors.csv',
        line: null,
        recordId: null,
        errors: [{ field: 'header', message: 'column "name" appears more than once' }],
      },
    ]);
  });

  it('accepts columns in any order, a header with spaces, rows of empty cells and an unnamed empty last column', async () => {
    const csv = 'maxPerPeriod, name ,inspectorId,region,\n20,王五,ZJ001,330302,\n,,,,\n20,赵六,ZJ002,330302,x\n';
    const r = await read(utf8(csv), 'inspectors.csv');
    expect(r.records).toEqual([
      {
        line: 2,
        record: {
          type: 'inspector',
          inspectorId: 'ZJ001',
          name: '王五',
          region: '330302',
          maxPerPeriod: 20,
          active: true,
          conflicts: [],
          version: 1,
        },
      },
    ]);
    expect(r.rejects).toEqual([
      {
        source: 'inspectors.csv',
        line: 4,
        recordId: 'ZJ002',
        errors: [{ field: 'column 5', message: 'a value in a column that has no name in the header' }],
      },
    ]);
  });

  it('rejects an oversized row for its line only', async () => {
    const csv = `inspectorId,name,region,maxPerPeriod\nZJ001,${'长'.repeat(3000)},330302,20\nZJ002,赵六,330302,20\n`;
    const r = await read(utf8(csv), 'inspectors.csv', { maxLineChars: 1000, chunk: 100 });
    expect(r.records.map((x) => x.line)).toEqual([3]);
    expect(r.rejects).toEqual([
      {
        source: 'inspectors.csv',
        line: 2,
        recordId: null,
        errors: [{ field: 'row', message: 'row is longer than 1000 characters' }],
      },
    ]);
  });

  it('reads nothing and rejects nothing from an empty file or a header alone', async () => {
    expect(await read(utf8(''), 'inspectors.csv')).toMatchObject({ records: [], rejects: [] });
    expect(await read(utf8('inspectorId,name\r\n\r\n'), 'inspectors.csv')).toMatchObject({ records: [], rejects: [] });
  });
});

describe('readRecords — JSON Lines', () => {
  const good = (id: string) =>
    JSON.stringify({
      recordId: id,
      uscc: USCC_A,
      decidedOn: '2026-03-01',
      procedure: 'ordinary',
      violation: 'hygiene',
      measures: ['warning', 'fine'],
      fineYuan: 5000,
      persons: [{ name: '张三', role: 'legal_representative', idNumber: ID_ZHANG }],
    });

  it('rejects a line that is not JSON, or not an object, and keeps the others with exact lines', async () => {
    const text = [good('P1'), '', `{"recordId": "P2", ${ID_ZHANG}`, '[1,2]', good('P5'), '   ', good('P7')].join('\n');
    const r = await read(utf8(text), 'penalties-2026-11.jsonl', { chunk: 2 });
    expect(r.records.map((x) => [x.line, (x.record as { recordId: string }).recordId])).toEqual([
      [1, 'P1'],
      [5, 'P5'],
      [7, 'P7'],
    ]);
    expect(r.rejects).toEqual([
      {
        source: 'penalties-2026-11.jsonl',
        line: 3,
        recordId: null,
        errors: [{ field: 'line', message: expect.stringMatching(/^not valid JSON/) }],
      },
      {
        source: 'penalties-2026-11.jsonl',
        line: 4,
        recordId: null,
        errors: [{ field: 'line', message: 'a line must hold one JSON object, not an array' }],
      },
    ]);
    // the message never quotes the line (it may hold an ID number)
    expect(JSON.stringify(r.rejects)).not.toContain(ID_ZHANG);
  });

  it('reads a CSV row and a JSON line of the same record into identical records', async () => {
    const csv = `recordId,uscc,decidedOn,procedure,violation,measures,fineYuan,persons\nP1,${USCC_A},2026/03/01,ordinary,hygiene,fine;warning,5000,张三|legal_representative|${ID_ZHANG}\n`;
    const fromCsv = await read(utf8(csv), 'penalties.csv');
    const fromJsonl = await read(utf8(`${good('P1')}\n`), 'penalties.jsonl');
    expect(fromCsv.rejects).toEqual([]);
    expect(fromCsv.records.map((r) => r.record)).toEqual(fromJsonl.records.map((r) => r.record));
  });

  it('accepts a recordType tag that matches the file and rejects one that does not', async () => {
    const tagged = (t: string) => JSON.stringify({ recordType: t, ...JSON.parse(good('P1')) });
    const r = await read(utf8(`${tagged('penalty')}\n${tagged('sampling')}\n`), 'penalties.ndjson');
    expect(r.records.map((x) => x.line)).toEqual([1]);
    expect(r.rejects).toEqual([
      {
        source: 'penalties.ndjson',
        line: 2,
        recordId: 'P1',
        errors: [{ field: 'recordType', message: '"sampling" does not match the record type of this file (penalty)' }],
      },
    ]);
  });

  it('rejects an oversized line for that line only', async () => {
    const text = `${good('P1')}\n{"recordId":"${'x'.repeat(5000)}"}\n${good('P3')}\n`;
    const r = await read(utf8(text), 'penalties.jsonl', { maxLineChars: 1000, chunk: 333 });
    expect(r.records.map((x) => x.line)).toEqual([1, 3]);
    expect(r.rejects).toEqual([
      {
        source: 'penalties.jsonl',
        line: 2,
        recordId: null,
        errors: [{ field: 'line', message: 'line is longer than 1000 characters' }],
      },
    ]);
  });
});

describe('readRecords — files that cannot be read', () => {
  it.each([
    ['lucheng.csv', /record type cannot be told/],
    ['inspections/penalties-2026.csv', /ambiguous.*inspections and penalties/],
    ['penalties/2026.xlsx', /format cannot be told/],
  ])('%s → one file reject', async (key, message) => {
    const r = await read(utf8('whatever\n'), key);
    expect(r.rejects).toEqual([
      { source: key, line: null, recordId: null, errors: [{ field: 'file', message: expect.stringMatching(message) }] },
    ]);
    expect(r.records).toEqual([]);
  });
});

describe('readRecords — batches', () => {
  it('yields batches of at most batchSize, in file order', async () => {
    const rows = Array.from(
      { length: 23 },
      (_, i) => `ZJ${String(i).padStart(3, '0')},王五,330302,${i % 5 === 4 ? 0 : 20}`,
    );
    const r = await read(utf8(`inspectorId,name,region,maxPerPeriod\n${rows.join('\n')}\n`), 'inspectors.csv', {
      batchSize: 5,
      chunk: 40,
    });
    expect(r.batches.map((b) => b.records.length + b.rejects.length)).toEqual([5, 5, 5, 5, 3]);
    expect(r.records).toHaveLength(19);
    expect(r.rejects.map((x) => x.line)).toEqual([6, 11, 16, 21]);
    expect(r.records.map((x) => x.line)).toEqual(
      [...Array(23).keys()].map((i) => i + 2).filter((l) => (l - 2) % 5 !== 4),
    );
  });
});
