// Handler configuration from the environment, validated once per cold start with a message
// an on-call engineer can act on.
import { z } from 'zod';

const schema = z.object({
  TABLE_NAME: z.string().min(3),
  RECORDS_BUCKET: z.string().min(3).optional(),
  QUARANTINE_BUCKET: z.string().min(3).optional(),
  EXPORTS_BUCKET: z.string().min(3).optional(),
  /** Key of the HMAC that turns personal ID numbers into matchable hashes (records.md §3). */
  FENJI_ID_KEY: z
    .string()
    .min(32, 'FENJI_ID_KEY must be at least 32 characters (a secret, e.g. 64 hex chars)')
    .optional(),
  /** In the cloud the HMAC key lives in Secrets Manager; the function reads it at cold start. */
  FENJI_ID_KEY_SECRET_ARN: z.string().min(20).optional(),
  GRADE_SHARDS: z.coerce.number().int().min(1).max(1000).default(16),
  /** Enterprises per grade-queue message. */
  SHARD_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  GRADE_QUEUE_URL: z.string().min(1).optional(),
  /** The impact worker's queue (POST /impact sends a job there). */
  IMPACT_QUEUE_URL: z.string().min(1).optional(),
  EVENT_BUS_NAME: z.string().min(1).optional(),
  /** Local runtime only: the embedded dynalite / s3rver endpoints. */
  FENJI_DYNAMODB_ENDPOINT: z.string().url().optional(),
  FENJI_S3_ENDPOINT: z.string().url().optional(),
  AWS_REGION: z.string().default('cn-north-1'),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`fenji configuration is incomplete: ${problems}`);
  }
  return parsed.data;
}

/** Builds once, on first use: a cold start reads the configuration only when a handler runs. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/** A setting only some handlers need: absent is a configuration error that names it. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`fenji configuration is incomplete: ${name} is required by this function`);
  return value;
}

/** The HMAC key for ID numbers: FENJI_ID_KEY (local), else the secret named by FENJI_ID_KEY_SECRET_ARN. */
export async function resolveIdKey(config: Config): Promise<string> {
  if (config.FENJI_ID_KEY) return config.FENJI_ID_KEY;
  if (!config.FENJI_ID_KEY_SECRET_ARN) {
    throw new Error(
      'fenji configuration is incomplete: set FENJI_ID_KEY or FENJI_ID_KEY_SECRET_ARN (the ID-number HMAC key)',
    );
  }
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const key = await getSecret(config.FENJI_ID_KEY_SECRET_ARN, { maxAge: 900 });
  if (typeof key !== 'string' || key.length < 32)
    throw new Error('the ID-number HMAC secret must be a string of at least 32 characters');
  return key;
}

/** Like lazy(), for an async build: one promise per container, retried if it failed. */
export function lazyAsync<T>(build: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= build().catch((e) => {
      value = undefined;
      throw e;
    });
    return value;
  };
}
