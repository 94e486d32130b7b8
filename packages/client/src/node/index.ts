/**
 * `@tokenops/client/node`: helpers for Node.js only — files from disk, downloads to disk,
 * batches into a folder (with a file journal, a summary and a contact sheet). The only part of
 * the package that imports `node:` modules.
 *
 * @module @tokenops/client/node
 */

export {
  type BatchFolderOptions,
  type BatchSummaryEntry,
  JOURNAL_FILE,
  removePartials,
  runBatchToFolder,
  summaryWriter,
  unsafeFileName,
} from "./batch-folder.js";
export { renderContactSheet } from "./contact-sheet.js";
export { type DownloadOptions, downloadTo } from "./download-to.js";
export { fileFromPath } from "./file-from-path.js";
export { createFileJournal, type FileJournal } from "./file-journal.js";
export { writeFileAtomically } from "./write-atomically.js";
