import { hostname } from "node:os";
import {
  APIError,
  APIUserAbortError,
  type TokenOpsClient,
  TokenOpsValidationError,
  type Video,
  VideoFailedError,
} from "@tokenops/client";
import { type BatchItemError, isTransient, itemError } from "@tokenops/client/batch";
import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { DEFAULT_QUEUE_NAME, type RedisConnection, redisClient, savesQueueName } from "./connection.js";
import type { VideoSaver } from "./folder.js";
import { createKey, fromJobData, type VideoJobData, type VideoJobProgress, type VideoJobResult } from "./job-data.js";
import { isRateLimited, retryAfterMs } from "./rate-limit.js";

/**
 * How long a worker holds a job's lock, and how often workers look for jobs whose worker died: a job of a
 * worker that stopped (a crash, `kill -9`, a lost machine) goes back to the queue within
 * `lockDurationMs + stalledIntervalMs` — a minute by default — and another worker follows its video.
 *
 * @example
 * ```ts
 * const recoveryMs = STALLED_RECOVERY.lockDurationMs + STALLED_RECOVERY.stalledIntervalMs; // 60 000
 * ```
 */
export const STALLED_RECOVERY = { lockDurationMs: 30_000, stalledIntervalMs: 30_000 } as const;

/**
 * What a worker reports, to `onEvent`: a job taken, its video created (or found, for a job another worker
 * started), a 429 that paused every worker, a job saved or failed.
 *
 * @example
 * ```ts
 * const onEvent = (event: VideoWorkerEvent) => console.log(event.type, event.name);
 * ```
 */
export type VideoWorkerEvent =
  | { type: "created"; jobId: string; name: string; video_id: string }
  | { type: "resumed"; jobId: string; name: string; video_id: string }
  | { type: "rate-limited"; jobId: string; name: string; retryAfterMs: number; message: string }
  | { type: "video-ready"; jobId: string; name: string; video_id: string }
  | { type: "saved"; jobId: string; name: string; video_id: string; files: string[] }
  | { type: "failed"; jobId: string; name: string; video_id: string | undefined; error: BatchItemError }
  | { type: "retry"; jobId: string; name: string; error: BatchItemError };

/**
 * Options for `startVideoWorker`.
 *
 * @example
 * ```ts
 * const options: VideoWorkerOptions = {
 *   connection: "redis://127.0.0.1:6379",
 *   client: createClient({ apiKey: process.env.TOKENOPS_API_KEY ?? "" }),
 *   save: await folderSaver(client, "/srv/renders"),
 *   concurrency: 4,
 * };
 * ```
 */
export interface VideoWorkerOptions {
  connection: RedisConnection;
  /** The client that creates and follows the videos, with this worker's own API key. */
  client: Pick<TokenOpsClient, "videos">;
  /** Keeps what each video made: a `VideoSaver` (`folderSaver` for the batch folder), or its `save` alone. */
  save: VideoSaver | VideoSaver["save"];
  /** Default `DEFAULT_QUEUE_NAME`. */
  queueName?: string | undefined;
  /** This worker's jobs at once. Default 4. The account's limit over all workers is the queue's global concurrency. */
  concurrency?: number | undefined;
  /** This worker's saves at once (they hold none of the account's slots). Default: `concurrency`. */
  saveConcurrency?: number | undefined;
  /** Default `STALLED_RECOVERY.lockDurationMs`. */
  lockDurationMs?: number | undefined;
  /** Default `STALLED_RECOVERY.stalledIntervalMs`. */
  stalledIntervalMs?: number | undefined;
  /** How many times a job may be recovered from a dead worker before it fails. Default 3. */
  maxStalledCount?: number | undefined;
  /** Time between status polls of a video, unless the server says otherwise. Default: `waitFor`'s. */
  pollIntervalMs?: number | undefined;
  /** How long to follow one video before its job fails. Default 24 hours. */
  waitDeadlineMs?: number | undefined;
  /** The worker's name in job results and dashboards. Default `<hostname>:<pid>`. */
  name?: string | undefined;
  onEvent?: ((event: VideoWorkerEvent) => void) | undefined;
}

/**
 * A running worker: BullMQ's `Worker` (for its events), and `close`, which lets the jobs in hand finish.
 *
 * @example
 * ```ts
 * const worker: VideoWorker = startVideoWorker({ connection: "redis://127.0.0.1:6379", client, save: await folderSaver(client, "renders") });
 * worker.worker.on("completed", (job) => console.log(job.data.name, job.returnvalue.files));
 * process.once("SIGTERM", () => void worker.close());
 * ```
 */
export interface VideoWorker {
  /** The worker of the video queue (create, follow). */
  worker: Worker<VideoJobData, VideoJobResult>;
  /** The worker of the saves' queue (`savesQueueName`). */
  saves: Worker<VideoJobData, VideoJobResult>;
  name: string;
  /** Stops taking jobs and waits for those in hand (`force`: abandons them; another worker resumes them). */
  close(force?: boolean): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PROGRESS_EVERY_MS = 500;
/** A save job: tried again after network or disk errors, and kept (its result names the files and the worker). */
const SAVE_JOB = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: false,
  removeOnFail: false,
};
/** Never reached by counting: the limiter is there so that `rateLimit` (a 429) pauses every worker. */
const LIMITER = { max: 1_000_000_000, duration: 1000 };

/**
 * Runs video jobs from a BullMQ queue, one worker per machine (any number of machines): for each job it
 * creates the video with the job id as Idempotency-Key, writes the video id into the job's data before
 * waiting, follows it (the job's progress shows its status and percentage), and saves it.
 *
 * - The account's limit is the queue's global concurrency (set by `enqueueBatch`): no more jobs run at
 *   once over every worker. A 429 (or TokenOps' 2007 / 2008) pauses every worker for its `Retry-After`
 *   through BullMQ's rate limiter, and the job goes back to the queue.
 * - A job whose worker died returns to the queue (BullMQ's stalled-job check) and the next worker follows
 *   its recorded video: no second create.
 * - A video that fails, or a create the API refuses, is a failed job whose reason is the API's message and
 *   code (also in `job.data.error`). Connection and server errors are retried by BullMQ, with the same key.
 * - A made video is saved through a second queue (`savesQueueName`), by any worker: saving holds none of the
 *   account's slots, so the next video starts while the files download.
 *
 * @example
 * ```ts
 * import { createClient } from "@tokenops/client";
 * import { folderSaver, startVideoWorker } from "@tokenops/queue";
 *
 * const client = createClient({ apiKey: process.env.TOKENOPS_API_KEY ?? "" });
 * const worker = startVideoWorker({
 *   connection: "redis://127.0.0.1:6379",
 *   client,
 *   save: await folderSaver(client, "renders"),
 *   onEvent: (event) => console.log(event.type, event.name),
 * });
 * process.once("SIGTERM", () => void worker.close());
 * ```
 */
export function startVideoWorker(options: VideoWorkerOptions): VideoWorker {
  const { client, onEvent, pollIntervalMs, waitDeadlineMs = DAY_MS } = options;
  const saver: VideoSaver = typeof options.save === "function" ? { save: options.save } : options.save;
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const emit = (event: VideoWorkerEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // A listener's failure is the listener's.
    }
  };
  const { redis, release } = redisClient(options.connection);
  const stop = new AbortController();
  let streak = 0;

  const fail = async (job: Job<VideoJobData>, error: unknown): Promise<never> => {
    const e = itemError(error);
    await job.updateData({ ...job.data, error: e });
    emit({ type: "failed", jobId: job.id as string, name: job.data.name, video_id: job.data.video_id, error: e });
    await saver.failed?.(fromJobData(job.data), job.data.video_id, e);
    throw new UnrecoverableError(e.code === undefined || e.code === null ? e.message : `${e.message} (${e.code})`);
  };

  const run = async (job: Job<VideoJobData, VideoJobResult>): Promise<VideoJobResult> => {
    const jobId = job.id as string;
    const item = fromJobData(job.data);
    let last: VideoJobProgress | undefined;
    let lastAt = 0;
    // Every change of state or status, and the percentage at most twice a second: each update is a Redis
    // write and an event to every follower.
    const progress = async (value: VideoJobProgress) => {
      const changed = last === undefined || last.state !== value.state || last.status !== value.status;
      if (!changed && (value.progress === last?.progress || Date.now() - lastAt < PROGRESS_EVERY_MS)) return;
      last = value;
      lastAt = Date.now();
      await job.updateProgress(value);
    };
    let videoId = job.data.video_id;
    if (videoId === undefined) {
      await progress({ state: "creating", video_id: undefined, status: undefined, progress: 0 });
      let video: Video;
      try {
        // maxRetries 0: a 429 is the queue's to handle (every worker pauses), not this request's.
        video = await client.videos.create(item.params, {
          idempotencyKey: createKey(jobId, job.data.retry),
          maxRetries: 0,
          signal: stop.signal,
          ...(job.data.validate === false ? { validate: false } : {}),
        });
      } catch (error) {
        if (isRateLimited(error)) {
          const wait = retryAfterMs(error, ++streak);
          await worker.rateLimit(wait);
          emit({ type: "rate-limited", jobId, name: item.name, retryAfterMs: wait, message: error.message });
          throw Worker.RateLimitError();
        }
        if (error instanceof TokenOpsValidationError || (error instanceof APIError && !isTransient(error))) {
          return fail(job, error);
        }
        if (!(error instanceof APIUserAbortError))
          emit({ type: "retry", jobId, name: item.name, error: itemError(error) });
        throw error;
      }
      streak = 0;
      videoId = video.id;
      // Before any waiting: from here on, whoever runs this job follows this video.
      await job.updateData({ ...job.data, video_id: videoId });
      emit({ type: "created", jobId, name: item.name, video_id: videoId });
    } else {
      emit({ type: "resumed", jobId, name: item.name, video_id: videoId });
    }
    let video: Video;
    try {
      video = await client.videos.waitFor(videoId, {
        signal: stop.signal,
        deadlineMs: waitDeadlineMs,
        pollIntervalMs,
        onProgress: (job) =>
          void progress({ state: "running", video_id: videoId, status: job.status, progress: job.progress ?? 0 }).catch(
            () => undefined,
          ),
      });
    } catch (error) {
      // The video failed, or is gone (a 404 for a recorded id): the job fails with the API's reason.
      if (error instanceof VideoFailedError || (error instanceof APIError && error.status === 404)) {
        return fail(job, error);
      }
      throw error;
    }
    // The video is made: its save waits in the saves' queue (the same id, so a job run twice adds one),
    // and the account's slot is free for the next video.
    await saveQueue.add("save", { ...job.data, video_id: videoId }, { jobId, ...SAVE_JOB });
    await progress({ state: "saving", video_id: videoId, status: video.status, progress: 100 });
    emit({ type: "video-ready", jobId, name: item.name, video_id: videoId });
    return { video_id: videoId, files: [], worker: name };
  };

  const save = async (job: Job<VideoJobData, VideoJobResult>): Promise<VideoJobResult> => {
    const jobId = job.id as string;
    const item = fromJobData(job.data);
    const videoId = job.data.video_id as string;
    let files: string[];
    try {
      const video = await client.videos.retrieve(videoId, { signal: stop.signal });
      if (video.status !== "completed") throw new VideoFailedError(video);
      files = (await saver.save(video, item, stop.signal)) ?? [];
    } catch (error) {
      // The API refused the files (expired, gone): the item fails. Anything else (the network, the disk)
      // is tried again by BullMQ.
      if (
        error instanceof VideoFailedError ||
        (error instanceof APIError && !isTransient(error) && !isRateLimited(error))
      ) {
        return fail(job, error);
      }
      throw error;
    }
    emit({ type: "saved", jobId, name: item.name, video_id: videoId, files });
    return { video_id: videoId, files, worker: name };
  };

  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const saveQueue = new Queue<VideoJobData, VideoJobResult>(savesQueueName(queueName), { connection: redis });
  const recovery = {
    lockDuration: options.lockDurationMs ?? STALLED_RECOVERY.lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? STALLED_RECOVERY.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount ?? 3,
  };
  const concurrency = options.concurrency ?? 4;
  const worker: Worker<VideoJobData, VideoJobResult> = new Worker(queueName, run, {
    connection: redis,
    name,
    concurrency,
    ...recovery,
    limiter: LIMITER,
  });
  const saves: Worker<VideoJobData, VideoJobResult> = new Worker(savesQueueName(queueName), save, {
    connection: redis,
    name,
    concurrency: options.saveConcurrency ?? concurrency,
    ...recovery,
  });
  // Errors of the connection are reported here; without a listener Node would throw them.
  worker.on("error", () => undefined);
  saves.on("error", () => undefined);
  saveQueue.on("error", () => undefined);
  return {
    worker,
    saves,
    name,
    async close(force = false) {
      if (force) stop.abort();
      await Promise.all([worker.close(force), saves.close(force)]);
      await saveQueue.close();
      await saver.close?.();
      await release();
    },
  };
}
