// Read models of the HTTP API (packages/app/src/api): single-item reads, the region-scoped listing of
// latest assessments on GSI1 (filters applied in the Query, never a Scan), the enterprise search
// by name prefix (GSI1 `NAMES#{district}`), the registry of regions that have assessments.
// Plans have their own store (plans.ts), runs theirs (runs.ts).
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Enterprise, Grade } from '@fenji/domain';
import type { StoredAssessment } from './assessments.ts';
import { batchGet, batchWrite, type ListingPosition, pageAcrossRegions } from './batch.ts';
import {
  GSI_LATEST_BY_REGION,
  GSI_NEXT_CHANGE,
  keys,
  REGIONS_PK,
  regionRegistryItems,
  searchableName,
} from './table.ts';

export interface LatestFilters {
  riskGrade?: Grade;
  creditClass?: Grade;
  keyInspection?: boolean;
}

export interface ListingPage {
  items: StoredAssessment[];
  next: ListingPosition | null;
  /** Queries this page cost (a selective filter reads more than it returns). */
  queries: number;
}

export interface EnterprisePage {
  items: Enterprise[];
  next: ListingPosition | null;
  queries: number;
}

export interface ApiQueriesOptions {
  doc: DynamoDBDocumentClient;
  table: string;
  /** Grading shards: the fallback region discovery lists profiles by shard on GSI3. */
  shards?: number;
  /** How long a container reuses the region list. */
  regionsTtlMs?: number;
  /** Milliseconds on a monotonic timer, for the cache's age (no business date depends on it). */
  elapsedMs?: () => number;
}

export class ApiQueries {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
  readonly shards: number;
  readonly regionsTtlMs: number;
  readonly elapsedMs: () => number;
  private regionsCache: { at: number; regions: Promise<string[]> } | undefined;

  constructor(options: ApiQueriesOptions) {
    this.doc = options.doc;
    this.table = options.table;
    this.shards = options.shards ?? 16;
    this.regionsTtlMs = options.regionsTtlMs ?? 300_000;
    this.elapsedMs = options.elapsedMs ?? (() => performance.now());
  }

  async latest(uscc: string): Promise<StoredAssessment | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: keys.enterprise(uscc), sk: keys.latestAssessment } }),
    );
    return (out.Item?.data as StoredAssessment | undefined) ?? null;
  }

  async profile(uscc: string): Promise<Enterprise | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: keys.enterprise(uscc), sk: keys.profile } }),
    );
    return (out.Item?.data as Enterprise | undefined) ?? null;
  }

  /** Profiles by uscc (BatchGetItem); absent ones are left out. */
  async profiles(usccs: readonly string[]): Promise<Map<string, Enterprise>> {
    const items = await batchGet<Record<string, unknown>>(
      this.doc,
      this.table,
      usccs.map((u) => ({ pk: keys.enterprise(u), sk: keys.profile })),
    );
    return new Map(items.map((i) => [(i.data as Enterprise).uscc, i.data as Enterprise]));
  }

  /** Latest assessments by uscc (BatchGetItem); enterprises without one are left out. */
  async latestOf(usccs: readonly string[]): Promise<Map<string, StoredAssessment>> {
    const items = await batchGet<Record<string, unknown>>(
      this.doc,
      this.table,
      usccs.map((u) => ({ pk: keys.enterprise(u), sk: keys.latestAssessment })),
    );
    return new Map(items.map((i) => [(i.data as StoredAssessment).uscc, i.data as StoredAssessment]));
  }

  /**
   * One page of the profiles over the districts `regions` whose name starts with `prefix`
   * (district code order, then name and uscc as GSI1 sorts `{name}#{uscc}`): a begins_with key
   * condition on each district's `NAMES#` partition — Queries only, never a Scan. A page may
   * cross districts; an empty district costs one Query, at most `maxQueries` per page.
   */
  async findByName(
    regions: readonly string[],
    prefix: string,
    limit: number,
    from?: ListingPosition | null,
    maxQueries = 25,
  ): Promise<EnterprisePage> {
    const q = searchableName(prefix);
    return pageAcrossRegions<Enterprise>(
      this.doc,
      regions,
      { limit, from, maxQueries },
      {
        pkName: 'gsi1pk',
        pk: keys.enterpriseNames,
        query: (region) => ({
          TableName: this.table,
          IndexName: GSI_LATEST_BY_REGION,
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :q)',
          ExpressionAttributeValues: { ':pk': keys.enterpriseNames(region), ':q': q },
        }),
      },
    );
  }

  /**
   * One page of latest assessments over `regions` (region code order, then grade and uscc as
   * GSI1 sorts them). Grade is a key condition; credit class and key inspection are a
   * FilterExpression of the same Query. DynamoDB applies Limit before the filter, so a page is
   * filled by further Queries from where the previous one stopped, at most `maxQueries` of them;
   * a short page with a `next` position is still a correct page.
   */
  async listLatest(
    regions: readonly string[],
    filters: LatestFilters,
    limit: number,
    from?: ListingPosition | null,
    maxQueries = 25,
  ): Promise<ListingPage> {
    return pageAcrossRegions<StoredAssessment>(
      this.doc,
      regions,
      { limit, from, maxQueries },
      { pkName: 'gsi1pk', pk: keys.region, query: (region) => latestQuery(this.table, region, filters) },
    );
  }

  /**
   * Region codes with assessments, from the registry; when the registry is still empty (a table
   * graded before it existed), derived once per container from the profiles listed by shard on
   * GSI3 — Queries, never a Scan.
   */
  async regions(): Promise<string[]> {
    const now = this.elapsedMs();
    if (!this.regionsCache || now - this.regionsCache.at > this.regionsTtlMs) {
      const regions = this.loadRegions();
      this.regionsCache = { at: now, regions };
      regions.catch(() => {
        if (this.regionsCache?.regions === regions) this.regionsCache = undefined;
      });
    }
    return this.regionsCache.regions;
  }

  async registerRegions(regions: Iterable<string>): Promise<void> {
    await batchWrite(
      this.doc,
      this.table,
      regionRegistryItems(regions).map((Item) => ({ PutRequest: { Item } })),
    );
    this.regionsCache = undefined;
  }

  private async loadRegions(): Promise<string[]> {
    const registered = new Set<string>();
    await this.queryPages({ pk: REGIONS_PK }, undefined, (i) => registered.add(i.region as string));
    if (registered.size > 0) return [...registered].sort();
    const derived = new Set<string>();
    for (let shard = 0; shard < this.shards; shard++) {
      await this.queryPages({ gsi3pk: keys.enterpriseShard(shard) }, GSI_NEXT_CHANGE, (i) => {
        const region = (i.data as { region?: unknown } | undefined)?.region;
        if (typeof region === 'string') derived.add(region);
      });
    }
    return [...derived].sort();
  }

  private async queryPages(
    key: { pk: string } | { gsi3pk: string },
    index: string | undefined,
    each: (item: Record<string, unknown>) => void,
  ): Promise<void> {
    const [name, value] = Object.entries(key)[0] as [string, string];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          ...(index ? { IndexName: index, ProjectionExpression: '#data.#region' } : {}),
          KeyConditionExpression: '#k = :k',
          ExpressionAttributeNames: { '#k': name, ...(index ? { '#data': 'data', '#region': 'region' } : {}) },
          ExpressionAttributeValues: { ':k': value },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) each(item);
      start = page.LastEvaluatedKey;
    } while (start);
  }
}

function latestQuery(table: string, region: string, filters: LatestFilters) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': keys.region(region) };
  let condition = 'gsi1pk = :pk';
  if (filters.riskGrade) {
    condition += ' AND begins_with(gsi1sk, :g)';
    values[':g'] = `GRADE#${filters.riskGrade}#`;
  }
  const filter: string[] = [];
  if (filters.creditClass) {
    filter.push('#data.#creditClass = :creditClass');
    names['#creditClass'] = 'creditClass';
    values[':creditClass'] = filters.creditClass;
  }
  if (filters.keyInspection !== undefined) {
    filter.push('#data.#keyInspection = :keyInspection');
    names['#keyInspection'] = 'keyInspection';
    values[':keyInspection'] = filters.keyInspection;
  }
  if (filter.length > 0) names['#data'] = 'data';
  return {
    TableName: table,
    IndexName: GSI_LATEST_BY_REGION,
    KeyConditionExpression: condition,
    ...(filter.length > 0 ? { FilterExpression: filter.join(' AND '), ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
}
