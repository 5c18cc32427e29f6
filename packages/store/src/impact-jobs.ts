// Rule-change impact jobs (POST /impact, docs/impact.md "Over the API"): one item per job,
// `IMPACT#<id>` / `JOB`, holding who asked, when, the inputs (a posted rule set included: a
// shipped file is ~23 KB, an item may hold 400 KB) and, once the worker is done, the summary
// figures and where impact.json and impact.html are in the exports bucket — or why it failed.
// Its own partition per job: the API writes only IMPACT#* and PLAN#* (IAM dynamodb:LeadingKeys),
// the impact worker only IMPACT#*.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export const impactKeys = {
  job: (id: string) => `IMPACT#${id}`,
  jobItem: 'JOB',
} as const;

export type ImpactJobState = 'queued' | 'running' | 'done' | 'failed';

export interface ImpactJobInputs {
  /** A shipped rule set's id, or a rule-set object in the shipped file format. */
  rules: string | Record<string, unknown>;
  /** A shipped rule set's id; null: the one in force on asOf. */
  base: string | null;
  asOf: string;
  period: string;
  seed: string;
}

export interface ImpactJob {
  id: string;
  /** The token's subject of whoever asked (null when the token had none). */
  requestedBy: string | null;
  state: ImpactJobState;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  inputs: ImpactJobInputs;
  /** When done: the headline figures and the objects written (ImpactJobResult of @fenji/app). */
  result: Record<string, unknown> | null;
  /** When failed: why, precisely enough to act on. */
  error: string | null;
}

export class ImpactJobStore {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;

  constructor(options: { doc: DynamoDBDocumentClient; table: string }) {
    this.doc = options.doc;
    this.table = options.table;
  }

  private key(id: string) {
    return { pk: impactKeys.job(id), sk: impactKeys.jobItem };
  }

  /** Stores a new job; false when the id is taken. */
  async create(job: ImpactJob): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...job, ...this.key(job.id) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Replaces a job as a whole (the API marks a job it could not queue as failed). */
  async put(job: ImpactJob): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...job, ...this.key(job.id) } }));
  }

  async get(id: string): Promise<ImpactJob | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: this.key(id), ConsistentRead: true }));
    if (!out.Item) return null;
    const { pk: _pk, sk: _sk, ...job } = out.Item;
    return job as ImpactJob;
  }

  /**
   * queued → running. Only a queued job starts: a job found running is another delivery's (the
   * worker decides whether to take it over, takeOver, or record that it died, fail with
   * `startedAt`). False when it is not queued (or gone): nothing to do.
   */
  async start(id: string, at: string): Promise<boolean> {
    return this.transition(id, { from: ['queued'] }, { state: 'running', startedAt: at });
  }

  /**
   * running → running under a new start: a job whose worker stopped (out of memory or time)
   * without marking it, taken over by a later delivery. Only while it is still the run that
   * started at `startedAt`: of two deliveries that find it stale, one takes it over.
   */
  async takeOver(id: string, startedAt: string | null, at: string): Promise<boolean> {
    return this.transition(id, { from: ['running'], startedAt }, { state: 'running', startedAt: at });
  }

  /**
   * running → done. With `startedAt`, only while the job is still the run that started then: a
   * run that lost the job (taken over, or marked failed by a later delivery) records nothing.
   */
  async finish(id: string, at: string, result: Record<string, unknown>, startedAt?: string | null): Promise<boolean> {
    return this.transition(
      id,
      { from: ['running'], startedAt },
      { state: 'done', finishedAt: at, result, error: null },
    );
  }

  /** queued or running → failed; with `startedAt`, only a running job that is still the run that started then. */
  async fail(id: string, at: string, error: string, startedAt?: string | null): Promise<boolean> {
    return this.transition(
      id,
      startedAt === undefined ? { from: ['queued', 'running'] } : { from: ['running'], startedAt },
      { state: 'failed', finishedAt: at, error },
    );
  }

  /**
   * One conditional update: the job exists, is in one of `from` and, when `startedAt` is given,
   * is the run that started then (null: one with no start recorded). False when it is not.
   */
  private async transition(
    id: string,
    when: { from: readonly ImpactJobState[]; startedAt?: string | null },
    set: Record<string, unknown>,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#state': 'state' };
    const values: Record<string, unknown> = {};
    const assignments = Object.entries(set).map(([k, v], i) => {
      names[`#f${i}`] = k;
      values[`:v${i}`] = v;
      return `#f${i} = :v${i}`;
    });
    when.from.forEach((s, i) => {
      values[`:from${i}`] = s;
    });
    const conditions = ['attribute_exists(pk)', `#state IN (${when.from.map((_, i) => `:from${i}`).join(', ')})`];
    if (when.startedAt !== undefined) {
      names['#startedAt'] = 'startedAt';
      if (when.startedAt === null) {
        conditions.push('(attribute_not_exists(#startedAt) OR attribute_type(#startedAt, :null))');
        values[':null'] = 'NULL';
      } else {
        conditions.push('#startedAt = :startedAt');
        values[':startedAt'] = when.startedAt;
      }
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.key(id),
          UpdateExpression: `SET ${assignments.join(', ')}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }
}
