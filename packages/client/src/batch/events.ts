import type { VideoStatus } from "../types.js";
import type { BatchItemError } from "./journal.js";

/**
 * Where an item is: `waiting` to be created, `creating`, `running` at the server (the job's own status is
 * in `status`), `saving` its files, then `completed` or `failed`.
 *
 * @example
 * ```ts
 * const finished = (state: BatchItemState) => state === "completed" || state === "failed";
 * ```
 */
export type BatchItemState = "waiting" | "creating" | "running" | "saving" | "completed" | "failed";

/**
 * An item as the batch sees it now.
 *
 * @example
 * ```ts
 * const line = (item: BatchItemStatus) => `${item.name} ${item.state} ${item.video_id ?? ""} ${item.progress ?? 0}%`;
 * ```
 */
export interface BatchItemStatus {
  name: string;
  line: number | undefined;
  /** The hash of the item's content (see `BatchRecord`). */
  hash: string;
  state: BatchItemState;
  video_id: string | undefined;
  /** The job's last status, as the API reported it. */
  status: VideoStatus | undefined;
  progress: number | undefined;
  /** What `save` wrote (file names, URLs… whatever it returned). */
  files: string[];
  error: BatchItemError | undefined;
  /** When the item's first create was recorded, and when it completed or failed (ISO times). */
  started_at: string | undefined;
  finished_at: string | undefined;
}

/**
 * What a batch reports as it goes, to `onEvent`: the start (with what earlier runs finished), each change
 * of an item, an item whose input changed, a 429 and the concurrency it led to, a request the client
 * retries (for a create, or for the job a save needs), and the end.
 *
 * @example
 * ```ts
 * const onEvent = (event: BatchEvent) => {
 *   if (event.type === "item") console.log(event.item.name, event.item.state, event.item.status ?? "");
 *   if (event.type === "rate-limited") console.log(`429: now ${event.concurrency} at a time`);
 * };
 * ```
 */
export type BatchEvent =
  | {
      type: "start";
      total: number;
      waiting: number;
      running: number;
      completed: number;
      failed: number;
      concurrency: number;
      /** Every item, where this run starts it. */
      items: BatchItemStatus[];
    }
  | { type: "item"; item: BatchItemStatus }
  | { type: "changed"; name: string; line: number | undefined; hash: string; previous: string }
  | { type: "rate-limited"; name: string; retryAfterMs: number; concurrency: number; message: string }
  | { type: "concurrency"; concurrency: number }
  | { type: "retry"; name: string; step: "create" | "save"; attempt: number; delayMs: number; error: BatchItemError }
  | {
      type: "end";
      completed: number;
      failed: number;
      remaining: number;
      interrupted: boolean;
      rateLimited: number;
      error?: BatchItemError | undefined;
    };
