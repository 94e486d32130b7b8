import { contentMedia, mediaBytes } from "../fixtures/media.js";
import type { ContentVariant, Video, VideoSeconds, VideoSize } from "./spec.js";

/**
 * What a content request asks for: what a `media` option receives.
 *
 * @example
 * ```ts
 * import { openAsBlob } from "node:fs";
 * import { startMockServer, type MediaRequest } from "@tokenops/testing";
 *
 * const longMp4Blob = await openAsBlob("long-1280x720.mp4", { type: "video/mp4" });
 * const media = ({ variant, size, seconds }: MediaRequest) =>
 *   variant === "video" && size === "1280x720" && seconds === "12" ? longMp4Blob : undefined;
 * const server = await startMockServer({ media });
 * ```
 */
export interface MediaRequest {
  variant: ContentVariant;
  size: VideoSize;
  seconds: VideoSeconds;
  video: Video;
}

/**
 * Where the mock gets a job's files. Return a Blob (its `type` becomes the Content-Type; a Blob
 * from `fs.openAsBlob` streams from disk) or undefined for the built-in media.
 *
 * @example
 * import { openAsBlob } from "node:fs";
 *
 * // Serve a large file for a download benchmark:
 * const bigMp4Blob = await openAsBlob("big.mp4", { type: "video/mp4" });
 * const media: MediaSource = ({ variant }) => (variant === "video" ? bigMp4Blob : undefined);
 */
export type MediaSource = (request: MediaRequest) => Blob | undefined | Promise<Blob | undefined>;

const builtIn = new Map<string, Blob>();

/** The built-in file for a request: the MP4 of the job's size and seconds, or its thumbnail or spritesheet. */
export function builtInMedia(request: MediaRequest): Blob {
  const file = contentMedia(request.variant, request.size, request.seconds);
  let blob = builtIn.get(file.name);
  if (blob === undefined) {
    blob = new Blob([mediaBytes(file.name)], { type: file.type });
    builtIn.set(file.name, blob);
  }
  return blob;
}
