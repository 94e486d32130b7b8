/**
 * `@tokenops/client/batch`: many video jobs at once, within the account's limits — a concurrency cap that
 * backs off on 429s, an event for every change, an abort signal, and a journal so that a stopped batch
 * resumes without paying for any job twice. Runs wherever the client runs; the file journal and the
 * folder of results are in `@tokenops/client/node`.
 *
 * @module @tokenops/client/batch
 */
export { type BatchOptions, type BatchResult, runBatch } from "./engine.js";
export type { BatchEvent, BatchItemState, BatchItemStatus } from "./events.js";
export { isTransient, itemError } from "./item-errors.js";
export { type BatchItem, type BatchProblem, BatchValidationError, checkBatchItems } from "./items.js";
export type { BatchItemError, BatchJournal, BatchRecord } from "./journal.js";
