// Record validation and normalisation (records.md §1–2, grading-model.md §8–9).
//
// Each field has its own zod schema and is parsed on its own, so a record with several
// mistakes reports all of them; the rules between fields then run on whatever did parse.
// In front of the schemas, a hand-written fast path per record type ("Fast path" below) builds
// the same record for the all-valid case at a fraction of the cost, and leaves anything unusual,
// and so every message, to them.
// The same record from a CSV row (all strings, empty cells absent) and from JSON Lines comes
// out identical (records.md §3 compares content after this normalisation).
//
// Personal ID numbers leave this module only as ProtectedId. Messages never quote them, and
// every message is redacted once more at the end, because a shifted CSV column can put an ID
// number into any field.
import { z } from 'zod';
import { addDays, addMonths, daysInMonth, isValidIsoDate, monthsInWords } from './dates.ts';
import {
  ID_LIKE,
  isValidResidentId,
  protectId,
  quoteForMessage,
  redactIds,
  USCC_ALPHABET,
  usccCheckChar,
} from './ids.ts';
import { RULE_SETS, type RuleSet, ruleSetFor } from './rules/index.ts';
import {
  type AnyRecord,
  CATEGORIES,
  type Category,
  DISPOSAL_ACTIONS,
  type Disposal,
  type DisposalAction,
  type Enterprise,
  type FieldError,
  HAZARDS,
  type Hazard,
  INSPECTION_KINDS,
  INSPECTION_RESULTS,
  INSPECTION_SCOPES,
  type Inspection,
  type InspectionKind,
  type InspectionResult,
  type InspectionScope,
  type Inspector,
  type IsoDate,
  MEASURES,
  type Measure,
  PERSON_ROLES,
  type Penalty,
  type Person,
  type PersonRole,
  PROCEDURES,
  type Procedure,
  REPAIR_DECISIONS,
  type RecordStatus,
  type RecordType,
  type Repair,
  type RepairDecision,
  SAMPLING_KINDS,
  SAMPLING_LEVELS,
  SAMPLING_RESULTS,
  type Sampling,
  type SamplingKind,
  type SamplingLevel,
  type SamplingResult,
  VIOLATIONS,
  type Violation,
} from './types.ts';

export interface ParseContext {
  /** Key of the HMAC that turns ID numbers into ProtectedId hashes. */
  idKey: string | Uint8Array;
  /** The ingestion day (Asia/Shanghai); dates after the following day are rejected. */
  today: IsoDate;
}

export type ParseResult<T = AnyRecord> =
  | { ok: true; record: T }
  | { ok: false; recordId?: string; errors: FieldError[] };

export type RecordOf<K extends RecordType> = Extract<AnyRecord, { type: K }>;

const REQUIRED = 'required (必填)';
const EARLIEST_DATE = '1990-01-01';
/** Not in records.md except for `name`; the same bound for every free-text field keeps garbage out of keys. */
const MAX_TEXT = 200;
/** Not in records.md: no fine comes near ¥10^12; a number that large is a shifted column or a typo. */
const MAX_FINE_YUAN = 1e12;
/** The kinds of penalty in the words of APL Art. 9, for messages. */
const MEASURE_ZH: Record<Measure, string> = {
  warning: '警告',
  fine: '罚款',
  confiscation: '没收违法所得和非法财物',
  suspension: '责令停产停业',
  license_revoked: '吊销许可证',
  trade_ban: '限制开展生产经营活动',
  closure: '责令关闭',
};

// ---------------------------------------------------------------------------------------------
// Redaction

/** Fields whose messages quote USCCs. */
function quotesUscc(field: string): boolean {
  return field === 'uscc' || field.startsWith('conflicts');
}

/** zod error for a wrong type; `undefined` reaches the inner schema only when the field is absent. */
function expected(what: string) {
  return (iss: { input?: unknown }) => (iss.input === undefined ? REQUIRED : `${quoteForMessage(iss.input)} ${what}`);
}

// ---------------------------------------------------------------------------------------------
// Coercions: a CSV cell is a string, a JSON value may already be typed (records.md §1)

/** Empty cells are removed before parsing; a blank string or JSON null means the same: absent. */
function clean(v: unknown): unknown {
  if (v === null) return undefined;
  if (typeof v === 'string') {
    // Nearly every value starts and ends with a printable ASCII character (never whitespace):
    // trim() would return it unchanged, and skipping the call is measurable on every field.
    const n = v.length;
    if (n > 0) {
      const first = v.charCodeAt(0);
      const last = v.charCodeAt(n - 1);
      if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return v;
    }
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  return v;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
function toNumber(v: unknown): unknown {
  return typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v;
}

const TRUE_WORDS = new Set(['true', '1', '是']);
const FALSE_WORDS = new Set(['false', '0', '否']);
function toBoolean(v: unknown): unknown {
  if (typeof v === 'string') {
    const w = v.toLowerCase();
    if (TRUE_WORDS.has(w)) return true;
    if (FALSE_WORDS.has(w)) return false;
  }
  if (v === 1) return true;
  if (v === 0) return false;
  return v;
}

/**
 * `a; b;;c` → [a, b, c]: the text between semicolons, trimmed, blanks dropped. Written out with
 * indexOf, which measured 2–3× faster than split/map/filter on the list cell of every inspection.
 */
function splitList(s: string): string[] {
  const items: string[] = [];
  let from = 0;
  for (;;) {
    const semicolon = s.indexOf(';', from);
    const item = s.slice(from, semicolon < 0 ? s.length : semicolon).trim();
    if (item !== '') items.push(item);
    if (semicolon < 0) return items;
    from = semicolon + 1;
  }
}

function toList(v: unknown): unknown {
  return typeof v === 'string' ? splitList(v) : v;
}

/** A region code exported as a JSON number is still the code. */
function toCode(v: unknown): unknown {
  return typeof v === 'number' && Number.isInteger(v) ? String(v) : v;
}

class MalformedPerson {
  parts: number;
  constructor(parts: number) {
    this.parts = parts;
  }
}

/** CSV form `name|role|idNumber;name|role|idNumber` (records.md §2). */
function toPersons(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  return splitList(v).map((segment) => {
    const parts = segment.split('|').map((p) => p.trim());
    return parts.length === 3
      ? { name: parts[0], role: parts[1], idNumber: parts[2] }
      : new MalformedPerson(parts.length);
  });
}

/** Every field schema starts by turning blanks into "absent", then coerces the CSV form. */
function field<S extends z.ZodType>(schema: S, coerce: (v: unknown) => unknown = (v) => v) {
  return z.preprocess((v: unknown) => coerce(clean(v)), schema);
}

// ---------------------------------------------------------------------------------------------
// Value schemas

const CONTAINS_ID = new RegExp(ID_LIKE.source);
/**
 * C0/C1 controls that corrupt logs and terminals (escape sequences, NUL), and the bidirectional
 * overrides that make a name display as something else (Trojan Source). Tab and line breaks are
 * whitespace that RFC 4180 quotes and JSON escapes, so multi-line cells stay valid.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Free text. `names` (names of people, firms, products) must not carry an ID number: one there is
 * a shifted column, and would be stored in clear. Keys may be long numbers, so they are exempt.
 */
function text(kind: 'key' | 'names' = 'names') {
  return z.string({ error: expected('is not text (应为文本)') }).superRefine((s, ctx) => {
    const length = [...s].length;
    if (length > MAX_TEXT) {
      ctx.addIssue({
        code: 'custom',
        message: `is ${length} characters long; at most ${MAX_TEXT} are allowed (不得超过${MAX_TEXT}个字符)`,
      });
    }
    const control = CONTROL.exec(s);
    if (control) {
      const code = `U+${(control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      ctx.addIssue({
        code: 'custom',
        message: `contains the control character ${code} at position ${[...s.slice(0, control.index)].length + 1}; remove it (含不可见控制字符，请删除)`,
      });
    }
    if (kind === 'names' && CONTAINS_ID.test(s)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'contains what looks like a personal ID number, which must not be kept here; is a column shifted? (疑似含身份证号码，请检查列是否错位)',
      });
    }
  });
}

function integer(min: number, zh: string) {
  return z
    .number({ error: expected(`is not a number (${zh})`) })
    .int({ error: (iss) => `${quoteForMessage(iss.input)} is not a whole number (${zh})` })
    .min(min, { error: (iss) => `${quoteForMessage(iss.input)} is less than ${min} (${zh})` });
}

const amount = z
  .number({ error: expected('is not an amount in yuan such as 5000 or 1250.50 (罚款金额应为数字)') })
  .min(0, { error: (iss) => `${quoteForMessage(iss.input)} is negative (罚款金额不得为负数)` })
  .max(MAX_FINE_YUAN, {
    error: (iss) => `${quoteForMessage(iss.input)} is more than ¥1,000,000,000,000; check the amount (罚款金额异常)`,
  });

const yesNo = z.boolean({ error: expected('is not yes/no; use true/false, 1/0 or 是/否 (应为是/否)') });

function oneOf<const T extends readonly [string, ...string[]]>(values: T, zh: string) {
  return z.enum(values, {
    error: (iss) =>
      iss.input === undefined ? REQUIRED : `${quoteForMessage(iss.input)} is not one of ${values.join(', ')} (${zh})`,
  });
}

const violation = z.enum(VIOLATIONS, {
  error: (iss) => {
    if (iss.input === undefined) return REQUIRED;
    if (Array.isArray(iss.input) || (typeof iss.input === 'string' && iss.input.includes(';'))) {
      return `${quoteForMessage(iss.input)}: give one violation code, the main one, not a list (只能填写一个违法行为类型)`;
    }
    return `${quoteForMessage(iss.input)} is not one of ${VIOLATIONS.join(', ')} (违法行为类型无效)`;
  },
});

/**
 * Year, month and day with one separator, `-` or `/`; month and day may have one digit, as Excel
 * shows dates in a Chinese locale (`2026/3/5`) (records.md §1).
 */
const DATE_PARTS = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const NOT_A_DATE =
  'is not a date; use YYYY-MM-DD or YYYY/MM/DD, month and day with one or two digits (日期格式应为YYYY-MM-DD或YYYY/MM/DD，月、日可为一位或两位数字)';

const date = z.string({ error: expected(NOT_A_DATE) }).transform((s, ctx) => {
  const parts = DATE_PARTS.exec(s);
  const iso = parts ? `${parts[1]}-${parts[3]?.padStart(2, '0')}-${parts[4]?.padStart(2, '0')}` : undefined;
  let problem: string | undefined;
  if (iso === undefined) problem = `${quoteForMessage(s)} ${NOT_A_DATE}`;
  else if (!isValidIsoDate(iso)) problem = `${quoteForMessage(s)} is not a calendar date (日期不存在)`;
  else if (iso < EARLIEST_DATE) problem = `${quoteForMessage(s)} is before ${EARLIEST_DATE} (日期不得早于1990-01-01)`;
  if (problem === undefined && iso !== undefined) return iso;
  ctx.addIssue({ code: 'custom', message: problem ?? NOT_A_DATE });
  return z.NEVER;
});

function usccProblem(s: string): string | undefined {
  const chars = [...s];
  if (chars.length !== 18) {
    return `${quoteForMessage(s)} has ${chars.length} characters; a unified social credit code has 18 (统一社会信用代码应为18位)`;
  }
  const bad = [...new Set(chars.filter((c) => !USCC_ALPHABET.includes(c)))];
  if (bad.length > 0) {
    return `${quoteForMessage(s)} contains ${bad.map((c) => `"${c}"`).join(', ')}; only digits and capital letters other than I, O, S, V, Z are used (统一社会信用代码含非法字符)`;
  }
  const check = usccCheckChar(s.slice(0, 17));
  if (check !== s.charAt(17)) {
    return `${quoteForMessage(s)}: check character is "${s.charAt(17)}" but the first 17 characters give "${check}"; look for a typo (统一社会信用代码校验位错误)`;
  }
  return undefined;
}

const uscc = z
  .string({ error: expected('is not a unified social credit code (应为统一社会信用代码)') })
  .superRefine((s, ctx) => {
    const problem = usccProblem(s);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Output is the clear, normalised number: parseRecord turns it into a ProtectedId before anything else sees it. */
const residentId = z
  .string({
    // Never quote the value: it is (or is meant to be) a personal ID number.
    error: (iss) =>
      iss.input === undefined ? REQUIRED : 'is not text; give the 18-character resident ID number (应为18位身份证号码)',
  })
  .transform((s, ctx) => {
    const n = s.toUpperCase();
    let problem: string | undefined;
    if (n.length !== 18) problem = `has ${[...n].length} characters; a resident ID number has 18 (身份证号码应为18位)`;
    else if (!/^\d{17}[\dX]$/.test(n)) problem = 'must be 17 digits followed by a digit or X (身份证号码格式错误)';
    else if (!isValidResidentId(n)) problem = 'check character does not match (身份证号码校验位错误)';
    if (problem === undefined) return n;
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });

const region = z
  .string({ error: expected('is not a 6-digit administrative division code such as 330302 (行政区划代码应为6位数字)') })
  .regex(/^\d{6}$/, {
    error: (iss) =>
      `${quoteForMessage(iss.input)} is not a 6-digit administrative division code such as 330302 (行政区划代码应为6位数字)`,
  });

function list<S extends z.ZodType>(item: S, what: string) {
  return z.array(item, { error: expected(`is not a list; separate ${what} with ";" (应为以分号分隔的列表)`) });
}

/** Lists are sets: a value given twice is a typo or a copy error, never a second occurrence. */
function noDuplicates(items: readonly unknown[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = JSON.stringify(item);
    if (seen.has(k))
      ctx.addIssue({ code: 'custom', message: `${quoteForMessage(item)} is listed twice (重复)`, path: [i] });
    seen.add(k);
  });
}

const PERSON_FIELDS = ['name', 'role', 'idNumber'] as const;

const person = z.strictObject(
  {
    name: field(text()),
    role: field(oneOf(PERSON_ROLES, '人员角色无效')),
    idNumber: field(residentId),
  },
  {
    error: (iss) =>
      iss.code === 'invalid_type'
        ? 'is not a person; give {name, role, idNumber} (应为 姓名|角色|身份证号)'
        : undefined,
  },
);

/** One entry of `persons`: a JSON object or an already split CSV segment. */
const personItem = z.unknown().transform((v, ctx) => {
  if (v instanceof MalformedPerson) {
    ctx.addIssue({
      code: 'custom',
      message: `has ${v.parts} part(s); write name|role|idNumber (应为 姓名|角色|身份证号 三部分)`,
    });
    return z.NEVER;
  }
  const r = person.safeParse(v);
  if (r.success) return r.data;
  for (const issue of flattenIssues(r.error.issues, PERSON_FIELDS)) ctx.addIssue({ code: 'custom', ...issue });
  return z.NEVER;
});

// ---------------------------------------------------------------------------------------------
// Field schemas per record type (records.md §2). Key first, then as listed there.

const version = field(integer(1, '版本号应为不小于1的整数').default(1), toNumber);
const status = field(oneOf(['active', 'revoked'], '状态应为 active 或 revoked').default('active'));
const itemsFailed = field(integer(0, '不符合项数应为不小于0的整数').default(0), toNumber);

const enterpriseFields = {
  uscc: field(uscc),
  name: field(text()),
  region: field(region, toCode),
  category: field(oneOf(CATEGORIES, '企业类别无效')),
  licensedOn: field(date),
  legalRepName: field(text().optional()),
  legalRepId: field(residentId.optional()),
  version,
  status,
};

const inspectionFields = {
  recordId: field(text('key')),
  uscc: field(uscc),
  inspectedOn: field(date),
  kind: field(oneOf(INSPECTION_KINDS, '检查类型无效')),
  scope: field(oneOf(INSPECTION_SCOPES, '检查范围无效')),
  result: field(oneOf(INSPECTION_RESULTS, '检查结果无效')),
  keyItemsFailed: itemsFailed,
  generalItemsFailed: itemsFailed,
  inspectors: field(
    list(field(text('key')), 'inspector ids')
      .min(1, { error: 'must name at least one inspector (至少填写一名检查人员)' })
      .superRefine(noDuplicates),
    toList,
  ),
  version,
  status,
};

const penaltyFields = {
  recordId: field(text('key')),
  uscc: field(uscc),
  decidedOn: field(date),
  procedure: field(oneOf(PROCEDURES, '处罚程序无效')),
  violation: field(violation),
  measures: field(
    list(field(oneOf(MEASURES, '处罚措施无效')), 'measures')
      .min(1, { error: `must name at least one measure: ${MEASURES.join(', ')} (至少填写一项处罚措施)` })
      .superRefine(noDuplicates)
      // A set of codes: one canonical order, so a re-export in another order is a duplicate.
      .transform((ms) => MEASURES.filter((m) => ms.includes(m))),
    toList,
  ),
  fineYuan: field(amount.default(0), toNumber),
  aggravated: field(yesNo.default(false), toBoolean),
  incident: field(yesNo.default(false), toBoolean),
  recallFailure: field(yesNo.default(false), toBoolean),
  seriousListing: field(yesNo.default(false), toBoolean),
  intentional: field(yesNo.optional(), toBoolean),
  persons: field(list(personItem, 'persons').default([]), toPersons),
  repairedOn: field(date.optional()),
  delistedOn: field(date.optional()),
  publishedOn: field(date.optional()),
  version,
  status,
};

const samplingFields = {
  recordId: field(text('key')),
  uscc: field(uscc),
  sampledOn: field(date),
  product: field(text()),
  kind: field(oneOf(SAMPLING_KINDS, '抽检类型无效')),
  level: field(oneOf(SAMPLING_LEVELS, '抽检层级无效')),
  result: field(oneOf(SAMPLING_RESULTS, '抽检结论无效')),
  hazard: field(oneOf(HAZARDS, '危害类别无效').optional()),
  notifiedOn: field(date.optional()),
  recheckRequestedOn: field(date.optional()),
  recheckResult: field(oneOf(SAMPLING_RESULTS, '复检结论应为 pass 或 fail').optional()),
  recheckConcludedOn: field(date.optional()),
  version,
  status,
};

const disposalFields = {
  samplingRecordId: field(text('key')),
  uscc: field(uscc),
  startedOn: field(date),
  actions: field(
    list(field(oneOf(DISPOSAL_ACTIONS, '处置措施无效')), 'actions')
      .min(1, { error: `must name at least one action: ${DISPOSAL_ACTIONS.join(', ')} (至少填写一项处置措施)` })
      .superRefine(noDuplicates)
      // A set of codes: one canonical order, as for a penalty's measures.
      .transform((as) => DISPOSAL_ACTIONS.filter((a) => as.includes(a))),
    toList,
  ),
  penaltyRecordId: field(text('key').optional()),
  completedOn: field(date.optional()),
  version,
  status,
};

const repairFields = {
  recordId: field(text('key')),
  uscc: field(uscc),
  penaltyRecordId: field(text('key')),
  appliedOn: field(date),
  acceptedOn: field(date.optional()),
  decidedOn: field(date.optional()),
  decision: field(oneOf(REPAIR_DECISIONS, '修复决定应为 granted 或 refused').optional()),
  version,
  status,
};

const inspectorFields = {
  inspectorId: field(text('key')),
  name: field(text()),
  region: field(region, toCode),
  active: field(yesNo.default(true), toBoolean),
  maxPerPeriod: field(integer(1, '每期检查上限应为不小于1的整数'), toNumber),
  conflicts: field(list(field(uscc), 'codes').superRefine(noDuplicates).default([]), toList),
  version,
};

type Shape = Record<string, z.ZodType>;
type Raw = Record<string, unknown>;
/** What did parse: a field that failed (or is absent without default) is missing. */
type Parsed<S extends Shape> = Partial<{ [K in keyof S]: z.output<S[K]> }>;
type Report = (field: string, message: string) => void;

// ---------------------------------------------------------------------------------------------
// Rules between fields

function inspectionRules(v: Parsed<typeof inspectionFields>, report: Report): void {
  const { result, keyItemsFailed: key, generalItemsFailed: general } = v;
  if (result === undefined || key === undefined || general === undefined) return;
  if (result === 'compliant') {
    if (key > 0)
      report(
        'keyItemsFailed',
        `is ${key}, but a compliant inspection has no failed items (结果为符合时不得有不符合项)`,
      );
    if (general > 0) {
      report(
        'generalItemsFailed',
        `is ${general}, but a compliant inspection has no failed items (结果为符合时不得有不符合项)`,
      );
    }
  } else if (result === 'basically_compliant') {
    if (key > 0) {
      report(
        'keyItemsFailed',
        `is ${key}, but basically_compliant allows no failed key item; a failed key item makes it non_compliant (基本符合不得有关键项不符合)`,
      );
    }
    if (general === 0) {
      report(
        'generalItemsFailed',
        'is 0, but basically_compliant needs at least 1 failed general item (基本符合应至少有一项一般项不符合)',
      );
    }
  } else if (result === 'non_compliant' && key === 0 && general === 0) {
    report(
      'result',
      'is non_compliant, but keyItemsFailed and generalItemsFailed are both 0; give the failed items (不符合应至少有一项不符合项)',
    );
  }
}

/** A later step cannot come before the one it follows (deadlines.md §2). */
function notBefore(
  v: Record<string, unknown>,
  later: string,
  earlier: string,
  zh: { later: string; earlier: string },
  report: Report,
): void {
  const a = v[later];
  const b = v[earlier];
  if (typeof a === 'string' && typeof b === 'string' && a < b) {
    report(later, `${a} is before ${earlier} ${b} (${zh.later}不得早于${zh.earlier})`);
  }
}

/** Fields that are given together or not at all; the message names the one that is missing. */
function together(v: Record<string, unknown>, fields: readonly [string, string], zh: string, report: Report): void {
  const [a, b] = fields;
  if (v[a] !== undefined && v[b] === undefined) report(b, `required when ${a} is given; give both or neither (${zh})`);
  if (v[b] !== undefined && v[a] === undefined) report(a, `required when ${b} is given; give both or neither (${zh})`);
}

function penaltyRules(v: Parsed<typeof penaltyFields>, report: Report): void {
  fineRules(v, report);
  notBefore(v, 'publishedOn', 'decidedOn', { later: '公示日期', earlier: '处罚决定日期' }, report);
  // The rule set in force on the decision date holds the simple-procedure limits (APL Art. 51),
  // the heavy measures (grading-model.md §4), the repair wait (REPAIR-2021) and the early-removal
  // wait (SDL-44 Art. 16): a rule change is a data change for ingestion too.
  // A decision older than the first rule set is checked against the first one: the oldest rules fenji knows.
  const first = RULE_SETS[0]?.effectiveFrom ?? EARLIEST_DATE;
  const rules = ruleSetFor(laterOf(first, v.decidedOn ?? first));
  if (v.procedure === 'simple') simpleProcedureRules(v, rules, report);
  if (v.repairedOn !== undefined) repairedOnRules(v, v.repairedOn, rules, report);
  if (v.delistedOn !== undefined) delistingRules(v, v.delistedOn, rules, report);
}

/** The later of two ISO dates (they compare as strings). */
function laterOf(a: IsoDate, b: IsoDate): IsoDate {
  return b > a ? b : a;
}

function fineRules({ measures, fineYuan }: Parsed<typeof penaltyFields>, report: Report): void {
  if (measures === undefined || fineYuan === undefined) return;
  const fined = measures.includes('fine');
  if (fined && fineYuan <= 0) {
    report('fineYuan', 'is 0, but measures include fine; give the amount (处罚措施含罚款时应填写罚款金额)');
  }
  if (!fined && fineYuan > 0) {
    report(
      'measures',
      `do not include fine, but fineYuan is ${fineYuan}; add fine or correct the amount (罚款金额大于0时处罚措施应含罚款)`,
    );
  }
}

function simpleProcedureRules({ measures, fineYuan }: Parsed<typeof penaltyFields>, rules: RuleSet, report: Report) {
  const allowed = rules.simpleProcedure.measures;
  const notAllowed = measures?.filter((m) => !allowed.includes(m)) ?? [];
  if (notAllowed.length > 0) {
    report(
      'measures',
      `${notAllowed.join(', ')} not possible under the simple procedure, which allows only ${listEn(allowed)} (APL Art. 51) (简易程序只能给予${listZh(allowed.map((m) => MEASURE_ZH[m]))})`,
    );
  }
  const maxFine = rules.simpleProcedure.maxFineYuan;
  if (fineYuan !== undefined && fineYuan > maxFine) {
    report(
      'fineYuan',
      `${fineYuan} is over ¥${new Intl.NumberFormat('en-US').format(maxFine)}, the most the simple procedure allows (APL Art. 51) (简易程序罚款不得超过${maxFine}元)`,
    );
  }
}

function repairedOnRules(v: Parsed<typeof penaltyFields>, repairedOn: IsoDate, rules: RuleSet, report: Report): void {
  const wait = rules.listing.repairAfterMonths;
  const earliest = v.decidedOn === undefined ? undefined : addMonths(v.decidedOn, wait);
  if (earliest !== undefined && repairedOn < earliest) {
    const after = monthsInWords(wait);
    report(
      'repairedOn',
      `${repairedOn} is earlier than ${earliest}, ${after.en} after the decision (REPAIR-2021) (信用修复须在处罚决定作出满${after.zh}后)`,
    );
  }
  const heavyMeasures: readonly Measure[] = rules.heavyMeasures.measures;
  const heavy = v.measures?.filter((m) => heavyMeasures.includes(m)) ?? [];
  if (heavy.length > 0) {
    report(
      'repairedOn',
      `not allowed: a penalty with ${heavy.join(', ')} cannot be repaired (REPAIR-2021) (责令停产停业、吊销许可证等严重处罚不予信用修复)`,
    );
  }
}

function delistingRules(v: Parsed<typeof penaltyFields>, delistedOn: IsoDate, rules: RuleSet, report: Report): void {
  const wait = rules.listing.earlyRemovalAfterMonths;
  const earliest = v.decidedOn === undefined ? undefined : addMonths(v.decidedOn, wait);
  if (earliest !== undefined && delistedOn < earliest) {
    const after = monthsInWords(wait);
    report(
      'delistedOn',
      `${delistedOn} is earlier than ${earliest}, ${after.en} after listing (SDL-44 Art. 16) (列入严重违法失信名单满${after.zh}后方可提前移出)`,
    );
  }
  if (v.seriousListing === false) {
    report(
      'delistedOn',
      'not allowed: the penalty is not on the serious illegal-dishonest list (seriousListing is false) (未列入严重违法失信名单，不能移出)',
    );
  }
}

/** warning and fine; a, b and c. */
function listEn(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** 警告或罚款; 甲、乙或丙. */
function listZh(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join('、')}或${items.at(-1)}`;
}

function samplingRules(v: Parsed<typeof samplingFields>, report: Report): void {
  if (v.result === 'fail' && v.hazard === undefined) {
    report('hazard', `required when result is fail; one of ${HAZARDS.join(', ')} (抽检不合格时须填写危害类别)`);
  }
  if (v.result === 'pass' && v.hazard !== undefined) {
    report('hazard', `"${v.hazard}" given, but result is pass; leave hazard empty (抽检合格时不应填写危害类别)`);
  }
  notBefore(v, 'notifiedOn', 'sampledOn', { later: '结论送达日期', earlier: '抽样日期' }, report);
  // A re-test (FSL Art. 88) is of a failed sample whose result was served, and follows the request.
  if (v.recheckRequestedOn !== undefined) {
    if (v.result === 'pass') {
      report(
        'recheckRequestedOn',
        'given, but result is pass; only a failed sample is re-tested (抽检合格的不能申请复检)',
      );
    }
    if (v.notifiedOn === undefined) {
      report(
        'recheckRequestedOn',
        'given without notifiedOn; give the day the result was served (申请复检须填写结论送达日期)',
      );
    }
    notBefore(v, 'recheckRequestedOn', 'notifiedOn', { later: '复检申请日期', earlier: '结论送达日期' }, report);
  }
  together(v, ['recheckResult', 'recheckConcludedOn'], '复检结论与复检结论日期应同时填写', report);
  if ((v.recheckResult !== undefined || v.recheckConcludedOn !== undefined) && v.recheckRequestedOn === undefined) {
    const f = v.recheckResult !== undefined ? 'recheckResult' : 'recheckConcludedOn';
    report(f, 'given without recheckRequestedOn; a re-test needs its request (须先填写复检申请日期)');
  }
  notBefore(v, 'recheckConcludedOn', 'recheckRequestedOn', { later: '复检结论日期', earlier: '复检申请日期' }, report);
}

function disposalRules(v: Parsed<typeof disposalFields>, report: Report): void {
  notBefore(v, 'completedOn', 'startedOn', { later: '处置完成日期', earlier: '处置开始日期' }, report);
}

function repairRules(v: Parsed<typeof repairFields>, report: Report): void {
  notBefore(v, 'acceptedOn', 'appliedOn', { later: '受理日期', earlier: '申请日期' }, report);
  together(v, ['decidedOn', 'decision'], '修复决定与决定日期应同时填写', report);
  if (v.acceptedOn !== undefined)
    notBefore(v, 'decidedOn', 'acceptedOn', { later: '决定日期', earlier: '受理日期' }, report);
  else notBefore(v, 'decidedOn', 'appliedOn', { later: '决定日期', earlier: '申请日期' }, report);
}

// ---------------------------------------------------------------------------------------------
// Record types

interface TypeSpec {
  fields: Shape;
  key: string;
  dates: readonly string[];
  rules: (v: Record<string, unknown>, report: Report) => void;
}

const noRules = (): void => {};

// The casts hand each rule function the parsed view of its own record type.
const SPECS: Record<RecordType, TypeSpec> = {
  enterprise: { fields: enterpriseFields, key: 'uscc', dates: ['licensedOn'], rules: noRules },
  inspection: {
    fields: inspectionFields,
    key: 'recordId',
    dates: ['inspectedOn'],
    rules: (v, report) => inspectionRules(v as Parsed<typeof inspectionFields>, report),
  },
  penalty: {
    fields: penaltyFields,
    key: 'recordId',
    dates: ['decidedOn', 'repairedOn', 'delistedOn', 'publishedOn'],
    rules: (v, report) => penaltyRules(v as Parsed<typeof penaltyFields>, report),
  },
  sampling: {
    fields: samplingFields,
    key: 'recordId',
    dates: ['sampledOn', 'notifiedOn', 'recheckRequestedOn', 'recheckConcludedOn'],
    rules: (v, report) => samplingRules(v as Parsed<typeof samplingFields>, report),
  },
  disposal: {
    fields: disposalFields,
    key: 'samplingRecordId',
    dates: ['startedOn', 'completedOn'],
    rules: (v, report) => disposalRules(v as Parsed<typeof disposalFields>, report),
  },
  repair: {
    fields: repairFields,
    key: 'recordId',
    dates: ['appliedOn', 'acceptedOn', 'decidedOn'],
    rules: (v, report) => repairRules(v as Parsed<typeof repairFields>, report),
  },
  inspector: { fields: inspectorFields, key: 'inspectorId', dates: [], rules: noRules },
};

/** Every accepted input field per record type, key first (the CSV header check uses it). */
export const RECORD_FIELDS: Record<RecordType, readonly string[]> = {
  enterprise: Object.freeze(Object.keys(enterpriseFields)),
  inspection: Object.freeze(Object.keys(inspectionFields)),
  penalty: Object.freeze(Object.keys(penaltyFields)),
  sampling: Object.freeze(Object.keys(samplingFields)),
  disposal: Object.freeze(Object.keys(disposalFields)),
  repair: Object.freeze(Object.keys(repairFields)),
  inspector: Object.freeze(Object.keys(inspectorFields)),
};

/** The date fields of each record type: bounded by ingestion day, written as dates by exports. */
export const RECORD_DATE_FIELDS: Record<RecordType, readonly string[]> = Object.fromEntries(
  Object.entries(SPECS).map(([type, spec]) => [type, Object.freeze([...spec.dates])]),
) as Record<RecordType, readonly string[]>;

/** SQS messages carry the type inside the record; it is not a field. */
const IGNORED_KEYS = new Set(['recordType']);

// ---------------------------------------------------------------------------------------------
// Errors

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

function unknownField(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase();
  const guess =
    known.find((k) => k.toLowerCase() === lower) ?? known.find((k) => editDistance(k.toLowerCase(), lower) <= 2);
  const hint = guess === undefined ? `fields are ${known.join(', ')}` : `did you mean "${guess}"?`;
  return `unknown field; ${hint} (未知字段)`;
}

/** zod issues as path + message, one per unknown key. */
function flattenIssues(
  issues: readonly z.core.$ZodIssue[],
  known: readonly string[],
): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((k) => ({ path: [...issue.path, k], message: unknownField(k, known) }))
      : [{ path: [...issue.path], message: issue.message }],
  );
}

/** `persons[1].idNumber`, `inspectors[0]`. */
function fieldPath(name: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : `${acc}.${String(seg)}`),
    name,
  );
}

function readableKey(v: unknown, allowUscc: boolean): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return redactIds(v.trim(), allowUscc);
  if (typeof v === 'number' && Number.isFinite(v)) return redactIds(String(v), allowUscc);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Output

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function buildRecord(type: RecordType, p: Record<string, unknown>, ctx: ParseContext): AnyRecord {
  switch (type) {
    case 'enterprise': {
      const { legalRepId, ...rest } = p as Parsed<typeof enterpriseFields>;
      const record = { type, ...rest } as Enterprise;
      if (legalRepId !== undefined) record.legalRepId = protectId(legalRepId, ctx.idKey);
      return record;
    }
    case 'penalty': {
      const parsed = p as Parsed<typeof penaltyFields>;
      const persons = (parsed.persons ?? [])
        .map(({ name, role, idNumber }) => ({ name, role, id: protectId(idNumber, ctx.idKey) }))
        .sort((a, b) => byText(a.id.hash, b.id.hash) || byText(a.role, b.role) || byText(a.name, b.name));
      return { type, ...parsed, persons } as Penalty;
    }
    // Inspectors, conflicts and persons are sets: one canonical order, so the same record
    // exported in another order is a duplicate and not a conflict (records.md §3).
    case 'inspection': {
      const inspection = { type, ...p } as Inspection;
      return { ...inspection, inspectors: [...inspection.inspectors].sort(byText) };
    }
    case 'sampling':
      return { type, ...p } as Sampling;
    case 'disposal':
      return { type, ...p } as Disposal;
    case 'repair':
      return { type, ...p } as Repair;
    case 'inspector': {
      const inspector = { type, ...p } as Inspector;
      return { ...inspector, conflicts: [...inspector.conflicts].sort(byText) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Fast path (bench/README.md hot spot 5)
//
// zod's per-field schemas and error collection were ~90 % of parse + validate, and nearly every
// record of a real export is valid. Each record type therefore has a hand-written check of the
// all-valid case: it builds exactly the record the zod path builds (same keys in the same order,
// same values), and at the first thing it does not accept outright it gives up (throws UNUSUAL)
// and parseRecord runs the zod path, so every message still comes from the schemas above.
// Giving up is always safe, it only costs time; the checks here may be stricter than the zod
// path (a 300-code-unit name of astral characters, a name with 15 digits in a row), never
// looser. test/parse-fast-path.test.ts runs both paths against each other.

/** Not an Error: no stack trace is captured for a record that merely needs the zod path. */
class Unusual {}
const UNUSUAL = new Unusual();

function unusual(): never {
  throw UNUSUAL;
}

const giveUp: Report = unusual;

/**
 * Counts the fields `raw` gives: its own enumerable keys, all of which must be fields (an unknown
 * key gives up: the zod path names it). Object.keys, not for-in: records of one type come in many
 * shapes (optional fields given or not), and an optimised for-in is deoptimised by each new one.
 */
function givenFields(raw: object, fields: FieldNames): number {
  // The zod path reads own fields only; with a prototype of its own (a class instance, say) a
  // field could be inherited, which the reads below would see.
  const proto = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) unusual();
  const keys = Object.keys(raw);
  const order = fields.order;
  let n = 0;
  let next = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    // Keys nearly always come in field order (CSV headers and JSON exports follow records.md), so
    // walking the field list finds each with a comparison or two of internalised strings; a key
    // out of order (or unknown) is looked up in the set.
    while (next < order.length && order[next] !== k) next++;
    if (next < order.length) next++;
    else if (!fields.known.has(k)) {
      if (IGNORED_KEYS.has(k)) continue;
      unusual();
    }
    n++;
  }
  return n;
}

/** The fields of a record type, in order and as a set. */
interface FieldNames {
  order: readonly string[];
  known: ReadonlySet<string>;
}

function fieldNames(fields: Shape): FieldNames {
  const order = Object.keys(fields);
  return { order, known: new Set(order) };
}

/**
 * Fields read as a defined value by `take` since the record's check began. The fast path goes on
 * only when this equals the number of given fields: an own key holding `undefined` (which JSON
 * and CSV never give) makes it smaller, and a value the zod path would not read (one the
 * prototype offers) larger, so both go to the zod path.
 */
let taken = 0;
function take(v: unknown): unknown {
  if (v !== undefined) taken++;
  return v;
}

/**
 * text(): at most MAX_TEXT characters (code units here; longer strings go to zod, which counts
 * characters), no CONTROL character, and for `names` no run of 15 digits (ID_LIKE needs one, so
 * without one it cannot match; with one, zod decides).
 */
function plainText(s: string, names: boolean): boolean {
  const n = s.length;
  if (n > MAX_TEXT) return false;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits >= 15 && names) return false;
      continue;
    }
    digits = 0;
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    } else if (c >= 0x7f) {
      if (c <= 0x9f || (c >= 0x202a && (c <= 0x202e || (c >= 0x2066 && c <= 0x2069)))) return false;
    }
  }
  return true;
}

function fText(v: unknown, names: boolean): string {
  const s = clean(v);
  if (typeof s !== 'string' || !plainText(s, names)) unusual();
  return s;
}

function fTextOptional(v: unknown, names: boolean): string | undefined {
  const s = clean(v);
  if (s === undefined) return undefined;
  if (typeof s !== 'string' || !plainText(s, names)) unusual();
  return s;
}

function fOneOf<T extends string>(values: ReadonlySet<T>, v: unknown): T {
  const s = clean(v);
  if (typeof s !== 'string' || !(values as ReadonlySet<string>).has(s)) unusual();
  return s as T;
}

function fOneOfOptional<T extends string>(values: ReadonlySet<T>, v: unknown): T | undefined {
  const s = clean(v);
  return s === undefined ? undefined : fOneOf(values, s);
}

const STATUS_VALUES: ReadonlySet<RecordStatus> = new Set(['active', 'revoked'] as const);
function fStatus(v: unknown): RecordStatus {
  const s = clean(v);
  return s === undefined ? 'active' : fOneOf(STATUS_VALUES, s);
}

/** integer(min) after toNumber; `fallback` is the default, `undefined` when the field is required. */
function fInteger(v: unknown, min: number, fallback: number | undefined): number {
  const c = clean(v);
  if (c === undefined) {
    if (fallback === undefined) unusual();
    return fallback;
  }
  const n = typeof c === 'string' ? digitsOnly(c) : c;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) unusual();
  return n;
}

/**
 * toNumber for the usual count or amount from a CSV cell: up to 15 ASCII digits (always exact in a
 * double), read by hand; anything else as toNumber reads it.
 */
function digitsOnly(s: string): unknown {
  const len = s.length;
  if (len > 15) return toNumber(s);
  let n = 0;
  for (let i = 0; i < len; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return toNumber(s);
    n = n * 10 + d;
  }
  // clean() never gives an empty string, so at least one digit was read: NUMERIC matches, Number() gives n.
  return n;
}

/** amount after toNumber, default 0. */
function fAmount(v: unknown): number {
  const c = clean(v);
  if (c === undefined) return 0;
  const n = typeof c === 'string' ? digitsOnly(c) : c;
  // NaN and ±Infinity fail both comparisons, as z.number() refuses them.
  if (typeof n !== 'number' || !(n >= 0 && n <= MAX_FINE_YUAN)) unusual();
  return n;
}

/** yesNo after toBoolean; `fallback` is the default, `undefined` for an optional field. */
function fYesNo(v: unknown, fallback: boolean | undefined): boolean | undefined {
  const c = clean(v);
  if (c === undefined) return fallback;
  // What exports write nearly always; toBoolean reads both so too.
  if (c === 'false') return false;
  if (c === 'true') return true;
  const b = toBoolean(c);
  if (typeof b !== 'boolean') unusual();
  return b;
}

/** DATE_PARTS, read by hand: the ISO date when it is a calendar date from 1990 on and not after `latest`. */
function fDate(v: unknown, latest: IsoDate): IsoDate {
  const s = clean(v);
  if (typeof s !== 'string') unusual();
  const n = s.length;
  if (n < 8 || n > 10) unusual();
  const year = digitsAt(s, 0, 4);
  const sep = s.charCodeAt(4);
  if (sep !== 0x2d && sep !== 0x2f) unusual();
  // Month: one or two digits, then the same separator; day: the one or two digits left.
  const monthEnd = s.charCodeAt(6) === sep ? 6 : s.charCodeAt(7) === sep ? 7 : unusual();
  const month = digitsAt(s, 5, monthEnd);
  if (n - monthEnd - 1 < 1 || n - monthEnd - 1 > 2) unusual();
  const day = digitsAt(s, monthEnd + 1, n);
  // EARLIEST_DATE is the first day of 1990, so the year alone bounds it.
  if (year < 1990 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) unusual();
  const iso =
    n === 10 && sep === 0x2d ? s : `${s.slice(0, 4)}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
  if (iso > latest) unusual();
  return iso;
}

function fDateOptional(v: unknown, latest: IsoDate): IsoDate | undefined {
  const s = clean(v);
  return s === undefined ? undefined : fDate(s, latest);
}

/** The number written by the ASCII digits s[from, to); gives up on anything else. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) unusual();
    n = n * 10 + d;
  }
  return n;
}

/** The value of each character of USCC_ALPHABET by char code, −1 for the rest. */
const USCC_VALUE = (() => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < USCC_ALPHABET.length; i++) values[USCC_ALPHABET.charCodeAt(i)] = i;
  return values;
})();

/** usccCheckChar's weights: GB 32100-2015 §5 weighs character i by 3^i mod 31. */
const USCC_WEIGHT = (() => {
  const weights = new Int32Array(17);
  for (let i = 0, w = 1; i < 17; i++, w = (w * 3) % 31) weights[i] = w;
  return weights;
})();

/**
 * uscc(): 18 characters of the GB 32100-2015 alphabet whose 18th is the check character of the
 * first 17 (usccCheckChar, computed here without slicing: every record carries a USCC).
 */
function fUscc(v: unknown): string {
  const s = clean(v);
  if (typeof s !== 'string' || s.length !== 18) unusual();
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const c = s.charCodeAt(i);
    const value = c < 128 ? (USCC_VALUE[c] as number) : -1;
    if (value < 0) unusual();
    if (i < 17) sum += value * (USCC_WEIGHT[i] as number);
    else if (value !== (31 - (sum % 31)) % 31) unusual();
  }
  return s;
}

/** residentId(): upper-cased, and isValidResidentId holds the length, shape and check character. */
function fResidentId(v: unknown): string {
  const s = clean(v);
  if (typeof s !== 'string') unusual();
  const n = s.toUpperCase();
  if (!isValidResidentId(n)) unusual();
  return n;
}

function fResidentIdOptional(v: unknown): string | undefined {
  const s = clean(v);
  return s === undefined ? undefined : fResidentId(s);
}

const REGION_CODE = /^\d{6}$/;
function fRegion(v: unknown): string {
  const s = toCode(clean(v));
  if (typeof s !== 'string' || !REGION_CODE.test(s)) unusual();
  return s;
}

/**
 * The items of a list field (toList, or a JSON array whose items are cleaned one by one) as
 * non-blank trimmed strings, in a new array; `undefined` when the field is absent.
 */
function fItems(v: unknown): string[] | undefined {
  const c = clean(v);
  if (c === undefined) return undefined;
  if (typeof c === 'string') return splitList(c);
  if (!Array.isArray(c)) unusual();
  const items: string[] = [];
  for (let i = 0; i < c.length; i++) {
    const item = clean(c[i]);
    if (typeof item !== 'string') unusual();
    items.push(item);
  }
  return items;
}

/** noDuplicates on strings: JSON.stringify of two strings is equal exactly when the strings are. */
function distinct(items: readonly string[]): void {
  if (items.length > 8) {
    if (new Set(items).size !== items.length) unusual();
    return;
  }
  for (let i = 1; i < items.length; i++) {
    for (let j = 0; j < i; j++) if (items[i] === items[j]) unusual();
  }
}

/** A list of codes (measures, actions): at least one, no duplicates, in the canonical order of `codes`. */
function fCodes<T extends string>(v: unknown, codes: readonly T[], known: ReadonlySet<T>): T[] {
  const items = fItems(v);
  if (items === undefined || items.length === 0) unusual();
  for (const item of items) if (!(known as ReadonlySet<string>).has(item)) unusual();
  distinct(items);
  return codes.filter((c) => items.includes(c));
}

/** inspectors: at least one key, no duplicates, sorted (a set, records.md §3). */
function fInspectors(v: unknown): string[] {
  const items = fItems(v);
  if (items === undefined || items.length === 0) unusual();
  for (const item of items) if (!plainText(item, false)) unusual();
  distinct(items);
  return sortTexts(items);
}

/** `items.sort(byText)`, without the comparator calls for the usual one or two items. */
function sortTexts(items: string[]): string[] {
  if (items.length > 2) return items.sort(byText);
  if (items.length === 2 && (items[0] as string) > (items[1] as string)) items.reverse();
  return items;
}

/** conflicts: USCCs, no duplicates, default none, sorted (a set, records.md §3). */
function fConflicts(v: unknown): string[] {
  const items = fItems(v);
  if (items === undefined) return [];
  for (let i = 0; i < items.length; i++) items[i] = fUscc(items[i]);
  distinct(items);
  return sortTexts(items);
}

const PERSON_KEYS: ReadonlySet<string> = new Set(PERSON_FIELDS);
const ROLE_VALUES: ReadonlySet<PersonRole> = new Set(PERSON_ROLES);

interface ClearPerson {
  name: string;
  role: PersonRole;
  idNumber: string;
}

/** persons: the CSV form `name|role|idNumber;…` or JSON objects of exactly those keys; default none. */
function fPersons(v: unknown): ClearPerson[] {
  const c = clean(v);
  if (c === undefined) return [];
  const persons: ClearPerson[] = [];
  if (typeof c === 'string') {
    for (const segment of splitList(c)) {
      const parts = segment.split('|');
      if (parts.length !== 3) unusual();
      persons.push(fPerson(parts[0], parts[1], parts[2]));
    }
    return persons;
  }
  if (!Array.isArray(c)) unusual();
  for (const item of c) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) unusual();
    // strictObject: exactly the three keys, all own.
    let keys = 0;
    for (const k in item) {
      if (!Object.hasOwn(item, k) || !PERSON_KEYS.has(k)) unusual();
      keys++;
    }
    if (keys !== 3) unusual();
    const p = item as Record<string, unknown>;
    persons.push(fPerson(p.name, p.role, p.idNumber));
  }
  return persons;
}

function fPerson(name: unknown, role: unknown, idNumber: unknown): ClearPerson {
  return { name: fText(name, true), role: fOneOf(ROLE_VALUES, role), idNumber: fResidentId(idNumber) };
}

/** buildRecord's persons: ID numbers protected, then one canonical order (a set, records.md §3). */
function protectPersons(persons: readonly ClearPerson[], idKey: string | Uint8Array): Person[] {
  const out: Person[] = [];
  for (const { name, role, idNumber } of persons) out.push({ name, role, id: protectId(idNumber, idKey) });
  // Most penalties name nobody: no sort call then (V8 deoptimised the caller on the arrays' changing kinds).
  if (out.length > 1) {
    out.sort((a, b) => byText(a.id.hash, b.id.hash) || byText(a.role, b.role) || byText(a.name, b.name));
  }
  return out;
}

/** Starts the check of one record: the number of fields it gives, or gives up on an unknown key. */
function begin(raw: object, fields: FieldNames): number {
  const given = givenFields(raw, fields);
  taken = 0;
  return given;
}

/** Ends the reading of one record: every given field was read as a defined value. */
function readAll(given: number): void {
  if (taken !== given) unusual();
}

const KEYS: Record<RecordType, FieldNames> = {
  enterprise: fieldNames(enterpriseFields),
  inspection: fieldNames(inspectionFields),
  penalty: fieldNames(penaltyFields),
  sampling: fieldNames(samplingFields),
  disposal: fieldNames(disposalFields),
  repair: fieldNames(repairFields),
  inspector: fieldNames(inspectorFields),
};

const CATEGORY_VALUES: ReadonlySet<Category> = new Set(CATEGORIES);
const INSPECTION_KIND_VALUES: ReadonlySet<InspectionKind> = new Set(INSPECTION_KINDS);
const INSPECTION_SCOPE_VALUES: ReadonlySet<InspectionScope> = new Set(INSPECTION_SCOPES);
const INSPECTION_RESULT_VALUES: ReadonlySet<InspectionResult> = new Set(INSPECTION_RESULTS);
const PROCEDURE_VALUES: ReadonlySet<Procedure> = new Set(PROCEDURES);
const VIOLATION_VALUES: ReadonlySet<Violation> = new Set(VIOLATIONS);
const MEASURE_VALUES: ReadonlySet<Measure> = new Set(MEASURES);
const SAMPLING_KIND_VALUES: ReadonlySet<SamplingKind> = new Set(SAMPLING_KINDS);
const SAMPLING_LEVEL_VALUES: ReadonlySet<SamplingLevel> = new Set(SAMPLING_LEVELS);
const SAMPLING_RESULT_VALUES: ReadonlySet<SamplingResult> = new Set(SAMPLING_RESULTS);
const HAZARD_VALUES: ReadonlySet<Hazard> = new Set(HAZARDS);
const ACTION_VALUES: ReadonlySet<DisposalAction> = new Set(DISPOSAL_ACTIONS);
const DECISION_VALUES: ReadonlySet<RepairDecision> = new Set(REPAIR_DECISIONS);

type FastParse = (raw: Raw, ctx: ParseContext, latest: IsoDate) => AnyRecord;

// Each function reads the fields in the order of its field schemas, builds the record with the
// keys in buildRecord's order (type, then the fields in schema order, optional ones only when
// given), runs the type's rules (which give up on any report) and only then protects ID numbers.
const FAST: Record<RecordType, FastParse> = {
  enterprise(raw, ctx, latest) {
    const given = begin(raw, KEYS.enterprise);
    const uscc = fUscc(take(raw.uscc));
    const name = fText(take(raw.name), true);
    const region = fRegion(take(raw.region));
    const category = fOneOf(CATEGORY_VALUES, take(raw.category));
    const licensedOn = fDate(take(raw.licensedOn), latest);
    const legalRepName = fTextOptional(take(raw.legalRepName), true);
    const legalRepId = fResidentIdOptional(take(raw.legalRepId));
    const version = fInteger(take(raw.version), 1, 1);
    const status = fStatus(take(raw.status));
    readAll(given);
    const record: Enterprise = { type: 'enterprise', uscc, name, region, category, licensedOn } as Enterprise;
    if (legalRepName !== undefined) record.legalRepName = legalRepName;
    record.version = version;
    record.status = status;
    // buildRecord takes legalRepId out and puts it back, protected, after everything else.
    if (legalRepId !== undefined) record.legalRepId = protectId(legalRepId, ctx.idKey);
    return record;
  },

  inspection(raw, _ctx, latest) {
    const given = begin(raw, KEYS.inspection);
    const record: Inspection = {
      type: 'inspection',
      recordId: fText(take(raw.recordId), false),
      uscc: fUscc(take(raw.uscc)),
      inspectedOn: fDate(take(raw.inspectedOn), latest),
      kind: fOneOf(INSPECTION_KIND_VALUES, take(raw.kind)),
      scope: fOneOf(INSPECTION_SCOPE_VALUES, take(raw.scope)),
      result: fOneOf(INSPECTION_RESULT_VALUES, take(raw.result)),
      keyItemsFailed: fInteger(take(raw.keyItemsFailed), 0, 0),
      generalItemsFailed: fInteger(take(raw.generalItemsFailed), 0, 0),
      inspectors: fInspectors(take(raw.inspectors)),
      version: fInteger(take(raw.version), 1, 1),
      status: fStatus(take(raw.status)),
    };
    readAll(given);
    inspectionRules(record, giveUp);
    return record;
  },

  penalty(raw, ctx, latest) {
    const given = begin(raw, KEYS.penalty);
    const recordId = fText(take(raw.recordId), false);
    const uscc = fUscc(take(raw.uscc));
    const decidedOn = fDate(take(raw.decidedOn), latest);
    const procedure = fOneOf(PROCEDURE_VALUES, take(raw.procedure));
    const violation = fOneOf(VIOLATION_VALUES, take(raw.violation));
    const measures = fCodes(take(raw.measures), MEASURES, MEASURE_VALUES);
    const fineYuan = fAmount(take(raw.fineYuan));
    const aggravated = fYesNo(take(raw.aggravated), false) as boolean;
    const incident = fYesNo(take(raw.incident), false) as boolean;
    const recallFailure = fYesNo(take(raw.recallFailure), false) as boolean;
    const seriousListing = fYesNo(take(raw.seriousListing), false) as boolean;
    const intentional = fYesNo(take(raw.intentional), undefined);
    const persons = fPersons(take(raw.persons));
    const repairedOn = fDateOptional(take(raw.repairedOn), latest);
    const delistedOn = fDateOptional(take(raw.delistedOn), latest);
    const publishedOn = fDateOptional(take(raw.publishedOn), latest);
    const version = fInteger(take(raw.version), 1, 1);
    const status = fStatus(take(raw.status));
    readAll(given);
    const record = {
      type: 'penalty',
      recordId,
      uscc,
      decidedOn,
      procedure,
      violation,
      measures,
      fineYuan,
      aggravated,
      incident,
      recallFailure,
      seriousListing,
    } as Penalty;
    if (intentional !== undefined) record.intentional = intentional;
    // Its place among the keys now; its value (HMACs) only once the rules have passed.
    record.persons = [];
    if (repairedOn !== undefined) record.repairedOn = repairedOn;
    if (delistedOn !== undefined) record.delistedOn = delistedOn;
    if (publishedOn !== undefined) record.publishedOn = publishedOn;
    record.version = version;
    record.status = status;
    // The rules never read persons, which are still in clear here (not yet ProtectedId).
    penaltyRules(record as Omit<Penalty, 'persons'>, giveUp);
    record.persons = protectPersons(persons, ctx.idKey);
    return record;
  },

  sampling(raw, _ctx, latest) {
    const given = begin(raw, KEYS.sampling);
    const record = {
      type: 'sampling',
      recordId: fText(take(raw.recordId), false),
      uscc: fUscc(take(raw.uscc)),
      sampledOn: fDate(take(raw.sampledOn), latest),
      product: fText(take(raw.product), true),
      kind: fOneOf(SAMPLING_KIND_VALUES, take(raw.kind)),
      level: fOneOf(SAMPLING_LEVEL_VALUES, take(raw.level)),
      result: fOneOf(SAMPLING_RESULT_VALUES, take(raw.result)),
    } as Sampling;
    const hazard = fOneOfOptional(HAZARD_VALUES, take(raw.hazard));
    const notifiedOn = fDateOptional(take(raw.notifiedOn), latest);
    const recheckRequestedOn = fDateOptional(take(raw.recheckRequestedOn), latest);
    const recheckResult = fOneOfOptional(SAMPLING_RESULT_VALUES, take(raw.recheckResult));
    const recheckConcludedOn = fDateOptional(take(raw.recheckConcludedOn), latest);
    const version = fInteger(take(raw.version), 1, 1);
    const status = fStatus(take(raw.status));
    readAll(given);
    if (hazard !== undefined) record.hazard = hazard;
    if (notifiedOn !== undefined) record.notifiedOn = notifiedOn;
    if (recheckRequestedOn !== undefined) record.recheckRequestedOn = recheckRequestedOn;
    if (recheckResult !== undefined) record.recheckResult = recheckResult;
    if (recheckConcludedOn !== undefined) record.recheckConcludedOn = recheckConcludedOn;
    record.version = version;
    record.status = status;
    samplingRules(record, giveUp);
    return record;
  },

  disposal(raw, _ctx, latest) {
    const given = begin(raw, KEYS.disposal);
    const record = {
      type: 'disposal',
      samplingRecordId: fText(take(raw.samplingRecordId), false),
      uscc: fUscc(take(raw.uscc)),
      startedOn: fDate(take(raw.startedOn), latest),
      actions: fCodes(take(raw.actions), DISPOSAL_ACTIONS, ACTION_VALUES),
    } as Disposal;
    const penaltyRecordId = fTextOptional(take(raw.penaltyRecordId), false);
    const completedOn = fDateOptional(take(raw.completedOn), latest);
    const version = fInteger(take(raw.version), 1, 1);
    const status = fStatus(take(raw.status));
    readAll(given);
    if (penaltyRecordId !== undefined) record.penaltyRecordId = penaltyRecordId;
    if (completedOn !== undefined) record.completedOn = completedOn;
    record.version = version;
    record.status = status;
    disposalRules(record, giveUp);
    return record;
  },

  repair(raw, _ctx, latest) {
    const given = begin(raw, KEYS.repair);
    const record = {
      type: 'repair',
      recordId: fText(take(raw.recordId), false),
      uscc: fUscc(take(raw.uscc)),
      penaltyRecordId: fText(take(raw.penaltyRecordId), false),
      appliedOn: fDate(take(raw.appliedOn), latest),
    } as Repair;
    const acceptedOn = fDateOptional(take(raw.acceptedOn), latest);
    const decidedOn = fDateOptional(take(raw.decidedOn), latest);
    const decision = fOneOfOptional(DECISION_VALUES, take(raw.decision));
    const version = fInteger(take(raw.version), 1, 1);
    const status = fStatus(take(raw.status));
    readAll(given);
    if (acceptedOn !== undefined) record.acceptedOn = acceptedOn;
    if (decidedOn !== undefined) record.decidedOn = decidedOn;
    if (decision !== undefined) record.decision = decision;
    record.version = version;
    record.status = status;
    repairRules(record, giveUp);
    return record;
  },

  inspector(raw, _ctx, _latest) {
    const given = begin(raw, KEYS.inspector);
    const record: Inspector = {
      type: 'inspector',
      inspectorId: fText(take(raw.inspectorId), false),
      name: fText(take(raw.name), true),
      region: fRegion(take(raw.region)),
      active: fYesNo(take(raw.active), true) as boolean,
      maxPerPeriod: fInteger(take(raw.maxPerPeriod), 1, undefined),
      conflicts: fConflicts(take(raw.conflicts)),
      version: fInteger(take(raw.version), 1, 1),
    };
    readAll(given);
    return record;
  },
};

/** records.md §2: no date after the day following ingestion (a clock a few hours off is tolerated). */
function latestAcceptedDate(ctx: ParseContext): IsoDate {
  // Once per context, not per record (bench/README.md hot spot 5); a context whose `today` was
  // changed in place gets a fresh value.
  const cached = LATEST.get(ctx);
  if (cached !== undefined && cached.today === ctx.today) return cached.latest;
  const latest = addDays(ctx.today, 1);
  LATEST.set(ctx, { today: ctx.today, latest });
  return latest;
}
const LATEST = new WeakMap<ParseContext, { today: IsoDate; latest: IsoDate }>();

/**
 * Validates and normalises one record of `type`. Failures list every problem found, each with
 * a message a clerk can act on, and the record's key when it can be read.
 */
export function parseRecord<K extends RecordType>(
  type: K,
  raw: Record<string, unknown>,
  ctx: ParseContext,
): ParseResult<RecordOf<K>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return notAnObject();
  const latest = latestAcceptedDate(ctx);
  try {
    return { ok: true, record: FAST[type](raw, ctx, latest) as RecordOf<K> };
  } catch {
    // Anything unusual (or an exception of the fast path itself): the zod path decides, and
    // reports (or throws) exactly what it always has.
  }
  return parseWithZod(type, raw, ctx, latest);
}

/**
 * The fast path alone: the record, or `undefined` where it gives up and parseRecord would ask the
 * zod path. For the test that runs the two against each other (parse-fast-path.test.ts), and
 * checks that the fast path does take ordinary records; callers use parseRecord.
 * @internal
 */
export function parseRecordFast<K extends RecordType>(
  type: K,
  raw: Record<string, unknown>,
  ctx: ParseContext,
): RecordOf<K> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  try {
    return FAST[type](raw, ctx, latestAcceptedDate(ctx)) as RecordOf<K>;
  } catch {
    return undefined;
  }
}

/**
 * The zod path alone, without the fast path in front of it. For the same test; callers use
 * parseRecord.
 * @internal
 */
export function parseRecordSlow<K extends RecordType>(
  type: K,
  raw: Record<string, unknown>,
  ctx: ParseContext,
): ParseResult<RecordOf<K>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return notAnObject();
  return parseWithZod(type, raw, ctx, latestAcceptedDate(ctx));
}

function notAnObject(): { ok: false; errors: FieldError[] } {
  return {
    ok: false,
    errors: [{ field: '(record)', message: 'a record must be an object of fields (记录应为字段对象)' }],
  };
}

function parseWithZod<K extends RecordType>(
  type: K,
  raw: Record<string, unknown>,
  ctx: ParseContext,
  latest: IsoDate,
): ParseResult<RecordOf<K>> {
  const spec = SPECS[type];
  const known = RECORD_FIELDS[type];
  const errors: FieldError[] = [];
  const report: Report = (f, message) => {
    errors.push({ field: f, message });
  };

  for (const name of Object.keys(raw)) {
    if (!IGNORED_KEYS.has(name) && !Object.hasOwn(spec.fields, name)) report(name, unknownField(name, known));
  }

  const parsed: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(spec.fields)) {
    const r = schema.safeParse(Object.hasOwn(raw, name) ? raw[name] : undefined);
    if (!r.success) {
      for (const issue of flattenIssues(r.error.issues, known)) report(fieldPath(name, issue.path), issue.message);
    } else if (r.data !== undefined) {
      parsed[name] = r.data;
    }
  }

  // records.md §2: no date after the day following ingestion (a clock a few hours off is tolerated).
  for (const name of spec.dates) {
    const d = parsed[name];
    if (typeof d === 'string' && d > latest) {
      report(name, `${d} is in the future; the latest accepted date is ${latest} (日期不得晚于入库次日)`);
    }
  }

  spec.rules(parsed, report);

  if (errors.length > 0) {
    const order = (f: string) => known.indexOf(f.split(/[.[]/, 1)[0]);
    const sorted = errors
      .map((e, i) => ({ e, i }))
      .sort((a, b) => order(a.e.field) - order(b.e.field) || a.i - b.i)
      .map(({ e }) => ({ field: redactIds(e.field, false), message: redactIds(e.message, quotesUscc(e.field)) }));
    const recordId = readableKey(raw[spec.key], spec.key === 'uscc');
    return recordId === undefined ? { ok: false, errors: sorted } : { ok: false, recordId, errors: sorted };
  }
  return { ok: true, record: buildRecord(type, parsed, ctx) as RecordOf<K> };
}
