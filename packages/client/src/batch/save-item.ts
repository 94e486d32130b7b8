import { APIError, VideoFailedError } from "../errors.js";
import type { Video } from "../types.js";
import { isTransient, retryError } from "./item-errors.js";
import type { BatchItem } from "./items.js";
import { type BatchRun, now } from "./run.js";

/**
 * Saves a completed item's output with the batch's `save` (fetching the job first when a resumed run has
 * only its id), then records it completed. The API refusing the job or its files (expired, not found)
 * fails the item; errors that outlast the client's retries, and the disk's, stop the batch, and the next
 * run saves the item again.
 */
export async function saveItem(run: BatchRun, i: number, video?: Video): Promise<void> {
  const item = run.items[i] as BatchItem;
  const video_id = run.statuses[i]?.video_id as string;
  let files: string[] = [];
  if (run.save) {
    run.update(i, { state: "saving" });
    try {
      video ??= await run.client.videos.retrieve(video_id, {
        signal: run.signal,
        onRetry: (retry) => {
          const { attempt, delayMs } = retry;
          run.emit({ type: "retry", name: item.name, step: "save", attempt, delayMs, error: retryError(retry) });
          return true;
        },
      });
      if (video.status !== "completed") return run.fail(i, new VideoFailedError(video));
      files = (await run.save(video, item, run.signal)) ?? [];
    } catch (error) {
      if (run.signal.aborted) return;
      if (error instanceof APIError && !isTransient(error) && ![401, 403].includes(error.status)) {
        return run.fail(i, error);
      }
      throw error;
    }
  }
  await run.record(i, { type: "completed", video_id, files });
  run.update(i, { state: "completed", status: "completed", progress: 100, files, finished_at: now() });
}
