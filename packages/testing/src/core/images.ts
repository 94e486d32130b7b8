import { imageSize } from "image-size";

const mimeTypes: Record<string, string> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp" };

/** An image's type (sniffed from its bytes) and pixel size. */
export interface ImageHeader {
  type: string;
  width: number;
  height: number;
}

/**
 * Read an image's type and pixel size from its first bytes (image-size reads headers, it does not
 * decode). Undefined when the bytes are not an image it knows.
 */
export function readImageHeader(head: Uint8Array): ImageHeader | undefined {
  try {
    const { type, width, height } = imageSize(head);
    if (type === undefined || width === undefined || height === undefined) return undefined;
    return { type: mimeTypes[type] ?? `image/${type}`, width, height };
  } catch {
    return undefined;
  }
}
