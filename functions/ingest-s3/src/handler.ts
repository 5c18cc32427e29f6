// Lambda: S3 object-created notifications through the ingest queue, wired to the table and the
// buckets named in the environment.
import { type IngestS3Deps, ingestDepsFromEnv, lazyAsync, makeIngestS3Handler } from '@fenji/app';

export const depsFromEnv: () => Promise<IngestS3Deps> = ingestDepsFromEnv;

export const handler = makeIngestS3Handler(lazyAsync(depsFromEnv));
