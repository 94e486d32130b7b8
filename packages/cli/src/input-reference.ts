import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { fileFromPath } from "@tokenops/client/node";
import { UsageError } from "./errors.js";

/**
 * Opens the `--input-reference` image as a File streamed from disk. A missing, unreadable
 * or non-file path is refused here, naming the flag; the image's type and pixel size are
 * then checked by the client's validation before the create request is sent.
 *
 * @throws UsageError naming `--input-reference`.
 * @example
 * const input_reference = await openInputReference("first-frame.png");
 */
export async function openInputReference(path: string): Promise<File> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`--input-reference: "${path}" is not a file.`);
    await access(path, constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(code);
    throw new UsageError(`--input-reference: cannot read "${path}" (${reason}); give a JPEG, PNG or WebP image.`);
  }
  return fileFromPath(path);
}
