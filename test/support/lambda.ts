// Builds Lambda events from the samples in events/, the way the local runtime and the tests
// drive handlers with exactly what AWS would send.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

const eventsDir = fileURLToPath(new URL('../../events/', import.meta.url));
export const sampleEvent = <T>(name: string): T => JSON.parse(readFileSync(`${eventsDir}${name}`, 'utf8')) as T;

/** An SQS batch of S3 object-created notifications, one message per object. */
export function s3NotificationEvent(objects: { bucket: string; key: string }[]): SQSEvent {
  const template = sampleEvent<SQSEvent>('sqs/s3-object-created.json').Records[0] as SQSRecord;
  const notification = JSON.parse(template.body);
  return {
    Records: objects.map((o, i) => {
      const body = structuredClone(notification);
      body.Records[0].s3.bucket.name = o.bucket;
      // S3 URL-encodes keys in notifications, spaces as '+'.
      body.Records[0].s3.object.key = encodeURIComponent(o.key).replace(/%2F/g, '/').replace(/%20/g, '+');
      return { ...template, messageId: `msg-${i}-${o.key}`, body: JSON.stringify(body) };
    }),
  };
}

/** An SQS batch whose bodies are the given record messages. */
export function recordMessagesEvent(bodies: unknown[]): SQSEvent {
  const template = sampleEvent<SQSEvent>('sqs/records.json').Records[0] as SQSRecord;
  return {
    Records: bodies.map((b, i) => ({
      ...template,
      messageId: `rec-${i}`,
      body: typeof b === 'string' ? b : JSON.stringify(b),
    })),
  };
}

export const lambdaContext = (name = 'fenji-test'): Context =>
  ({
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws-cn:lambda:cn-north-1:123456789012:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'req-0001',
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 300_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

/** Environment for fenji's handlers against an embedded runtime; logs and metrics kept quiet. */
export function handlerEnv(base: Record<string, string>): Record<string, string> {
  return {
    ...base,
    FENJI_ID_KEY: 'test-id-key-0123456789abcdef0123456789abcdef',
    GRADE_SHARDS: '4',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}
