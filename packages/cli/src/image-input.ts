import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { fileFromPath } from "@tokenops/client/node";
import { UsageError } from "./errors.js";

/** A value the API reads itself: an http(s) URL or a base64 data URL, sent as given. */
const isUrl = (value: string) => /^(https?:\/\/|data:)/i.test(value);

/**
 * An image given to `--image` or `--last-frame` (or a batch line's `image`, `lastFrame`): a URL or data URL as
 * given, else a file (relative to `base`) streamed from disk, which the client sends as the family needs (a data
 * URL for a JSON family, the form's file for Sora). A missing or unreadable file is refused here, naming `what`.
 *
 * @throws UsageError naming `what`, the path and why.
 * @example
 * const image = await openImage("--image", "first-frame.png"); // a File
 * const lastFrame = await openImage("--last-frame", "https://example.com/last.png"); // the URL
 */
export async function openImage(what: string, value: string, base = process.cwd()): Promise<File | string> {
  if (isUrl(value)) return value;
  const path = resolve(base, value);
  try {
    if (!(await stat(path)).isFile()) throw new UsageError(`${what}: "${value}" is not a file.`);
    await access(path, constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(code);
    throw new UsageError(
      `${what}: cannot read "${value}" (${reason}); give an image file, an http(s) URL or a data URL.`,
    );
  }
  return fileFromPath(path);
}
