// Small derived indexes kept beside the records they come from, so grading never scans:
// - every profile is listed by shard on GSI3 (full runs);
// - penalties that list an enterprise or revoke a licence are copied to the DISCIPLINE
//   partition (the joint-discipline sources and the person bars, grading-model.md §8);
// - enterprises are listed under their legal representative's ID hash, so a new bar on a
//   person marks every enterprise they run for regrading (FSL Art. 135).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AnyRecord, Penalty } from '@fenji/domain';
import { queryAll } from './batch.ts';
import { keys, shardOf } from './table.ts';

export const isDisciplineSource = (p: Penalty) => p.seriousListing || p.measures.includes('license_revoked');

/** Legal-representative index items (idempotent puts, batched by the caller). */
export function legalRepItems(records: readonly AnyRecord[]): Record<string, unknown>[] {
  return records.flatMap((r) =>
    r.type === 'enterprise' && r.legalRepId
      ? [{ pk: keys.legalRep(r.legalRepId.hash), sk: keys.enterprise(r.uscc), uscc: r.uscc }]
      : [],
  );
}

/**
 * Extra attributes of the record item itself: profiles by shard (GSI3) and by name within their
 * district (GSI1, the API's enterprise search — a prefix Query, never a Scan); disposals by their
 * sample (GSI1), because a disposal naming another enterprise still belongs to the sample's case.
 * A new version of a profile rewrites the item, so a renamed or moved enterprise is found under
 * its new name and district only.
 */
export function indexAttributes(record: AnyRecord, shards: number): Record<string, string> {
  if (record.type === 'enterprise') {
    return {
      gsi3pk: keys.enterpriseShard(shardOf(record.uscc, shards)),
      gsi3sk: record.uscc,
      gsi1pk: keys.enterpriseNames(record.region),
      gsi1sk: keys.enterpriseByName(record.name, record.uscc),
    };
  }
  if (record.type === 'disposal') {
    return { gsi1pk: keys.disposalOfSampling(record.samplingRecordId), gsi1sk: record.uscc };
  }
  return {};
}

/**
 * Maintains the derived items of `record`, BEFORE the record itself is written: if a write
 * fails, the redelivered record is not a duplicate yet and everything is redone. A slower
 * writer of an older version never overwrites a newer copy (conditional on `version`).
 * Returns enterprises to mark dirty besides the record's own.
 */
export async function updateIndexes(
  doc: DynamoDBDocumentClient,
  table: string,
  record: AnyRecord,
  /** The stored version this record replaces, if any. */
  previous?: AnyRecord,
): Promise<string[]> {
  if (record.type !== 'penalty') return [];
  const before = previous?.type === 'penalty' ? previous : undefined;
  // A first version that neither lists nor revokes has no index entry to remove.
  if (!before && !isDisciplineSource(record)) return [];
  const key = { pk: keys.discipline, sk: keys.disciplinePenalty(record.recordId) };
  const olderOnly = {
    ConditionExpression: 'attribute_not_exists(pk) OR version <= :v',
    ExpressionAttributeValues: { ':v': record.version },
  };
  try {
    if (!isDisciplineSource(record)) {
      // A correction may have dropped the listing or the revocation.
      await doc.send(new DeleteCommand({ TableName: table, Key: key, ...olderOnly }));
    } else {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { ...key, uscc: record.uscc, version: record.version, data: record },
          ...olderOnly,
        }),
      );
    }
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return []; // a newer version is indexed already
    throw e;
  }
  // Everyone barred before or after this version (FSL Art. 135): a correction that lifts a bar
  // regrades the enterprises its people run just as a new bar does.
  const barred = (p: Penalty | undefined) =>
    p?.status === 'active' && p.measures.includes('license_revoked') ? p.persons : [];
  const hashes = new Set([...barred(before), ...barred(record)].map((person) => person.id.hash));
  const affected: string[] = [];
  for (const hash of hashes) {
    const out = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.legalRep(hash) },
      }),
    );
    for (const item of out.Items ?? []) affected.push(item.uscc as string);
  }
  return affected;
}

/** Every stored penalty that lists or revokes (any status: grading filters by asOf and status). */
export async function disciplinePenalties(doc: DynamoDBDocumentClient, table: string): Promise<Penalty[]> {
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.discipline },
  });
  return items.map((item) => item.data as Penalty);
}
