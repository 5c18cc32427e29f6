// Lambda: one record per SQS message, wired to the table and the quarantine bucket named in the
// environment.
import { type IngestSqsDeps, ingestDepsFromEnv, lazyAsync, makeIngestSqsHandler } from '@fenji/app';

export const depsFromEnv: () => Promise<IngestSqsDeps> = ingestDepsFromEnv;

export const handler = makeIngestSqsHandler(lazyAsync(depsFromEnv));
