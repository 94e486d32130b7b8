import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type MediaName, mediaInfo } from "../fixtures/media.js";

let mediaDir: string | undefined;

/** The package's media/ folder: found by walking up from this module to the package root, so it works from src/ and from dist/ (ESM and CJS). */
function findMediaDir(): string {
  if (mediaDir !== undefined) return mediaDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "@tokenops/testing") {
      mediaDir = join(dir, "media");
      return mediaDir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("@tokenops/testing: cannot find the package's media/ folder.");
    dir = parent;
  }
}

/**
 * The absolute path of a media fixture on disk (Node only) — for APIs that take a path, such as
 * `fileFromPath` from `@tokenops/client/node` or the CLI's `--input-reference`.
 *
 * @example
 * import { mediaPath } from "@tokenops/testing";
 * const file = await fileFromPath(mediaPath("reference-1280x720.png"));
 */
export function mediaPath(name: MediaName): string {
  return join(findMediaDir(), mediaInfo(name).name);
}
