import { type OperationTypes as Operations, operations } from "@tokenops/contract";
import type { VideoVariant } from "./types.js";

/** The image types upstream accepts as `input_reference`: createVideo's multipart encoding in the spec. */
export const inputReferenceTypes: readonly string[] = operations.createVideo.encoding.input_reference;

/** The accepted image type a file name's extension implies (.jpg, .jpeg, .png, .webp), if any. */
export const typeFromName = (name: string): string | undefined => {
  const ext = /\.(\w+)$/.exec(name)?.[1]?.toLowerCase();
  const type = `image/${ext === "jpg" ? "jpeg" : ext}`;
  return inputReferenceTypes.includes(type) ? type : undefined;
};

/** The file types the spec lists for getVideoContent's answer (its JSON `{video_url}` form left out). */
type ContentFileType = Exclude<keyof Operations["getVideoContent"]["responses"][200]["content"], "application/json">;

/**
 * The media type of each content variant: what `content` asks for in `Accept` and expects back. The spec pairs
 * them (`x-tokenops-media-types` on getVideoContent's `variant`); the compiler holds this map to both lists
 * (every variant, and only types the spec's answer lists).
 *
 * @example
 * ```ts
 * variantMediaTypes.thumbnail; // "image/webp"
 * const extension = (variant: VideoVariant) => variantMediaTypes[variant].split("/")[1]; // "mp4", "webp", "jpeg"
 * ```
 */
export const variantMediaTypes = operations.getVideoContent.mediaTypes.variant satisfies Record<
  VideoVariant,
  ContentFileType
>;
