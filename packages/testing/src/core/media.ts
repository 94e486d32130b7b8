import { contentMedia, frameMedia, mediaBytes } from "../fixtures/media.js";
import type { AspectRatio, JobFamily } from "./families.js";
import type { Video, VideoSize, VideoVariant } from "./spec.js";
import { readStillFrame, type StillFrame, stillVideo } from "./still-video.js";

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
  variant: VideoVariant;
  /** The job's model family (`"sora"`, `"seedance"`, `"jimeng"`, `"hailuo"`, or `"other"`). */
  family: JobFamily;
  /** Sora's size (`720x1280`, `1280x720`); for the JSON families, the pixel size of their resolution and ratio. */
  size: string;
  /** The duration in whole seconds. */
  seconds: string;
  /** The aspect ratio, e.g. `"16:9"`. */
  ratio: AspectRatio;
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
const frames = new Map<AspectRatio, StillFrame>();

function cached(name: string, make: () => Blob): Blob {
  let blob = builtIn.get(name);
  if (blob === undefined) {
    blob = make();
    builtIn.set(name, blob);
  }
  return blob;
}

/**
 * The built-in file for a request. Sora: the MP4 of the job's size and seconds, or its thumbnail or spritesheet.
 * The other families: an MP4 of the job's ratio and seconds, made from that ratio's frame (`frame-16x9.mp4`, …,
 * 144 px on the short side); their thumbnail and spritesheet (OpenAI's variants, not on their pages) are Sora's
 * of the same orientation.
 */
export function builtInMedia(request: MediaRequest): Blob {
  if (request.family === "sora") {
    const file = contentMedia(request.variant, request.size as VideoSize, request.seconds as "4");
    return cached(file.name, () => new Blob([mediaBytes(file.name)], { type: file.type }));
  }
  const [a, b] = request.ratio.split(":").map(Number) as [number, number];
  if (request.variant !== "video") {
    const file = contentMedia(request.variant, a >= b ? "1280x720" : "720x1280", "4");
    return cached(file.name, () => new Blob([mediaBytes(file.name)], { type: file.type }));
  }
  const source = frameMedia(request.ratio);
  return cached(`${request.ratio} ${request.seconds}`, () => {
    let frame = frames.get(request.ratio);
    if (frame === undefined) {
      frame = readStillFrame(mediaBytes(source.name));
      frames.set(request.ratio, frame);
    }
    return new Blob([stillVideo(frame, Number(request.seconds)) as Uint8Array<ArrayBuffer>], { type: source.type });
  });
}
