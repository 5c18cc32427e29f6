// A small dataset that exercises grading-model.md §8 end to end: an active listing, one that
// expires on 2026-12-05, a valid and a void early removal, a listing candidate, and a person
// barred by a licence revocation who is the legal representative of another enterprise.
import { makeResidentId, makeUscc } from '@fenji/domain';

export const uscc = (n: number) => makeUscc(`91330302MA2C${String(n).padStart(5, '0')}`);
export const BARRED_ID = makeResidentId('33030219800101123');

const ent = (n: number, extra: Record<string, unknown> = {}) => ({
  recordType: 'enterprise',
  uscc: uscc(n),
  name: `温州市鹿城区测试${n}号餐饮店`,
  region: n % 2 ? '330302' : '330381',
  category: 'restaurant',
  licensedOn: '2010-01-01',
  ...extra,
});
const insp = (n: number, id: string, on = '2026-06-01', extra: Record<string, unknown> = {}) => ({
  recordType: 'inspection',
  recordId: id,
  uscc: uscc(n),
  inspectedOn: on,
  kind: 'routine',
  scope: 'full',
  result: 'compliant',
  inspectors: ['I-1', 'I-2'],
  ...extra,
});
const pen = (n: number, id: string, decidedOn: string, extra: Record<string, unknown> = {}) => ({
  recordType: 'penalty',
  recordId: id,
  uscc: uscc(n),
  decidedOn,
  procedure: 'ordinary',
  violation: 'hygiene',
  measures: ['fine'],
  fineYuan: 200_000,
  ...extra,
});

export const messages = [
  ent(1),
  insp(1, 'JC-1'),
  ent(2),
  insp(2, 'JC-2'),
  pen(2, '温鹿市监罚〔2024〕1号', '2024-01-10', { seriousListing: true, violation: 'illegal_additive' }),
  // The only record of enterprise 3: its listing ends on 2026-12-05 (36 months, SDL-44).
  ent(3),
  pen(3, '温鹿市监罚〔2023〕3号', '2023-12-05', { seriousListing: true, violation: 'false_label' }),
  ent(4),
  insp(4, 'JC-4'),
  pen(4, '温鹿市监罚〔2024〕4号', '2024-06-01', { seriousListing: true, delistedOn: '2025-06-01' }),
  ent(5),
  insp(5, 'JC-5'),
  pen(5, '温鹿市监罚〔2026〕5号', '2026-09-01', { aggravated: true, violation: 'illegal_additive' }),
  ent(6),
  insp(6, 'JC-6'),
  pen(6, '温鹿市监罚〔2023〕6号', '2023-01-01', {
    measures: ['fine', 'license_revoked'],
    persons: [{ name: '王某', role: 'legal_representative', idNumber: BARRED_ID }],
  }),
  ent(7, { legalRepName: '王某', legalRepId: BARRED_ID }),
  insp(7, 'JC-7'),
  ent(8),
  insp(8, 'JC-8'),
  pen(8, '温鹿市监罚〔2024〕8号', '2024-03-01', { seriousListing: true, delistedOn: '2025-04-01' }),
  pen(8, '温鹿市监罚〔2025〕9号', '2025-02-01', { aggravated: true }),
];
