/**
 * `@tokenops/queue`: video batches across machines on BullMQ. App servers enqueue a batch's items
 * (`enqueueBatch`), a worker on each machine runs them (`startVideoWorker`), and anyone follows them
 * (`followBatch`, or BullMQ's own dashboards). One account limit over every worker (the queue's global
 * concurrency, and BullMQ's rate limiter on a 429), and no video paid twice: the job id is the item's key
 * and its create's Idempotency-Key, and the video id is in the job before any waiting, so a job whose
 * worker died resumes on another by following that video.
 *
 * @module @tokenops/queue
 */
export { DEFAULT_QUEUE_NAME, probeRedis, type RedisConnection, redactUrl, savesQueueName } from "./connection.js";
export {
  DEFAULT_ACCOUNT_CONCURRENCY,
  type EnqueueOptions,
  type EnqueueResult,
  enqueueBatch,
} from "./enqueue.js";
export { folderSaver, type VideoSaver } from "./folder.js";
export { type FollowOptions, followBatch } from "./follow.js";
export {
  createKey,
  fromJobData,
  itemKey,
  type StoredImage,
  toJobData,
  type VideoJobData,
  type VideoJobProgress,
  type VideoJobResult,
} from "./job-data.js";
export { isRateLimited, retryAfterMs } from "./rate-limit.js";
export {
  STALLED_RECOVERY,
  startVideoWorker,
  type VideoWorker,
  type VideoWorkerEvent,
  type VideoWorkerOptions,
} from "./worker.js";
