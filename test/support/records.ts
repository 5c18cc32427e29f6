// Record builders shared by every package's tests: plain records with the spec's defaults,
// overridable per test. A test's own builder is a wrapper that names what it changes.
import type { Enterprise, Inspection, Penalty, Sampling } from '@fenji/domain';

export const D = '2026-11-30';
export const USCC = '91330302MA2AAAAA0X';

export function enterprise(over: Partial<Enterprise> = {}): Enterprise {
  return {
    type: 'enterprise',
    uscc: USCC,
    name: '温州某某食品有限公司',
    region: '330302',
    category: 'restaurant',
    licensedOn: '2015-01-01',
    version: 1,
    status: 'active',
    ...over,
  };
}

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${String(++seq).padStart(4, '0')}`;

export function inspection(over: Partial<Inspection> = {}): Inspection {
  return {
    type: 'inspection',
    recordId: nextId('JC'),
    uscc: USCC,
    inspectedOn: '2026-06-01',
    kind: 'routine',
    scope: 'full',
    result: 'compliant',
    keyItemsFailed: 0,
    generalItemsFailed: 0,
    inspectors: ['I001', 'I002'],
    version: 1,
    status: 'active',
    ...over,
  };
}

export function penalty(over: Partial<Penalty> = {}): Penalty {
  return {
    type: 'penalty',
    recordId: nextId('温鹿市监罚〔2026〕'),
    uscc: USCC,
    decidedOn: '2026-06-01',
    procedure: 'ordinary',
    violation: 'label_defect',
    measures: ['fine'],
    fineYuan: 5000,
    aggravated: false,
    incident: false,
    recallFailure: false,
    seriousListing: false,
    persons: [],
    version: 1,
    status: 'active',
    ...over,
  };
}

export function sampling(over: Partial<Sampling> = {}): Sampling {
  return {
    type: 'sampling',
    recordId: nextId('CJ'),
    uscc: USCC,
    sampledOn: '2026-06-01',
    product: '鲜牛奶',
    kind: 'supervisory',
    level: 'municipal',
    result: 'fail',
    hazard: 'microbial',
    version: 1,
    status: 'active',
    ...over,
  };
}
