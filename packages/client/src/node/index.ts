/**
 * `@tokenops/client/node`: helpers for Node.js only — files from disk, downloads to disk. The only part of
 * the package that imports `node:` modules.
 *
 * @packageDocumentation
 */
export { type DownloadOptions, downloadTo } from "./download-to.js";
export { fileFromPath } from "./file-from-path.js";
