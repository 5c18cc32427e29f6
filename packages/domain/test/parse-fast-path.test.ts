// parseRecord's hand-written fast path (bench/README.md hot spot 5) against the zod path it
// stands in front of: on valid records and on records with odd or wrong fields, of every record
// type, both must give the same outcome — the same record with its keys in the same order, or
// the same errors in the same order. And the fast path must really take the ordinary valid
// records, or the comparison would prove nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../src/dates.ts';
import { makeResidentId, makeUscc, USCC_ALPHABET } from '../src/ids.ts';
import { RULE_SETS, ruleSetFor } from '../src/rules/index.ts';
import { type ParseContext, parseRecord, parseRecordFast, parseRecordSlow, RECORD_FIELDS } from '../src/schemas.ts';
import {
  CATEGORIES,
  DISPOSAL_ACTIONS,
  HAZARDS,
  INSPECTION_KINDS,
  INSPECTION_SCOPES,
  MEASURES,
  PERSON_ROLES,
  PROCEDURES,
  RECORD_TYPES,
  REPAIR_DECISIONS,
  type RecordType,
  SAMPLING_KINDS,
  SAMPLING_LEVELS,
  VIOLATIONS,
} from '../src/types.ts';

const TODAY = '2026-11-30';
const ctx: ParseContext = { idKey: 'fast-path-test-key', today: TODAY };

type Raw = Record<string, unknown>;

/** The outcome of one parse, comparable: a thrown error becomes its message. */
function outcome(parse: () => unknown): unknown {
  try {
    return parse();
  } catch (err) {
    return { threw: String(err) };
  }
}

/** Deep equality with the same keys in the same order, and Object.is on primitives (-0 is not 0). */
function identical(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && identical((a as Raw)[k], (b as Raw)[k]));
}

/** Same outcome from parseRecord and from the zod path alone, key order and -0 included. */
function expectSamePaths(type: RecordType, raw: Raw): void {
  const fast = outcome(() => parseRecord(type, raw, ctx));
  const slow = outcome(() => parseRecordSlow(type, raw, ctx));
  if (!identical(fast, slow)) {
    // Only to show the difference: the two are known to differ.
    expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
    expect(fast).toStrictEqual(slow);
    expect.unreachable('the two paths differ in key order or in -0');
  }
}

// ---------------------------------------------------------------------------------------------
// Valid values, each in the forms an export writes: CSV text (every value a string) or JSON.

type Form = 'csv' | 'json';

const usccArb = fc
  .array(fc.constantFrom(...USCC_ALPHABET), { minLength: 17, maxLength: 17 })
  .map((cs) => makeUscc(cs.join('')));
const idArb = fc
  .array(fc.constantFrom(...'0123456789'), { minLength: 17, maxLength: 17 })
  .map((ds) => makeResidentId(ds.join('')));
/** An ID number as typed: X or x. */
const idTypedArb = fc.tuple(idArb, fc.boolean()).map(([id, lower]) => (lower ? id.toLowerCase() : id));

/** A date from 1990-01-01 to the day after TODAY (the latest accepted), as ISO or as Excel writes it. */
function dateArb(from = '1990-01-01', to = addDays(TODAY, 1)) {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return fc.integer({ min: 0, max: Math.max(0, days) }).map((n) => addDays(from, n));
}
const writtenDate = (iso: string, style: number): string => {
  const [y, m, d] = iso.split('-') as [string, string, string];
  if (style === 1) return `${y}/${m}/${d}`;
  if (style === 2) return `${y}/${Number(m)}/${Number(d)}`;
  if (style === 3) return `${y}-${Number(m)}-${d}`;
  return iso;
};
const styleArb = fc.constantFrom(0, 0, 0, 1, 2, 3);

const NAME_CHARS = [...'温州市鹿城区龙湾瓯海示例乳业有限公司店超市（）()-·abcXYZ 0123456789'];
const nameArb = fc
  .array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 24 })
  .map((cs) => cs.join('').trim())
  .filter((s) => s !== '');
const keyArb = fc
  .tuple(fc.constantFrom('JC-', 'CJ-', 'XF-', '温鹿市监罚〔2026〕', 'I-330302-'), fc.nat(99_999))
  .map(([p, n]) => `${p}${n}`);
const regionArb = fc.constantFrom('330302', '330303', '330381', '110105');

/** Optional padding a clerk's spreadsheet leaves around a cell. */
const padArb = fc.constantFrom('', '', '', ' ', '\t', '\u3000');
const padded = (s: string, pad: string) => (pad === '' ? s : `${pad}${s}${pad === '\t' ? ' ' : pad}`);

const boolText = fc.constantFrom('true', 'false', '1', '0', '是', '否', 'TRUE', 'False');
function yesNoArb(form: Form) {
  return form === 'csv' ? boolText : fc.oneof(fc.boolean(), boolText, fc.constantFrom(0, 1));
}
function countArb(form: Form, min: number, max: number) {
  return fc
    .integer({ min, max })
    .chain((n) => (form === 'csv' ? fc.constantFrom(String(n)) : fc.constantFrom(n, String(n))));
}
function listArb(form: Form, items: readonly string[]): fc.Arbitrary<unknown> {
  return form === 'csv'
    ? fc.tuple(fc.constantFrom(';', '; ', ' ;'), padArb).map(([sep, pad]) => padded(items.join(sep), pad))
    : fc.constant([...items]);
}
const subsetArb = <T extends string>(values: readonly T[], min = 1) =>
  fc.shuffledSubarray([...values], { minLength: min, maxLength: Math.min(values.length, 4) });

/** Fields given as written: absent when undefined; padded text in CSV. */
function build(fields: Record<string, unknown>): Raw {
  const raw: Raw = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) raw[k] = v;
  return raw;
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

/** version and status: mostly absent (defaults), sometimes given. */
function versionStatusArb(form: Form, withStatus = true) {
  return fc.record({
    version: optional(countArb(form, 1, 4)),
    status: withStatus ? optional(fc.constantFrom('active', 'revoked')) : fc.constant(undefined),
  });
}

const validArb: Record<RecordType, (form: Form) => fc.Arbitrary<Raw>> = {
  enterprise: (form) =>
    fc
      .record({
        uscc: usccArb,
        name: nameArb,
        region: form === 'csv' ? regionArb : fc.oneof(regionArb, regionArb.map(Number)),
        category: fc.constantFrom(...CATEGORIES),
        licensedOn: fc.tuple(dateArb(), styleArb).map(([d, s]) => writtenDate(d, s)),
        legalRepName: optional(nameArb),
        legalRepId: optional(idTypedArb),
        vs: versionStatusArb(form),
        pad: padArb,
      })
      .map(({ vs, pad, ...f }) => build({ ...f, name: padded(f.name, pad), ...vs })),

  inspection: (form) =>
    fc
      .record({
        recordId: keyArb,
        uscc: usccArb,
        inspectedOn: fc.tuple(dateArb(), styleArb).map(([d, s]) => writtenDate(d, s)),
        kind: fc.constantFrom(...INSPECTION_KINDS),
        scope: fc.constantFrom(...INSPECTION_SCOPES),
        outcome: fc.oneof(
          fc.constant({ result: 'compliant', key: 0, general: 0 }),
          fc.integer({ min: 1, max: 5 }).map((general) => ({ result: 'basically_compliant', key: 0, general })),
          fc
            .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5 }))
            .map(([key, general]) => ({ result: 'non_compliant', key, general })),
          fc
            .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 }))
            .map(([key, general]) => ({ result: 'obstructed', key, general })),
        ),
        inspectors: fc.uniqueArray(keyArb, { minLength: 1, maxLength: 4 }).chain((ids) => listArb(form, ids)),
        vs: versionStatusArb(form),
      })
      .chain(({ outcome: o, vs, ...f }) =>
        fc
          .tuple(
            o.key === 0 ? optional(countArb(form, 0, 0)) : countArb(form, o.key, o.key),
            o.general === 0 ? optional(countArb(form, 0, 0)) : countArb(form, o.general, o.general),
          )
          .map(([keyItemsFailed, generalItemsFailed]) =>
            build({ ...f, result: o.result, keyItemsFailed, generalItemsFailed, ...vs }),
          ),
      ),

  penalty: (form) =>
    fc
      .record({
        recordId: keyArb,
        uscc: usccArb,
        decidedOn: dateArb('2015-01-01'),
        procedure: fc.constantFrom(...PROCEDURES),
        violation: fc.constantFrom(...VIOLATIONS),
        measures: subsetArb(MEASURES),
        fine: fc.integer({ min: 1, max: 3000 }),
        flags: fc.record({
          aggravated: optional(yesNoArb(form)),
          incident: optional(yesNoArb(form)),
          recallFailure: optional(yesNoArb(form)),
          intentional: optional(yesNoArb(form)),
        }),
        serious: fc.boolean(),
        persons: fc.array(fc.tuple(nameArb, fc.constantFrom(...PERSON_ROLES), idTypedArb), { maxLength: 3 }),
        personsAsText: fc.boolean(),
        later: fc.record({
          published: optional(fc.nat(60)),
          repaired: optional(fc.nat(400)),
          delisted: optional(fc.nat(400)),
        }),
        style: styleArb,
        vs: versionStatusArb(form),
      })
      .map(
        ({
          decidedOn,
          procedure,
          measures: wanted,
          fine,
          serious,
          persons,
          personsAsText,
          later,
          style,
          vs,
          flags,
          ...f
        }) => {
          // Valid by construction: simple procedure limits, fine ⇔ amount, repair and delisting waits.
          // As penaltyRules: a decision older than the first rule set is held to the first one.
          const first = RULE_SETS[0]?.effectiveFrom ?? decidedOn;
          const rules = ruleSetFor([first, decidedOn].sort()[1] as string);
          const allowed =
            procedure === 'simple' ? wanted.filter((m) => rules.simpleProcedure.measures.includes(m)) : wanted;
          const measures = allowed.length > 0 ? allowed : ['warning'];
          const fined = measures.includes('fine');
          const heavy = measures.some((m) => (rules.heavyMeasures.measures as readonly string[]).includes(m));
          const latest = addDays(TODAY, 1);
          const after = (months: number, days: number | undefined) => {
            if (days === undefined) return undefined;
            const d = addDays(addMonths(decidedOn, months), days);
            return d <= latest ? writtenDate(d, style) : undefined;
          };
          const personText = persons.map(([n, r, id]) => `${n}|${r}|${id}`).join(';');
          return build({
            ...f,
            decidedOn: writtenDate(decidedOn, style),
            procedure,
            measures: form === 'csv' ? measures.join(';') : measures,
            fineYuan: fined ? (form === 'csv' ? String(fine) : fine) : undefined,
            ...flags,
            seriousListing: serious ? (form === 'csv' ? '是' : true) : undefined,
            persons:
              persons.length === 0
                ? undefined
                : form === 'csv' || personsAsText
                  ? personText
                  : persons.map(([name, role, idNumber]) => ({ role, idNumber, name })),
            publishedOn: after(0, later.published),
            repairedOn: heavy ? undefined : after(rules.listing.repairAfterMonths, later.repaired),
            delistedOn: serious ? after(rules.listing.earlyRemovalAfterMonths, later.delisted) : undefined,
            ...vs,
          });
        },
      ),

  sampling: (form) =>
    fc
      .record({
        recordId: keyArb,
        uscc: usccArb,
        sampledOn: dateArb('2015-01-01'),
        product: nameArb,
        kind: fc.constantFrom(...SAMPLING_KINDS),
        level: fc.constantFrom(...SAMPLING_LEVELS),
        failed: fc.boolean(),
        hazard: fc.constantFrom(...HAZARDS),
        steps: fc.record({
          notified: optional(fc.nat(30)),
          requested: optional(fc.nat(10)),
          concluded: optional(fc.nat(40)),
        }),
        recheckResult: fc.constantFrom('pass', 'fail'),
        style: styleArb,
        vs: versionStatusArb(form),
      })
      .map(({ sampledOn, failed, hazard, steps, recheckResult, style, vs, ...f }) => {
        const latest = addDays(TODAY, 1);
        const notified = steps.notified === undefined ? undefined : addDays(sampledOn, steps.notified);
        const requested =
          failed && notified !== undefined && steps.requested !== undefined
            ? addDays(notified, steps.requested)
            : undefined;
        const concluded =
          requested !== undefined && steps.concluded !== undefined ? addDays(requested, steps.concluded) : undefined;
        const ok = (d: string | undefined) => (d !== undefined && d <= latest ? writtenDate(d, style) : undefined);
        const concludedOn = requested !== undefined && ok(requested) !== undefined ? ok(concluded) : undefined;
        return build({
          ...f,
          sampledOn: writtenDate(sampledOn, style),
          result: failed ? 'fail' : 'pass',
          hazard: failed ? hazard : undefined,
          notifiedOn: ok(notified),
          recheckRequestedOn: ok(notified) === undefined ? undefined : ok(requested),
          recheckResult: concludedOn === undefined ? undefined : recheckResult,
          recheckConcludedOn: concludedOn,
          ...vs,
        });
      }),

  disposal: (form) =>
    fc
      .record({
        samplingRecordId: keyArb,
        uscc: usccArb,
        startedOn: dateArb('2015-01-01'),
        actions: subsetArb(DISPOSAL_ACTIONS).chain((as) => listArb(form, as)),
        penaltyRecordId: optional(keyArb),
        completed: optional(fc.nat(90)),
        vs: versionStatusArb(form),
      })
      .map(({ startedOn, completed, vs, ...f }) => {
        const completedOn = completed === undefined ? undefined : addDays(startedOn, completed);
        return build({
          ...f,
          startedOn,
          completedOn: completedOn !== undefined && completedOn <= addDays(TODAY, 1) ? completedOn : undefined,
          ...vs,
        });
      }),

  repair: (form) =>
    fc
      .record({
        recordId: keyArb,
        uscc: usccArb,
        penaltyRecordId: keyArb,
        appliedOn: dateArb('2015-01-01'),
        accepted: optional(fc.nat(20)),
        decided: optional(fc.tuple(fc.nat(60), fc.constantFrom(...REPAIR_DECISIONS))),
        vs: versionStatusArb(form),
      })
      .map(({ appliedOn, accepted, decided, vs, ...f }) => {
        const latest = addDays(TODAY, 1);
        const acceptedOn = accepted === undefined ? undefined : addDays(appliedOn, accepted);
        const base = acceptedOn !== undefined && acceptedOn <= latest ? acceptedOn : undefined;
        const decidedOn = decided === undefined ? undefined : addDays(base ?? appliedOn, decided[0]);
        const given = decidedOn !== undefined && decidedOn <= latest;
        return build({
          ...f,
          appliedOn,
          acceptedOn: base,
          decidedOn: given ? decidedOn : undefined,
          decision: given ? decided?.[1] : undefined,
          ...vs,
        });
      }),

  inspector: (form) =>
    fc
      .record({
        inspectorId: keyArb,
        name: nameArb,
        region: regionArb,
        active: optional(yesNoArb(form)),
        maxPerPeriod: countArb(form, 1, 60),
        conflicts: optional(fc.uniqueArray(usccArb, { maxLength: 3 }).chain((us) => listArb(form, us))),
        vs: versionStatusArb(form, false),
      })
      .map(({ vs, ...f }) => build({ ...f, ...vs })),
};

/** A valid record of `type` in CSV or JSON form. */
const recordArb = (type: RecordType) => fc.constantFrom<Form>('csv', 'json').chain((form) => validArb[type](form));

// ---------------------------------------------------------------------------------------------
// Odd values: near misses of every rule, wrong types, and what a shifted column puts in a field.

const ID = makeResidentId('33030219800101123');
const ODD_VALUES: readonly unknown[] = [
  undefined,
  null,
  '',
  '   ',
  '\u3000',
  0,
  1,
  -1,
  -0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  1e13,
  true,
  false,
  [],
  {},
  [''],
  [null],
  [1, 2],
  ['a', 'a'],
  ['a', ' a '],
  [' x ', 'y'],
  'a;a',
  'b; a',
  ';',
  ' ; ; ',
  '是',
  '否',
  'TRUE',
  'yes',
  '01',
  '007',
  '1.0',
  '1.50',
  '-0',
  '-3',
  '1e3',
  '0x10',
  ' 7 ',
  '9007199254740993',
  '1000000000000',
  '1000000000001',
  '3000',
  '3000.01',
  '2026-02-29',
  '2024/2/29',
  '2024-2-29',
  '1989-12-31',
  '1990-1-1',
  '2026-12-01',
  '2026-12-02',
  '2026-13-01',
  '2026-00-10',
  '2026-1-011',
  '2026-01/01',
  '2026/01-01',
  '20260101',
  '２０２６-01-01',
  ' 2026-03-05 ',
  'abc',
  'x\u0000y',
  'x\u202ey',
  'a\u0085',
  'a\tb',
  'line\nbreak',
  ID,
  ID.toLowerCase(),
  `${ID.slice(0, 17)}0`,
  '330302800101123',
  `名字${ID}`,
  '1234567890123456',
  '12345678901234',
  'a'.repeat(200),
  'a'.repeat(201),
  '𠀀'.repeat(150),
  '𠀀'.repeat(201),
  '91330302MA2H000000',
  makeUscc('91330302MA2H00000'),
  makeUscc('91330302MA2H00000').toLowerCase(),
  makeUscc('913303021427319480'.slice(0, 17)),
  'warning;fine',
  'fine;warning',
  'fine;fine',
  ['fine'],
  ['warning', 'suspension'],
  'license_revoked',
  'compliant',
  'non_compliant',
  'pass',
  'fail',
  'microbial',
  'granted',
  'active',
  'revoked',
  'simple',
  'ordinary',
  'restaurant',
  330302,
  '330302',
  '33030',
  `张三|principal|${ID}`,
  `张三|principal|${ID};李四|legal_representative|${ID.toLowerCase()}`,
  `张三|principal`,
  `张三|principal|${ID}|x`,
  `张三|principal|${ID};`,
  `张三|boss|${ID}`,
  `|principal|${ID}`,
  [{ name: '张三', role: 'principal', idNumber: ID }],
  [{ name: '张三', role: 'principal', idNumber: ID, extra: 1 }],
  [{ name: '张三', role: 'principal' }],
  [{ name: ' 张三 ', role: 'principal', idNumber: ` ${ID} ` }],
  [`张三|principal|${ID}`],
  [[1]],
];

/** Characters at the edges of what text() refuses (CONTROL, ID_LIKE) and of what trim() removes. */
const EDGE_CHARS = [
  ...'aZ9-;|,',
  '\u0000',
  '\t',
  '\n',
  '\u000b',
  '\r',
  '\u001f',
  ' ',
  '~',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202e',
  '\u202f',
  '\u2065',
  '\u2066',
  '\u2069',
  '\u206a',
  '\u3000',
  '\ufeff',
  '鹿',
  '𠀀',
];
const edgeTextArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...EDGE_CHARS), minLength: 1, maxLength: 8 }),
  // Digit runs around the 15 and 18 that ID_LIKE looks for, with what may stand beside them.
  fc
    .tuple(
      fc.constantFrom('', 'a', '-', '名'),
      fc.integer({ min: 13, max: 19 }),
      fc.constantFrom('', 'x', 'X', 'b', ' '),
    )
    .map(([before, n, after]) => `${before}${'1'.repeat(n)}${after}`),
);

const oddValueArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ODD_VALUES) },
  { weight: 2, arbitrary: edgeTextArb },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()) },
);

/** Keys that are not fields, or nearly. */
const ODD_KEYS = ['recordType', 'unknown', 'Uscc', 'usc', 'type', 'status', '__proto__', 'constructor', 'toString'];

/** Sets `key` as an own, enumerable property, as JSON.parse does (even for `__proto__`). */
function setOwn(raw: Raw, key: string, value: unknown): void {
  Object.defineProperty(raw, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One to three fields replaced, removed or added; sometimes an unusual object shape. */
function oddRecordArb(type: RecordType) {
  const keys = [...RECORD_FIELDS[type], ...ODD_KEYS];
  return fc
    .tuple(
      recordArb(type),
      fc.array(fc.tuple(fc.constantFrom(...keys), fc.oneof(oddValueArb, fc.constant('(delete)'))), {
        minLength: 1,
        maxLength: 3,
      }),
      fc.constantFrom(
        'plain',
        'plain',
        'plain',
        'null-prototype',
        'inherited',
        'inherited-hidden',
        'hidden',
        'hidden-valid',
      ),
    )
    .map(([valid, changes, shape]) => {
      const raw: Raw = { ...valid };
      for (const [k, v] of changes) {
        if (v === '(delete)') delete raw[k];
        else setOwn(raw, k, v);
      }
      if (shape === 'null-prototype') return Object.assign(Object.create(null) as Raw, raw);
      if (shape === 'inherited') {
        // A field the record lacks, offered by its prototype: the zod path does not read it.
        const [k, v] = changes[0] as [string, unknown];
        const own = { ...raw };
        delete own[k];
        return Object.assign(Object.create({ [k]: v }) as Raw, own);
      }
      if (shape === 'inherited-hidden') {
        // The same, not enumerable (a getter of a class, say): no key shows it, a read does.
        const [k] = changes[0] as [string, unknown];
        const proto = {};
        Object.defineProperty(proto, k, { value: valid[k] ?? 'x', enumerable: false });
        const own = { ...raw };
        delete own[k];
        return Object.assign(Object.create(proto) as Raw, own);
      }
      if (shape === 'hidden') {
        const [k, v] = changes[0] as [string, unknown];
        Object.defineProperty(raw, k, { value: v, enumerable: false });
      }
      if (shape === 'hidden-valid') {
        // An own field the zod path reads (hasOwn) though no key shows it.
        const k = Object.keys(valid)[0] as string;
        Object.defineProperty(raw, k, { value: valid[k], enumerable: false });
      }
      return raw;
    });
}

// ---------------------------------------------------------------------------------------------

describe('parseRecord: the fast path gives exactly what the zod path gives (bench/README.md hot spot 5)', () => {
  for (const type of RECORD_TYPES) {
    it(`${type}: valid records, as CSV or JSON, take the fast path and give the zod path's record`, () => {
      fc.assert(
        fc.property(recordArb(type), (raw) => {
          const slow = parseRecordSlow(type, raw, ctx);
          // The generators make valid records; a failure here is a generator bug, shown with its errors.
          expect(slow.ok ? [] : slow.errors).toEqual([]);
          const fast = parseRecordFast(type, raw, ctx);
          expect(fast).toBeDefined();
          expect(identical(fast, slow.ok && slow.record)).toBe(true);
          expectSamePaths(type, raw);
        }),
        { numRuns: 100 },
      );
    });

    it(`${type}: records with odd, wrong, missing or unknown fields give the same record or the same errors`, () => {
      fc.assert(
        fc.property(oddRecordArb(type), (raw) => expectSamePaths(type, raw)),
        { numRuns: 300 },
      );
    });
  }

  it('every field of every type, replaced by each odd value and each edge character in turn, gives the same outcome', () => {
    const values: unknown[] = [...ODD_VALUES, ...EDGE_CHARS.flatMap((c) => [c, `ab${c}cd`])];
    for (const type of RECORD_TYPES) {
      for (const form of ['csv', 'json'] as const) {
        const [base] = fc.sample(validArb[type](form), { numRuns: 1, seed: 17 }) as [Raw];
        for (const field of RECORD_FIELDS[type]) {
          for (const value of values) expectSamePaths(type, { ...base, [field]: value });
        }
      }
    }
  });

  it('the future-date limit follows the context, also when its day changes in place', () => {
    const context: ParseContext = { idKey: 'k', today: '2026-11-30' };
    const raw = { inspectorId: 'I1', name: '王五', region: '330302', maxPerPeriod: 3 };
    const sampling = {
      recordId: 'CJ-1',
      uscc: makeUscc('91330302MA2H00000'),
      sampledOn: '2026-12-02',
      product: '乳',
      kind: 'supervisory',
      level: 'county',
      result: 'pass',
    };
    expect(parseRecord('inspector', raw, context).ok).toBe(true);
    expect(parseRecord('sampling', sampling, context).ok).toBe(false);
    context.today = '2026-12-01';
    expect(parseRecord('sampling', sampling, context).ok).toBe(true);
    expect(parseRecordFast('sampling', sampling, context)).toBeDefined();
  });

  it('a field that only a polluted Object.prototype offers is not read by either', () => {
    const [raw] = fc.sample(validArb.sampling('csv'), { numRuns: 1, seed: 3 }) as [Raw];
    delete raw.status;
    Object.defineProperty(Object.prototype, 'status', { value: 'revoked', configurable: true, writable: true });
    try {
      expectSamePaths('sampling', raw);
      expect(parseRecord('sampling', raw, ctx)).toMatchObject({ ok: true, record: { status: 'active' } });
    } finally {
      delete (Object.prototype as Raw).status;
    }
  });

  it('a record that is not an object is refused in the same words by both', () => {
    for (const raw of [null, [], 'x', 1] as unknown as Raw[]) {
      expect(parseRecord('enterprise', raw, ctx)).toStrictEqual(parseRecordSlow('enterprise', raw, ctx));
    }
  });
});
