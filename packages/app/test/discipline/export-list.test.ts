// exportDisciplineList against dynalite and s3rver through the real SDK clients: which penalties
// are on the joint-discipline list (grading-model.md §8), the three files, the manifest's
// hashes, masked persons only, and nothing written when nothing changed.
import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type DisciplineEntry, fixedClock } from '@fenji/domain';
import { type Embedded, startEmbedded } from '@fenji/embedded';
import { documentClient, RecordStore } from '@fenji/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AS_OF,
  CLEAR_IDS,
  DECISIONS,
  FORMULA_NAME,
  HASHES,
  pen,
  storeFixture,
  uscc,
} from '../../../../test/support/discipline-fixture.ts';
import {
  collectEntries,
  datedKey,
  type ExportDeps,
  exportDisciplineList,
  latestKey,
  type Manifest,
} from '../../src/discipline/export-list.ts';
import { CSV_HEADER } from '../../src/discipline/render.ts';

// 09:00 in Shanghai on the sample's day.
const clock = fixedClock('2026-11-30T01:00:00Z');
let env: Embedded;
let s3: S3Client;
let store: RecordStore;
let deps: ExportDeps;
/** Keys of every PutObject sent through `s3`, counted by SDK middleware. */
const puts: string[] = [];

beforeAll(async () => {
  env = await startEmbedded();
  s3 = new S3Client(env.s3Config);
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutObjectCommand') puts.push((args.input as { Key: string }).Key);
      return next(args);
    },
    { step: 'initialize', name: 'countPuts' },
  );
  store = new RecordStore({ doc: documentClient(env.dynamoConfig), table: env.tableName, shards: 4, clock });
  deps = { records: store, s3, bucket: env.buckets.exports, clock };
  await storeFixture(store);
});
afterAll(async () => {
  s3.destroy();
  store.doc.destroy();
  await env.stop();
});

const getBytes = async (key: string) => {
  const got = await s3.send(new GetObjectCommand({ Bucket: env.buckets.exports, Key: key }));
  return Buffer.from((await got.Body?.transformToByteArray()) ?? []);
};
const getText = async (key: string) => (await getBytes(key)).toString('utf8');
const manifestAt = async (key: string) => JSON.parse(await getText(key)) as Manifest;
const jsonl = async (key: string) =>
  (await getText(key))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as DisciplineEntry);

/** A minimal RFC 4180 reader, to prove the written quoting parses back to the cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text.charAt(i + 1) === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

const FILES = ['discipline-list.jsonl', 'discipline-list.csv', 'discipline-list.xlsx', 'manifest.json'];
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('exportDisciplineList (grading-model.md §8)', () => {
  it('first export: writes the dated copy, then latest, manifest last', async () => {
    puts.length = 0;
    const out = await exportDisciplineList({ asOf: AS_OF }, deps);
    expect(out.changed).toBe(true);
    expect(out.counts).toEqual({ listings: 2, personBars: 2, enterprises: 3, pendingProfiles: 1 });
    const expected = [...FILES.map((f) => datedKey(AS_OF, f)), ...FILES.map(latestKey)];
    expect(out.keys).toEqual(expected);
    expect(puts).toEqual(expected);
    expect(puts.at(-1)).toBe('discipline/latest/manifest.json');
  });

  it('lists the active listing and the one whose early removal is void (SDL-44 Art. 16), and the two bars (FSL Art. 135)', async () => {
    const entries = await jsonl(latestKey('discipline-list.jsonl'));
    expect(entries.map((e) => [e.region, e.uscc, e.kind, e.recordId, e.persons.map((p) => p.name)])).toEqual([
      ['330302', uscc(1), 'listing', DECISIONS.active, ['张三']],
      ['330303', uscc(3), 'listing', DECISIONS.voidRemoval, []],
      ['330304', uscc(5), 'person_bar', DECISIONS.revoked5, expect.any(Array)],
      ['330304', uscc(5), 'person_bar', DECISIONS.revoked5, expect.any(Array)],
    ]);
    expect(
      entries
        .slice(2)
        .flatMap((e) => e.persons.map((p) => p.name))
        .sort(),
    ).toEqual(['-王五', '李四']);
    const [active, voided, bar] = entries as [DisciplineEntry, DisciplineEntry, DisciplineEntry];
    expect(active).toMatchObject({ listedOn: '2026-03-18', expiresOn: '2029-03-18', violation: 'illegal_additive' });
    expect(active.measures.map((m) => m.code)).toEqual([
      'procurement_bidding',
      'key_supervision',
      'no_notice_commitment',
      'no_honours',
    ]);
    expect(voided).toMatchObject({ listedOn: '2024-05-06', expiresOn: '2027-05-06' });
    expect(bar).toMatchObject({ name: FORMULA_NAME, listedOn: '2022-01-10', expiresOn: '2027-01-10' });
    expect(bar.measures.map((m) => m.code)).toEqual(['food_business_ban']);
    // Absent: valid early removal, 36 months over, 60 months over, revoked correction, no profile.
    const ids = entries.map((e) => e.recordId);
    for (const absent of [
      DECISIONS.removed,
      DECISIONS.expired,
      DECISIONS.revokedOld,
      DECISIONS.corrected,
      DECISIONS.orphan,
    ]) {
      expect(ids).not.toContain(absent);
    }
  });

  it('boundaries: the day before, the 36-month listing and the 60-month bar still count; before its removal a listing counts', async () => {
    const dayBefore = await collectEntries('2026-11-29', store);
    expect(dayBefore.entries.map((e) => e.recordId)).toEqual(
      expect.arrayContaining([DECISIONS.expired, DECISIONS.revokedOld]),
    );
    const beforeRemoval = await collectEntries('2025-05-05', store);
    expect(beforeRemoval.entries.map((e) => e.recordId)).toContain(DECISIONS.removed);
    const onRemoval = await collectEntries('2025-05-06', store);
    expect(onRemoval.entries.map((e) => e.recordId)).not.toContain(DECISIONS.removed);
  });

  it('CSV: UTF-8 BOM, bilingual header, RFC 4180 quoting, formula cells neutralised', async () => {
    const bytes = await getBytes(latestKey('discipline-list.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.slice(1).split('\r\n')[0]).toBe(
      '类型 kind,统一社会信用代码 uscc,企业名称 name,行政区划 region,地区 regionName,处罚决定书文号 recordId,违法行为 violation,列入日期 listedOn,届满日期 expiresOn,当事人 persons,惩戒措施 measures',
    );
    // The raw line: the name quoted (it has quotes and a comma), quotes doubled, apostrophe first.
    expect(text).toContain(`,"'=HYPERLINK(""http://x"",""点击"")",330304,瓯海区,`);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows).toHaveLength(5);
    const bars = rows.filter((r) => r[0] === 'person_bar');
    expect(bars.map((r) => r[2])).toEqual([`'${FORMULA_NAME}`, `'${FORMULA_NAME}`]);
    // A person cell that starts with '-' is neutralised too.
    expect(bars.map((r) => r[9]).sort()).toEqual([
      `'-王五(directly_responsible, 330304********${CLEAR_IDS.wang.slice(-4)})`,
      `李四(legal_representative, 330304********${CLEAR_IDS.li.slice(-4)})`,
    ]);
    const listing = rows[1] as string[];
    expect(listing.slice(0, 9)).toEqual([
      'listing',
      uscc(1),
      '鹿城企业1有限公司',
      '330302',
      '鹿城区',
      DECISIONS.active,
      'illegal_additive',
      '2026-03-18',
      '2029-03-18',
    ]);
    expect(listing[9]).toBe(`张三(legal_representative, 330302********${CLEAR_IDS.zhang.slice(-4)})`);
    expect(listing[10]).toBe(
      '在政府采购、招标投标中予以限制或作为重要考量因素；列为重点监管对象，提高检查频次；不适用告知承诺制；不予授予荣誉称号',
    );
  });

  it('manifests: sha256 and byte counts match what is stored, in both folders', async () => {
    for (const keyOf of [latestKey, (f: string) => datedKey(AS_OF, f)]) {
      const manifest = await manifestAt(keyOf('manifest.json'));
      expect(manifest).toMatchObject({
        asOf: AS_OF,
        generatedAt: '2026-11-30T01:00:00.000Z',
        rulesVersion: 'cn-2022',
        counts: { listings: 2, personBars: 2, enterprises: 3, pendingProfiles: 1 },
      });
      expect(manifest.files.map((f) => f.key)).toEqual([
        keyOf('discipline-list.jsonl'),
        keyOf('discipline-list.csv'),
        keyOf('discipline-list.xlsx'),
      ]);
      for (const f of manifest.files) {
        const body = await getBytes(f.key);
        expect(f.bytes).toBe(body.length);
        expect(f.sha256).toBe(sha256(body));
      }
    }
  });

  it('persons appear masked only: no clear ID number and no ID hash in any file (records.md §3)', async () => {
    for (const key of [...FILES.map(latestKey), ...FILES.map((f) => datedKey(AS_OF, f))]) {
      const text = await getText(key);
      for (const clear of Object.values(CLEAR_IDS)) expect(text).not.toContain(clear);
      for (const hash of HASHES) expect(text).not.toContain(hash);
    }
  });

  it('nothing changed: writes nothing, the stored objects stay as they were', async () => {
    const before = await s3.send(
      new HeadObjectCommand({ Bucket: env.buckets.exports, Key: latestKey('manifest.json') }),
    );
    puts.length = 0;
    const later = { ...deps, clock: fixedClock('2026-11-30T09:00:00Z') };
    const out = await exportDisciplineList({ asOf: AS_OF }, later);
    expect(out).toEqual({
      changed: false,
      counts: { listings: 2, personBars: 2, enterprises: 3, pendingProfiles: 1 },
      keys: [],
    });
    expect(puts).toEqual([]);
    const after = await s3.send(
      new HeadObjectCommand({ Bucket: env.buckets.exports, Key: latestKey('manifest.json') }),
    );
    expect(after.ETag).toBe(before.ETag);
    expect(after.LastModified).toEqual(before.LastModified);
  });

  it('a new listing changes the list: written again, the manifest names the new hash', async () => {
    const old = await manifestAt(latestKey('manifest.json'));
    await store.writeRecords([
      {
        record: pen(2, '温鹿市监罚〔2026〕300号', {
          decidedOn: '2026-11-28',
          seriousListing: true,
        }),
        source: 'sqs:new',
        line: null,
      },
    ]);
    puts.length = 0;
    const out = await exportDisciplineList({ asOf: AS_OF }, deps);
    expect(out.changed).toBe(true);
    expect(out.counts).toEqual({ listings: 3, personBars: 2, enterprises: 4, pendingProfiles: 1 });
    expect(puts).toHaveLength(8);
    const now = await manifestAt(latestKey('manifest.json'));
    expect(now.files[0]?.sha256).not.toBe(old.files[0]?.sha256);
    expect((await jsonl(latestKey('discipline-list.jsonl'))).map((e) => e.recordId)).toContain(
      '温鹿市监罚〔2026〕300号',
    );
  });

  it('an export as of an earlier date than the published one writes its dated copy only, never turning latest back', async () => {
    puts.length = 0;
    const out = await exportDisciplineList({ asOf: '2026-11-29' }, deps);
    expect(out.changed).toBe(true);
    expect(out.keys).toEqual(FILES.map((f) => datedKey('2026-11-29', f)));
    expect(puts).toEqual(out.keys);
    expect((await manifestAt(latestKey('manifest.json'))).asOf).toBe(AS_OF);
    expect((await jsonl(datedKey('2026-11-29', 'discipline-list.jsonl'))).map((e) => e.recordId)).toContain(
      DECISIONS.expired,
    );
  });

  it('rejects an asOf that is not a calendar date', async () => {
    await expect(exportDisciplineList({ asOf: '2026-02-30' }, deps)).rejects.toThrow(/YYYY-MM-DD/);
  });
});
