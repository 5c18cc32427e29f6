// SDK clients built once per container from the configuration; locally the endpoints point at
// the embedded runtime (s3rver needs path-style addressing).
import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@fenji/store';
import type { Config } from './config.ts';

export function dynamoDocumentClient(config: Config): DynamoDBDocumentClient {
  return documentClient({
    region: config.AWS_REGION,
    ...(config.FENJI_DYNAMODB_ENDPOINT ? { endpoint: config.FENJI_DYNAMODB_ENDPOINT } : {}),
  });
}

export function s3Client(config: Config): S3Client {
  return new S3Client({
    region: config.AWS_REGION,
    ...(config.FENJI_S3_ENDPOINT
      ? {
          endpoint: config.FENJI_S3_ENDPOINT,
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
  });
}
