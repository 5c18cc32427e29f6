// The published double-random plans (grading-model.md §10): PLAN#period holds the plan's
// metadata once drawn (META) and, for a draw through the API, the claim that makes a period be
// drawn once (CLAIM). The plan's CSV lives in the exports bucket; META names it.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './table.ts';

export interface PlanStoreOptions {
  doc: DynamoDBDocumentClient;
  table: string;
}

export class PlanStore {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;

  constructor(options: PlanStoreOptions) {
    this.doc = options.doc;
    this.table = options.table;
  }

  /** Publishes a drawn plan's metadata, with where its CSV is. */
  async publish(period: string, meta: Record<string, unknown>): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { pk: keys.plan(period), sk: keys.planMeta, ...meta } }),
    );
  }

  /** The plan's published metadata, or null. */
  async meta(period: string): Promise<Record<string, unknown> | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: keys.plan(period), sk: keys.planMeta } }),
    );
    if (!out.Item) return null;
    const { pk: _pk, sk: _sk, ...meta } = out.Item;
    return meta;
  }

  /** Claims the draw of a period; false when it is claimed already (drawn, or being drawn). */
  async claim(period: string, claim: Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...claim, pk: keys.plan(period), sk: keys.planClaim },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Releases a claim whose draw failed, so the period can be drawn again. */
  async releaseClaim(period: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: { pk: keys.plan(period), sk: keys.planClaim } }),
    );
  }
}
