// What leaves the API, shaped from what is stored: personal ID numbers only masked (their
// HMAC hashes stay inside: a hash of an 18-digit number with a leaked key is a dictionary
// attack away from the number), plan rows parsed back from the published CSV.
import {
  type Assessment,
  type Enterprise,
  type EnterpriseRecord,
  type PlannedInspection,
  recordDate,
  recordKey,
} from '@fenji/domain';

/** Drops `hash` from every `{masked, hash}` pair, at any depth. */
export function withoutIdHashes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutIdHashes) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const isProtectedId = entries.some(([k]) => k === 'masked');
  return Object.fromEntries(
    entries.filter(([k]) => !(isProtectedId && k === 'hash')).map(([k, v]) => [k, withoutIdHashes(v)]),
  ) as T;
}

export function summary(a: Assessment) {
  return {
    uscc: a.uscc,
    name: a.name,
    region: a.region,
    sector: a.sector,
    category: a.category,
    asOf: a.asOf,
    rulesVersion: a.rulesVersion,
    riskScore: a.riskScore,
    baseGrade: a.baseGrade,
    riskGrade: a.riskGrade,
    creditClass: a.creditClass,
    keyInspection: a.keyInspection,
    inspectionsPerYear: a.inspectionsPerYear,
    inspectionOverdue: a.inspectionOverdue,
    seriousListing: a.seriousListing,
    listingCandidate: a.listingCandidate,
  };
}

/** The enterprise's records, newest first, each with the latest assessment's factor codes that count it. */
export function recordsView(profile: Enterprise, records: readonly EnterpriseRecord[], latest: Assessment | null) {
  const usedBy = new Map<string, string[]>();
  for (const f of latest?.factors ?? []) {
    for (const id of f.recordIds) usedBy.set(id, [...(usedBy.get(id) ?? []), f.code]);
  }
  const sorted = [...records].sort((a, b) => {
    const da = recordDate(a);
    const db = recordDate(b);
    const ka = recordKey(a);
    const kb = recordKey(b);
    return da !== db ? (da < db ? 1 : -1) : ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return {
    uscc: profile.uscc,
    enterprise: withoutIdHashes(profile),
    records: sorted.map((r) => withoutIdHashes({ ...r, factors: usedBy.get(recordKey(r)) ?? [] })),
  };
}

/** RFC 4180 rows of a CSV written by shared/csv.ts toCsv (BOM, CRLF, quoted cells). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** toCsv neutralises a cell that would start a spreadsheet formula with a leading apostrophe. */
const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** plan.csv (grading-model.md §10 columns) back into rows. */
export function parsePlanCsv(text: string): PlannedInspection[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`plan.csv has no column ${name}`);
    return i;
  };
  const c = {
    period: col('period'),
    region: col('region'),
    riskGrade: col('riskGrade'),
    keyInspection: col('keyInspection'),
    uscc: col('uscc'),
    name: col('name'),
    kind: col('kind'),
    slot: col('slot'),
    inspector1: col('inspector1'),
    inspector2: col('inspector2'),
    status: col('status'),
    reason: col('reason'),
  };
  return rows
    .filter((r) => r.length > 1)
    .map((r) => {
      const get = (i: number) => unneutralise(r[i] ?? '');
      const orNull = (i: number) => (get(i) === '' ? null : get(i));
      return {
        period: get(c.period),
        region: get(c.region),
        riskGrade: get(c.riskGrade) as PlannedInspection['riskGrade'],
        keyInspection: get(c.keyInspection) === 'true',
        uscc: get(c.uscc),
        name: get(c.name),
        kind: get(c.kind) as PlannedInspection['kind'],
        slot: Number(get(c.slot)),
        inspector1: orNull(c.inspector1),
        inspector2: orNull(c.inspector2),
        status: get(c.status) as PlannedInspection['status'],
        reason: orNull(c.reason),
      };
    });
}

export function planCounts(rows: readonly PlannedInspection[]) {
  return {
    inspections: rows.length,
    mandatory: rows.filter((r) => r.kind === 'mandatory').length,
    random: rows.filter((r) => r.kind === 'random').length,
    unassigned: rows.filter((r) => r.status === 'unassigned').length,
  };
}
