// The peer: fenji's grading as SQL for DuckDB (bench/grading.sql) over the same records.
//
// Load (not timed against fenji): peer/ files → read_csv (all VARCHAR, union by name) and
// read_json (explicit column types) → typed tables (slashed dates, 是/否, `a;b` lists as CSV
// carries them) → the winning version of every key (records.md §3: highest version; equal
// versions are duplicates). Timed: the grading query over those tables, materialised as a table
// (CREATE TABLE … AS), with DuckDB's default threads (2 here) and with 1 thread. Then every
// enterprise is compared with fenji's assess() output (fenji.ts writes it) field by field.
// The working-day calendar (deadlines.md §1) is loaded as data too: the holiday dates and make-up
// working days of packages/domain/calendar/cn-holidays.json, read here, not through fenji's code;
// what a working day is and the re-test window are computed in the SQL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ruleSetById } from '@fenji/domain';
import {
  AS_OF,
  BENCH_DIR,
  type DataType,
  type FileEntry,
  log,
  median,
  peakRssMb,
  ROOT_DIR,
  round,
  seconds,
  timer,
} from './common.ts';

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const list = (paths: readonly string[]) => `[${paths.map(q).join(', ')}]`;

/** A CSV cell: blank is absent. */
const cell = (c: string) => `NULLIF(trim(${c}), '')`;
const csvDate = (c: string) => `CAST(replace(${cell(c)}, '/', '-') AS DATE)`;
const csvBool = (c: string) =>
  `CASE WHEN lower(${cell(c)}) IN ('true', '1', '是') THEN true WHEN lower(${cell(c)}) IN ('false', '0', '否') THEN false END`;
const csvList = (c: string) =>
  `list_filter(list_transform(string_split(${cell(c)}, ';'), lambda x: trim(x)), lambda x: x <> '')`;

interface TypeSql {
  table: string;
  /** Columns read from JSON Lines, with DuckDB types. */
  json: Record<string, string>;
  /** SELECT list turning the all-VARCHAR CSV columns into the typed table. */
  fromCsv: string;
  /** SELECT list over the typed JSON columns. */
  fromJson: string;
  key: string;
}

const COMMON_CSV = `coalesce(CAST(${cell('version')} AS BIGINT), 1) AS version, coalesce(${cell('status')}, 'active') AS status, filename`;
const COMMON_JSON = `coalesce(version, 1) AS version, coalesce(status, 'active') AS status, filename`;

const TYPES: Partial<Record<DataType, TypeSql>> = {
  enterprise: {
    table: 'ent',
    json: { uscc: 'VARCHAR', category: 'VARCHAR', licensedOn: 'VARCHAR', version: 'BIGINT', status: 'VARCHAR' },
    fromCsv: `${cell('uscc')} AS uscc, ${cell('category')} AS category, ${csvDate('licensedOn')} AS licensedOn, ${COMMON_CSV}`,
    fromJson: `uscc, category, CAST(licensedOn AS DATE) AS licensedOn, ${COMMON_JSON}`,
    key: 'uscc',
  },
  inspection: {
    table: 'ins',
    json: {
      recordId: 'VARCHAR',
      uscc: 'VARCHAR',
      inspectedOn: 'VARCHAR',
      scope: 'VARCHAR',
      result: 'VARCHAR',
      keyItemsFailed: 'INTEGER',
      generalItemsFailed: 'INTEGER',
      version: 'BIGINT',
      status: 'VARCHAR',
    },
    fromCsv: `${cell('recordId')} AS recordId, ${cell('uscc')} AS uscc, ${csvDate('inspectedOn')} AS inspectedOn,
      ${cell('scope')} AS scope, ${cell('result')} AS result,
      coalesce(CAST(${cell('keyItemsFailed')} AS INTEGER), 0) AS keyItemsFailed,
      coalesce(CAST(${cell('generalItemsFailed')} AS INTEGER), 0) AS generalItemsFailed, ${COMMON_CSV}`,
    fromJson: `recordId, uscc, CAST(inspectedOn AS DATE) AS inspectedOn, scope, result,
      coalesce(keyItemsFailed, 0) AS keyItemsFailed, coalesce(generalItemsFailed, 0) AS generalItemsFailed, ${COMMON_JSON}`,
    key: 'recordId',
  },
  sampling: {
    table: 'smp',
    json: {
      recordId: 'VARCHAR',
      uscc: 'VARCHAR',
      sampledOn: 'VARCHAR',
      kind: 'VARCHAR',
      level: 'VARCHAR',
      result: 'VARCHAR',
      notifiedOn: 'VARCHAR',
      recheckRequestedOn: 'VARCHAR',
      recheckResult: 'VARCHAR',
      recheckConcludedOn: 'VARCHAR',
      version: 'BIGINT',
      status: 'VARCHAR',
    },
    fromCsv: `${cell('recordId')} AS recordId, ${cell('uscc')} AS uscc, ${csvDate('sampledOn')} AS sampledOn,
      ${cell('kind')} AS kind, ${cell('level')} AS level, ${cell('result')} AS result,
      ${csvDate('notifiedOn')} AS notifiedOn, ${csvDate('recheckRequestedOn')} AS recheckRequestedOn,
      ${cell('recheckResult')} AS recheckResult, ${csvDate('recheckConcludedOn')} AS recheckConcludedOn, ${COMMON_CSV}`,
    fromJson: `recordId, uscc, CAST(sampledOn AS DATE) AS sampledOn, kind, level, result,
      CAST(notifiedOn AS DATE) AS notifiedOn, CAST(recheckRequestedOn AS DATE) AS recheckRequestedOn,
      recheckResult, CAST(recheckConcludedOn AS DATE) AS recheckConcludedOn, ${COMMON_JSON}`,
    key: 'recordId',
  },
  penalty: {
    table: 'pen',
    json: {
      recordId: 'VARCHAR',
      uscc: 'VARCHAR',
      decidedOn: 'VARCHAR',
      procedure: 'VARCHAR',
      violation: 'VARCHAR',
      measures: 'VARCHAR[]',
      fineYuan: 'DOUBLE',
      aggravated: 'BOOLEAN',
      incident: 'BOOLEAN',
      recallFailure: 'BOOLEAN',
      seriousListing: 'BOOLEAN',
      intentional: 'BOOLEAN',
      repairedOn: 'VARCHAR',
      delistedOn: 'VARCHAR',
      version: 'BIGINT',
      status: 'VARCHAR',
    },
    fromCsv: `${cell('recordId')} AS recordId, ${cell('uscc')} AS uscc, ${csvDate('decidedOn')} AS decidedOn,
      ${cell('procedure')} AS procedure, ${cell('violation')} AS violation, ${csvList('measures')} AS measures,
      coalesce(CAST(${cell('fineYuan')} AS DOUBLE), 0) AS fineYuan,
      coalesce(${csvBool('aggravated')}, false) AS aggravated, coalesce(${csvBool('incident')}, false) AS incident,
      coalesce(${csvBool('recallFailure')}, false) AS recallFailure,
      coalesce(${csvBool('seriousListing')}, false) AS seriousListing, ${csvBool('intentional')} AS intentional,
      ${csvDate('repairedOn')} AS repairedOn, ${csvDate('delistedOn')} AS delistedOn, ${COMMON_CSV}`,
    fromJson: `recordId, uscc, CAST(decidedOn AS DATE) AS decidedOn, procedure, violation, measures,
      coalesce(fineYuan, 0) AS fineYuan, coalesce(aggravated, false) AS aggravated,
      coalesce(incident, false) AS incident, coalesce(recallFailure, false) AS recallFailure,
      coalesce(seriousListing, false) AS seriousListing, intentional,
      CAST(repairedOn AS DATE) AS repairedOn, CAST(delistedOn AS DATE) AS delistedOn, ${COMMON_JSON}`,
    key: 'recordId',
  },
};

/** Columns the CSV side may lack in some files (union_by_name fills NULL only for columns some file has). */
function csvColumnsPresent(dir: string, files: readonly FileEntry[]): Set<string> {
  const names = new Set<string>();
  for (const f of files) {
    const text = readFileSync(join(dir, f.path), 'utf8');
    const header = text.slice(0, text.indexOf('\n')).replace(/^\uFEFF/, '');
    for (const h of header.split(',')) names.add(h.trim());
  }
  return names;
}

async function load(c: DuckDBConnection, dir: string, files: readonly FileEntry[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [type, t] of Object.entries(TYPES) as [DataType, TypeSql][]) {
    const ofType = files.filter((f) => f.type === type);
    const csv = ofType.filter((f) => f.format === 'csv');
    const jsonl = ofType.filter((f) => f.format === 'jsonl');
    const parts: string[] = [];
    if (csv.length > 0) {
      const present = csvColumnsPresent(dir, csv);
      // A column no CSV file has is read as NULL.
      const missing = ['version', 'status', ...Object.keys(t.json)].filter((n) => !present.has(n));
      const source = `(SELECT *, ${[...new Set(missing)].map((m) => `NULL::VARCHAR AS "${m}"`).join(', ') || 'NULL AS _none'}
        FROM read_csv(${list(csv.map((f) => join(dir, f.path)))}, header = true, all_varchar = true,
          union_by_name = true, filename = true, delim = ',', quote = '"', escape = '"'))`;
      parts.push(`SELECT ${t.fromCsv} FROM ${source}`);
    }
    if (jsonl.length > 0) {
      const columns = `{${Object.entries(t.json)
        .map(([k, v]) => `${q(k)}: ${q(v)}`)
        .join(', ')}}`;
      parts.push(
        `SELECT ${t.fromJson} FROM read_json(${list(jsonl.map((f) => join(dir, f.path)))}, format = 'newline_delimited', columns = ${columns}, filename = true)`,
      );
    }
    await c.run(`CREATE OR REPLACE TABLE ${t.table}_all AS ${parts.join(' UNION ALL BY NAME ')}`);
    // records.md §3: the highest version wins; equal versions are duplicates (first file kept).
    const partition = t.key === 'uscc' ? 'uscc' : 'uscc, recordId';
    await c.run(
      `CREATE OR REPLACE TABLE ${t.table} AS SELECT * EXCLUDE (filename) FROM ${t.table}_all
       QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY version DESC, filename) = 1`,
    );
    const all = await c.runAndReadAll(`SELECT count(*)::INT FROM ${t.table}_all`);
    const kept = await c.runAndReadAll(`SELECT count(*)::INT FROM ${t.table}`);
    counts[`${t.table}Lines`] = Number(all.getRows()[0]?.[0]);
    counts[`${t.table}Keys`] = Number(kept.getRows()[0]?.[0]);
    await c.run(`DROP TABLE ${t.table}_all`);
  }
  return counts;
}

const CALENDAR_FILE = join(ROOT_DIR, 'packages', 'domain', 'calendar', 'cn-holidays.json');

interface HolidayYear {
  year: number;
  holidays: { name: string; from: string; to: string }[];
  workdays: string[];
}

/**
 * The calendar table `cal(day DATE, working BOOLEAN)` from the holiday file (deadlines.md §1): one
 * row per public-holiday date (working false, each from/to period expanded) and per make-up
 * working day (working true). Dates it does not list are decided in the SQL by the day of the week.
 */
async function loadCalendar(c: DuckDBConnection): Promise<Record<string, number>> {
  const years = (JSON.parse(readFileSync(CALENDAR_FILE, 'utf8')) as { years?: HolidayYear[] }).years;
  if (!Array.isArray(years) || years.length === 0) throw new Error(`${CALENDAR_FILE}: no years`);
  const isoDate = /^\d{4}-\d{2}-\d{2}$/;
  const rows: string[] = [];
  for (const y of years) {
    for (const h of y.holidays) {
      if (!isoDate.test(h.from) || !isoDate.test(h.to) || h.to < h.from)
        throw new Error(`${CALENDAR_FILE}: ${y.year} ${h.name}: bad period ${h.from}..${h.to}`);
      rows.push(`(DATE ${q(h.from)}, DATE ${q(h.to)}, false)`);
    }
    for (const w of y.workdays) {
      if (!isoDate.test(w)) throw new Error(`${CALENDAR_FILE}: ${y.year}: bad make-up working day ${w}`);
      rows.push(`(DATE ${q(w)}, DATE ${q(w)}, true)`);
    }
  }
  await c.run(`CREATE OR REPLACE TABLE cal AS
    SELECT DISTINCT CAST(unnest(generate_series(first_day, last_day, INTERVAL 1 DAY)) AS DATE) AS day, working
    FROM (VALUES ${rows.join(', ')}) AS v(first_day, last_day, working)`);
  const [clashes, holidays, workdays] = (
    await c.runAndReadAll(`SELECT
      (SELECT count(*) FROM (SELECT day FROM cal GROUP BY day HAVING count(*) > 1))::INT,
      (SELECT count(*) FROM cal WHERE NOT working)::INT,
      (SELECT count(*) FROM cal WHERE working)::INT`)
  ).getRows()[0] as number[];
  if (clashes) throw new Error(`${CALENDAR_FILE}: ${clashes} dates are both a holiday and a make-up working day`);
  return { calYears: years.length, calHolidays: Number(holidays), calWorkdays: Number(workdays) };
}

/** The SQL re-test window must be the cn-2022 rule set's (FSL-88, deadlines.recheckWorkingDays). */
function checkRecheckDays(sql: string): void {
  const found = /(\d+) AS recheck_working_days/.exec(sql)?.[1];
  const want = ruleSetById('cn-2022').deadlines.recheckWorkingDays;
  if (Number(found) !== want)
    throw new Error(`grading.sql recheck_working_days ${found ?? 'missing'} disagrees with cn-2022 (${want})`);
}

/** The SQL category table must say what the cn-2022 rule set says. */
async function checkCategories(c: DuckDBConnection, sql: string): Promise<void> {
  const values = sql.slice(sql.indexOf('cat(category'), sql.indexOf('\n),', sql.indexOf('cat(category')) + 2);
  const rows = (await c.runAndReadAll(`WITH ${values} SELECT * FROM cat`)).getRowObjectsJson() as {
    category: string;
    sector: string;
    static_points: number;
    special: boolean;
    keyflag: boolean;
  }[];
  const cn2022 = ruleSetById('cn-2022');
  const map = cn2022.categories.map as Record<string, { sector: string; tier: string; flags: string[] }>;
  const tiers = cn2022.tierPoints as unknown as Record<string, number>;
  const problems = rows.filter((r) => {
    const m = map[r.category];
    return (
      !m ||
      m.sector !== r.sector ||
      tiers[m.tier] !== Number(r.static_points) ||
      m.flags.includes('special') !== r.special ||
      m.flags.includes('key') !== r.keyflag
    );
  });
  if (problems.length > 0 || rows.length !== Object.keys(map).length)
    throw new Error(`grading.sql categories disagree with cn-2022: ${JSON.stringify(problems)}`);
}

const FIELDS = [
  'staticScore',
  'dynamicScore',
  'creditScore',
  'riskScore',
  'baseGrade',
  'riskGrade',
  'creditClass',
  'creditReasons',
  'keyInspection',
  'inspectionsPerYear',
  'inspectionOverdue',
  'adjustments',
  'seriousListing',
  'listingCandidate',
] as const;

export interface PeerResult {
  duckdbVersion: string;
  threads: number;
  loadSeconds: number;
  tables: Record<string, number>;
  enterprises: number;
  /** Wall-clock and process-CPU seconds of each timed query. */
  querySeconds: { defaultThreads: number[]; oneThread: number[]; oneThreadCpu: number[] };
  /** Medians, wall clock. */
  duckdbSeconds: number;
  duckdbOneThreadSeconds: number;
  /** Median CPU seconds of the 1-thread query: the work on one core. */
  duckdbOneThreadCpuSeconds: number;
  /** fenji assess median: wall clock and CPU (one core). */
  fenjiSeconds: number;
  fenjiCpuSeconds: number;
  /** Headline: fenji CPU ÷ DuckDB 1-thread CPU, the same work on one core each; > 1 means fenji is slower. */
  ratio: number;
  /** fenji wall (1 core) ÷ DuckDB wall with its default threads (what a user waits for). */
  ratioWallDefaultThreads: number;
  comparison: {
    fenjiRows: number;
    duckdbRows: number;
    onlyFenji: number;
    onlyDuckdb: number;
    mismatches: Record<string, number>;
    mismatchedEnterprises: number;
    examples: Record<string, unknown>[];
    /** How many enterprises exercise each rule: the agreement is not vacuous. */
    coverage: Record<string, number>;
  };
  peakRssMb: number | null;
}

export async function peerBench(args: {
  dir: string;
  files: FileEntry[];
  fenjiResults: string;
  fenjiSeconds: number;
  fenjiCpuSeconds: number;
  rounds: number;
}): Promise<PeerResult> {
  const sql = readFileSync(join(BENCH_DIR, 'grading.sql'), 'utf8');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const threads = Number((await c.runAndReadAll(`SELECT current_setting('threads')`)).getRows()[0]?.[0]);
  const version = String((await c.runAndReadAll('SELECT version()')).getRows()[0]?.[0]);
  await checkCategories(c, sql);
  checkRecheckDays(sql);
  log(`duckdb ${version}: loading ${args.files.length} files`);
  const t = performance.now();
  const tables = { ...(await load(c, args.dir, args.files)), ...(await loadCalendar(c)) };
  const loadSeconds = seconds(t);
  log(`duckdb: loaded in ${loadSeconds.toFixed(1)} s ${JSON.stringify(tables)}`);
  await c.run(`SET VARIABLE as_of = DATE '${AS_OF}'`);

  const timed = async (n: number): Promise<{ wall: number; cpu: number }[]> => {
    await c.run(`CREATE OR REPLACE TABLE duck AS ${sql}`); // warm-up
    const out: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < n; i++) {
      const tm = timer();
      await c.run(`CREATE OR REPLACE TABLE duck AS ${sql}`);
      out.push(tm());
    }
    return out;
  };
  const defaultThreads = (await timed(args.rounds)).map((x) => x.wall);
  await c.run('SET threads = 1');
  const one = await timed(args.rounds);
  const oneThread = one.map((x) => x.wall);
  const oneThreadCpu = one.map((x) => x.cpu);
  await c.run(`SET threads = ${threads}`);
  log(
    `duckdb: grading query ${median(defaultThreads).toFixed(3)} s (${threads} threads), ${median(oneThread).toFixed(3)} s (1 thread, ${median(oneThreadCpu).toFixed(3)} s CPU)`,
  );

  // Compare with fenji, field by field.
  const fenjiColumns = `{'uscc': 'VARCHAR', 'staticScore': 'INTEGER', 'dynamicScore': 'INTEGER', 'creditScore': 'INTEGER',
    'riskScore': 'INTEGER', 'baseGrade': 'VARCHAR', 'riskGrade': 'VARCHAR', 'creditClass': 'VARCHAR',
    'creditReasons': 'VARCHAR', 'keyInspection': 'BOOLEAN', 'inspectionsPerYear': 'DOUBLE',
    'inspectionOverdue': 'BOOLEAN', 'adjustments': 'VARCHAR', 'seriousListing': 'VARCHAR', 'listingCandidate': 'VARCHAR'}`;
  await c.run(
    `CREATE TABLE fenji AS SELECT * FROM read_json(${q(args.fenjiResults)}, format = 'newline_delimited', columns = ${fenjiColumns})`,
  );
  const diff = FIELDS.map((f) => `f.${f} IS DISTINCT FROM d.${f}`).join(' OR ');
  const stats = (
    await c.runAndReadAll(`SELECT
      (SELECT count(*) FROM fenji)::INT AS fenji_rows,
      (SELECT count(*) FROM duck)::INT AS duck_rows,
      (SELECT count(*) FROM fenji f ANTI JOIN duck d USING (uscc))::INT AS only_fenji,
      (SELECT count(*) FROM duck d ANTI JOIN fenji f USING (uscc))::INT AS only_duck,
      ${FIELDS.map((f) => `(SELECT count(*) FILTER (WHERE f.${f} IS DISTINCT FROM d.${f}) FROM fenji f JOIN duck d USING (uscc))::INT AS "${f}"`).join(',\n')},
      (SELECT count(*) FILTER (WHERE ${diff}) FROM fenji f JOIN duck d USING (uscc))::INT AS any_field`)
  ).getRowObjectsJson()[0] as Record<string, number>;
  const examples = (
    await c.runAndReadAll(`SELECT f.uscc, ${FIELDS.map((x) => `f.${x} AS "fenji.${x}", d.${x} AS "duckdb.${x}"`).join(', ')}
      FROM fenji f JOIN duck d USING (uscc) WHERE ${diff} ORDER BY f.uscc LIMIT 5`)
  ).getRowObjectsJson() as Record<string, unknown>[];
  const coverage = (
    await c.runAndReadAll(`SELECT
      ${['A', 'B', 'C', 'D'].map((g) => `count(*) FILTER (WHERE riskGrade = '${g}')::INT AS "riskGrade ${g}"`).join(', ')},
      ${['A', 'B', 'C', 'D'].map((g) => `count(*) FILTER (WHERE creditClass = '${g}')::INT AS "creditClass ${g}"`).join(', ')},
      ${[
        'serious_listing',
        'heavy_penalty',
        'repeat_aggravated',
        'obstruction',
        'published_penalty',
        'failed_supervisory_sample',
        'non_compliant_inspection',
      ]
        .map((r) => `count(*) FILTER (WHERE creditReasons LIKE '%${r}%')::INT AS "reason ${r}"`)
        .join(', ')},
      count(*) FILTER (WHERE adjustments LIKE '%raise1%')::INT AS "raise 1 level",
      count(*) FILTER (WHERE adjustments LIKE '%raise2%')::INT AS "raise 2 levels",
      count(*) FILTER (WHERE adjustments LIKE '%lower%')::INT AS "lowered",
      count(*) FILTER (WHERE adjustments LIKE '%force_d%')::INT AS "forced D",
      count(*) FILTER (WHERE seriousListing IS NOT NULL)::INT AS "active listing",
      count(*) FILTER (WHERE listingCandidate IS NOT NULL)::INT AS "listing candidate",
      count(*) FILTER (WHERE inspectionOverdue)::INT AS "inspection overdue",
      count(*) FILTER (WHERE keyInspection)::INT AS "key inspection",
      count(*) FILTER (WHERE dynamicScore = 40)::INT AS "dynamic capped at 40",
      count(*) FILTER (WHERE overturnedSamplings > 0)::INT AS "failed sample overturned by re-test"
      FROM duck`)
  ).getRowObjectsJson()[0] as Record<string, number>;
  const mismatches: Record<string, number> = {};
  for (const f of FIELDS) mismatches[f] = Number(stats[f]);
  const duckMedian = median(defaultThreads);
  const duckOne = median(oneThread);
  const duckOneCpu = median(oneThreadCpu);
  const enterprises = Number(stats.duck_rows);
  c.closeSync();
  return {
    duckdbVersion: version,
    threads,
    loadSeconds: round(loadSeconds, 2),
    tables,
    enterprises,
    querySeconds: {
      defaultThreads: defaultThreads.map((x) => round(x, 3)),
      oneThread: oneThread.map((x) => round(x, 3)),
      oneThreadCpu: oneThreadCpu.map((x) => round(x, 3)),
    },
    duckdbSeconds: round(duckMedian, 3),
    duckdbOneThreadSeconds: round(duckOne, 3),
    duckdbOneThreadCpuSeconds: round(duckOneCpu, 3),
    fenjiSeconds: args.fenjiSeconds,
    fenjiCpuSeconds: args.fenjiCpuSeconds,
    ratio: round(args.fenjiCpuSeconds / duckOneCpu, 2),
    ratioWallDefaultThreads: round(args.fenjiSeconds / duckMedian, 2),
    comparison: {
      fenjiRows: Number(stats.fenji_rows),
      duckdbRows: enterprises,
      onlyFenji: Number(stats.only_fenji),
      onlyDuckdb: Number(stats.only_duck),
      mismatches,
      mismatchedEnterprises: Number(stats.any_field),
      examples,
      coverage: Object.fromEntries(Object.entries(coverage).map(([k, v]) => [k, Number(v)])),
    },
    peakRssMb: peakRssMb(),
  };
}
