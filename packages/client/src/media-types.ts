/**
 * The image types upstream accepts as `input_reference`. The spec states them as createVideo's multipart
 * `encoding` (`image/jpeg, image/png, image/webp`); the generated operation table does not carry encodings
 * yet, so they are listed here, once.
 */
export const inputReferenceTypes = ["image/jpeg", "image/png", "image/webp"];

/** The image MIME type a file name's extension implies (.jpg, .jpeg, .png, .webp), if any. */
export const typeFromName = (name: string): string | undefined => {
  const ext = /\.(jpe?g|png|webp)$/i.exec(name)?.[1]?.toLowerCase();
  return ext && `image/${ext === "jpg" ? "jpeg" : ext}`;
};
