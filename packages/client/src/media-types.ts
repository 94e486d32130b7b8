/**
 * The image types upstream accepts as `input_reference`, by file extension. The spec states them as the
 * multipart `encoding` of createVideo (`image/jpeg, image/png, image/webp`); the generated operation table
 * does not carry encodings yet, so they are listed here, once.
 */
const imageTypes: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
};

/** The MIME types allowed for `input_reference`. */
export const inputReferenceTypes = [...new Set(Object.values(imageTypes))];

/** The image MIME type for a file name's extension, or undefined when it is not a known image extension. */
export const typeFromName = (name: string): string | undefined =>
  imageTypes[/\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? ""];

/** A file extension (with its dot) for an image MIME type, or "" when there is none. */
export const extensionFor = (type: string): string => {
  for (const ext in imageTypes) if (imageTypes[ext] === type) return `.${ext}`;
  return "";
};
