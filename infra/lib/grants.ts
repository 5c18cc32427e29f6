// Least-privilege statements, written out action by action instead of the CDK grant helpers
// (which add wildcards such as `kms:GenerateDataKey*`, `s3:GetObject*` or `<table>/index/*`).
// Each function's role is built from these and nothing else.
import { Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { FenjiFunction } from './fenji-function.ts';

/** Every read the store makes: single items, batches, and Queries (never a Scan). */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;

/** Writes the store makes when grading (it never calls TransactWriteItems). */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] as const;

/**
 * Writes of the record-parsing functions: the grading ones, and UpdateItem for the person-bar
 * items (one attribute per penalty, so two penalties naming one person never overwrite each
 * other) and for the repair of a stored item's index attributes.
 */
export const RECORD_WRITE_ACTIONS = [...TABLE_WRITE_ACTIONS, 'dynamodb:UpdateItem'] as const;

/** KMS for reading what is encrypted with the key (table items, objects, messages, the secret). */
export const KEY_DECRYPT = ['kms:Decrypt', 'kms:DescribeKey'] as const;
/** KMS for writing: DynamoDB and S3 ask for data keys on the caller's behalf. */
export const KEY_ENCRYPT = ['kms:Encrypt', 'kms:GenerateDataKey'] as const;

export function tableRead(table: ITable, indexNames: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    actions: [...TABLE_READ_ACTIONS],
    resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
  });
}

/**
 * Writes on the table; with `partitionKeyPatterns` only on items whose partition key matches
 * (IAM condition dynamodb:LeadingKeys — e.g. `RUN#*` for the run header of a new run).
 */
export function tableWrite(
  table: ITable,
  actions: readonly string[],
  partitionKeyPatterns?: readonly string[],
): PolicyStatement {
  return new PolicyStatement({
    actions: [...actions],
    resources: [table.tableArn],
    ...(partitionKeyPatterns
      ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitionKeyPatterns] } } }
      : {}),
  });
}

export function keyUse(key: IKey, actions: readonly string[]): PolicyStatement {
  return new PolicyStatement({ actions: [...new Set(actions)], resources: [key.keyArn] });
}

/** s3:ListBucket: without it S3 answers a missing key with 403 instead of the 404 the handlers expect. */
export function bucketList(bucket: IBucket): PolicyStatement {
  return new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] });
}

/**
 * Object actions on key patterns of one bucket. Object ARNs need a wildcard; cdk-nag's IAM5
 * finding for each pattern is acknowledged here, naming the pattern and why the function needs it.
 */
export function grantObjects(
  fn: FenjiFunction,
  bucket: IBucket,
  patterns: readonly string[],
  actions: readonly string[],
  why: string,
): void {
  const consumer = Stack.of(fn);
  const producer = Stack.of(bucket);
  // Across stacks, refer to the bucket through its export, exactly as CDK would: the reference
  // then has a name known now, which the acknowledgement must quote.
  const bucketArn = producer === consumer ? bucket.bucketArn : producer.exportValue(bucket.bucketArn);
  fn.grant(new PolicyStatement({ actions: [...actions], resources: patterns.map((p) => `${bucketArn}/${p}`) }));
  for (const p of patterns) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagName(consumer.resolve(`${bucketArn}/${p}`))}]`,
      reason: `${why}: ${actions.join(', ')} act on objects, whose ARNs need a key pattern; the grant is limited to "${p}" in this one bucket.`,
    });
  }
}

/** cdk-nag's rendering of a resolved CloudFormation value (its flattenCfnReference). */
export function nagName(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (value !== null && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (v['Fn::Join']) {
      const [delimiter, items] = v['Fn::Join'] as [string, unknown[]];
      return items.map(nagName).join(delimiter);
    }
    if (v['Fn::Sub']) return nagName(v['Fn::Sub']);
    if (v['Fn::GetAtt']) {
      const [resource, attribute] = v['Fn::GetAtt'] as [unknown, unknown];
      return `<${nagName(resource)}.${nagName(attribute)}>`;
    }
    if (v['Fn::ImportValue']) return nagName(v['Fn::ImportValue']);
    if (v.Ref) return `<${nagName(v.Ref)}>`;
  }
  return JSON.stringify(value);
}
