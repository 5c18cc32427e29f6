// The impact worker's queue: one message per job, naming the job only (its inputs, a posted rule
// set included, are in the job item: a message stays far below SQS's 256 KiB).
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface ImpactJobMessage {
  jobId: string;
}

export interface ImpactQueue {
  send(message: ImpactJobMessage): Promise<void>;
}

export function sqsImpactQueue(sqs: SQSClient, queueUrl: string): ImpactQueue {
  return {
    async send(message) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
    },
  };
}

/** An in-process queue that also says when every job it was given has run. */
export interface InProcessImpactQueue extends ImpactQueue {
  /** Resolves when every job sent so far has finished (done, failed or skipped). */
  idle(): Promise<void>;
}

/**
 * The local runtime's queue (npm run serve, the tests): the job runs in this process right after
 * the request that queued it has been answered, as the impact worker would run it from SQS. A
 * failure that escapes the job (the job itself records its own) goes to `onError`.
 */
export function inProcessImpactQueue(
  run: (message: ImpactJobMessage) => Promise<unknown>,
  onError: (error: unknown, message: ImpactJobMessage) => void = () => {},
): InProcessImpactQueue {
  const pending = new Set<Promise<void>>();
  return {
    async send(message) {
      const job: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => run(message))
        .then(
          () => undefined,
          (e) => onError(e, message),
        )
        .finally(() => pending.delete(job));
      pending.add(job);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
