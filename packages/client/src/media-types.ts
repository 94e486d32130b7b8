import { operations } from "./generated/operations.js";

/** The image types upstream accepts as `input_reference`: createVideo's multipart encoding in the spec. */
export const inputReferenceTypes: readonly string[] = operations.createVideo.encoding.input_reference;

/** The accepted image type a file name's extension implies (.jpg, .jpeg, .png, .webp), if any. */
export const typeFromName = (name: string): string | undefined => {
  const ext = /\.(\w+)$/.exec(name)?.[1]?.toLowerCase();
  const type = `image/${ext === "jpg" ? "jpeg" : ext}`;
  return inputReferenceTypes.includes(type) ? type : undefined;
};
