// Use case: the joint-discipline list (联合惩戒名单, grading-model.md §8) as of a date, written
// to the exports bucket only when it changed.
//
// Sources: the DISCIPLINE partition names every enterprise with a penalty that lists it
// (SDL-44 Art. 13) or revokes a licence (FSL Art. 135). For each of them the whole history is
// read, because whether an early removal stands (SDL-44 Art. 16) depends on the enterprise's
// other aggravated or heavy penalties, which are not in that partition.
//
// Keys: `discipline/<asOf>/<file>` (a dated copy) and `discipline/latest/<file>`. The latest
// manifest is written last: it is the commit mark. A run that dies half-way leaves the previous
// manifest, so the next run sees a difference and writes everything again.
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  addMonths,
  type Clock,
  type DisciplineEntry,
  disciplineEntries,
  type IsoDate,
  isValidIsoDate,
  type Penalty,
  type RuleSet,
  ruleSetFor,
} from '@fenji/domain';
import { disciplinePenalties, forEachLimited, type RecordStore, type RunStore } from '@fenji/store';
import { CSV_FILE, JSONL_FILE, MANIFEST_FILE, toCsv, toJsonl, toXlsxBytes, XLSX_FILE } from './render.ts';

export interface ExportDeps {
  records: RecordStore;
  s3: S3Client;
  bucket: string;
  /** Stamps the manifest's generatedAt. */
  clock: Clock;
  /** Enterprise partitions read at once (default EXPORT_CONCURRENCY). */
  concurrency?: number;
  /** The runs the `{"kind": "runs"}` schedule exports for; default: a RunStore on the records' table. */
  runs?: RunStore;
}

/**
 * Partition reads in flight. A country has ~500,000 listings and revocations, so an export reads
 * ~450,000 enterprise partitions: at 8 in flight, ~10 minutes of round trips alone; at 64, ~1.5.
 * They are different partition keys, so the table takes them (bench/country.ts).
 */
export const EXPORT_CONCURRENCY = 64;

export interface ExportRequest {
  asOf: IsoDate;
}

export interface ExportCounts {
  /** Active serious listings (SDL-44). */
  listings: number;
  /** Active person bars, one per person and revocation (FSL Art. 135). */
  personBars: number;
  /** Enterprises with at least one line on the list. */
  enterprises: number;
  /** Enterprises with a listing or revocation on record but no profile yet: left out until it arrives (grading-model.md §1). */
  pendingProfiles: number;
}

export interface ManifestFile {
  key: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  asOf: IsoDate;
  generatedAt: string;
  rulesVersion: string;
  counts: ExportCounts;
  files: ManifestFile[];
}

export interface ExportResult {
  changed: boolean;
  counts: ExportCounts;
  /** Keys written, in the order written (empty when nothing changed). */
  keys: string[];
}

export const PREFIX = 'discipline';
export const latestKey = (file: string) => `${PREFIX}/latest/${file}`;
export const datedKey = (asOf: IsoDate, file: string) => `${PREFIX}/${asOf}/${file}`;

const CONTENT_TYPES: Record<string, string> = {
  [JSONL_FILE]: 'application/x-ndjson; charset=utf-8',
  [CSV_FILE]: 'text/csv; charset=utf-8',
  [XLSX_FILE]: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  [MANIFEST_FILE]: 'application/json; charset=utf-8',
};

/**
 * Can this stored penalty put anything on the list as of `asOf`? A cheap pre-filter on the
 * DISCIPLINE copy so that enterprises whose listing (36 months, SDL-44) and bars (60 months,
 * FSL Art. 135) are long over cost no partition read. disciplineEntries() decides.
 */
function mayBeActive(p: Penalty, asOf: IsoDate, rules: RuleSet): boolean {
  if (p.status !== 'active' || p.decidedOn > asOf) return false;
  const listed = p.seriousListing && asOf < addMonths(p.decidedOn, rules.listing.termMonths);
  const barred = p.measures.includes('license_revoked') && asOf < addMonths(p.decidedOn, rules.listing.personBarMonths);
  return listed || barred;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The list's lines as of `asOf`, sorted by region, uscc, kind, recordId (a stable sort: the
 * person bars of one decision keep the domain's order, by ID hash).
 */
export async function collectEntries(
  asOf: IsoDate,
  records: RecordStore,
  concurrency = EXPORT_CONCURRENCY,
): Promise<{ entries: DisciplineEntry[]; counts: ExportCounts; rulesVersion: string }> {
  const rules = ruleSetFor(asOf);
  const sources = await disciplinePenalties(records.doc, records.table);
  const usccs = [...new Set(sources.filter((p) => mayBeActive(p, asOf, rules)).map((p) => p.uscc))].sort();
  const entries: DisciplineEntry[] = [];
  let pendingProfiles = 0;
  await forEachLimited(usccs, concurrency, async (uscc) => {
    const { profile, records: history } = await records.enterpriseHistory(uscc);
    if (!profile) {
      pendingProfiles++;
      return;
    }
    // A deregistered profile (status revoked) stays on the list: deregistering ends neither a
    // listing (SDL-44 Art. 13, 3-year term) nor the bar on the people (FSL Art. 135).
    const penalties = history.filter((r): r is Penalty => r.type === 'penalty');
    entries.push(...disciplineEntries(profile, penalties, asOf, rules));
  });
  entries.sort(
    (a, b) => cmp(a.region, b.region) || cmp(a.uscc, b.uscc) || cmp(a.kind, b.kind) || cmp(a.recordId, b.recordId),
  );
  return {
    entries,
    counts: {
      listings: entries.filter((e) => e.kind === 'listing').length,
      personBars: entries.filter((e) => e.kind === 'person_bar').length,
      enterprises: new Set(entries.map((e) => e.uscc)).size,
      pendingProfiles,
    },
    rulesVersion: rules.id,
  };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The manifest under `key`, or null when there is none (or it is unreadable: then everything is rewritten). */
export async function readManifest(s3: S3Client, bucket: string, key: string): Promise<Manifest | null> {
  let text: string;
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = (await got.Body?.transformToString('utf-8')) ?? '';
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404) return null;
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as Manifest;
    return Array.isArray(parsed.files) ? parsed : null;
  } catch {
    return null;
  }
}

const jsonlSha = (m: Manifest | null) => m?.files.find((f) => f.key.endsWith(`/${JSONL_FILE}`))?.sha256;

export async function exportDisciplineList(request: ExportRequest, deps: ExportDeps): Promise<ExportResult> {
  const { asOf } = request;
  if (typeof asOf !== 'string' || !isValidIsoDate(asOf)) {
    throw new RangeError(`asOf must be a calendar date YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  }
  const { entries, counts, rulesVersion } = await collectEntries(asOf, deps.records, deps.concurrency);
  const bodies = new Map<string, Buffer>([
    [JSONL_FILE, Buffer.from(toJsonl(entries), 'utf8')],
    [CSV_FILE, Buffer.from(toCsv(entries), 'utf8')],
    [XLSX_FILE, Buffer.from(await toXlsxBytes(entries, asOf))],
  ]);

  // The CSV and the workbook are functions of the same entries, so the JSON Lines' hash decides.
  const previous = await readManifest(deps.s3, deps.bucket, latestKey(MANIFEST_FILE));
  if (jsonlSha(previous) === sha256(bodies.get(JSONL_FILE) as Buffer)) return { changed: false, counts, keys: [] };

  // An export as of a date before the published one (a replayed event, a re-grade of a past
  // date) gets its dated copy but must not turn `latest` back to an older list.
  const folders: ((file: string) => string)[] = [(f) => datedKey(asOf, f)];
  if (!previous || previous.asOf <= asOf) folders.push(latestKey);

  const generatedAt = deps.clock.now().toISOString();
  const keys: string[] = [];
  for (const keyOf of folders) {
    const files: ManifestFile[] = [];
    for (const [file, body] of bodies) {
      await put(deps, keyOf(file), file, body);
      keys.push(keyOf(file));
      files.push({ key: keyOf(file), bytes: body.length, sha256: sha256(body) });
    }
    const manifest: Manifest = { asOf, generatedAt, rulesVersion, counts, files };
    await put(deps, keyOf(MANIFEST_FILE), MANIFEST_FILE, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
    keys.push(keyOf(MANIFEST_FILE));
  }
  return { changed: true, counts, keys };
}

async function put(deps: ExportDeps, key: string, file: string, body: Buffer): Promise<void> {
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.bucket,
      Key: key,
      Body: body,
      ContentType: CONTENT_TYPES[file],
      // S3 checks the upload against the hash the manifest publishes.
      ChecksumSHA256: createHash('sha256').update(body).digest('base64'),
    }),
  );
}
