import { createHash } from "node:crypto";
import type { CreateVideoParams } from "@tokenops/client";
import type { BatchItem, BatchItemError } from "@tokenops/client/batch";

/**
 * A reference image as job data holds it: Redis keeps JSON, not Blobs.
 *
 * @example
 * ```ts
 * const image: StoredImage = { name: "frame.png", type: "image/png", base64: "iVBORw0KGgo…" };
 * ```
 */
export interface StoredImage {
  name: string;
  type: string;
  /** The image's bytes, base64. */
  base64: string;
}

/**
 * What a video job holds in Redis: the item (its name, line and create params), and what the workers
 * learned — the video id as soon as the create answered, the API's error when it failed. Never an API
 * key: each worker takes its own.
 *
 * @example
 * ```ts
 * const data: VideoJobData = { name: "fox", line: 1, params: { model: "sora-2", prompt: "A red fox in the snow" }, retry: 0 };
 * ```
 */
export interface VideoJobData {
  name: string;
  line: number | null;
  /** The create params, with every file among them (Sora's `input_reference`, `image`, `lastFrame`) as a StoredImage. */
  params: Record<string, unknown> & { model: string };
  /** How many times `--retry-failed` put the job back: each time is a new video, with a new Idempotency-Key. */
  retry: number;
  /** The video the create made, written before any waiting. A worker that finds it follows it and creates nothing. */
  video_id?: string | undefined;
  /** `false`: the enqueuer sent values the spec does not know on purpose (`--no-validate`). */
  validate?: false | undefined;
  /** Why the item failed: the API's code and message. */
  error?: BatchItemError | undefined;
}

/**
 * What a job shows as its progress (`job.progress`, QueueEvents' `progress`): where the item is, and the
 * video's own status and percentage.
 *
 * @example
 * ```ts
 * const line = (p: VideoJobProgress) => `${p.state} ${p.video_id ?? ""} ${p.status ?? ""} ${p.progress}%`;
 * ```
 */
export interface VideoJobProgress {
  state: "creating" | "running" | "saving";
  video_id: string | undefined;
  status: string | undefined;
  progress: number;
}

/**
 * What a completed job returns (`job.returnvalue`): its video and the worker that ran it, and for a save
 * job (in `savesQueueName`'s queue) the files the `save` hook wrote (none for the video job).
 *
 * @example
 * ```ts
 * const done = (result: VideoJobResult) => `${result.video_id}: ${result.files.join(", ")} on ${result.worker}`;
 * ```
 */
export interface VideoJobResult {
  video_id: string;
  files: string[];
  worker: string;
}

/**
 * The job data of a batch item. A reference image's bytes go in as base64.
 *
 * @example
 * ```ts
 * const data = await toJobData({ name: "fox", params: { model: "sora-2", prompt: "A red fox in the snow" } });
 * ```
 */
export async function toJobData(item: BatchItem): Promise<VideoJobData> {
  const params: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(item.params)) {
    params[field] =
      value instanceof Blob
        ? {
            name: value instanceof File ? value.name : "reference",
            type: value.type,
            base64: Buffer.from(await value.arrayBuffer()).toString("base64"),
          }
        : value;
  }
  return {
    name: item.name,
    line: item.line ?? null,
    params: params as VideoJobData["params"],
    retry: 0,
  };
}

/**
 * The batch item a job holds, with its reference image as a File again.
 *
 * @example
 * ```ts
 * const data = await toJobData({ name: "fox", params: { model: "sora-2", prompt: "A red fox in the snow" } });
 * const item = fromJobData(data); // what a worker creates
 * await client.videos.create(item.params, { idempotencyKey: itemKey(data) });
 * ```
 */
export function fromJobData(data: VideoJobData): BatchItem {
  const params = Object.fromEntries(
    Object.entries(data.params).map(([field, value]) => [field, isStoredImage(value) ? toFile(value) : value]),
  );
  return {
    name: data.name,
    ...(data.line === null ? {} : { line: data.line }),
    params: params as CreateVideoParams,
  };
}

const isStoredImage = (value: unknown): value is StoredImage =>
  typeof value === "object" && value !== null && typeof (value as StoredImage).base64 === "string";

const toFile = (stored: StoredImage) =>
  new File([Buffer.from(stored.base64, "base64")], stored.name, { type: stored.type });

/**
 * The item's key: the job id, and the Idempotency-Key of its create. It is a hash of the item's name and
 * everything its create sends, so the same batch enqueued twice makes the same ids (and BullMQ adds
 * nothing), while an item whose prompt, size or image changed is a new job.
 *
 * @example
 * ```ts
 * for (const item of items) console.log(item.name, itemKey(await toJobData(item))); // fox tokenops-video-3f1c…
 * ```
 */
export function itemKey(data: Pick<VideoJobData, "name" | "params">): string {
  const canonical = JSON.stringify([data.name, sortKeys(data.params)]);
  return `tokenops-video-${createHash("sha256").update(canonical).digest("hex").slice(0, 32)}`;
}

const sortKeys = (value: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/**
 * The Idempotency-Key of a job's create: its id, and for a job put back by `--retry-failed` the id and the
 * retry's number, since the failed video's key would only return the failed video.
 *
 * @example
 * ```ts
 * createKey("tokenops-video-3f1c", 0); // "tokenops-video-3f1c"
 * createKey("tokenops-video-3f1c", 2); // "tokenops-video-3f1c-retry-2"
 * ```
 */
export function createKey(jobId: string, retry: number): string {
  return retry > 0 ? `${jobId}-retry-${retry}` : jobId;
}
