// The sample data set of "Step 4": Wenzhou-like enterprises and their inspections, samples,
// penalties and inspectors, written as the exports of several government systems would be
// (records.md §1–3), with the corrections, re-sent records and bad lines real exports carry.
// Deterministic: the seed and options fix every byte; nothing reads a clock or Math.random.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import {
  addMonths,
  CATEGORIES,
  type Category,
  formatIsoDate,
  type IsoDate,
  isValidIsoDate,
  parseIsoDate,
  RECORD_FIELDS,
  type RecordType,
  residentIdCheckChar,
  type Sector,
  USCC_ALPHABET,
  type Violation,
} from '@fenji/domain';
import {
  allocate,
  type Ent,
  type InspectorRec,
  licenceDate,
  makeEnterprise,
  makeInspectors,
  makePerson,
  newRegistry,
  type Registry,
  workday,
} from './entities.ts';
import { type CsvStyle, csvText, type Encoding, encodeText, jsonlText, PLAIN_CSV, type Row } from './format.ts';
import {
  type Calendar,
  enterpriseHistory,
  HEAVY,
  type InspectionRec,
  inspection,
  laterDate,
  ordinaryPenalty,
  type PenaltyRec,
  type SamplingRec,
  simplePenalty,
} from './history.ts';
import { Rng } from './prng.ts';
import { CATEGORY_PROFILES, COUNTIES, type County, UNKNOWN_CATEGORIES } from './wenzhou.ts';

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
  | 'resident_id_check';

export const BAD_LINE_KINDS: readonly BadLineKind[] = [
  'uscc_check',
  'unknown_category',
  'compliant_with_failed_items',
  'simple_fine_over_3000',
  'invalid_date',
  'resident_id_check',
];

/** A deliberately invalid record: ingestion must reject exactly these, at these lines. */
export interface BadLine {
  path: string;
  /** 1-based, as in rejects (a CSV header is line 1). */
  line: number;
  type: RecordType;
  kind: BadLineKind;
  /** The record's key as written (recordId, uscc or inspectorId). */
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
  };
}

export interface Dataset {
  files: DatasetFile[];
  manifest: Manifest;
}

// ---------------------------------------------------------------------------------------------
// Calendar

const DAY_MS = 86_400_000;

function toDay(d: IsoDate): number {
  const { year, month, day } = parseIsoDate(d);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function toDate(day: number): IsoDate {
  const t = new Date(day * DAY_MS);
  return formatIsoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function calendar(asOf: IsoDate): Calendar {
  const year = parseIsoDate(asOf).year;
  return {
    asOf,
    asOfDay: toDay(asOf),
    historyStart: `${year - 2}-01-01`,
    penaltyStart: `${year - 4}-01-01`,
    toDay,
    toDate,
  };
}

function checkOptions(o: GenerateOptions): void {
  if (!Number.isSafeInteger(o.enterprises) || o.enterprises < 12 || o.enterprises > 1_000_000) {
    throw new RangeError(
      `enterprises must be a whole number from 12 (one per county) to 1,000,000, got ${o.enterprises}`,
    );
  }
  if (typeof o.seed !== 'string' || o.seed === '') throw new RangeError('seed must be a non-empty string');
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(o.asOf) ||
    !isValidIsoDate(o.asOf) ||
    o.asOf < '2012-01-01' ||
    o.asOf > '2099-12-31'
  ) {
    throw new RangeError(`asOf must be a date YYYY-MM-DD from 2012-01-01 on, got ${o.asOf}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Record numbers

/** Numbers records per series, county and year in date order, as case systems do. */
function numberRecords<T extends { county: County; recordId: string }>(
  records: T[],
  date: (r: T) => IsoDate,
  id: (r: T, year: number, n: number) => string,
  gap: (n: number) => number,
): void {
  const groups = new Map<string, T[]>();
  for (const r of records) {
    // The id built for year 0 names the series: 简罚 and 罚 decisions are counted apart.
    const k = `${id(r, 0, 0)}|${r.county.code}|${date(r).slice(0, 4)}`;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  for (const g of groups.values()) {
    g.sort((a, b) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : 0));
    let n = 0;
    for (const r of g) {
      n += gap(n);
      r.recordId = id(r, Number(date(r).slice(0, 4)), n);
    }
  }
}

const inspectionId = (r: { county: County }, year: number, n: number) =>
  `JC-${r.county.code}-${year}-${String(n).padStart(5, '0')}`;
const samplingId = (r: { county: County }, year: number, n: number) =>
  `CJ-${r.county.code}-${year}-${String(n).padStart(5, '0')}`;
/** 温鹿市监罚〔2025〕118号; decisions under the simple procedure have their own series (简罚). */
const penaltyId = (r: { county: County; procedure: string }, year: number, n: number) =>
  `${r.county.short}市监${r.procedure === 'simple' ? '简' : ''}罚〔${year}〕${n}号`;

// ---------------------------------------------------------------------------------------------
// Rows (field order of RECORD_FIELDS; absent fields undefined)

function enterpriseRow(e: Ent): Row {
  return {
    uscc: e.uscc,
    name: e.name,
    region: e.county.code,
    category: e.category,
    licensedOn: e.licensedOn,
    legalRepName: e.rep?.name,
    legalRepId: e.rep?.idNumber,
  };
}

function inspectorRow(i: InspectorRec): Row {
  return {
    inspectorId: i.inspectorId,
    name: i.name,
    region: i.county.code,
    active: i.active,
    maxPerPeriod: i.maxPerPeriod,
    conflicts: i.conflicts.length > 0 ? i.conflicts : undefined,
  };
}

function inspectionRow(r: InspectionRec): Row {
  return {
    recordId: r.recordId,
    uscc: r.uscc,
    inspectedOn: r.inspectedOn,
    kind: r.kind,
    scope: r.scope,
    result: r.result,
    keyItemsFailed: r.keyItemsFailed,
    generalItemsFailed: r.generalItemsFailed,
    inspectors: r.inspectors,
  };
}

function penaltyRow(p: PenaltyRec): Row {
  return {
    recordId: p.recordId,
    uscc: p.uscc,
    decidedOn: p.decidedOn,
    procedure: p.procedure,
    violation: p.violation,
    measures: p.measures,
    fineYuan: p.fineYuan,
    aggravated: p.aggravated,
    incident: p.incident,
    recallFailure: p.recallFailure,
    seriousListing: p.seriousListing,
    intentional: p.intentional,
    persons: p.persons.length > 0 ? p.persons.map(({ name, role, idNumber }) => ({ name, role, idNumber })) : undefined,
    repairedOn: p.repairedOn,
    delistedOn: p.delistedOn,
  };
}

function samplingRow(s: SamplingRec): Row {
  return {
    recordId: s.recordId,
    uscc: s.uscc,
    sampledOn: s.sampledOn,
    product: s.product,
    kind: s.kind,
    level: s.level,
    result: s.result,
    hazard: s.hazard,
  };
}

// ---------------------------------------------------------------------------------------------
// Files

interface Line {
  row: Row;
  bad?: BadLineKind;
}

interface FileSpec {
  path: string;
  type: RecordType;
  format: 'csv' | 'jsonl';
  encoding: Encoding;
  style: CsvStyle;
  /** Column order for CSV; the default is RECORD_FIELDS order. */
  columns?: readonly string[];
  lines: Line[];
}

const CSV_BASE_COLUMNS: Record<RecordType, readonly string[]> = {
  enterprise: RECORD_FIELDS.enterprise.filter((f) => f !== 'version' && f !== 'status'),
  inspection: RECORD_FIELDS.inspection.filter((f) => f !== 'version' && f !== 'status'),
  penalty: RECORD_FIELDS.penalty.filter((f) => f !== 'version' && f !== 'status'),
  sampling: RECORD_FIELDS.sampling.filter((f) => f !== 'version' && f !== 'status'),
  inspector: RECORD_FIELDS.inspector.filter((f) => f !== 'version'),
};

/** Counties whose systems export GB18030 with CRLF and slashed dates, and columns in their own order. */
const GB18030_COUNTIES = new Set(['330324', '330327', '330381']);
const GB18030_ENTERPRISE_COLUMNS = ['uscc', 'name', 'legalRepName', 'legalRepId', 'region', 'category', 'licensedOn'];
/** One export written by a spreadsheet program: UTF-8 with a byte-order mark. */
const BOM_COUNTY = '330303';

function columnsOf(spec: FileSpec): string[] {
  const base = spec.columns ?? CSV_BASE_COLUMNS[spec.type];
  const extra = RECORD_FIELDS[spec.type].filter(
    (f) => !base.includes(f) && spec.lines.some((l) => l.row[f] !== undefined),
  );
  return [...base, ...extra];
}

function render(spec: FileSpec): string {
  const rows = spec.lines.map((l) => l.row);
  return spec.format === 'csv' ? csvText(columnsOf(spec), rows, spec.style) : jsonlText(rows);
}

function quarterOf(d: IsoDate): number {
  return Math.floor((parseIsoDate(d).month - 1) / 3) + 1;
}

class Files {
  readonly specs = new Map<string, FileSpec>();

  get(path: string, type: RecordType, init: Partial<FileSpec> = {}): FileSpec {
    let spec = this.specs.get(path);
    if (!spec) {
      const format = path.endsWith('.csv') ? 'csv' : 'jsonl';
      spec = { path, type, format, encoding: 'utf-8', style: PLAIN_CSV, lines: [], ...init };
      this.specs.set(path, spec);
    }
    return spec;
  }

  add(path: string, type: RecordType, row: Row, init?: Partial<FileSpec>): void {
    this.get(path, type, init).lines.push({ row });
  }
}

function enterprisePath(code: string): string {
  return `enterprises/enterprises-${code}.csv`;
}

function enterpriseFileInit(code: string): Partial<FileSpec> {
  if (GB18030_COUNTIES.has(code)) {
    return {
      encoding: 'gb18030',
      style: { eol: '\r\n', slashDates: true, zhBooleans: true },
      columns: GB18030_ENTERPRISE_COLUMNS,
    };
  }
  return code === BOM_COUNTY ? { encoding: 'utf-8-bom', style: { ...PLAIN_CSV, eol: '\r\n' } } : {};
}

const inspectionPath = (d: IsoDate) => `inspections/${d.slice(0, 4)}/inspections-q${quarterOf(d)}.csv`;

// ---------------------------------------------------------------------------------------------
// Generation

const byDateThenId =
  <T extends { recordId: string }>(date: (r: T) => IsoDate) =>
  (a: T, b: T) =>
    date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0;

const SCENARIO_VIOLATION: Record<Sector, Violation> = {
  food_production: 'illegal_additive',
  food_sales: 'expired_material',
  catering: 'non_food_material',
  drug_manufacturing: 'substandard_drug',
  drug_distribution: 'counterfeit_drug',
  drug_retail: 'counterfeit_drug',
  medical_device: 'unregistered_device',
  cosmetics: 'cosmetics_harmful_additive',
};

export function generate(options: GenerateOptions): Dataset {
  checkOptions(options);
  const { seed, asOf } = options;
  const n = options.enterprises;
  const cal = calendar(asOf);
  const asOfYear = parseIsoDate(asOf).year;
  const month = asOf.slice(0, 7);
  const reg: Registry = newRegistry();
  // The oldest year of samples came from the old laboratory system, as CSV; the current year's
  // penalties from the new case system, as CSV with 是/否.
  const samplingPath = (d: IsoDate) =>
    `samplings/samplings-${d.slice(0, 4)}.${d.slice(0, 4) === cal.historyStart.slice(0, 4) ? 'csv' : 'jsonl'}`;
  const penaltyPath = (d: IsoDate) =>
    `penalties/penalties-${d.slice(0, 4)}.${d.startsWith(String(asOfYear)) ? 'csv' : 'jsonl'}`;

  // --- Enterprises: exact shares of counties and categories, then shuffled together.
  const rngEnt = new Rng(seed, 'enterprises');
  const counties = rngEnt.shuffle(
    allocate(
      COUNTIES.map((c) => [c, c.weight] as const),
      n,
      1,
    ),
  );
  const categories = rngEnt.shuffle(
    allocate(
      CATEGORIES.map((c) => [c, CATEGORY_PROFILES[c].weight] as const),
      n,
      n >= 4 * CATEGORIES.length ? 1 : 0,
    ),
  );
  const ents: Ent[] = [];
  for (let i = 0; i < n; i++) {
    const licensedOn = licenceDate(rngEnt, cal.asOfDay, toDate, toDay);
    ents.push(makeEnterprise(rngEnt, counties[i] as County, categories[i] as Category, licensedOn, reg));
  }

  const inspectors = makeInspectors(new Rng(seed, 'inspectors'), ents, cal.asOfDay, toDate);

  // --- History.
  const rngHist = new Rng(seed, 'history');
  const inspections: InspectionRec[] = [];
  const samplings: SamplingRec[] = [];
  const penalties: PenaltyRec[] = [];
  const penaltiesOf = new Map<string, PenaltyRec[]>();
  for (const e of ents) {
    const h = enterpriseHistory(rngHist, e, inspectors, cal, reg);
    inspections.push(...h.inspections);
    samplings.push(...h.samplings);
    penalties.push(...h.penalties);
    penaltiesOf.set(e.uscc, h.penalties);
  }

  // --- Scenarios every sample has, whatever its size and seed.
  const rngScen = new Rng(seed, 'scenarios');
  const candidates = ents.filter(
    (e) =>
      e.form !== 'institution' &&
      e.rep !== undefined &&
      e.licensedOn <= toDate(cal.asOfDay - 800) &&
      (penaltiesOf.get(e.uscc) ?? []).length === 0,
  );
  const takeCandidate = (): Ent => {
    const pool = candidates.filter((e) => !e.reserved);
    const e = pool.length > 0 ? rngScen.pick(pool) : rngScen.pick(ents.filter((x) => !x.reserved));
    e.reserved = true;
    return e;
  };
  const scenarioPenalty = (e: Ent, daysBack: [number, number], heavy?: (typeof HEAVY)[number]): PenaltyRec => {
    const earliest = Math.max(toDay(e.licensedOn) + 60, toDay(cal.penaltyStart));
    const day = Math.max(earliest, cal.asOfDay - rngScen.int(daysBack[0], daysBack[1]));
    const decided = workday(rngScen, Math.min(day, cal.asOfDay), earliest, cal.asOfDay);
    const p = ordinaryPenalty(rngScen, e, toDate(decided), cal, reg, {
      violation: SCENARIO_VIOLATION[e.sector],
      aggravated: true,
      intentional: true,
      listed: heavy === undefined,
      heavy,
    });
    p.reserved = true;
    penalties.push(p);
    penaltiesOf.get(e.uscc)?.push(p);
    return p;
  };
  // A listing in force on asOf (SDL-44: three years, not removed).
  const listed = scenarioPenalty(takeCandidate(), [45, 600]);
  // A listing removed early, one year or more after the decision (SDL-44 Art. 16): the removal
  // arrives as a version-2 correction.
  const delistedPenalty = scenarioPenalty(takeCandidate(), [420, 1000]);
  const delistedOn = laterDate(rngScen, cal, addMonths(delistedPenalty.decidedOn, 12), 540);
  // A licence revoked (FSL Art. 135): one of the people it names now heads another enterprise.
  const revoked = scenarioPenalty(takeCandidate(), [120, 1400], 'license_revoked');
  const banned: { penalty: PenaltyRec; revokedUscc: string; inChargeUscc: string }[] = [];
  const putInCharge = (p: PenaltyRec, rng: Rng) => {
    const person = rng.pick(p.persons);
    const pool = ents.filter(
      (e) =>
        !e.reserved && e.uscc !== p.uscc && e.form !== 'institution' && (penaltiesOf.get(e.uscc) ?? []).length === 0,
    );
    if (pool.length === 0) return;
    const newer = pool.filter((e) => e.licensedOn > p.decidedOn);
    const e = rng.pick(newer.length > 0 ? newer : pool);
    e.rep = { name: person.name, idNumber: person.idNumber };
    e.reserved = true;
    banned.push({ penalty: p, revokedUscc: p.uscc, inChargeUscc: e.uscc });
  };
  putInCharge(revoked, rngScen);
  for (const p of penalties) {
    if (p !== revoked && p.measures.includes('license_revoked') && p.persons.length > 0 && rngScen.chance(0.3)) {
      p.reserved = true;
      putInCharge(p, rngScen);
    }
  }

  // --- Bad lines: fresh records, each with one mistake a clerk makes.
  const rngNoise = new Rng(seed, 'noise');
  const goodLines = n + inspectors.length + inspections.length + samplings.length + penalties.length;
  const badCount = Math.max(BAD_LINE_KINDS.length, Math.round(goodLines * 0.002));
  interface BadRecord {
    kind: BadLineKind;
    type: RecordType;
    /** Where it goes; rows are built after numbering. */
    path: string;
    row: () => Row;
  }
  const bad: BadRecord[] = [];
  const badInspections: InspectionRec[] = [];
  const badSamplings: SamplingRec[] = [];
  const badPenalties: PenaltyRec[] = [];
  const seasoned = ents.filter((e) => e.licensedOn <= toDate(cal.asOfDay - 400));
  const experienced = seasoned.length > 0 ? seasoned : ents;
  const someDay = (e: Ent, from: IsoDate) =>
    toDate(rngNoise.int(Math.max(toDay(from), toDay(e.licensedOn) + 15), cal.asOfDay));
  const wrongUscc = (u: string) => {
    const i = USCC_ALPHABET.indexOf(u.charAt(17));
    return u.slice(0, 17) + USCC_ALPHABET.charAt((i + rngNoise.int(1, 30)) % 31);
  };
  const wrongResidentId = (id: string) => {
    const right = residentIdCheckChar(id.slice(0, 17));
    return id.slice(0, 17) + rngNoise.pick([...'0123456789X'].filter((c) => c !== right));
  };
  const invalidDate = (year: number) =>
    rngNoise.pick([`${year}-02-30`, `${year}-04-31`, `${year}-06-31`, `${year}-09-31`, `${year}-11-31`]);
  const freshEnterprise = (): Ent => {
    const county = rngNoise.pick(COUNTIES);
    const category = rngNoise.pick(['restaurant', 'fast_food_snack', 'prepackaged_food', 'pharmacy'] as const);
    const licensedOn = licenceDate(rngNoise, cal.asOfDay, toDate, toDay);
    return makeEnterprise(rngNoise, county, category, licensedOn, reg);
  };
  for (let i = 0; i < badCount; i++) {
    const kind = BAD_LINE_KINDS[i % BAD_LINE_KINDS.length] as BadLineKind;
    const onEnterprise =
      kind === 'unknown_category' || ((kind === 'uscc_check' || kind === 'resident_id_check') && rngNoise.chance(0.5));
    if (onEnterprise) {
      const e = freshEnterprise();
      if (kind === 'resident_id_check') e.rep ??= makePerson(rngNoise, e.county, e.licensedOn, reg);
      const row = enterpriseRow(e);
      if (kind === 'uscc_check') row.uscc = wrongUscc(e.uscc);
      if (kind === 'unknown_category') row.category = rngNoise.pick(UNKNOWN_CATEGORIES);
      if (kind === 'resident_id_check') row.legalRepId = wrongResidentId(e.rep?.idNumber as string);
      bad.push({ kind, type: 'enterprise', path: enterprisePath(e.county.code), row: () => row });
    } else if (
      kind === 'uscc_check' ||
      kind === 'compliant_with_failed_items' ||
      (kind === 'invalid_date' && rngNoise.chance(0.5))
    ) {
      const e = rngNoise.pick(experienced);
      const date = someDay(e, cal.historyStart);
      const r = inspection(
        rngNoise,
        e,
        date,
        'routine',
        kind === 'compliant_with_failed_items' ? 'compliant' : 'basically_compliant',
        inspectors,
      );
      badInspections.push(r);
      bad.push({
        kind,
        type: 'inspection',
        path: inspectionPath(date),
        row: () => {
          const row = inspectionRow(r);
          if (kind === 'uscc_check') row.uscc = wrongUscc(r.uscc);
          if (kind === 'compliant_with_failed_items') row.generalItemsFailed = rngNoise.int(1, 3);
          if (kind === 'invalid_date') row.inspectedOn = invalidDate(Number(date.slice(0, 4)));
          return row;
        },
      });
    } else if (kind === 'invalid_date') {
      const e = rngNoise.pick(experienced);
      const date = someDay(e, cal.historyStart);
      const s: SamplingRec = {
        recordId: '',
        uscc: e.uscc,
        county: e.county,
        sampledOn: date,
        product: rngNoise.pick(CATEGORY_PROFILES[e.category].products),
        kind: 'supervisory',
        level: 'county',
        result: 'pass',
        penalised: false,
      };
      badSamplings.push(s);
      bad.push({
        kind,
        type: 'sampling',
        path: samplingPath(date),
        row: () => ({ ...samplingRow(s), sampledOn: invalidDate(Number(date.slice(0, 4))) }),
      });
    } else {
      const e = rngNoise.pick(experienced);
      const date = someDay(e, cal.penaltyStart);
      const p =
        kind === 'simple_fine_over_3000'
          ? {
              ...simplePenalty(rngNoise, e, date),
              measures: ['warning' as const, 'fine' as const],
              fineYuan: rngNoise.pick([3500, 5000, 8000]),
            }
          : ordinaryPenalty(rngNoise, e, date, cal, reg, { listed: false, heavy: undefined, aggravated: false });
      if (kind === 'resident_id_check' && p.persons.length === 0) {
        p.persons.push({ ...makePerson(rngNoise, e.county, date, reg), role: 'directly_responsible' });
      }
      delete p.repairedOn;
      badPenalties.push(p);
      bad.push({
        kind,
        type: 'penalty',
        path: penaltyPath(date),
        row: () => {
          const row = penaltyRow(p);
          if (kind === 'resident_id_check') {
            const persons = row.persons as { name: string; role: string; idNumber: string }[];
            const k = rngNoise.int(0, persons.length - 1);
            persons[k] = {
              ...(persons[k] as (typeof persons)[number]),
              idNumber: wrongResidentId(persons[k]?.idNumber as string),
            };
          }
          return row;
        },
      });
    }
  }

  // --- Record numbers, bad records included: their numbers are as real as the rest.
  const rngNum = new Rng(seed, 'numbers');
  numberRecords(
    [...inspections, ...badInspections],
    (r) => r.inspectedOn,
    inspectionId,
    () => 1,
  );
  numberRecords(
    [...samplings, ...badSamplings],
    (r) => r.sampledOn,
    samplingId,
    () => rngNum.int(1, 3),
  );
  numberRecords(
    [...penalties, ...badPenalties],
    (r) => r.decidedOn,
    penaltyId,
    (k) => (k === 0 ? rngNum.int(1, 12) : rngNum.int(1, 4)),
  );

  // --- Files.
  const files = new Files();
  for (const c of COUNTIES) files.get(enterprisePath(c.code), 'enterprise', enterpriseFileInit(c.code));
  for (const e of [...ents].sort((a, b) =>
    a.licensedOn < b.licensedOn ? -1 : a.licensedOn > b.licensedOn ? 1 : a.uscc < b.uscc ? -1 : 1,
  )) {
    files.add(enterprisePath(e.county.code), 'enterprise', enterpriseRow(e));
  }
  for (const i of inspectors) files.add('inspectors/inspectors.csv', 'inspector', inspectorRow(i));
  inspections.sort(byDateThenId((r) => r.inspectedOn));
  for (const r of inspections) files.add(inspectionPath(r.inspectedOn), 'inspection', inspectionRow(r));
  samplings.sort(byDateThenId((r) => r.sampledOn));
  for (const s of samplings) files.add(samplingPath(s.sampledOn), 'sampling', samplingRow(s));
  penalties.sort(byDateThenId((r) => r.decidedOn));
  for (const p of penalties) {
    files.add(
      penaltyPath(p.decidedOn),
      'penalty',
      penaltyRow(p),
      p.decidedOn.startsWith(String(asOfYear)) ? PENALTY_CSV : {},
    );
  }

  // --- Re-sent records: identical content in the other format (records.md §3 duplicates).
  const duplicates: Manifest['duplicates'] = [];
  const corrected = new Set<string>();
  const resendPath = `inspections/${asOfYear}/inspections-resend-${month}.jsonl`;
  const recent = inspections.filter((r) => r.inspectedOn >= addMonths(asOf, -6));
  const resend = rngNoise.shuffle([...recent]).slice(0, Math.max(2, Math.round(inspections.length * 0.003)));
  for (const r of resend.sort(byDateThenId((x) => x.inspectedOn))) {
    files.add(resendPath, 'inspection', inspectionRow(r));
    duplicates.push({ type: 'inspection', key: r.recordId, paths: [inspectionPath(r.inspectedOn), resendPath] });
    corrected.add(r.recordId);
  }
  // The current year's penalty export starts a few weeks early and repeats last year's last decisions.
  const overlapFrom = toDate(toDay(`${asOfYear}-01-01`) - 20);
  const lastYear = penalties.filter((p) => p.decidedOn < `${asOfYear}-01-01`);
  const overlap = lastYear.filter((p) => p.decidedOn >= overlapFrom && !p.reserved);
  const overlapTo = `penalties/penalties-${asOfYear}.csv`;
  const repeated = overlap.length > 0 ? overlap : lastYear.slice(-2);
  files.get(overlapTo, 'penalty', PENALTY_CSV).lines.unshift(...repeated.map((p) => ({ row: penaltyRow(p) })));
  for (const p of repeated) {
    duplicates.push({ type: 'penalty', key: p.recordId, paths: [penaltyPath(p.decidedOn), overlapTo] });
    corrected.add(p.recordId);
  }

  // --- Version-2 corrections, in a later file.
  const rngCorr = new Rng(seed, 'corrections');
  const corrections: Manifest['corrections'] = [];
  const correct = (type: RecordType, key: string, row: Row, change: string) => {
    const path = `${TYPE_FOLDER[type]}/updates/corrections-${month}.jsonl`;
    files.add(path, type, { ...row, version: 2 });
    corrections.push({ type, key, path, change });
    corrected.add(key);
  };
  const sample = <T>(items: readonly T[], share: number, min: number): T[] =>
    rngCorr.shuffle([...items]).slice(0, Math.min(items.length, Math.max(min, Math.round(items.length * share))));

  for (const r of sample(
    inspections.filter((x) => x.result !== 'obstructed' && !corrected.has(x.recordId)),
    0.006,
    3,
  )) {
    const row = inspectionRow(r);
    if (r.result === 'non_compliant') {
      Object.assign(row, {
        result: 'basically_compliant',
        keyItemsFailed: 0,
        generalItemsFailed: Math.max(1, r.generalItemsFailed),
      });
    } else if (r.result === 'basically_compliant' && r.generalItemsFailed > 1) {
      row.generalItemsFailed = r.generalItemsFailed - 1;
    } else if (r.result === 'basically_compliant') {
      Object.assign(row, { result: 'compliant', generalItemsFailed: 0 });
    } else {
      Object.assign(row, { result: 'basically_compliant', generalItemsFailed: 1 });
    }
    correct(
      'inspection',
      r.recordId,
      row,
      `result ${r.result} → ${row.result as string} (${row.keyItemsFailed}/${row.generalItemsFailed} items)`,
    );
  }

  const open = penalties.filter((p) => !p.reserved && !corrected.has(p.recordId));
  for (const p of sample(open, 0.012, 1)) {
    correct(
      'penalty',
      p.recordId,
      { ...penaltyRow(p), status: 'revoked' },
      'revoked on administrative reconsideration',
    );
  }
  const repairable = penalties.filter(
    (p) =>
      !p.reserved &&
      !corrected.has(p.recordId) &&
      p.procedure === 'ordinary' &&
      !p.seriousListing &&
      p.repairedOn === undefined &&
      !p.measures.some((m) => HEAVY.includes(m)) &&
      addMonths(p.decidedOn, 12) <= asOf,
  );
  for (const p of sample(repairable, 0.08, 1)) {
    const repairedOn = laterDate(rngCorr, cal, addMonths(p.decidedOn, 12), 365);
    correct('penalty', p.recordId, { ...penaltyRow(p), repairedOn }, `credit repaired on ${repairedOn}`);
  }
  correct(
    'penalty',
    delistedPenalty.recordId,
    { ...penaltyRow(delistedPenalty), delistedOn },
    `removed from the list on ${delistedOn}`,
  );
  const delistable = penalties.filter(
    (p) =>
      p.seriousListing &&
      !p.reserved &&
      !corrected.has(p.recordId) &&
      p.delistedOn === undefined &&
      addMonths(p.decidedOn, 12) <= asOf,
  );
  for (const p of sample(delistable, 0.2, 0)) {
    const on = laterDate(rngCorr, cal, addMonths(p.decidedOn, 12), 540);
    correct('penalty', p.recordId, { ...penaltyRow(p), delistedOn: on }, `removed from the list on ${on}`);
  }

  // A re-test passed (复检合格): the failed result is corrected, unless a decision already followed.
  for (const s of sample(
    samplings.filter((x) => x.result === 'fail' && !x.penalised),
    0.15,
    1,
  )) {
    correct('sampling', s.recordId, { ...samplingRow(s), result: 'pass', hazard: undefined }, 'fail → pass on re-test');
  }

  const free = ents.filter((e) => !e.reserved && (penaltiesOf.get(e.uscc) ?? []).every((p) => p.persons.length === 0));
  const [reps, renames, closed] = [0.01, 0.005, 0.005].map((share) => {
    const picked = sample(
      free.filter((e) => !corrected.has(e.uscc)),
      share,
      1,
    );
    for (const e of picked) corrected.add(e.uscc);
    return picked;
  });
  for (const e of reps ?? []) {
    const rep = makePerson(rngCorr, e.county, asOf, reg); // adult today
    correct(
      'enterprise',
      e.uscc,
      { ...enterpriseRow(e), legalRepName: rep.name, legalRepId: rep.idNumber },
      'new legal representative',
    );
  }
  for (const e of renames ?? []) {
    const name = `${e.name.replace(/[（(].*$/, '')}（${rngCorr.pick(e.county.towns)}店）`;
    correct('enterprise', e.uscc, { ...enterpriseRow(e), name }, `renamed ${name}`);
  }
  for (const e of closed ?? []) {
    correct('enterprise', e.uscc, { ...enterpriseRow(e), status: 'revoked' }, 'deregistered (注销)');
  }

  // --- Bad lines go between two good lines of their file.
  for (const b of bad) {
    const spec = files.get(b.path, b.type);
    const slots: number[] = [];
    for (let i = 1; i < spec.lines.length; i++) {
      if (!spec.lines[i - 1]?.bad && !spec.lines[i]?.bad) slots.push(i);
    }
    if (slots.length === 0) continue;
    spec.lines.splice(rngNoise.pick(slots), 0, { row: b.row(), bad: b.kind });
  }

  // --- Bytes and manifest.
  const specs = [...files.specs.values()].filter((s) => s.lines.length > 0).sort((a, b) => (a.path < b.path ? -1 : 1));
  const out: DatasetFile[] = [];
  const badLines: BadLine[] = [];
  const lineCount = emptyCounts();
  const keys = new Map<RecordType, Set<string>>();
  for (const spec of specs) {
    const bytes = encodeText(render(spec), spec.encoding);
    out.push({
      path: spec.path,
      type: spec.type,
      format: spec.format,
      encoding: spec.encoding,
      lines: spec.lines.length,
      bytes,
    });
    spec.lines.forEach((l, i) => {
      const key = String(l.row[KEY_FIELD[spec.type]]);
      if (l.bad) {
        badLines.push({
          path: spec.path,
          line: spec.format === 'csv' ? i + 2 : i + 1,
          type: spec.type,
          kind: l.bad,
          key,
        });
      } else {
        lineCount[spec.type]++;
        const set = keys.get(spec.type) ?? new Set<string>();
        set.add(key);
        keys.set(spec.type, set);
      }
    });
  }
  const unique = emptyCounts();
  for (const [type, set] of keys) unique[type] = set.size;

  const manifest: Manifest = {
    generator: '@fenji/sample',
    options: { enterprises: n, seed, asOf },
    files: out.map(({ bytes, ...f }) => ({ ...f, bytes: bytes.length })),
    lines: lineCount,
    unique,
    duplicates,
    corrections,
    badLines,
    scenarios: {
      activeListing: { uscc: listed.uscc, recordId: listed.recordId },
      delisting: { uscc: delistedPenalty.uscc, recordId: delistedPenalty.recordId, delistedOn },
      bannedPersonInCharge: banned.map((b) => ({
        recordId: b.penalty.recordId,
        revokedUscc: b.revokedUscc,
        inChargeUscc: b.inChargeUscc,
      })),
    },
  };
  return { files: out, manifest };
}

const PENALTY_CSV: Partial<FileSpec> = { style: { ...PLAIN_CSV, zhBooleans: true } };

const TYPE_FOLDER: Record<RecordType, string> = {
  enterprise: 'enterprises',
  inspection: 'inspections',
  penalty: 'penalties',
  sampling: 'samplings',
  inspector: 'inspectors',
};

const KEY_FIELD: Record<RecordType, string> = {
  enterprise: 'uscc',
  inspection: 'recordId',
  penalty: 'recordId',
  sampling: 'recordId',
  inspector: 'inspectorId',
};

function emptyCounts(): Record<RecordType, number> {
  return { enterprise: 0, inspection: 0, penalty: 0, sampling: 0, inspector: 0 };
}

// ---------------------------------------------------------------------------------------------
// Writing

export const MANIFEST_FILE = 'manifest.json';

async function listFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries.map((e) => e.split(sep).join('/'));
}

/**
 * Writes the data set under `dir`. Data files of an earlier run that this one does not write
 * (another asOf gives other year files) would be ingested with it, so they are an error unless
 * `clean` is set, which deletes every `*.csv`, `*.jsonl` and the manifest under `dir` first.
 */
export async function writeDataset(
  dir: string,
  options: GenerateOptions,
  { clean = false }: { clean?: boolean } = {},
): Promise<Dataset> {
  const dataset = generate(options);
  const ours = new Set([...dataset.files.map((f) => f.path), MANIFEST_FILE]);
  const stale = (await listFiles(dir)).filter((p) => /\.(csv|jsonl)$/i.test(p) || p === MANIFEST_FILE).sort();
  const foreign = stale.filter((p) => !ours.has(p));
  if (foreign.length > 0 && !clean) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '');
    throw new Error(
      `${dir} holds data files this run would not overwrite (${shown}); they would be ingested with the new sample. Remove them or pass --clean.`,
    );
  }
  if (clean) for (const p of stale) await rm(join(dir, p));
  for (const f of dataset.files) {
    const target = join(dir, f.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.bytes);
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(dataset.manifest, null, 2)}\n`);
  return dataset;
}

/** For messages: `3.4 MB`. */
export function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} kB` : `${n} B`;
}
