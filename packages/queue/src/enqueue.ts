import { type BatchItem, type BatchProblem, BatchValidationError, checkBatchItems } from "@tokenops/client/batch";
import { unsafeFileName } from "@tokenops/client/node";
import { Queue } from "bullmq";
import { DEFAULT_QUEUE_NAME, probeRedis, type RedisConnection, redisClient, savesQueueName } from "./connection.js";
import { itemKey, toJobData, type VideoJobData, type VideoJobResult } from "./job-data.js";

/**
 * The account's concurrency when a queue has none yet: `runBatch`'s default, 4 videos at once.
 *
 * @example
 * ```ts
 * await enqueueBatch("redis://127.0.0.1:6379", items, { concurrency: DEFAULT_ACCOUNT_CONCURRENCY * 2 });
 * ```
 */
export const DEFAULT_ACCOUNT_CONCURRENCY = 4;

/**
 * Options for `enqueueBatch`.
 *
 * @example
 * ```ts
 * const options: EnqueueOptions = { concurrency: 8, retryFailed: true };
 * ```
 */
export interface EnqueueOptions {
  /** Default `DEFAULT_QUEUE_NAME`. */
  queueName?: string | undefined;
  /**
   * The account's limit: the most videos in flight over every worker (the queue's global concurrency).
   * Left as it is when not given, or set to `DEFAULT_ACCOUNT_CONCURRENCY` on a queue that has none.
   */
  concurrency?: number | undefined;
  /** Puts the batch's failed jobs back, each to make a new video (with a new Idempotency-Key). Default false. */
  retryFailed?: boolean | undefined;
  /** `false` lets values the spec does not know through, as `videos.create` does. Default true. */
  validate?: boolean | undefined;
  /** How many times a job is tried after connection or server errors (429s do not count). Default 5. */
  attempts?: number | undefined;
}

/**
 * What `enqueueBatch` did: every item's job id (in the items' order), how many jobs it added, how many
 * were there already, and how many failed jobs it put back.
 *
 * @example
 * ```ts
 * const { jobIds, added, existing } = await enqueueBatch("redis://127.0.0.1:6379", items);
 * console.log(`${added} added, ${existing} already queued`, jobIds[0]);
 * ```
 */
export interface EnqueueResult {
  jobIds: string[];
  added: number;
  existing: number;
  retried: number;
  /** The account's concurrency on the queue now. */
  concurrency: number;
}

/**
 * Puts a batch's items on the queue, one job each, for `startVideoWorker`s on any machine to run. Every
 * item is checked first, as `runBatch` checks (and names must be safe as file names, as the batch folder
 * uses them); nothing is added unless all are valid. The job id is the item's key (`itemKey`): enqueuing
 * the same batch again adds nothing, so an enqueuer may simply run again after any stop.
 *
 * Job data holds the item (name, prompt, params, the reference image's bytes), never an API key.
 *
 * @throws BatchValidationError listing every problem, before anything is added.
 *
 * @example
 * ```ts
 * import { enqueueBatch } from "@tokenops/queue";
 *
 * const { jobIds, added } = await enqueueBatch("redis://127.0.0.1:6379", [
 *   { name: "fox", params: { model: "sora-2", prompt: "A red fox in the snow" } },
 *   { name: "owl", params: { model: "sora-2", prompt: "An owl at dusk", size: "1280x720" } },
 * ], { concurrency: 8 });
 * console.log(`${added} of ${jobIds.length} added`);
 * ```
 */
export async function enqueueBatch(
  connection: RedisConnection,
  items: readonly BatchItem[],
  options: EnqueueOptions = {},
): Promise<EnqueueResult> {
  const { concurrency, retryFailed = false, validate, attempts = 5 } = options;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new RangeError(`concurrency: expected a whole number from 1, got ${concurrency}.`);
  }
  const problems: BatchProblem[] = await checkBatchItems(items, { validate });
  for (const { name, line } of items) {
    const why = typeof name === "string" && name !== "" ? unsafeFileName(name) : undefined;
    if (why) problems.push({ name, line, field: "name", message: why });
  }
  if (problems.length > 0) throw new BatchValidationError(problems);

  if (typeof connection === "string") await probeRedis(connection);
  const { redis, release } = redisClient(connection);
  const queue = new Queue<VideoJobData, VideoJobResult>(options.queueName ?? DEFAULT_QUEUE_NAME, { connection: redis });
  try {
    if (concurrency !== undefined) await queue.setGlobalConcurrency(concurrency);
    else if ((await queue.getGlobalConcurrency()) === null)
      await queue.setGlobalConcurrency(DEFAULT_ACCOUNT_CONCURRENCY);
    const data = await Promise.all(items.map(toJobData));
    if (validate === false) for (const d of data) d.validate = false;
    const jobIds = data.map(itemKey);
    const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
    const fresh = data.filter((_, i) => states[i] === "unknown");
    // An existing id is left as it is (BullMQ adds nothing for it): its data may hold a video id.
    await queue.addBulk(
      fresh.map((d) => ({
        name: "video",
        data: d,
        opts: {
          jobId: itemKey(d),
          attempts,
          backoff: { type: "exponential", delay: 1000 },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    let retried = 0;
    if (retryFailed) {
      // A failed save is tried again as it is: its video was made.
      const saves = new Queue<VideoJobData, VideoJobResult>(savesQueueName(queue.name), { connection: redis });
      try {
        for (const [i, id] of jobIds.entries()) {
          if (states[i] !== "completed") continue;
          const save = await saves.getJob(id);
          if (save === undefined || (await save.getState()) !== "failed") continue;
          const { error: _error, ...rest } = save.data;
          await save.updateData(rest);
          await save.retry("failed");
          retried++;
        }
      } finally {
        await saves.close();
      }
      for (const [i, id] of jobIds.entries()) {
        if (states[i] !== "failed") continue;
        const job = await queue.getJob(id);
        if (job === undefined) continue;
        // A new video: the failed one's key would only return the failed one.
        const { video_id: _video, error: _error, ...rest } = job.data;
        await job.updateData({ ...rest, retry: (job.data.retry ?? 0) + 1 });
        await job.retry("failed");
        retried++;
      }
    }
    return {
      jobIds,
      added: fresh.length,
      existing: jobIds.length - fresh.length,
      retried,
      concurrency: (await queue.getGlobalConcurrency()) ?? DEFAULT_ACCOUNT_CONCURRENCY,
    };
  } finally {
    await queue.close();
    await release();
  }
}
