import { randomUUID } from "node:crypto";
import { open, rename, rm, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";

/**
 * Writes a text file whole or not at all: a temporary file beside it, flushed, then renamed over it. A reader (or
 * a crash) never sees half a file. The batch folder writes its `summary.json` and `index.html` this way.
 *
 * @example
 * ```ts
 * await writeFileAtomically("renders/summary.json", JSON.stringify({ done: 3 }));
 * ```
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temp = join(resolve(path, ".."), `.${basename(path)}.${randomUUID()}.part`);
  try {
    await writeFile(temp, text);
    const handle = await open(temp, "r+");
    await handle.sync().finally(() => handle.close());
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
