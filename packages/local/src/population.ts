// A population in memory: every enterprise with its records, the inspectors, and what reading
// them cost — from a data folder (files → readRecords → versions resolved per key exactly as the
// DynamoDB store resolves them, records.md §3) or from the state an `npm start` left (read through
// the store's own queries). What grades a whole population at once without a database: the
// rule-change impact (`npm run impact`) and the benchmark's assess bench (bench/fenji.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AnyRecord,
  type Clock,
  type Enterprise,
  type EnterpriseRecord,
  type Inspector,
  type IsoDate,
  type ParseContext,
  type Penalty,
  type PersonBar,
  personBars,
  type RuleSet,
  recordKey,
  resolveVersion,
  type VersionOutcome,
} from '@fenji/domain';
import { readRecords } from '@fenji/ingest';
import { CompactRecords } from './compact.ts';
import { dataFiles } from './data.ts';
import type { Progress } from './progress.ts';

/** One enterprise: its profile (null while only records of it arrived: an orphan) and its records. */
export interface PopulationSlot {
  profile: Enterprise | null;
  records: EnterpriseRecord[];
}

/** What reading a data folder counted, as npm start's run summary counts it. */
export interface LoadCounts {
  /** Data lines read (records and rejects). */
  lines: number;
  inserted: number;
  replaced: number;
  duplicates: number;
  stale: number;
  conflicts: number;
  /** Records and files refused by validation (a file rejected whole counts once). */
  rejected: number;
}

export interface Population {
  source: { kind: 'data' | 'state'; path: string };
  /** By uscc, in the order first seen; orphans (records without a profile) included. */
  slots: Map<string, PopulationSlot>;
  /** By inspectorId. */
  inspectors: Map<string, Inspector>;
  /** Null for a state: its records were counted when npm start ingested them. */
  counts: LoadCounts | null;
  seconds: number;
}

/**
 * `ctx` is the validation context; or give the `clock` whose day validates record dates, with a
 * fresh ID key (ID hashes are only compared within one load).
 */
export type DataFolderOptions = {
  /** Relative paths under the folder; default every data file (dataFiles), read in path order. */
  files?: readonly string[];
  progress?: Progress;
} & ({ ctx: ParseContext } | { clock: Clock });

/**
 * Reads a data folder in path order (as npm start ingests it) and keeps the winning version of
 * each key: the store's item key is (enterprise, type, key), inspectors and profiles by their own
 * key, and resolveVersion decides insert, replace, duplicate, stale or conflict.
 */
export async function loadDataFolder(dir: string, options: DataFolderOptions): Promise<Population> {
  const started = performance.now();
  const ctx: ParseContext =
    'ctx' in options ? options.ctx : { idKey: randomBytes(32).toString('hex'), today: options.clock.today() };
  const files = [...(options.files ?? dataFiles(dir))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const keeper = new Keeper();
  // One file in memory at a time: a country's exports do not fit at once (progress by bytes).
  const sizes = files.map((f) => statSync(join(dir, f)).size);
  const bar = options.progress?.bar(
    '读取 read',
    sizes.reduce((n, b) => n + b, 0),
  );
  let read = 0;
  for (const [i, path] of files.entries()) {
    const bytes = readFileSync(join(dir, path));
    for await (const batch of readRecords([bytes], { source: path, key: path, ctx })) {
      keeper.counts.lines += batch.records.length + batch.rejects.length;
      keeper.counts.rejected += batch.rejects.length;
      for (const { record } of batch.records) keeper.keep(record);
    }
    read += sizes[i] as number;
    bar?.update(read);
  }
  keeper.seal();
  bar?.stop();
  return {
    source: { kind: 'data', path: dir },
    slots: keeper.slots,
    inspectors: keeper.inspectors,
    counts: keeper.counts,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * One enterprise of a data folder: its profile and records live in the population's compact
 * rows (compact.ts) and are built again each time they are read.
 */
class CompactSlot implements PopulationSlot {
  profileRow = -1;
  /** While loading: rows of its records in the order they arrived (a replacement takes its key's place). */
  rows: number[] | null = [];
  /** Once sealed: its records are rows first … first + count − 1. */
  first = 0;
  count = 0;
  private readonly store: CompactRecords;
  constructor(store: CompactRecords) {
    this.store = store;
  }
  get profile(): Enterprise | null {
    return this.profileRow < 0 ? null : this.store.get<Enterprise>(this.profileRow);
  }
  get records(): EnterpriseRecord[] {
    if (this.rows) return this.rows.map((row) => this.store.get<EnterpriseRecord>(row));
    const out: EnterpriseRecord[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.store.get<EnterpriseRecord>(this.first + i);
    return out;
  }
}

/** The winning version of every key, as records arrive in ingestion order. */
class Keeper {
  private readonly store = new CompactRecords();
  readonly slots = new Map<string, CompactSlot>();
  readonly inspectors = new Map<string, Inspector>();
  readonly counts: LoadCounts = {
    lines: 0,
    inserted: 0,
    replaced: 0,
    duplicates: 0,
    stale: 0,
    conflicts: 0,
    rejected: 0,
  };

  keep(r: AnyRecord): void {
    if (r.type === 'inspector') {
      if (this.tally(resolveVersion(this.inspectors.get(r.inspectorId), r))) this.inspectors.set(r.inspectorId, r);
      return;
    }
    const slot = this.slotOf(r.uscc);
    if (r.type === 'enterprise') {
      if (this.tally(resolveVersion(slot.profile ?? undefined, r))) slot.profileRow = this.store.add(r);
      return;
    }
    // The store's item key is (enterprise, type, key): an enterprise has a few dozen records at
    // most, so its own rows are searched rather than indexing every record of the population.
    const key = recordKey(r);
    let at = -1;
    let existing: EnterpriseRecord | undefined;
    const rows = slot.rows as number[];
    for (let i = 0; i < rows.length && at < 0; i++) {
      const stored = this.store.get<EnterpriseRecord>(rows[i] as number);
      if (stored.type === r.type && recordKey(stored) === key) {
        at = i;
        existing = stored;
      }
    }
    if (!this.tally(resolveVersion(existing, r))) return;
    const row = this.store.add(r);
    if (at < 0) rows.push(row);
    else rows[at] = row;
  }

  /** Loading is over: each enterprise's rows become one range, in uscc order (the grading order). */
  seal(): void {
    const slots = [...this.slots.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let rows = 0;
    for (const [, slot] of slots) rows += (slot.rows as number[]).length + (slot.profileRow >= 0 ? 1 : 0);
    const order = new Int32Array(rows);
    let at = 0;
    for (const [, slot] of slots) {
      if (slot.profileRow >= 0) {
        order[at] = slot.profileRow;
        slot.profileRow = at++;
      }
      slot.first = at;
      for (const row of slot.rows as number[]) order[at++] = row;
      slot.count = at - slot.first;
      slot.rows = null;
    }
    this.store.seal(order);
  }

  private slotOf(uscc: string): CompactSlot {
    let s = this.slots.get(uscc);
    if (!s) {
      s = new CompactSlot(this.store);
      this.slots.set(this.store.intern(uscc), s);
    }
    return s;
  }

  /** Counts the outcome; true when the incoming version is kept. */
  private tally(outcome: VersionOutcome): boolean {
    const c = this.counts;
    if (outcome === 'insert') c.inserted++;
    else if (outcome === 'replace') c.replaced++;
    else if (outcome === 'duplicate') c.duplicates++;
    else if (outcome === 'stale') c.stale++;
    else c.conflicts++;
    return outcome === 'insert' || outcome === 'replace';
  }
}

/** Why a folder is not a state npm start made, or undefined when it is one. */
export function stateProblem(state: string): string | undefined {
  if (!existsSync(state)) return `--state ${state} does not exist (状态目录不存在)`;
  if (!existsSync(join(state, 'dynamodb')))
    return `--state ${state} holds no embedded database: run npm start on it first (状态目录中没有数据库，请先运行 npm start)`;
  return undefined;
}

/**
 * Reads the state an `npm start` left (`.fenji/<folder>-<hash>` or its --state): every enterprise
 * profile by shard, each partition with one Query, and the inspectors — the store's own queries,
 * so what is read is what the grade worker reads. The embedded database runs only while reading.
 */
export async function loadState(state: string, options: { clock: Clock; progress?: Progress }) {
  const started = performance.now();
  const problem = stateProblem(state);
  if (problem) throw new Error(problem);
  const [{ startEmbedded }, store] = await Promise.all([import('@fenji/embedded'), import('@fenji/store')]);
  let env: Awaited<ReturnType<typeof startEmbedded>>;
  try {
    env = await startEmbedded({ stateDir: state });
  } catch (e) {
    if (/lock/i.test((e as Error).message ?? ''))
      throw new Error(`${state} is in use by another process (npm start or npm run serve); stop it first`);
    throw e;
  }
  const doc = store.documentClient(env.dynamoConfig);
  // The shard count npm start grades with (pipeline.ts): the profile index uses it.
  const shards = 16;
  try {
    const records = new store.RecordStore({ doc, table: env.tableName, shards, clock: options.clock });
    const assessments = new store.AssessmentStore({ doc, table: env.tableName, shards });
    const usccs: string[] = [];
    for (let shard = 0; shard < shards; shard++) usccs.push(...(await assessments.enterprises(shard)));
    usccs.sort();
    const bar = options.progress?.bar('读取 read', usccs.length);
    const slots = new Map<string, PopulationSlot>(usccs.map((u) => [u, { profile: null, records: [] }]));
    let done = 0;
    await store.forEachLimited(usccs, 16, async (uscc) => {
      const { profile, records: history } = store.splitPartition(await records.enterprisePartition(uscc));
      slots.set(uscc, { profile, records: history });
      bar?.update(++done);
    });
    bar?.stop();
    const inspectors = new Map((await records.inspectors()).map((i) => [i.inspectorId, i]));
    return {
      source: { kind: 'state', path: state },
      slots,
      inspectors,
      counts: null,
      seconds: (performance.now() - started) / 1000,
    } satisfies Population;
  } finally {
    doc.destroy();
    await env.stop();
  }
}

/** The enterprises that get graded: those with a profile, by uscc. */
export function profiled(population: Population): { profile: Enterprise; records: EnterpriseRecord[] }[] {
  // The slots themselves (a data folder's build their records on each read), ordered by the key.
  const out: [string, PopulationSlot][] = [];
  for (const entry of population.slots) if (entry[1].profile) out.push(entry);
  out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return out.map(([, slot]) => slot as { profile: Enterprise; records: EnterpriseRecord[] });
}

/** Every penalty of the population, whatever its enterprise (person bars span enterprises). */
export function penaltiesOf(population: Population): Penalty[] {
  const out: Penalty[] = [];
  for (const s of population.slots.values()) for (const r of s.records) if (r.type === 'penalty') out.push(r);
  return out;
}

/** The active person bars (FSL Art. 135) as of a date under a rule set, as the grade worker computes them. */
export function personBarsOf(population: Population, asOf: IsoDate, rules: RuleSet): PersonBar[] {
  return personBars(penaltiesOf(population), asOf, rules);
}

/** Inspectors by id (plan() sorts them itself; a stable order keeps outputs byte-stable). */
export function inspectorsOf(population: Population): Inspector[] {
  return [...population.inspectors.values()].sort((a, b) =>
    a.inspectorId < b.inspectorId ? -1 : a.inspectorId > b.inspectorId ? 1 : 0,
  );
}
