import { mkdir, readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { APIError, type TokenOpsClient, type Video } from "@tokenops/client";
import type { BatchItem, BatchItemError } from "@tokenops/client/batch";
import {
  type BatchSummaryEntry,
  downloadTo,
  removePartials,
  summaryWriter,
  unsafeFileName,
} from "@tokenops/client/node";

/**
 * Where a worker keeps what it made: `save` writes a completed video's files, `failed` notes an item that
 * failed, `close` finishes pending writes.
 *
 * @example
 * ```ts
 * const saver: VideoSaver = {
 *   save: async (video, item) => {
 *     await downloadTo(client, video.id, `/srv/videos/${item.name}.mp4`);
 *     return [`${item.name}.mp4`];
 *   },
 * };
 * ```
 */
export interface VideoSaver {
  /** Keeps a completed video's output and returns what it wrote. Retried (by BullMQ) when it throws. */
  save(video: Video, item: BatchItem, signal: AbortSignal): Promise<string[] | undefined>;
  failed?(item: BatchItem, videoId: string | undefined, error: BatchItemError): Promise<void>;
  close?(): Promise<void>;
}

/**
 * The batch folder's saver, as `tokenops videos batch` lays a folder out: `<name>.mp4` and its thumbnail
 * `<name>.webp` (each written whole or not at all), and `summary.json` and `index.html` (the contact sheet)
 * listing every item this folder's worker finished, in this run and earlier ones. One folder per worker
 * (per machine): the items of a batch spread over the workers' folders.
 *
 * @example
 * ```ts
 * const saver = await folderSaver(client, "/srv/renders");
 * const worker = startVideoWorker({ connection: "redis://127.0.0.1:6379", client, save: saver });
 * ```
 */
export async function folderSaver(
  client: Pick<TokenOpsClient, "videos">,
  dir: string,
  options: { thumbnails?: boolean | undefined; title?: string | undefined } = {},
): Promise<VideoSaver> {
  const { thumbnails = true, title = basename(resolve(dir)) } = options;
  await mkdir(dir, { recursive: true });
  await removePartials(dir);
  const entries = new Map<string, BatchSummaryEntry>();
  try {
    for (const entry of JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as BatchSummaryEntry[]) {
      entries.set(entry.name, entry);
    }
  } catch {
    // A new folder (or an unreadable summary, which the next write replaces).
  }
  // The summary and the contact sheet list every item this folder's worker finished, by line, then name.
  const writer = summaryWriter(dir, title, () =>
    [...entries.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.name.localeCompare(b.name)),
  );
  const entry = (item: BatchItem, fields: Partial<BatchSummaryEntry>): BatchSummaryEntry => ({
    line: item.line ?? null,
    name: item.name,
    prompt: typeof item.params.prompt === "string" ? item.params.prompt : "",
    model: item.params.model,
    size: (item.params as { size?: string }).size ?? null,
    seconds: item.params.seconds === undefined ? null : String(item.params.seconds),
    video_id: null,
    status: "completed",
    file: null,
    thumbnail: null,
    error: null,
    elapsed_seconds: null,
    ...fields,
  });
  return {
    async save(video, item, signal) {
      const why = unsafeFileName(item.name);
      if (why) throw new TypeError(why);
      const file = `${item.name}.mp4`;
      await downloadTo(client, video.id, join(dir, file), { signal });
      let thumbnail: string | null = null;
      if (thumbnails) {
        try {
          await downloadTo(client, video.id, join(dir, `${item.name}.webp`), { variant: "thumbnail", signal });
          thumbnail = `${item.name}.webp`;
        } catch (error) {
          // A service without thumbnails still makes the video: the contact sheet shows its first frame.
          if (!(error instanceof APIError && error.status >= 400 && error.status < 500)) throw error;
        }
      }
      const elapsed = video.completed_at && video.created_at ? video.completed_at - video.created_at : null;
      entries.set(item.name, entry(item, { video_id: video.id, file, thumbnail, elapsed_seconds: elapsed }));
      writer.write();
      return thumbnail ? [file, thumbnail] : [file];
    },
    async failed(item, videoId, error) {
      entries.set(item.name, entry(item, { video_id: videoId ?? null, status: "failed", error }));
      writer.write();
    },
    /** The last write, with the final state; rejects if any write failed. */
    close: () => writer.close(),
  };
}
