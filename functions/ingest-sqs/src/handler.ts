// Lambda: one record per SQS message, wired to the table and the quarantine bucket named in the
// environment.

import { type IngestSqsDeps, makeIngestSqsHandler } from '@fenji/app/ingest';
import { ingestDepsFromEnv, lazyAsync } from '@fenji/app/shared';
import { systemClock } from '@fenji/domain';

export const depsFromEnv = (): Promise<IngestSqsDeps> => ingestDepsFromEnv(systemClock);

export const handler = makeIngestSqsHandler(lazyAsync(depsFromEnv));
