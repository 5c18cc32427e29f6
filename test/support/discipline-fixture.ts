// A small county of enterprises, one per case of grading-model.md §8, as of 2026-11-30:
//   1 active listing (SDL-44 Art. 13)                        → listed
//   2 listing removed early after exactly 12 months (Art. 16) → absent
//   3 early removal void: aggravated penalty in between       → still listed
//   4 listing decided 36 months before asOf                   → absent (on the list the day before)
//   5 licence revoked, two persons (FSL Art. 135)             → two person bars until 2027-01-10
//   6 licence revoked 60 months before asOf                   → absent (barred the day before)
//   7 listing, but no enterprise profile yet                  → pendingProfiles
//   8 listing corrected to `revoked` by a second version      → absent
import {
  type Enterprise,
  makeResidentId,
  makeUscc,
  type Penalty,
  type Person,
  type PersonRole,
  protectId,
} from '@fenji/domain';
import type { IncomingRecord, RecordStore } from '@fenji/store';
import { enterprise, penalty } from './records.ts';

export const AS_OF = '2026-11-30';
export const ID_KEY = 'test-id-key-0123456789abcdef0123456789abcdef';

export const uscc = (n: number) => makeUscc(`91330302MA2B${String(n).padStart(5, '0')}`);

/** Clear resident ID numbers: they must never reach an export, nor their hashes. */
export const CLEAR_IDS = {
  zhang: makeResidentId('33030219800101123'),
  li: makeResidentId('33030419750315002'),
  wang: makeResidentId('33030419881207451'),
  zhao: makeResidentId('33030219700820331'),
  sun: makeResidentId('33030219910505662'),
};
export const HASHES = Object.values(CLEAR_IDS).map((id) => protectId(id, ID_KEY).hash);

export const person = (name: string, role: PersonRole, clearId: string): Person => ({
  name,
  role,
  id: protectId(clearId, ID_KEY),
});

export const FORMULA_NAME = '=HYPERLINK("http://x","点击")';

export const ent = (n: number, over: Partial<Enterprise> = {}): Enterprise =>
  enterprise({ uscc: uscc(n), name: `鹿城企业${n}有限公司`, licensedOn: '2018-01-01', ...over });

export const pen = (n: number, recordId: string, over: Partial<Penalty> = {}): Penalty =>
  penalty({
    recordId,
    uscc: uscc(n),
    decidedOn: '2026-03-18',
    violation: 'illegal_additive',
    measures: ['fine', 'confiscation'],
    fineYuan: 50_000,
    ...over,
  });

export const DECISIONS = {
  active: '温鹿市监罚〔2026〕118号',
  removed: '温鹿市监罚〔2024〕31号',
  voidRemoval: '温鹿市监罚〔2024〕32号',
  intervening: '温鹿市监罚〔2025〕7号',
  expired: '温鹿市监罚〔2023〕201号',
  revoked5: '温瓯市监罚〔2022〕3号',
  revokedOld: '温鹿市监罚〔2021〕190号',
  orphan: '温鹿市监罚〔2026〕5号',
  corrected: '温鹿市监罚〔2026〕60号',
};

export function fixtureRecords(): (Enterprise | Penalty)[] {
  return [
    ent(1, { legalRepName: '张三', legalRepId: protectId(CLEAR_IDS.zhang, ID_KEY) }),
    pen(1, DECISIONS.active, {
      seriousListing: true,
      persons: [person('张三', 'legal_representative', CLEAR_IDS.zhang)],
    }),
    ent(2),
    pen(2, DECISIONS.removed, { decidedOn: '2024-05-06', seriousListing: true, delistedOn: '2025-05-06' }),
    ent(3, { region: '330303' }),
    pen(3, DECISIONS.voidRemoval, { decidedOn: '2024-05-06', seriousListing: true, delistedOn: '2025-06-01' }),
    // Aggravated, not listed, no revocation: not in the DISCIPLINE partition, yet it voids the removal.
    pen(3, DECISIONS.intervening, {
      decidedOn: '2025-01-10',
      aggravated: true,
      violation: 'hygiene',
      measures: ['fine'],
    }),
    ent(4),
    pen(4, DECISIONS.expired, { decidedOn: '2023-11-30', seriousListing: true }),
    ent(5, { region: '330304', name: FORMULA_NAME }),
    pen(5, DECISIONS.revoked5, {
      decidedOn: '2022-01-10',
      violation: 'diseased_meat',
      measures: ['fine', 'license_revoked'],
      fineYuan: 100_000,
      persons: [
        person('李四', 'legal_representative', CLEAR_IDS.li),
        person('-王五', 'directly_responsible', CLEAR_IDS.wang),
      ],
    }),
    ent(6),
    pen(6, DECISIONS.revokedOld, {
      decidedOn: '2021-11-30',
      measures: ['fine', 'license_revoked'],
      persons: [person('赵六', 'principal', CLEAR_IDS.zhao)],
    }),
    pen(7, DECISIONS.orphan, {
      decidedOn: '2026-01-05',
      seriousListing: true,
      persons: [person('孙七', 'legal_representative', CLEAR_IDS.sun)],
    }),
    ent(8),
    pen(8, DECISIONS.corrected, { decidedOn: '2026-02-01', seriousListing: true }),
  ];
}

export async function storeFixture(store: RecordStore): Promise<void> {
  const at = (record: Enterprise | Penalty, line: number): IncomingRecord => ({
    record,
    source: 'fixture.jsonl',
    line,
  });
  await store.writeRecords(fixtureRecords().map(at));
  // The correction comes later, as a higher version (records.md §3).
  await store.writeRecords([
    at(
      pen(8, DECISIONS.corrected, { decidedOn: '2026-02-01', seriousListing: true, version: 2, status: 'revoked' }),
      1,
    ),
  ]);
}
