// One test per validation rule of records.md §2 and grading-model.md §8–9, named with the rule
// and its legal basis where there is one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../src/dates.ts';
import { hashId, makeResidentId, makeUscc, maskId } from '../src/ids.ts';
import { type ParseContext, parseRecord, RECORD_FIELDS } from '../src/schemas.ts';
import type { FieldError } from '../src/types.ts';
import { CATEGORIES, HAZARDS, MEASURES, RECORD_TYPES, type RecordType, VIOLATIONS } from '../src/types.ts';

const TODAY = '2026-11-30';
const ctx: ParseContext = { idKey: 'test-key', today: TODAY };
const U = makeUscc('91330302MA2H00000');
const U2 = makeUscc('91330302MA2H00001');
const ID = makeResidentId('33030219800101123');
const ID_X = '11010519491231002X';
/** Same first 17 digits as ID, wrong check character. */
const ID_BAD = ID.slice(0, 17) + (ID.endsWith('0') ? '1' : '0');

type Raw = Record<string, unknown>;

const valid: Record<RecordType, (o?: Raw) => Raw> = {
  enterprise: (o = {}) => ({
    uscc: U,
    name: '温州市鹿城区示例乳业有限公司',
    region: '330302',
    category: 'dairy',
    licensedOn: '2015-01-01',
    ...o,
  }),
  inspection: (o = {}) => ({
    recordId: 'JC-2026-001',
    uscc: U,
    inspectedOn: '2026-03-10',
    kind: 'routine',
    scope: 'full',
    result: 'compliant',
    inspectors: ['P001', 'P002'],
    ...o,
  }),
  penalty: (o = {}) => ({
    recordId: '温鹿市监罚〔2026〕118号',
    uscc: U,
    decidedOn: '2026-02-01',
    procedure: 'ordinary',
    violation: 'label_defect',
    measures: ['fine'],
    fineYuan: 5000,
    ...o,
  }),
  sampling: (o = {}) => ({
    recordId: 'CJ-2026-042',
    uscc: U,
    sampledOn: '2026-08-01',
    product: '巴氏杀菌乳',
    kind: 'supervisory',
    level: 'municipal',
    result: 'pass',
    ...o,
  }),
  disposal: (o = {}) => ({
    samplingRecordId: 'CJ-2026-042',
    uscc: U,
    startedOn: '2026-08-20',
    actions: ['stop_sale', 'recall'],
    ...o,
  }),
  repair: (o = {}) => ({
    recordId: 'XF-2026-007',
    uscc: U,
    penaltyRecordId: '温鹿市监罚〔2026〕118号',
    appliedOn: '2026-09-01',
    ...o,
  }),
  inspector: (o = {}) => ({ inspectorId: 'P001', name: '王五', region: '330302', maxPerPeriod: 20, ...o }),
};

function parse(type: RecordType, raw: Raw) {
  return parseRecord(type, raw, ctx);
}

function accept(type: RecordType, raw: Raw) {
  const r = parse(type, raw);
  if (!r.ok) throw new Error(`expected ${type} to be accepted: ${JSON.stringify(r.errors)}`);
  return r.record as unknown as Raw;
}

function reject(type: RecordType, raw: Raw): FieldError[] {
  const r = parse(type, raw);
  if (r.ok) throw new Error(`expected ${type} to be rejected: ${JSON.stringify(r.record)}`);
  return r.errors;
}

/** Rejected with an error on `field` whose message matches `message`. */
function expectError(type: RecordType, raw: Raw, field: string, message: RegExp = /./): FieldError[] {
  const errors = reject(type, raw);
  expect(errors).toContainEqual({ field, message: expect.stringMatching(message) });
  return errors;
}

describe('records.md §2: common to every record type', () => {
  it('a valid record of each type is accepted, with type set and defaults applied', () => {
    expect(accept('enterprise', valid.enterprise())).toEqual({
      type: 'enterprise',
      ...valid.enterprise(),
      version: 1,
      status: 'active',
    });
    expect(accept('inspection', valid.inspection())).toEqual({
      type: 'inspection',
      ...valid.inspection(),
      keyItemsFailed: 0,
      generalItemsFailed: 0,
      version: 1,
      status: 'active',
    });
    expect(accept('penalty', valid.penalty())).toEqual({
      type: 'penalty',
      ...valid.penalty(),
      aggravated: false,
      incident: false,
      recallFailure: false,
      seriousListing: false,
      persons: [],
      version: 1,
      status: 'active',
    });
    expect(accept('sampling', valid.sampling())).toEqual({
      type: 'sampling',
      ...valid.sampling(),
      version: 1,
      status: 'active',
    });
    expect(accept('inspector', valid.inspector())).toEqual({
      type: 'inspector',
      ...valid.inspector(),
      active: true,
      conflicts: [],
      version: 1,
    });
  });

  it('RECORD_FIELDS lists every accepted field, key first; every type takes version, all but inspector take status', () => {
    expect(RECORD_FIELDS.enterprise[0]).toBe('uscc');
    expect(RECORD_FIELDS.inspector[0]).toBe('inspectorId');
    for (const t of ['inspection', 'penalty', 'sampling', 'repair'] as const)
      expect(RECORD_FIELDS[t][0]).toBe('recordId');
    expect(RECORD_FIELDS.disposal[0]).toBe('samplingRecordId');
    for (const t of RECORD_TYPES) {
      expect(RECORD_FIELDS[t]).toContain('version');
      expect(RECORD_FIELDS[t].includes('status')).toBe(t !== 'inspector');
      for (const k of Object.keys(valid[t]())) expect(RECORD_FIELDS[t]).toContain(k);
    }
    expect(RECORD_FIELDS.penalty).toEqual([
      'recordId',
      'uscc',
      'decidedOn',
      'procedure',
      'violation',
      'measures',
      'fineYuan',
      'aggravated',
      'incident',
      'recallFailure',
      'seriousListing',
      'intentional',
      'persons',
      'repairedOn',
      'delistedOn',
      'publishedOn',
      'version',
      'status',
    ]);
  });

  it('version: integer ≥ 1, default 1; "2" from CSV is 2', () => {
    expect(accept('sampling', valid.sampling({ version: '2' })).version).toBe(2);
    expectError('sampling', valid.sampling({ version: 0 }), 'version', /"?0"? is less than 1/);
    expectError('sampling', valid.sampling({ version: '1.5' }), 'version', /not a whole number/);
    expectError('sampling', valid.sampling({ version: 'v2' }), 'version', /"v2" is not a number/);
    expect(accept('inspector', valid.inspector({ version: 3 })).version).toBe(3);
  });

  it('status: active or revoked, default active', () => {
    expect(accept('penalty', valid.penalty({ status: 'revoked' })).status).toBe('revoked');
    expectError('penalty', valid.penalty({ status: 'deleted' }), 'status', /"deleted" is not one of active, revoked/);
  });

  it('status: an inspector has no status, so the field is unknown', () => {
    expectError('inspector', valid.inspector({ status: 'active' }), 'status', /unknown field/);
  });

  it('an unknown field is an error naming it, with a suggestion for a typo (a typo is never dropped)', () => {
    const errors = expectError(
      'inspection',
      valid.inspection({ inspectedon: '2026-03-10' }),
      'inspectedon',
      /did you mean "inspectedOn"/,
    );
    expect(errors).toHaveLength(1);
    expectError(
      'inspection',
      valid.inspection({ colour: 'red' }),
      'colour',
      /unknown field; fields are recordId, uscc/,
    );
  });

  it('recordType in the raw record (SQS messages) is ignored', () => {
    expect(accept('sampling', { ...valid.sampling(), recordType: 'sampling' }).type).toBe('sampling');
  });

  it('every required field, when absent, is named as required', () => {
    const required: Record<RecordType, string[]> = {
      enterprise: ['uscc', 'name', 'region', 'category', 'licensedOn'],
      inspection: ['recordId', 'uscc', 'inspectedOn', 'kind', 'scope', 'result', 'inspectors'],
      penalty: ['recordId', 'uscc', 'decidedOn', 'procedure', 'violation', 'measures'],
      sampling: ['recordId', 'uscc', 'sampledOn', 'product', 'kind', 'level', 'result'],
      disposal: ['samplingRecordId', 'uscc', 'startedOn', 'actions'],
      repair: ['recordId', 'uscc', 'penaltyRecordId', 'appliedOn'],
      inspector: ['inspectorId', 'name', 'region', 'maxPerPeriod'],
    };
    for (const type of RECORD_TYPES) {
      for (const field of required[type]) {
        const raw = valid[type]();
        delete raw[field];
        expect(reject(type, raw), `${type}.${field}`).toContainEqual({ field, message: 'required (必填)' });
      }
    }
  });

  it('all errors of a record are reported, not only the first', () => {
    const errors = reject('inspection', {
      recordId: 'JC-1',
      uscc: 'X',
      inspectedOn: '2026-13-01',
      kind: 'surprise',
      scope: 'full',
      result: 'compliant',
      keyItemsFailed: 2,
      inspectors: [],
      extra: 1,
    });
    expect(errors.map((e) => e.field)).toEqual([
      'extra',
      'uscc',
      'inspectedOn',
      'kind',
      'keyItemsFailed',
      'inspectors',
    ]);
  });

  it('the record key is returned with a failure when readable: uscc, inspectorId, recordId', () => {
    const fail = (type: RecordType, raw: Raw) => {
      const r = parse(type, raw);
      return r.ok ? 'accepted' : r.recordId;
    };
    expect(fail('enterprise', valid.enterprise({ region: 'x' }))).toBe(U);
    expect(fail('enterprise', valid.enterprise({ uscc: ' 91330302-bad ', region: 'x' }))).toBe('91330302-bad');
    expect(fail('inspector', valid.inspector({ region: 'x' }))).toBe('P001');
    expect(fail('penalty', valid.penalty({ fineYuan: -1 }))).toBe('温鹿市监罚〔2026〕118号');
    expect(fail('sampling', valid.sampling({ recordId: undefined }))).toBeUndefined();
  });

  it('strings are trimmed; a blank string or null is an absent field', () => {
    const r = accept('enterprise', valid.enterprise({ name: '  鹿城乳业  ', legalRepName: '   ', legalRepId: null }));
    expect(r.name).toBe('鹿城乳业');
    expect(r).not.toHaveProperty('legalRepName');
    expect(r).not.toHaveProperty('legalRepId');
    expectError('enterprise', valid.enterprise({ name: ' \t ' }), 'name', /^required/);
  });

  it('a raw record that is not an object is rejected as a whole', () => {
    expect(reject('sampling', [1, 2] as unknown as Raw)).toEqual([{ field: '(record)', message: expect.any(String) }]);
  });
});

describe('records.md §2: identifiers, names, regions, categories', () => {
  it('uscc: 18 characters', () => {
    expectError(
      'enterprise',
      valid.enterprise({ uscc: '91330302MA2H0000' }),
      'uscc',
      /"91330302MA2H0000" has 16 characters; .* has 18/,
    );
  });

  it('uscc: only 0-9 and capital letters other than I, O, S, V, Z (GB 32100-2015)', () => {
    expectError('inspection', valid.inspection({ uscc: `91330302MA2O0000${U.slice(16)}` }), 'uscc', /contains "O"/);
    expectError('inspection', valid.inspection({ uscc: U.toLowerCase() }), 'uscc', /contains "m", "a", "h"/);
  });

  it('uscc: a wrong check character is rejected, naming what it should be (GB 32100-2015)', () => {
    const wrong = U.slice(0, 17) + (U.endsWith('0') ? '1' : '0');
    expectError(
      'penalty',
      valid.penalty({ uscc: wrong }),
      'uscc',
      new RegExp(`check character is "${wrong[17]}" but the first 17 characters give "${U[17]}"`),
    );
  });

  it('uscc: a valid all-digit code stays readable in messages', () => {
    const huawei = '914403001922038216';
    const r = parse('enterprise', valid.enterprise({ uscc: huawei, region: 'x' }));
    expect(r.ok ? null : r.recordId).toBe(huawei);
  });

  it('region: 6-digit administrative division code; a JSON number is accepted', () => {
    expect(accept('enterprise', valid.enterprise({ region: 330302 })).region).toBe('330302');
    expectError('enterprise', valid.enterprise({ region: '33030' }), 'region', /"33030" is not a 6-digit/);
    expectError('inspector', valid.inspector({ region: '鹿城区' }), 'region', /"鹿城区" is not a 6-digit/);
  });

  it('name: 1–200 characters, counted as characters, not bytes', () => {
    expect(accept('enterprise', valid.enterprise({ name: '鹿'.repeat(200) })).name).toHaveLength(200);
    expect(accept('enterprise', valid.enterprise({ name: '𠀀'.repeat(200) })).name).toBe('𠀀'.repeat(200));
    expectError(
      'enterprise',
      valid.enterprise({ name: '鹿'.repeat(201) }),
      'name',
      /is 201 characters long; at most 200/,
    );
    expectError('enterprise', valid.enterprise({ name: '' }), 'name', /^required/);
  });

  it('category: one of grading-model.md §3', () => {
    for (const category of CATEGORIES)
      expect(accept('enterprise', valid.enterprise({ category })).category).toBe(category);
    expectError(
      'enterprise',
      valid.enterprise({ category: 'Dairy' }),
      'category',
      /"Dairy" is not one of infant_formula/,
    );
  });
});

describe('records.md §2: dates', () => {
  const dateFields: [RecordType, string, Raw][] = [
    ['enterprise', 'licensedOn', {}],
    ['inspection', 'inspectedOn', {}],
    ['penalty', 'decidedOn', {}],
    ['sampling', 'sampledOn', {}],
  ];

  it('dates: YYYY/MM/DD is normalised to YYYY-MM-DD', () => {
    expect(accept('inspection', valid.inspection({ inspectedOn: '2026/03/10' })).inspectedOn).toBe('2026-03-10');
  });

  it('dates (records.md §1): month and day may have one digit, as Excel shows dates in a Chinese locale', () => {
    for (const [given, iso] of [
      ['2026/3/5', '2026-03-05'],
      ['2026/3/10', '2026-03-10'],
      ['2025/12/5', '2025-12-05'],
      ['2026-3-5', '2026-03-05'],
    ]) {
      expect(accept('inspection', valid.inspection({ inspectedOn: given })).inspectedOn).toBe(iso);
    }
    expectError('inspection', valid.inspection({ inspectedOn: '2026/2/30' }), 'inspectedOn', /not a calendar date/);
  });

  it('dates: other formats are rejected, naming the value, in the same words in both languages', () => {
    for (const bad of [
      '10/03/2026',
      '2026.03.10',
      '2026-03-10T08:00:00+08:00',
      '2026/03-10',
      '2026/003/10',
      '26/3/5',
    ]) {
      expectError(
        'inspection',
        valid.inspection({ inspectedOn: bad }),
        'inspectedOn',
        /is not a date; use YYYY-MM-DD or YYYY\/MM\/DD, month and day with one or two digits \(日期格式应为YYYY-MM-DD或YYYY\/MM\/DD，月、日可为一位或两位数字\)/,
      );
    }
    expectError('inspection', valid.inspection({ inspectedOn: 20260310 }), 'inspectedOn', /20260310 is not a date/);
  });

  it('dates: must be calendar dates (2026-02-29 and 2026/04/31 do not exist; 2024-02-29 does)', () => {
    expectError(
      'sampling',
      valid.sampling({ sampledOn: '2026-02-29' }),
      'sampledOn',
      /"2026-02-29" is not a calendar date/,
    );
    expectError('sampling', valid.sampling({ sampledOn: '2026/04/31' }), 'sampledOn', /not a calendar date/);
    expect(accept('sampling', valid.sampling({ sampledOn: '2024-02-29' })).sampledOn).toBe('2024-02-29');
  });

  it('dates: 1990-01-01 is accepted, 1989-12-31 is rejected, in every date field', () => {
    for (const [type, field] of dateFields) {
      expect(accept(type, valid[type]({ [field]: '1990-01-01' }))[field]).toBe('1990-01-01');
      expectError(type, valid[type]({ [field]: '1989-12-31' }), field, /"1989-12-31" is before 1990-01-01/);
    }
  });

  it('dates: the day after ingestion is accepted, two days after is rejected, in every date field', () => {
    const tomorrow = addDays(TODAY, 1);
    const dayAfter = addDays(TODAY, 2);
    for (const [type, field] of dateFields) {
      expect(accept(type, valid[type]({ [field]: tomorrow }))[field]).toBe(tomorrow);
      expectError(
        type,
        valid[type]({ [field]: dayAfter }),
        field,
        new RegExp(`${dayAfter} is in the future; the latest accepted date is ${tomorrow}`),
      );
    }
    const listed = valid.penalty({ decidedOn: '2025-01-01', seriousListing: true });
    expectError('penalty', { ...listed, repairedOn: dayAfter }, 'repairedOn', /in the future/);
    expectError('penalty', { ...listed, delistedOn: dayAfter }, 'delistedOn', /in the future/);
  });

  it('dates: the future limit follows the ingestion day in the context', () => {
    expect(
      parseRecord('sampling', valid.sampling({ sampledOn: '2026-12-31' }), { ...ctx, today: '2026-12-30' }).ok,
    ).toBe(true);
  });
});

describe('records.md §2: enterprise legal representative', () => {
  it('legalRepId: a valid resident ID becomes {masked, hash}; the clear number is not kept', () => {
    const r = accept('enterprise', valid.enterprise({ legalRepName: '张三', legalRepId: ID }));
    expect(r.legalRepId).toEqual({ masked: maskId(ID), hash: hashId(ID, ctx.idKey) });
    expect(JSON.stringify(r)).not.toContain(ID);
  });

  it('legalRepId: a lower-case x is the same number as X (same hash)', () => {
    const r = accept('enterprise', valid.enterprise({ legalRepId: ID_X.toLowerCase() }));
    expect(r.legalRepId).toEqual({ masked: '110105********002X', hash: hashId(ID_X, ctx.idKey) });
  });

  it('legalRepId: the check character must match (ISO 7064 MOD 11-2), without quoting the number', () => {
    expectError(
      'enterprise',
      valid.enterprise({ legalRepId: ID_BAD }),
      'legalRepId',
      /^check character does not match \(身份证号码校验位错误\)$/,
    );
  });

  it('legalRepId: 18 characters, 17 digits then a digit or X', () => {
    expectError(
      'enterprise',
      valid.enterprise({ legalRepId: ID.slice(0, 15) }),
      'legalRepId',
      /^has 15 characters; a resident ID number has 18/,
    );
    expectError(
      'enterprise',
      valid.enterprise({ legalRepId: `A${ID.slice(1)}` }),
      'legalRepId',
      /^must be 17 digits followed by a digit or X/,
    );
    expectError('enterprise', valid.enterprise({ legalRepId: 110105194912310020 }), 'legalRepId', /^is not text/);
  });

  it('legalRepName and legalRepId are optional', () => {
    const r = accept('enterprise', valid.enterprise());
    expect(r).not.toHaveProperty('legalRepName');
    expect(r).not.toHaveProperty('legalRepId');
  });
});

describe('records.md §2: inspection', () => {
  it('inspection: kind, scope and result are enumerations', () => {
    expectError(
      'inspection',
      valid.inspection({ kind: 'surprise' }),
      'kind',
      /"surprise" is not one of routine, key, flying, system, followup/,
    );
    expectError('inspection', valid.inspection({ scope: 'half' }), 'scope', /"half" is not one of full, partial/);
    expectError(
      'inspection',
      valid.inspection({ result: 'ok' }),
      'result',
      /"ok" is not one of compliant, basically_compliant, non_compliant, obstructed/,
    );
  });

  it('inspection: failed item counts are integers ≥ 0, default 0, numbers or numeric strings', () => {
    const r = accept(
      'inspection',
      valid.inspection({ result: 'non_compliant', keyItemsFailed: '2', generalItemsFailed: 3 }),
    );
    expect([r.keyItemsFailed, r.generalItemsFailed]).toEqual([2, 3]);
    expectError('inspection', valid.inspection({ generalItemsFailed: -1 }), 'generalItemsFailed', /-1 is less than 0/);
    expectError('inspection', valid.inspection({ keyItemsFailed: '1.5' }), 'keyItemsFailed', /not a whole number/);
    expectError('inspection', valid.inspection({ keyItemsFailed: 'two' }), 'keyItemsFailed', /"two" is not a number/);
  });

  it('inspection: compliant ⇒ no failed key or general items', () => {
    expectError(
      'inspection',
      valid.inspection({ keyItemsFailed: 1 }),
      'keyItemsFailed',
      /is 1, but a compliant inspection has no failed items/,
    );
    expectError(
      'inspection',
      valid.inspection({ generalItemsFailed: 2 }),
      'generalItemsFailed',
      /is 2, but a compliant inspection/,
    );
  });

  it('inspection: basically_compliant ⇒ no failed key item', () => {
    expectError(
      'inspection',
      valid.inspection({ result: 'basically_compliant', keyItemsFailed: 1, generalItemsFailed: 2 }),
      'keyItemsFailed',
      /basically_compliant allows no failed key item/,
    );
  });

  it('inspection: basically_compliant ⇒ at least one failed general item', () => {
    expectError(
      'inspection',
      valid.inspection({ result: 'basically_compliant' }),
      'generalItemsFailed',
      /is 0, but basically_compliant needs at least 1/,
    );
    expect(
      accept('inspection', valid.inspection({ result: 'basically_compliant', generalItemsFailed: 1 }))
        .generalItemsFailed,
    ).toBe(1);
  });

  it('inspection: non_compliant ⇒ at least one failed item', () => {
    expectError(
      'inspection',
      valid.inspection({ result: 'non_compliant' }),
      'result',
      /non_compliant, but keyItemsFailed and generalItemsFailed are both 0/,
    );
    expect(accept('inspection', valid.inspection({ result: 'non_compliant', keyItemsFailed: 1 })).keyItemsFailed).toBe(
      1,
    );
    expect(
      accept('inspection', valid.inspection({ result: 'non_compliant', generalItemsFailed: 1 })).generalItemsFailed,
    ).toBe(1);
  });

  it('inspection: obstructed takes any item counts', () => {
    expect(accept('inspection', valid.inspection({ result: 'obstructed' })).result).toBe('obstructed');
  });

  it('inspection: inspectors, at least one, as a list or ";"-separated', () => {
    expect(accept('inspection', valid.inspection({ inspectors: ' P001 ; P002 ;' })).inspectors).toEqual([
      'P001',
      'P002',
    ]);
    expectError('inspection', valid.inspection({ inspectors: [] }), 'inspectors', /at least one inspector/);
    expectError('inspection', valid.inspection({ inspectors: ';' }), 'inspectors', /at least one inspector/);
    expectError('inspection', valid.inspection({ inspectors: ['P001', 7] }), 'inspectors[1]', /7 is not text/);
    expectError('inspection', valid.inspection({ inspectors: { a: 1 } }), 'inspectors', /is not a list/);
  });

  it('inspection: an inspector listed twice is rejected at its position', () => {
    expectError(
      'inspection',
      valid.inspection({ inspectors: 'P001;P002;P001' }),
      'inspectors[2]',
      /"P001" is listed twice/,
    );
  });
});

describe('records.md §2: penalty', () => {
  it('penalty: procedure is simple or ordinary', () => {
    expectError(
      'penalty',
      valid.penalty({ procedure: 'summary' }),
      'procedure',
      /"summary" is not one of simple, ordinary/,
    );
  });

  it('penalty: violation is one code from the list', () => {
    for (const violation of VIOLATIONS)
      expect(accept('penalty', valid.penalty({ violation })).violation).toBe(violation);
    expectError(
      'penalty',
      valid.penalty({ violation: 'hygiene;label_defect' }),
      'violation',
      /give one violation code/,
    );
    expectError('penalty', valid.penalty({ violation: ['hygiene'] }), 'violation', /give one violation code/);
    expectError('penalty', valid.penalty({ violation: 'dirty' }), 'violation', /"dirty" is not one of unlicensed/);
  });

  it('penalty: measures, a non-empty list from the measure codes, kept in canonical order', () => {
    const r = accept('penalty', valid.penalty({ measures: 'confiscation; fine;warning', fineYuan: '5000' }));
    expect(r.measures).toEqual(['warning', 'fine', 'confiscation']);
    expectError('penalty', valid.penalty({ measures: [] }), 'measures', /at least one measure/);
    expectError(
      'penalty',
      valid.penalty({ measures: 'fine;jail' }),
      'measures[1]',
      new RegExp(`"jail" is not one of ${MEASURES.join(', ')}`),
    );
  });

  it('penalty: measures have no duplicates', () => {
    expectError('penalty', valid.penalty({ measures: ['fine', 'fine'] }), 'measures[1]', /"fine" is listed twice/);
  });

  it('penalty: fineYuan is a number ≥ 0 (and below ¥10^12), default 0', () => {
    expect(accept('penalty', valid.penalty({ measures: 'warning', fineYuan: undefined })).fineYuan).toBe(0);
    expect(accept('penalty', valid.penalty({ fineYuan: '1250.50' })).fineYuan).toBe(1250.5);
    expectError('penalty', valid.penalty({ fineYuan: -5 }), 'fineYuan', /-5 is negative/);
    expectError('penalty', valid.penalty({ fineYuan: '5,000' }), 'fineYuan', /"5,000" is not an amount/);
    expect(accept('penalty', valid.penalty({ fineYuan: 1e12 })).fineYuan).toBe(1e12);
    expectError('penalty', valid.penalty({ fineYuan: 1e12 + 1 }), 'fineYuan', /is more than ¥1,000,000,000,000/);
  });

  it('penalty: measures include fine ⇒ fineYuan > 0', () => {
    expectError(
      'penalty',
      valid.penalty({ measures: 'warning;fine', fineYuan: 0 }),
      'fineYuan',
      /measures include fine; give the amount/,
    );
  });

  it('penalty: fineYuan > 0 ⇒ measures include fine', () => {
    expectError(
      'penalty',
      valid.penalty({ measures: 'warning', fineYuan: 200 }),
      'measures',
      /do not include fine, but fineYuan is 200/,
    );
  });

  it('penalty: simple procedure allows only warning and fine (APL Art. 51)', () => {
    expect(
      accept('penalty', valid.penalty({ procedure: 'simple', measures: 'warning;fine', fineYuan: 200 })).procedure,
    ).toBe('simple');
    expectError(
      'penalty',
      valid.penalty({ procedure: 'simple', measures: 'fine;confiscation', fineYuan: 200 }),
      'measures',
      /confiscation not possible under the simple procedure.*\(APL Art\. 51\)/,
    );
  });

  it('penalty: simple procedure fine of exactly ¥3,000 is accepted (APL Art. 51)', () => {
    expect(accept('penalty', valid.penalty({ procedure: 'simple', fineYuan: '3000' })).fineYuan).toBe(3000);
  });

  it('penalty: simple procedure fine over ¥3,000 is rejected (APL Art. 51)', () => {
    expectError(
      'penalty',
      valid.penalty({ procedure: 'simple', fineYuan: 3000.01 }),
      'fineYuan',
      /3000\.01 is over ¥3,000.*\(APL Art\. 51\)/,
    );
    expect(accept('penalty', valid.penalty({ procedure: 'ordinary', fineYuan: 3000.01 })).fineYuan).toBe(3000.01);
  });

  it('penalty: aggravated, incident, recallFailure, seriousListing are booleans, default false, true/false/1/0/是/否', () => {
    const flags = ['aggravated', 'incident', 'recallFailure', 'seriousListing'];
    const defaults = accept('penalty', valid.penalty());
    for (const f of flags) expect(defaults[f]).toBe(false);
    for (const [given, meant] of [
      [true, true],
      ['true', true],
      ['TRUE', true],
      ['1', true],
      [1, true],
      ['是', true],
      [false, false],
      ['false', false],
      ['0', false],
      ['否', false],
    ] as const) {
      for (const f of flags)
        expect(accept('penalty', valid.penalty({ [f]: given }))[f], `${f}=${String(given)}`).toBe(meant);
    }
    expectError(
      'penalty',
      valid.penalty({ aggravated: 'yes' }),
      'aggravated',
      /"yes" is not yes\/no; use true\/false, 1\/0 or 是\/否/,
    );
  });

  it('penalty: intentional is true, false or absent (unknown)', () => {
    expect(accept('penalty', valid.penalty())).not.toHaveProperty('intentional');
    expect(accept('penalty', valid.penalty({ intentional: '否' })).intentional).toBe(false);
    expect(accept('penalty', valid.penalty({ intentional: true })).intentional).toBe(true);
    expectError('penalty', valid.penalty({ intentional: 'unknown' }), 'intentional', /"unknown" is not yes\/no/);
  });

  it('penalty: persons from JSON objects and from the CSV form name|role|idNumber give the same persons', () => {
    const fromJson = accept(
      'penalty',
      valid.penalty({
        persons: [
          { name: '张三', role: 'legal_representative', idNumber: ID },
          { name: '李四', role: 'directly_responsible', idNumber: ID_X },
        ],
      }),
    );
    const fromCsv = accept(
      'penalty',
      valid.penalty({
        persons: ` 张三 | legal_representative | ${ID} ;李四|directly_responsible|${ID_X.toLowerCase()}`,
      }),
    );
    expect(fromCsv.persons).toEqual(fromJson.persons);
    expect(fromJson.persons).toEqual([
      { name: '张三', role: 'legal_representative', id: { masked: maskId(ID), hash: hashId(ID, ctx.idKey) } },
      { name: '李四', role: 'directly_responsible', id: { masked: maskId(ID_X), hash: hashId(ID_X, ctx.idKey) } },
    ]);
  });

  it('penalty: persons roles are legal_representative, principal, directly_responsible', () => {
    expect(accept('penalty', valid.penalty({ persons: `王五|principal|${ID}` })).persons).toHaveLength(1);
    expectError(
      'penalty',
      valid.penalty({ persons: `张三|legal_representative|${ID};李四|boss|${ID_X}` }),
      'persons[1].role',
      /"boss" is not one of legal_representative/,
    );
  });

  it('penalty: each person needs name, role and a valid ID number, errors at their position', () => {
    expectError(
      'penalty',
      valid.penalty({ persons: `张三|legal_representative|${ID};李四|principal|${ID_BAD}` }),
      'persons[1].idNumber',
      /^check character does not match/,
    );
    expectError(
      'penalty',
      valid.penalty({ persons: [{ role: 'principal', idNumber: ID }] }),
      'persons[0].name',
      /^required/,
    );
    expectError('penalty', valid.penalty({ persons: `张三||${ID}` }), 'persons[0].role', /^required/);
  });

  it('penalty: a CSV person without exactly three parts, a non-object or an unknown person field is rejected', () => {
    expectError(
      'penalty',
      valid.penalty({ persons: `张三|${ID}` }),
      'persons[0]',
      /has 2 part\(s\); write name\|role\|idNumber/,
    );
    expectError('penalty', valid.penalty({ persons: ['张三'] }), 'persons[0]', /is not a person/);
    expectError(
      'penalty',
      valid.penalty({ persons: [{ name: '张三', role: 'principal', idNumber: ID, phone: '1' }] }),
      'persons[0].phone',
      /unknown field/,
    );
  });

  describe('repairedOn (REPAIR-2021, grading-model.md §9)', () => {
    it('penalty: repair exactly 12 months after the decision is accepted (REPAIR-2021)', () => {
      expect(accept('penalty', valid.penalty({ decidedOn: '2025-03-15', repairedOn: '2026-03-15' })).repairedOn).toBe(
        '2026-03-15',
      );
    });

    it('penalty: repair one day before 12 months is rejected (REPAIR-2021)', () => {
      expectError(
        'penalty',
        valid.penalty({ decidedOn: '2025-03-15', repairedOn: '2026-03-14' }),
        'repairedOn',
        /2026-03-14 is earlier than 2026-03-15, one year after the decision \(REPAIR-2021\)/,
      );
    });

    it('penalty: repair 12 months after 2025-02-28 is 2026-02-28 (month end, REPAIR-2021)', () => {
      expect(addMonths('2025-02-28', 12)).toBe('2026-02-28');
      expect(accept('penalty', valid.penalty({ decidedOn: '2025-02-28', repairedOn: '2026-02-28' })).repairedOn).toBe(
        '2026-02-28',
      );
      expectError(
        'penalty',
        valid.penalty({ decidedOn: '2025-02-28', repairedOn: '2026-02-27' }),
        'repairedOn',
        /earlier than 2026-02-28/,
      );
    });

    it('penalty: repair 12 months after 2024-02-29 is 2025-02-28, after 2023-02-28 is 2024-02-28, not the month end (REPAIR-2021)', () => {
      expect(accept('penalty', valid.penalty({ decidedOn: '2024-02-29', repairedOn: '2025-02-28' })).repairedOn).toBe(
        '2025-02-28',
      );
      expectError(
        'penalty',
        valid.penalty({ decidedOn: '2024-02-29', repairedOn: '2025-02-27' }),
        'repairedOn',
        /earlier than 2025-02-28/,
      );
      expect(accept('penalty', valid.penalty({ decidedOn: '2023-02-28', repairedOn: '2024-02-28' })).repairedOn).toBe(
        '2024-02-28',
      );
    });

    it('penalty: a penalty with a heavy measure cannot be repaired (REPAIR-2021)', () => {
      for (const heavy of ['suspension', 'license_revoked', 'trade_ban', 'closure']) {
        expectError(
          'penalty',
          valid.penalty({ decidedOn: '2024-01-01', measures: `fine;${heavy}`, repairedOn: '2026-01-01' }),
          'repairedOn',
          new RegExp(`a penalty with ${heavy} cannot be repaired \\(REPAIR-2021\\)`),
        );
      }
      expect(
        accept(
          'penalty',
          valid.penalty({ decidedOn: '2024-01-01', measures: 'fine;confiscation', repairedOn: '2026-01-01' }),
        ).repairedOn,
      ).toBe('2026-01-01');
    });

    it('penalty: an early repair of a heavy penalty reports both problems', () => {
      const errors = reject(
        'penalty',
        valid.penalty({ decidedOn: '2026-01-01', measures: 'closure', fineYuan: 0, repairedOn: '2026-06-01' }),
      );
      expect(errors.filter((e) => e.field === 'repairedOn')).toHaveLength(2);
    });
  });

  describe('delistedOn (SDL-44 Art. 16, grading-model.md §8)', () => {
    const listed = (o: Raw) =>
      valid.penalty({ seriousListing: true, measures: 'fine;license_revoked', fineYuan: 100000, ...o });

    it('penalty: removal from the list exactly 12 months after the decision is accepted (SDL-44 Art. 16)', () => {
      expect(accept('penalty', listed({ decidedOn: '2025-06-30', delistedOn: '2026-06-30' })).delistedOn).toBe(
        '2026-06-30',
      );
    });

    it('penalty: removal one day before 12 months is rejected (SDL-44 Art. 16)', () => {
      expectError(
        'penalty',
        listed({ decidedOn: '2025-06-30', delistedOn: '2026-06-29' }),
        'delistedOn',
        /2026-06-29 is earlier than 2026-06-30, one year after listing \(SDL-44 Art\. 16\)/,
      );
    });

    it('penalty: removal 12 months after 2025-02-28 is 2026-02-28 (month end, SDL-44 Art. 16)', () => {
      expect(accept('penalty', listed({ decidedOn: '2025-02-28', delistedOn: '2026-02-28' })).delistedOn).toBe(
        '2026-02-28',
      );
      expectError(
        'penalty',
        listed({ decidedOn: '2025-02-28', delistedOn: '2026-02-27' }),
        'delistedOn',
        /earlier than 2026-02-28/,
      );
    });

    it('penalty: delistedOn on a penalty that is not a serious listing is rejected (SDL-44)', () => {
      expectError(
        'penalty',
        valid.penalty({ decidedOn: '2024-01-01', delistedOn: '2026-01-01' }),
        'delistedOn',
        /not on the serious illegal-dishonest list/,
      );
    });
  });
});

describe('records.md §2: sampling', () => {
  it('sampling: kind, level and result are enumerations', () => {
    expectError(
      'sampling',
      valid.sampling({ kind: 'random' }),
      'kind',
      /"random" is not one of supervisory, evaluative, monitoring/,
    );
    expectError(
      'sampling',
      valid.sampling({ level: 'city' }),
      'level',
      /"city" is not one of national, provincial, municipal, county/,
    );
    expectError('sampling', valid.sampling({ result: 'failed' }), 'result', /"failed" is not one of pass, fail/);
  });

  it('sampling: product is required text', () => {
    expectError('sampling', valid.sampling({ product: ' ' }), 'product', /^required/);
  });

  it('sampling: hazard is required when the result is fail', () => {
    expectError('sampling', valid.sampling({ result: 'fail' }), 'hazard', /required when result is fail/);
    for (const hazard of HAZARDS)
      expect(accept('sampling', valid.sampling({ result: 'fail', hazard })).hazard).toBe(hazard);
  });

  it('sampling: hazard is rejected when the result is pass', () => {
    expectError('sampling', valid.sampling({ hazard: 'microbial' }), 'hazard', /"microbial" given, but result is pass/);
  });

  it('sampling: hazard must be a known hazard', () => {
    expectError(
      'sampling',
      valid.sampling({ result: 'fail', hazard: 'mould' }),
      'hazard',
      /"mould" is not one of pesticide_residue/,
    );
  });
});

describe('deadlines.md §2: the steps of a failed sample (FSL Art. 88)', () => {
  const failed = (o: Raw = {}) => valid.sampling({ result: 'fail', hazard: 'microbial', ...o });
  const retested = (o: Raw = {}) =>
    failed({
      notifiedOn: '2026-08-10',
      recheckRequestedOn: '2026-08-12',
      recheckResult: 'pass',
      recheckConcludedOn: '2026-08-30',
      ...o,
    });

  it('a failed sample with every step is accepted as given', () => {
    expect(accept('sampling', retested())).toMatchObject({
      notifiedOn: '2026-08-10',
      recheckRequestedOn: '2026-08-12',
      recheckResult: 'pass',
      recheckConcludedOn: '2026-08-30',
    });
  });

  it('notifiedOn: not before sampledOn', () => {
    expectError(
      'sampling',
      failed({ notifiedOn: '2026-07-31' }),
      'notifiedOn',
      /2026-07-31 is before sampledOn 2026-08-01 \(结论送达日期不得早于抽样日期\)/,
    );
    expect(accept('sampling', valid.sampling({ notifiedOn: '2026-08-01' })).notifiedOn).toBe('2026-08-01');
  });

  it('recheckRequestedOn: only of a failed sample', () => {
    expectError(
      'sampling',
      valid.sampling({ notifiedOn: '2026-08-10', recheckRequestedOn: '2026-08-12' }),
      'recheckRequestedOn',
      /result is pass; only a failed sample is re-tested/,
    );
  });

  it('recheckRequestedOn: needs notifiedOn, and not before it', () => {
    expectError('sampling', retested({ notifiedOn: undefined }), 'recheckRequestedOn', /without notifiedOn/);
    expectError(
      'sampling',
      retested({ recheckRequestedOn: '2026-08-09' }),
      'recheckRequestedOn',
      /2026-08-09 is before notifiedOn 2026-08-10/,
    );
  });

  it('recheckResult and recheckConcludedOn: together or not at all', () => {
    expectError(
      'sampling',
      retested({ recheckConcludedOn: undefined }),
      'recheckConcludedOn',
      /required when recheckResult is given/,
    );
    expectError(
      'sampling',
      retested({ recheckResult: undefined }),
      'recheckResult',
      /required when recheckConcludedOn is given/,
    );
    expect(
      accept('sampling', retested({ recheckResult: undefined, recheckConcludedOn: undefined })).recheckRequestedOn,
    ).toBe('2026-08-12');
  });

  it('recheckResult: pass or fail, and only after a request', () => {
    expectError(
      'sampling',
      retested({ recheckResult: 'passed' }),
      'recheckResult',
      /"passed" is not one of pass, fail/,
    );
    expectError('sampling', retested({ recheckRequestedOn: undefined }), 'recheckResult', /without recheckRequestedOn/);
  });

  it('recheckConcludedOn: not before recheckRequestedOn, and not in the future', () => {
    expectError(
      'sampling',
      retested({ recheckConcludedOn: '2026-08-11' }),
      'recheckConcludedOn',
      /2026-08-11 is before recheckRequestedOn 2026-08-12/,
    );
    expectError('sampling', retested({ recheckConcludedOn: '2026-12-05' }), 'recheckConcludedOn', /in the future/);
  });
});

describe('deadlines.md §2: penalty publicity (PUB-45 Art. 9)', () => {
  it('publishedOn: a date not before decidedOn', () => {
    expect(accept('penalty', valid.penalty({ publishedOn: '2026-02-01' })).publishedOn).toBe('2026-02-01');
    expectError(
      'penalty',
      valid.penalty({ publishedOn: '2026-01-31' }),
      'publishedOn',
      /is before decidedOn 2026-02-01 \(公示日期不得早于处罚决定日期\)/,
    );
    expectError('penalty', valid.penalty({ publishedOn: '2026-02-30' }), 'publishedOn', /not a calendar date/);
  });
});

describe('deadlines.md §2: disposal (SAMPLING-15 Art. 45)', () => {
  it('a disposal is keyed by its samplingRecordId; actions are a set in one order', () => {
    const r = accept(
      'disposal',
      valid.disposal({ actions: 'recall;seal', penaltyRecordId: 'P-1', completedOn: '2026-09-01' }),
    );
    expect(r).toMatchObject({
      type: 'disposal',
      samplingRecordId: 'CJ-2026-042',
      actions: ['seal', 'recall'],
      version: 1,
      status: 'active',
    });
  });

  it('actions: a non-empty list of known actions, none twice', () => {
    expectError('disposal', valid.disposal({ actions: [] }), 'actions', /at least one action/);
    expectError(
      'disposal',
      valid.disposal({ actions: ['burn'] }),
      'actions[0]',
      /"burn" is not one of seal, stop_sale/,
    );
    expectError('disposal', valid.disposal({ actions: 'seal;seal' }), 'actions[1]', /listed twice/);
  });

  it('completedOn: not before startedOn', () => {
    expectError(
      'disposal',
      valid.disposal({ completedOn: '2026-08-19' }),
      'completedOn',
      /is before startedOn 2026-08-20 \(处置完成日期不得早于处置开始日期\)/,
    );
  });
});

describe('deadlines.md §2: credit repair application (REPAIR-2021)', () => {
  it('a repair with acceptance and decision is accepted', () => {
    const r = accept(
      'repair',
      valid.repair({ acceptedOn: '2026-09-02', decidedOn: '2026-09-20', decision: 'granted' }),
    );
    expect(r).toMatchObject({ type: 'repair', decision: 'granted', decidedOn: '2026-09-20' });
  });

  it('acceptedOn: not before appliedOn', () => {
    expectError('repair', valid.repair({ acceptedOn: '2026-08-31' }), 'acceptedOn', /is before appliedOn 2026-09-01/);
  });

  it('decidedOn and decision: together or not at all; decision granted or refused', () => {
    expectError('repair', valid.repair({ decidedOn: '2026-09-10' }), 'decision', /required when decidedOn is given/);
    expectError('repair', valid.repair({ decision: 'refused' }), 'decidedOn', /required when decision is given/);
    expectError(
      'repair',
      valid.repair({ decidedOn: '2026-09-10', decision: 'yes' }),
      'decision',
      /"yes" is not one of granted, refused/,
    );
  });

  it('decidedOn: not before acceptedOn when accepted, else not before appliedOn', () => {
    const decided = { decidedOn: '2026-09-03', decision: 'refused' };
    expectError(
      'repair',
      valid.repair({ ...decided, acceptedOn: '2026-09-04' }),
      'decidedOn',
      /is before acceptedOn 2026-09-04/,
    );
    expectError(
      'repair',
      valid.repair({ ...decided, appliedOn: '2026-09-05' }),
      'decidedOn',
      /is before appliedOn 2026-09-05/,
    );
    expect(accept('repair', valid.repair(decided)).decision).toBe('refused');
  });
});

describe('records.md §2: inspector', () => {
  it('inspector: active is a boolean, default true', () => {
    expect(accept('inspector', valid.inspector({ active: '否' })).active).toBe(false);
    expectError('inspector', valid.inspector({ active: 'retired' }), 'active', /"retired" is not yes\/no/);
  });

  it('inspector: maxPerPeriod is an integer ≥ 1', () => {
    expect(accept('inspector', valid.inspector({ maxPerPeriod: '1' })).maxPerPeriod).toBe(1);
    expectError('inspector', valid.inspector({ maxPerPeriod: 0 }), 'maxPerPeriod', /0 is less than 1/);
    expectError('inspector', valid.inspector({ maxPerPeriod: 2.5 }), 'maxPerPeriod', /2\.5 is not a whole number/);
  });

  it('inspector: conflicts is a list of valid USCCs, as a list or ";"-separated, default empty', () => {
    expect(accept('inspector', valid.inspector({ conflicts: `${U}; ${U2}` })).conflicts).toEqual([U, U2]);
    expect(accept('inspector', valid.inspector({ conflicts: [U] })).conflicts).toEqual([U]);
    expectError(
      'inspector',
      valid.inspector({ conflicts: `${U};91330302MA2H000000` }),
      'conflicts[1]',
      /check character is "0"/,
    );
    expectError('inspector', valid.inspector({ conflicts: [U, U] }), 'conflicts[1]', /listed twice/);
  });
});

describe('records.md §3: clear ID numbers are never printed', () => {
  const leaks = (value: unknown, id: string) => {
    const s = JSON.stringify(value);
    return s.includes(id) || s.includes(id.slice(0, 17)) || s.includes(id.toLowerCase());
  };

  it('errors on legalRepId and persons never contain the ID number', () => {
    const cases: [RecordType, Raw, string][] = [
      ['enterprise', valid.enterprise({ legalRepId: ID_BAD }), ID_BAD],
      ['enterprise', valid.enterprise({ legalRepId: `${ID}0` }), `${ID}0`],
      ['enterprise', valid.enterprise({ legalRepId: ID, region: 'x' }), ID],
      ['penalty', valid.penalty({ persons: `张三|boss|${ID}` }), ID],
      ['penalty', valid.penalty({ persons: `张三|${ID}` }), ID],
      ['penalty', valid.penalty({ persons: [{ name: '张三', role: 'principal', idNumber: ID_BAD }] }), ID_BAD],
      ['penalty', valid.penalty({ persons: [ID] }), ID],
    ];
    for (const [type, raw, id] of cases) {
      const r = parse(type, raw);
      expect(r.ok).toBe(false);
      expect(leaks(r, id), JSON.stringify(r)).toBe(false);
    }
  });

  it('an ID number put into another field (a shifted CSV column) is masked in errors and in recordId', () => {
    for (const [type, raw] of [
      ['enterprise', valid.enterprise({ region: ID })],
      ['enterprise', valid.enterprise({ uscc: ID })],
      ['enterprise', valid.enterprise({ category: `${ID} 张三` })],
      ['penalty', valid.penalty({ violation: ID_X, recordId: ID_X })],
      ['inspector', valid.inspector({ conflicts: ID_X.toLowerCase() })],
      ['sampling', valid.sampling({ [ID]: 'x' })],
    ] as [RecordType, Raw][]) {
      const r = parse(type, raw);
      expect(r.ok).toBe(false);
      const text = JSON.stringify(r);
      expect(leaks(r, ID) || leaks(r, ID_X), text).toBe(false);
    }
    const r = parse('penalty', valid.penalty({ violation: ID_X, recordId: ID_X }));
    expect(r.ok ? null : r.recordId).toBe(maskId(ID_X));
    // A mistyped ID number may happen to be a valid all-digit USCC: readable only where a USCC belongs.
    const mistyped = '445615647618837739';
    expect(JSON.stringify(parse('enterprise', valid.enterprise({ region: mistyped })))).not.toContain(mistyped);
  });

  it('a name, legal representative, person name or product holding an ID number is rejected (it would be stored in clear)', () => {
    const message = /looks like a personal ID number.*column shifted/;
    expectError('enterprise', valid.enterprise({ legalRepName: ID }), 'legalRepName', message);
    expectError('enterprise', valid.enterprise({ name: `张三 ${ID_X}` }), 'name', message);
    expectError('penalty', valid.penalty({ persons: `${ID}|principal|${ID}` }), 'persons[0].name', message);
    expectError('sampling', valid.sampling({ product: ID }), 'product', message);
    expectError('inspector', valid.inspector({ name: ID.slice(0, 15) }), 'name', message);
    // Keys may be long numbers from other systems.
    expect(accept('inspection', valid.inspection({ recordId: '202611300000012345' })).recordId).toBe(
      '202611300000012345',
    );
  });

  it('property: whatever ID number is given, valid or not, the result never contains it', () => {
    const idLike = fc.tuple(fc.stringMatching(/^\d{17}$/), fc.constantFrom(...'0123456789Xx')).map(([d, c]) => d + c);
    const place = fc.constantFrom('legalRepId', 'person', 'region', 'name');
    fc.assert(
      fc.property(idLike, place, (id, where) => {
        const r =
          where === 'person'
            ? parse('penalty', valid.penalty({ persons: `张三|principal|${id}` }))
            : parse('enterprise', valid.enterprise({ [where]: id }));
        expect(leaks(r, id.toUpperCase())).toBe(false);
      }),
    );
  });
});

describe('text fields refuse control characters (hostile input)', () => {
  it.each([
    ['a\u0000b', 'U+0000'],
    ['a\u001b[31mred', 'U+001B'],
    ['bell\u0007', 'U+0007'],
    ['\u202Eevil', 'U+202E'],
    ['del\u007f', 'U+007F'],
  ])('name %j is rejected naming %s', (name, code) => {
    const r = parseRecord(
      'enterprise',
      { uscc: '91330302MA2B00001F', name, region: '330302', category: 'restaurant', licensedOn: '2018-01-01' },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.find((e) => e.field === 'name')?.message).toContain(code);
  });
  it('a name that looks like a spreadsheet formula is data: accepted, neutralised only in CSV exports', () => {
    const r = parseRecord(
      'enterprise',
      {
        uscc: '91330302MA2B00001F',
        name: "=cmd|' /C calc'!A0",
        region: '330302',
        category: 'restaurant',
        licensedOn: '2018-01-01',
      },
      ctx,
    );
    expect(r.ok).toBe(true);
  });
});
