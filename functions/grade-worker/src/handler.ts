// Lambda: grades one shard per grade-queue message, wired to the table and the event bus named in
// the environment.
import { type GradeShardDeps, makeWorkerHandler } from '@fenji/app/grading';
import {
  dynamoDocumentClient,
  EventBridgeClient,
  eventBridgePublisher,
  lazy,
  loadConfig,
  required,
} from '@fenji/app/shared';
import { systemClock } from '@fenji/domain';
import { AssessmentStore, CaseStore, RecordStore, RunStore } from '@fenji/store';

export function depsFromEnv(): GradeShardDeps {
  const config = loadConfig();
  const doc = dynamoDocumentClient(config);
  const table = config.TABLE_NAME;
  return {
    records: new RecordStore({ doc, table, shards: config.GRADE_SHARDS, clock: systemClock }),
    assessments: new AssessmentStore({ doc, table, shards: config.GRADE_SHARDS }),
    cases: new CaseStore({ doc, table }),
    runs: new RunStore({ doc, table }),
    events: eventBridgePublisher(
      new EventBridgeClient({ region: config.AWS_REGION }),
      required(config.EVENT_BUS_NAME, 'EVENT_BUS_NAME'),
    ),
    clock: systemClock,
  };
}

export const handler = makeWorkerHandler(lazy(depsFromEnv));
