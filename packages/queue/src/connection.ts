import { Redis } from "ioredis";

/**
 * Where the queue lives: a `redis://` URL (`rediss://` for TLS), or an ioredis client you made (it is
 * shared, and left open when the queue closes).
 *
 * @example
 * ```ts
 * const redis: RedisConnection = "redis://127.0.0.1:6379";
 * ```
 */
export type RedisConnection = string | Redis;

/**
 * The queue's name when none is given: every enqueuer and worker of one account use the same queue, so
 * that its global concurrency is the account's.
 *
 * @example
 * ```ts
 * const queue = new Queue(DEFAULT_QUEUE_NAME, { connection });
 * ```
 */
export const DEFAULT_QUEUE_NAME = "tokenops-videos";

/**
 * A client for BullMQ: its own when given a URL (BullMQ's workers need `maxRetriesPerRequest: null`), and
 * how to let go of it.
 */
export function redisClient(connection: RedisConnection): { redis: Redis; release: () => Promise<void> } {
  if (typeof connection !== "string") return { redis: connection, release: async () => {} };
  if (!/^rediss?:\/\//.test(connection)) {
    throw new TypeError(`queue: "${connection}" is not a Redis URL (expected redis://host:6379 or rediss://…).`);
  }
  const redis = new Redis(connection, { maxRetriesPerRequest: null, lazyConnect: false });
  return {
    redis,
    release: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
