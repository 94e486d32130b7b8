import { APIError, APIUserAbortError, TokenOpsValidationError, VideoFailedError } from "../errors.js";
import { idempotencyKey } from "../transport/retry.js";
import type { Video } from "../types.js";
import type { BatchItemStatus } from "./events.js";
import { isFatalStatus, isTransient, retryError } from "./item-errors.js";
import type { BatchItem } from "./items.js";
import { type BatchRun, now } from "./run.js";
import { saveItem } from "./save-item.js";

/**
 * Runs one item from its create: records its Idempotency-Key first (the next run sends the same one), sends
 * the create, records the job id, then follows the job (`followItem`). A 429 puts the item back in the
 * queue for the admission to handle; a create the API refuses fails the item; anything else ends the batch.
 */
export async function createItem(run: BatchRun, i: number): Promise<void> {
  const { admission } = run;
  const item = run.items[i] as BatchItem;
  let key = run.keys[i];
  if (key === undefined) {
    key = idempotencyKey();
    // Recorded before the create is sent: however the run ends, the next one sends the same key.
    await run.record(i, { type: "key", key });
    run.keys[i] = key;
    (run.statuses[i] as BatchItemStatus).started_at ??= now();
  }
  run.update(i, { state: "creating" });
  let sentIn = admission.epoch;
  let video: Video;
  try {
    video = await run.client.videos.create(item.params, {
      idempotencyKey: key,
      validate: run.validate,
      // The client retries connection and server errors with the same key. A 429 is the batch's to handle
      // (the pause and the concurrency), and a stopped batch sends nothing more.
      onRetry: (retry) => {
        if (retry.status === 429 || run.signal.aborted) return false;
        const { attempt, delayMs } = retry;
        run.emit({ type: "retry", name: item.name, step: "create", attempt, delayMs, error: retryError(retry) });
        sentIn = admission.epoch;
        return true;
      },
    });
  } catch (error) {
    if (error instanceof APIError && error.status === 429) {
      const retryAfterMs = admission.rateLimitedCreate(sentIn, error.headers);
      const { limit: concurrency } = admission;
      run.emit({ type: "rate-limited", name: item.name, retryAfterMs, concurrency, message: error.message });
      run.queue.unshift(i);
      run.update(i, { state: "waiting" });
      return;
    }
    if (!isTransient(error) && !isFatalStatus(error)) {
      if (error instanceof APIError || error instanceof TokenOpsValidationError) return run.fail(i, error);
    }
    // The item has its key and no job, and waits for the next run. A stop while the client waited to
    // retry ends only this create; anything else stops the batch.
    run.update(i, { state: "waiting" });
    if (isTransient(error) && run.signal.aborted) return;
    throw error;
  }
  admission.accepted();
  await run.record(i, { type: "created", key, video_id: video.id });
  admission.created(sentIn);
  run.update(i, { state: "running", video_id: video.id, status: video.status, progress: video.progress });
  run.track(followItem(run, i));
}

/**
 * Follows an item's job to its end, then saves it. A job that fails, or is gone (a 404 for a recorded id),
 * fails the item; a stop ends the wait (the job goes on at the server).
 */
export async function followItem(run: BatchRun, i: number): Promise<void> {
  let video: Video;
  try {
    video = await run.client.videos.waitFor(run.statuses[i]?.video_id as string, {
      signal: run.signal,
      deadlineMs: run.waitDeadlineMs,
      ...(run.pollIntervalMs === undefined ? {} : { pollIntervalMs: run.pollIntervalMs }),
      onProgress: (job) => run.update(i, { status: job.status, progress: job.progress }),
    });
  } catch (error) {
    if (error instanceof APIUserAbortError && run.signal.aborted) return;
    if (error instanceof VideoFailedError || (error instanceof APIError && error.status === 404)) {
      return run.fail(i, error);
    }
    throw error;
  } finally {
    run.admission.finished();
  }
  await saveItem(run, i, video);
}
