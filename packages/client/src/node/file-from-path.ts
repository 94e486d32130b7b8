import { openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { TokenOpsValidationError } from "../errors.js";
import { typeFromName } from "../media-types.js";

/**
 * A File streamed from disk (`fs.openAsBlob`: nothing is read until it is sent), named after the path, with
 * the MIME type its extension implies (.jpg/.jpeg, .png, .webp) or `options.type`. Use it as `input_reference`.
 *
 * @throws TokenOpsValidationError naming the path when the extension is not an image's (and no `type` was
 * given), or the path is not a readable file.
 *
 * @example
 * ```ts
 * import { fileFromPath } from "@tokenops/client/node";
 *
 * const video = await client.videos.create({
 *   model: "sora-2",
 *   prompt: "The scene comes alive",
 *   size: "1280x720",
 *   input_reference: await fileFromPath("./first-frame.png"),
 * });
 * ```
 */
export async function fileFromPath(path: string, options: { type?: string } = {}): Promise<File> {
  const type = options.type ?? typeFromName(path);
  if (!type) {
    throw new TokenOpsValidationError("path", path, "a .jpg, .jpeg, .png or .webp file, or pass { type }");
  }
  try {
    if (!(await stat(path)).isFile()) throw new Error("not a file");
    return new File([await openAsBlob(path, { type })], basename(path), { type });
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new TokenOpsValidationError("path", path, "a readable file", `${JSON.stringify(path)} (${why})`);
  }
}
