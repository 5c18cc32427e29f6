// Statutory-deadline cases (deadlines.md §3): stored in their enterprise's partition next to its
// latest assessment, written by the same grading pass, and listed per district on GSI1 as the
// regulators' work queue — by state, then due date — with Query only, never a Scan.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  addDays,
  type Case,
  type CaseKind,
  type CaseMetric,
  type CaseState,
  canonicalJson,
  caseMetrics,
  periodDays,
} from '@fenji/domain';
import { batchWrite, type ListingPosition, pageAcrossRegions, queryAll } from './batch.ts';
import { GSI_LATEST_BY_REGION, keys } from './table.ts';

export interface CaseFilters {
  kind?: CaseKind;
  state?: CaseState;
  /** Inclusive bounds on dueOn. */
  dueAfter?: string;
  dueBefore?: string;
}

/** The states a metric counts: due before D and not overturned (deadlines.md §4); open cases are not due yet. */
const COUNTED_STATES: readonly CaseState[] = ['closed_on_time', 'closed_late', 'overdue'];

const caseItem = (c: Case) => ({
  pk: keys.enterprise(c.uscc),
  sk: keys.case(c.caseId),
  gsi1pk: keys.casesInRegion(c.region),
  gsi1sk: keys.caseInQueue(c.state, c.dueOn, c.caseId),
  data: c,
});

/** The cases among the items of an enterprise partition. */
export function casesInPartition(items: readonly Record<string, unknown>[]): Case[] {
  return items.filter((i) => (i.sk as string).startsWith('CASE#')).map((i) => i.data as Case);
}

export class CaseStore {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;

  constructor(options: { doc: DynamoDBDocumentClient; table: string }) {
    this.doc = options.doc;
    this.table = options.table;
  }

  /**
   * Makes an enterprise's stored cases `current`: changed ones put, gone ones deleted, the same
   * ones untouched (a daily run rewrites only what moved). Idempotent, so a retried shard redoes it.
   */
  async replace(uscc: string, stored: readonly Case[], current: readonly Case[]): Promise<number> {
    const before = new Map(stored.map((c) => [c.caseId, canonicalJson(c)]));
    const now = new Set(current.map((c) => c.caseId));
    const writes = [
      ...current
        .filter((c) => before.get(c.caseId) !== canonicalJson(c))
        .map((c) => ({ PutRequest: { Item: caseItem(c) } })),
      ...stored
        .filter((c) => !now.has(c.caseId))
        .map((c) => ({ DeleteRequest: { Key: { pk: keys.enterprise(uscc), sk: keys.case(c.caseId) } } })),
    ];
    await batchWrite(this.doc, this.table, writes);
    return writes.length;
  }

  /** Every case of some districts (the local run's cases.jsonl), by caseId. */
  async inRegions(regions: readonly string[]): Promise<Case[]> {
    const all: Case[] = [];
    for (const region of new Set(regions)) {
      const items = await queryAll(this.doc, this.queueQuery(region, {}));
      all.push(...items.map((i) => i.data as Case));
    }
    return all.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  }

  /** One enterprise's cases, by caseId. */
  async ofEnterprise(uscc: string): Promise<Case[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :case)',
      ExpressionAttributeValues: { ':pk': keys.enterprise(uscc), ':case': 'CASE#' },
    });
    return items.map((i) => i.data as Case);
  }

  /**
   * One page of cases over `regions`: district code order, then state and due date as GSI1 sorts
   * them. State and due dates are key conditions; kind is a FilterExpression of the same Query,
   * so a page is filled by further Queries from where the previous one stopped (at most
   * `maxQueries`); a short page with a `next` position is still a correct page.
   */
  async list(
    regions: readonly string[],
    filters: CaseFilters,
    limit: number,
    from?: ListingPosition | null,
    maxQueries = 25,
  ): Promise<{ items: Case[]; next: ListingPosition | null; queries: number }> {
    return pageAcrossRegions<Case>(
      this.doc,
      regions,
      { limit, from, maxQueries },
      { pkName: 'gsi1pk', pk: keys.casesInRegion, query: (region) => this.queueQuery(region, filters) },
    );
  }

  /**
   * Timeliness of `period` as of D per district and kind (deadlines.md §4), computed by the
   * domain over the counted cases, which three key-bounded Queries per district fetch.
   */
  async metrics(regions: readonly string[], period: string, asOf: string): Promise<CaseMetric[]> {
    const { from, to } = periodDays(period);
    // dueOn in the period and before D.
    const last = to < asOf ? to : addDays(asOf, -1);
    if (last < from) return [];
    const counted: Case[] = [];
    for (const region of [...new Set(regions)].sort()) {
      for (const state of COUNTED_STATES) {
        const items = await queryAll(this.doc, {
          ...this.queueQuery(region, { state, dueAfter: from, dueBefore: last }),
        });
        counted.push(...items.map((i) => i.data as Case));
      }
    }
    return caseMetrics(counted, period, asOf);
  }

  private queueQuery(region: string, f: CaseFilters) {
    const values: Record<string, unknown> = { ':pk': keys.casesInRegion(region) };
    let condition = 'gsi1pk = :pk';
    if (f.state !== undefined) {
      // `{state}#{dueOn}#{caseId}`: the due bounds are a range within the state.
      values[':from'] = `${f.state}#${f.dueAfter ?? ''}`;
      values[':to'] = `${f.state}#${f.dueBefore ?? '9999-12-31'}#~`;
      condition += ' AND gsi1sk BETWEEN :from AND :to';
    }
    const filters: string[] = [];
    const names: Record<string, string> = {};
    if (f.kind !== undefined) {
      filters.push('#data.#kind = :kind');
      values[':kind'] = f.kind;
      Object.assign(names, { '#data': 'data', '#kind': 'kind' });
    }
    // Without a state, due bounds cannot be a key condition (the state comes first): filter.
    if (f.state === undefined && f.dueAfter !== undefined) {
      filters.push('#data.#dueOn >= :after');
      values[':after'] = f.dueAfter;
      Object.assign(names, { '#data': 'data', '#dueOn': 'dueOn' });
    }
    if (f.state === undefined && f.dueBefore !== undefined) {
      filters.push('#data.#dueOn <= :before');
      values[':before'] = f.dueBefore;
      Object.assign(names, { '#data': 'data', '#dueOn': 'dueOn' });
    }
    return {
      TableName: this.table,
      IndexName: GSI_LATEST_BY_REGION,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: values,
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
    };
  }
}
