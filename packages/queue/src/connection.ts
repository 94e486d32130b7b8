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
 * import { Queue } from "bullmq";
 *
 * const queue = new Queue(DEFAULT_QUEUE_NAME, { connection: { url: "redis://127.0.0.1:6379" } });
 * console.log(await queue.getJobCounts());
 * ```
 */
export const DEFAULT_QUEUE_NAME = "tokenops-videos";

/**
 * The queue of the saves, beside a video queue: a video whose job completed waits there for a worker to
 * save it. Saving is apart so that it holds none of the account's slots (the video queue's global
 * concurrency counts videos being made at the API, not files being written).
 *
 * @example
 * ```ts
 * savesQueueName(DEFAULT_QUEUE_NAME); // "tokenops-videos-save"
 * ```
 */
export function savesQueueName(queueName: string): string {
  return `${queueName}-save`;
}

/**
 * Connects once to a Redis URL and answers PING, or rejects at once naming the address (never its
 * password): an enqueuer or a follower should not wait forever for a Redis that is not there.
 *
 * @example
 * ```ts
 * await probeRedis("redis://127.0.0.1:6379"); // throws "cannot reach Redis at redis://127.0.0.1:6379 (…)"
 * ```
 */
export async function probeRedis(url: string): Promise<void> {
  checkUrl(url);
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 10_000,
  });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const where = new URL(url);
    throw new Error(`cannot reach Redis at ${where.protocol}//${where.host} (${(error as Error).message})`);
  } finally {
    probe.disconnect();
  }
}

/**
 * A client for BullMQ: its own when given a URL (BullMQ's workers need `maxRetriesPerRequest: null`), and
 * how to let go of it.
 */
export function redisClient(connection: RedisConnection): { redis: Redis; release: () => Promise<void> } {
  if (typeof connection !== "string") return { redis: connection, release: async () => {} };
  checkUrl(connection);
  const redis = new Redis(connection, { maxRetriesPerRequest: null });
  // Connection errors are retried by ioredis; BullMQ reports them where it matters.
  redis.on("error", () => undefined);
  return {
    redis,
    release: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function checkUrl(url: string): void {
  if (!/^rediss?:\/\/./.test(url) || !URL.canParse(url)) {
    throw new TypeError(`"${redactUrl(url)}" is not a Redis URL (expected redis://host:6379 or rediss://host:6380).`);
  }
}

/**
 * A Redis URL as it may be printed: its password (if any) replaced by `***`.
 *
 * @example
 * ```ts
 * redactUrl("redis://:s3cret@queue.internal:6379"); // "redis://:***@queue.internal:6379"
 * ```
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, "$1***@");
}
