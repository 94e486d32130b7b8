import type { BatchItemError } from "../batch/journal.js";

/**
 * One item in `summary.json`.
 *
 * @example
 * ```ts
 * import { readFile } from "node:fs/promises";
 *
 * const summary: BatchSummaryEntry[] = JSON.parse(await readFile("renders/summary.json", "utf8"));
 * const failed = summary.filter((entry) => entry.status === "failed");
 * ```
 */
export interface BatchSummaryEntry {
  line: number | null;
  name: string;
  prompt: string;
  model: string;
  size: string | null;
  seconds: string | null;
  video_id: string | null;
  /** `completed` or `failed`, else the job's status while it runs, else the item's state (`waiting`, `creating`). */
  status: string;
  /** The MP4, relative to the folder, once saved. */
  file: string | null;
  /** The WebP thumbnail, relative to the folder, once saved. */
  thumbnail: string | null;
  error: BatchItemError | null;
  /** From the item's first create to its end, across runs, in seconds. */
  elapsed_seconds: number | null;
}
