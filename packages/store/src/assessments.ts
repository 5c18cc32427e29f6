// Assessments: the latest per enterprise (listed by region and grade on GSI1, by next change
// date on GSI3) and a history row per change — written only when the result changed — plus a
// history row per enterprise for each re-grade of a past date.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Assessment } from '@fenji/domain';
import { batchWrite, queryAll } from './batch.ts';
import { queryPaced } from './indexes.ts';
import {
  GSI_DIRTY,
  GSI_LATEST_BY_REGION,
  GSI_NEXT_CHANGE,
  keys,
  REGIONS_PK,
  regionRegistryItems,
  shardOf,
} from './table.ts';

export interface StoredAssessment extends Assessment {
  /** The grading run that wrote it; a retried shard skips enterprises this run already did. */
  runId: string;
}

export interface AssessmentWrite {
  assessment: StoredAssessment;
  /** false: only asOf / nextChangeOn moved on — update the latest, add no history row. */
  history: boolean;
  /** Events published for this change: a retried shard reports them again from here. */
  events?: number;
  /** The dirty mark this grading consumed: a retried shard clears that mark and no newer one. */
  consumedMark?: string;
}

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
export function decodeCursor(cursor: string | undefined | null): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object') return key;
  } catch {}
  throw new RangeError('cursor is not one this API issued');
}

const historyItem = (a: StoredAssessment) => ({
  pk: keys.enterprise(a.uscc),
  sk: keys.assessmentHistory(a.asOf, a.runId),
  data: a,
});

export class AssessmentStore {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
  readonly shards: number;
  private readonly registeredRegions = new Set<string>();

  constructor(options: { doc: DynamoDBDocumentClient; table: string; shards?: number }) {
    this.doc = options.doc;
    this.table = options.table;
    this.shards = options.shards ?? 16;
  }

  /**
   * Batched (25 per BatchWriteItem, UnprocessedItems retried): history rows first, then the
   * latest rows, so a crash between the two leaves no latest row that claims a change its run
   * has no history row for (a retried shard counts the enterprise from that row).
   */
  async write(writes: readonly AssessmentWrite[]): Promise<void> {
    const history: { PutRequest: { Item: Record<string, unknown> } }[] = writes
      .filter((w) => w.history)
      .map(({ assessment }) => ({ PutRequest: { Item: historyItem(assessment) } }));
    const latest = writes.map(({ assessment: a, events, consumedMark }) => ({
      PutRequest: {
        Item: {
          pk: keys.enterprise(a.uscc),
          sk: keys.latestAssessment,
          gsi1pk: keys.region(a.region),
          gsi1sk: keys.gradeInRegion(a.riskGrade, a.uscc),
          ...(a.nextChangeOn
            ? { gsi3pk: keys.nextChangeShard(shardOf(a.uscc, this.shards)), gsi3sk: `${a.nextChangeOn}#${a.uscc}` }
            : {}),
          ...(events === undefined ? {} : { events }),
          ...(consumedMark === undefined ? {} : { consumedMark }),
          data: a,
        },
      },
    }));
    // The API's city- and province-wide listings name their district partitions from this
    // registry; each store instance reads it once and writes only the regions it lacks. Writing
    // every region a worker meets put workers × regions writes on the one REGIONS key per run
    // (a message holds enterprises of many districts), more than its 1,000 units a second allow.
    const known = await this.knownRegions();
    const newRegions = [...new Set(writes.map((w) => w.assessment.region))].filter((r) => !known.has(r));
    history.push(...regionRegistryItems(newRegions).map((Item) => ({ PutRequest: { Item } })));
    await batchWrite(this.doc, this.table, history);
    await batchWrite(this.doc, this.table, latest);
    for (const r of newRegions) this.registeredRegions.add(r);
  }

  private registryRead: Promise<void> | undefined;

  /** The registered regions, read once per store instance (one small Query of REGIONS). */
  private async knownRegions(): Promise<Set<string>> {
    this.registryRead ??= queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': REGIONS_PK },
      ProjectionExpression: '#r',
      ExpressionAttributeNames: { '#r': 'region' },
    }).then(
      (items) => {
        for (const i of items) this.registeredRegions.add(i.region as string);
      },
      (e: unknown) => {
        this.registryRead = undefined; // read again by the next write
        throw e;
      },
    );
    await this.registryRead;
    return this.registeredRegions;
  }

  /**
   * A re-grade's history row (a past date): written once, never over a row already there, so
   * a shard redriven days later cannot rewrite what its run recorded at the time. Returns
   * whether it was written.
   */
  async writePastHistory(assessment: StoredAssessment): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: historyItem(assessment),
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Whether this run wrote a history row for the enterprise (a retried shard recounts it). */
  async hasHistory(uscc: string, asOf: string, runId: string): Promise<boolean> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: keys.enterprise(uscc), sk: keys.assessmentHistory(asOf, runId) },
        ProjectionExpression: 'pk',
        ConsistentRead: true,
      }),
    );
    return out.Item !== undefined;
  }

  /** A deregistered enterprise gets no assessment (grading-model.md §1); its history stays. */
  async removeLatest(uscc: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: { pk: keys.enterprise(uscc), sk: keys.latestAssessment } }),
    );
  }

  /** Enterprises with new records since they were last graded (sparse GSI2). */
  async dirty(shard: number): Promise<{ uscc: string; markedAt: string }[]> {
    return this.queryAll(
      GSI_DIRTY,
      'gsi2pk = :pk',
      { ':pk': keys.dirtyShard(shard) },
      (i) => ({ uscc: i.uscc as string, markedAt: i.markedAt as string }),
      ['uscc', 'markedAt'],
    );
  }

  /** Enterprises whose result may change on or before asOf with no new record (GSI3). */
  async dueForChange(shard: number, asOf: string): Promise<string[]> {
    return this.queryAll(
      GSI_NEXT_CHANGE,
      'gsi3pk = :pk AND gsi3sk <= :to',
      { ':pk': keys.nextChangeShard(shard), ':to': `${asOf}#~` },
      (i) => (i.gsi3sk as string).split('#')[1] as string,
      ['gsi3sk'],
    );
  }

  /** Every enterprise profile of a shard (GSI3), for full runs. */
  async enterprises(shard: number): Promise<string[]> {
    return this.queryAll(
      GSI_NEXT_CHANGE,
      'gsi3pk = :pk',
      { ':pk': keys.enterpriseShard(shard) },
      (i) => i.gsi3sk as string,
      ['gsi3sk'],
    );
  }

  /**
   * Removes the dirty marker only if no record arrived since the worker read it: a record
   * stored while grading ran leaves the enterprise dirty for the next run.
   */
  async clearDirty(uscc: string, markedAt: string): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: keys.enterprise(uscc), sk: keys.dirty },
          ConditionExpression: 'markedAt = :m',
          ExpressionAttributeValues: { ':m': markedAt },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Latest assessments of a region, by grade then uscc (GSI1) — never a scan. */
  async byRegion(
    region: string,
    options: { riskGrade?: string; limit?: number; cursor?: string | null } = {},
  ): Promise<Page<StoredAssessment>> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: GSI_LATEST_BY_REGION,
        KeyConditionExpression: options.riskGrade ? 'gsi1pk = :pk AND begins_with(gsi1sk, :g)' : 'gsi1pk = :pk',
        ExpressionAttributeValues: {
          ':pk': keys.region(region),
          ...(options.riskGrade ? { ':g': `GRADE#${options.riskGrade}#` } : {}),
        },
        Limit: options.limit ?? 100,
        ExclusiveStartKey: decodeCursor(options.cursor),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => i.data as StoredAssessment),
      cursor: encodeCursor(out.LastEvaluatedKey),
    };
  }

  /** History of one enterprise, newest first. */
  async history(
    uscc: string,
    options: { limit?: number; cursor?: string | null } = {},
  ): Promise<Page<StoredAssessment>> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        // History rows sort by date between these bounds; ASMT#LATEST sorts after them.
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.enterprise(uscc), ':from': 'ASMT#0', ':to': 'ASMT#9' },
        ScanIndexForward: false,
        Limit: options.limit ?? 50,
        ExclusiveStartKey: decodeCursor(options.cursor),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => i.data as StoredAssessment),
      cursor: encodeCursor(out.LastEvaluatedKey),
    };
  }

  /**
   * `attributes`: only these come back. The index projects whole items (ALL), so read units are
   * the same, but a full run's scheduler receives and unmarshals one short string per enterprise
   * instead of its whole profile (tens of millions of them at a country's scale).
   */
  private async queryAll<T>(
    index: string,
    condition: string,
    values: Record<string, unknown>,
    map: (item: Record<string, unknown>) => T,
    attributes: readonly string[],
  ): Promise<T[]> {
    // Paced: a full run's scheduler reads whole key shards of GSI3, one Query stream each.
    const items = await queryPaced(this.doc, {
      TableName: this.table,
      IndexName: index,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: values,
      ProjectionExpression: attributes.map((_, n) => `#p${n}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(attributes.map((a, n) => [`#p${n}`, a])),
    });
    return items.map(map);
  }
}
