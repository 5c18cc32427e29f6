// Outbound ports of the grading functions and their AWS adapters. The use cases own the
// interfaces; locally and in tests other implementations stand in (the local runtime hands
// shards straight to the worker handler as SQS-shaped events).
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface GradeShardMessage {
  runId: string;
  kind: string;
  asOf: string;
  shard: number;
  usccs: string[];
}

export interface GradeQueue {
  send(messages: readonly GradeShardMessage[]): Promise<void>;
}

export type FenjiEventType =
  | 'GradeChanged'
  | 'CreditClassChanged'
  | 'ListingStarted'
  | 'ListingEnded'
  | 'ListingCandidate'
  | 'CaseOverdue'
  | 'BannedPersonInCharge';

export interface FenjiEvent {
  /** Deterministic (run, enterprise, type): consumers drop duplicates of a retried shard. */
  eventId: string;
  type: FenjiEventType;
  runId: string;
  uscc: string;
  region: string;
  asOf: string;
  detail: Record<string, unknown>;
}

export interface EventPublisher {
  publish(events: readonly FenjiEvent[]): Promise<void>;
}

export const EVENT_SOURCE = 'fenji.grading';

const attemptsMax = 8;
const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(2000, 50 * 2 ** attempt)));

/** SQS SendMessageBatch, 10 per call; failed entries are re-sent, never dropped. */
export function sqsGradeQueue(sqs: SQSClient, queueUrl: string): GradeQueue {
  return {
    async send(messages) {
      for (let i = 0; i < messages.length; i += 10) {
        let pending = messages.slice(i, i + 10).map((m, j) => ({ Id: String(i + j), MessageBody: JSON.stringify(m) }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt >= attemptsMax) throw new Error(`SQS: ${pending.length} grade shards could not be sent`);
          if (attempt > 0) await pause(attempt);
          const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
          const failed = new Set((out.Failed ?? []).map((f) => f.Id));
          pending = pending.filter((e) => failed.has(e.Id));
        }
      }
    },
  };
}

/** EventBridge PutEvents, 10 per call; failed entries are re-sent, never dropped. */
export function eventBridgePublisher(client: EventBridgeClient, busName: string): EventPublisher {
  return {
    async publish(events) {
      for (let i = 0; i < events.length; i += 10) {
        let pending: PutEventsRequestEntry[] = events.slice(i, i + 10).map((e) => ({
          EventBusName: busName,
          Source: EVENT_SOURCE,
          DetailType: e.type,
          Detail: JSON.stringify({
            eventId: e.eventId,
            runId: e.runId,
            uscc: e.uscc,
            region: e.region,
            asOf: e.asOf,
            ...e.detail,
          }),
        }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt >= attemptsMax) throw new Error(`EventBridge: ${pending.length} events could not be published`);
          if (attempt > 0) await pause(attempt);
          const out = await client.send(new PutEventsCommand({ Entries: pending }));
          pending = pending.filter((_, n) => out.Entries?.[n]?.ErrorCode);
        }
      }
    },
  };
}

export { EventBridgeClient };
