// Small derived indexes kept beside the records they come from, so grading never scans:
// - every profile is listed by shard on GSI3 (full runs);
// - penalties that list an enterprise or revoke a licence are copied to the DISCIPLINE
//   partition (the joint-discipline sources and the person bars, grading-model.md §8);
// - enterprises are listed under their legal representative's ID hash, so a new bar on a
//   person marks every enterprise they run for regrading (FSL Art. 135).
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AnyRecord, Penalty } from '@fenji/domain';
import { keys, shardOf } from './table.ts';

export const isDisciplineSource = (p: Penalty) => p.seriousListing || p.measures.includes('license_revoked');

/** Extra attributes of the record item itself. */
export function indexAttributes(record: AnyRecord, shards: number): Record<string, string> {
  if (record.type !== 'enterprise') return {};
  return { gsi3pk: keys.enterpriseShard(shardOf(record.uscc, shards)), gsi3sk: record.uscc };
}

/**
 * Maintains the derived items after `record` was stored; returns enterprises to mark dirty
 * besides the record's own.
 */
export async function updateIndexes(doc: DynamoDBDocumentClient, table: string, record: AnyRecord): Promise<string[]> {
  if (record.type === 'enterprise' && record.legalRepId) {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { pk: keys.legalRep(record.legalRepId.hash), sk: keys.enterprise(record.uscc), uscc: record.uscc },
      }),
    );
    return [];
  }
  if (record.type !== 'penalty') return [];
  const key = { pk: keys.discipline, sk: keys.disciplinePenalty(record.recordId) };
  if (!isDisciplineSource(record)) {
    // A correction may have dropped the listing or the revocation.
    await doc.send(new DeleteCommand({ TableName: table, Key: key }));
    return [];
  }
  await doc.send(
    new PutCommand({ TableName: table, Item: { ...key, uscc: record.uscc, version: record.version, data: record } }),
  );
  if (!record.measures.includes('license_revoked')) return [];
  const affected: string[] = [];
  for (const person of record.persons) {
    const out = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.legalRep(person.id.hash) },
      }),
    );
    for (const item of out.Items ?? []) affected.push(item.uscc as string);
  }
  return affected;
}

/** Every stored penalty that lists or revokes (any status: grading filters by asOf and status). */
export async function disciplinePenalties(doc: DynamoDBDocumentClient, table: string): Promise<Penalty[]> {
  const out: Penalty[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.discipline },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) out.push(item.data as Penalty);
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}
