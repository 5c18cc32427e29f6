// Lambda: S3 object-created notifications through the ingest queue, wired to the table and the
// buckets named in the environment.

import { type IngestS3Deps, makeIngestS3Handler } from '@fenji/app/ingest';
import { ingestDepsFromEnv, lazyAsync } from '@fenji/app/shared';
import { systemClock } from '@fenji/domain';

export const depsFromEnv = (): Promise<IngestS3Deps> => ingestDepsFromEnv(systemClock);

export const handler = makeIngestS3Handler(lazyAsync(depsFromEnv));
