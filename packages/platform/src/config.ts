import { z } from 'zod';

/** A setting that is missing or wrong; the message names the variable so operators can fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * Validates environment variables against a zod object schema.
 * Empty strings count as unset, so `FOO=` falls back to the default.
 *
 * @example
 * const config = loadConfig(z.object({ PORT: portSetting(8787) }), process.env);
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: Env,
): z.infer<z.ZodObject<Shape>> {
  const cleaned: Env = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim();
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    const shown = cleaned[name] === undefined ? 'it is not set' : `got ${JSON.stringify(cleaned[name])}`;
    throw new ConfigError(`Invalid setting ${name}: ${issue?.message ?? 'invalid'} (${shown})`);
  }
  return result.data;
}

export const portSetting = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

/** A URL whose scheme must be one of `schemes`. */
export const urlSetting = (schemes: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return schemes.includes(url.protocol.replace(/:$/, '')) && url.host !== '';
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${schemes.map((scheme) => `${scheme}://`).join(' or ')}`,
  );

/** A comma-separated list of Kafka brokers, each `host:port`; parsed into an array. */
export const brokersSetting = () =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter((broker) => broker !== ''),
    )
    .refine(
      (brokers) => brokers.length > 0 && brokers.every((broker) => /^[\w.-]+:\d{1,5}$/.test(broker)),
      'must be a comma-separated list of host:port',
    );

export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error', 'silent']);

/** Settings every topology shares; each runner extends it with its own. */
export const PlatformSettings = z.object({
  LOG_LEVEL: LogLevelSchema.default('info'),
  /** PostgreSQL server (self-hosted) or Neon (edge); unset means embedded PGlite. */
  DATABASE_URL: urlSetting(['postgres', 'postgresql']).optional(),
  /** Redis server for cache, rate limits and realtime fan-out; unset means in-memory. */
  REDIS_URL: urlSetting(['redis', 'rediss']).optional(),
  UPSTASH_REDIS_REST_URL: urlSetting(['https', 'http']).optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
  /** Apache Kafka brokers for the event bus; unset means the Postgres log in the platform database. */
  KAFKA_BROKERS: brokersSetting().optional(),
  /** Partitions of each event topic when it is first created (Kafka and the Postgres log). */
  KAFKA_PARTITIONS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 256')
    .max(256, 'must be between 1 and 256')
    .default(4),
  /**
   * Days handled events stay in the Postgres log and published rows in the outboxes before an
   * hourly job prunes them (events some consumer group has not handled are never pruned).
   */
  EVENT_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 3650')
    .max(3650, 'must be between 1 and 3650')
    .default(7),
  /**
   * Shared by the gateway and the services to sign and check the verified identity the gateway
   * forwards. Embedded: generated per process when unset. Self-hosted and edge: set it (≥ 32 chars).
   */
  INTERNAL_IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});
export type PlatformConfig = z.infer<typeof PlatformSettings>;
