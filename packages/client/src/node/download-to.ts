import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { TokenOpsClient } from "../client.js";
import { APIConnectionError, APIUserAbortError, TokenOpsError } from "../errors.js";
import type { VideoVariant } from "../types.js";

/**
 * Options for `downloadTo`.
 *
 * @example
 * ```ts
 * await downloadTo(client, id, "thumb.webp", { variant: "thumbnail", signal: AbortSignal.timeout(60_000) });
 * ```
 */
export interface DownloadOptions {
  /** Which file: `video` (MP4, the default), `thumbnail` (WebP) or `spritesheet` (JPEG). */
  variant?: VideoVariant | undefined;
  /** Called as bytes arrive; `total` is the Content-Length when the server sends one. */
  onProgress?: ((progress: { bytes: number; total: number | undefined }) => void) | undefined;
  /** Aborts the download: the temporary file is removed and nothing is left at `path`. */
  signal?: AbortSignal | undefined;
}

/**
 * Downloads a finished video's file to `path`, streaming (memory stays flat whatever the size). The bytes
 * go to a temporary file beside `path`, which is flushed to disk and renamed to `path` only once complete:
 * on any failure — a dropped connection, a body shorter than its Content-Length, an abort — the temporary
 * file is removed and nothing is left at `path`.
 *
 * @returns The number of bytes written.
 *
 * @example
 * ```ts
 * import { downloadTo } from "@tokenops/client/node";
 *
 * const video = await client.videos.createAndWait({ model: "sora-2", prompt: "A lighthouse at dawn" });
 * const bytes = await downloadTo(client, video.id, "lighthouse.mp4", {
 *   onProgress: ({ bytes, total }) => console.log(`${bytes} / ${total ?? "?"} bytes`),
 * });
 * ```
 */
export async function downloadTo(
  client: Pick<TokenOpsClient, "videos">,
  video_id: string,
  path: string,
  options: DownloadOptions = {},
): Promise<number> {
  const { variant, onProgress, signal } = options;
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.part`);
  const out = createWriteStream(temp, { flags: "wx" });
  let bytes = 0;
  try {
    // The temporary file exists: the destination is writable, so only now ask for the file.
    await once(out, "ready");
    const response = await client.videos.content(video_id, { variant, signal });
    const length = response.headers.get("content-length");
    const total = length === null ? undefined : Number(length);
    await pipeline(
      response.body ? Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>) : Readable.from([]),
      async function* count(chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          onProgress?.({ bytes, total });
          yield chunk;
        }
      },
      out,
      { signal },
    );
    // A compressed body's length is not the file's; otherwise a short body is a cut download.
    if (total !== undefined && bytes !== total && !response.headers.has("content-encoding")) {
      throw new APIConnectionError(`Download of ${video_id} ended after ${bytes} of ${total} bytes.`);
    }
    // On disk before it takes the destination's name: a crash never leaves a file that looks whole.
    const handle = await open(temp, "r+");
    await handle.sync().finally(() => handle.close());
    await rename(temp, path);
    return bytes;
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    if (error instanceof TokenOpsError || (error as NodeJS.ErrnoException).syscall) throw error;
    if (signal?.aborted) throw new APIUserAbortError();
    throw new APIConnectionError(`Download of ${video_id} failed after ${bytes} bytes: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
