import type { TokenOpsClient } from "../client.js";
import { TokenOpsValidationError } from "../errors.js";
import type { Video } from "../types.js";
import type { BatchEvent, BatchItemStatus } from "./events.js";
import { itemError } from "./item-errors.js";
import { type BatchItem, BatchValidationError, checkBatchItems, itemHash } from "./items.js";
import { type BatchJournal, type BatchRecord, memoryJournal } from "./journal.js";
import { countState, replayJournal } from "./replay.js";
import { createRun } from "./run.js";
import { createItem, followItem } from "./run-item.js";
import { saveItem } from "./save-item.js";

/**
 * Options for `runBatch`.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const options: BatchOptions = {
 *   concurrency: 8,
 *   journal: await createFileJournal("renders/journal.jsonl"),
 *   signal: controller.signal,
 *   onEvent: (event) => console.log(JSON.stringify(event)),
 *   save: async (video, item) => {
 *     await downloadTo(client, video.id, `renders/${item.name}.mp4`);
 *     return [`${item.name}.mp4`];
 *   },
 * };
 * ```
 */
export interface BatchOptions {
  /** The most jobs in flight (created, not finished) at once. Default 4. 429s lower it for a while. */
  concurrency?: number | undefined;
  /** Where records go. Default: in memory (the batch cannot be resumed in another process). */
  journal?: BatchJournal | undefined;
  /** Creates the items that failed in an earlier run again, with new Idempotency-Keys. Default false. */
  retryFailed?: boolean | undefined;
  /**
   * Stops the batch: no more creates; creates already sent are answered and recorded, waits and saves
   * stop. `runBatch` then resolves with `interrupted: true`. The jobs go on at the server.
   */
  signal?: AbortSignal | undefined;
  /** Called with every event; it must not throw (what it throws is ignored). */
  onEvent?: ((event: BatchEvent) => void) | undefined;
  /**
   * Keeps a completed job's output (downloads it, copies it to storage) and returns what it wrote; the item
   * completes when it resolves. Its requests are retried as the client retries any (`maxRetries`); a
   * connection or server error that outlasts them stops the batch, and the next run saves the item again.
   * Default: none (an item completes when its job does).
   */
  save?: ((video: Video, item: BatchItem, signal: AbortSignal) => Promise<string[] | undefined>) | undefined;
  /**
   * On a resumed run, whether an item completed earlier still has its output (e.g. its files exist);
   * when not, it is saved again. Default: it has.
   */
  isSaved?: ((record: Extract<BatchRecord, { type: "completed" }>, item: BatchItem) => Promise<boolean>) | undefined;
  /** Time between status polls of a job, unless the server says otherwise. Default: `waitFor`'s (2000). */
  pollIntervalMs?: number | undefined;
  /** How long to wait for one job before the batch stops with VideoWaitTimeoutError. Default 24 hours. */
  waitDeadlineMs?: number | undefined;
  /** `false` sends values the spec does not know, as `videos.create` does. Default true. */
  validate?: boolean | undefined;
}

/**
 * How a batch ended.
 *
 * @example
 * ```ts
 * const result: BatchResult = await runBatch(client, items);
 * console.log(`${result.completed} made, ${result.failed} failed, ${result.rateLimited} 429s`);
 * ```
 */
export interface BatchResult {
  /** Every item, in the order given. */
  items: BatchItemStatus[];
  completed: number;
  failed: number;
  /** Items not finished: waiting, or still running at the server (after a stop). */
  remaining: number;
  /** Whether `signal` stopped the batch. */
  interrupted: boolean;
  /** How many creates the API answered with 429. */
  rateLimited: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Runs many video jobs: creates them with at most `concurrency` in flight, follows each to its end, saves
 * what each made, and records every step in a journal so that a stopped batch resumes without creating
 * any job twice.
 *
 * - Every item is checked first, as `videos.create` checks (`BatchValidationError` lists every problem);
 *   then nothing is sent unless all are valid.
 * - Each item's Idempotency-Key is recorded before its create is sent, and its job id as soon as the create
 *   answers. A resumed run (the same journal) skips finished items, follows items that have a job, and
 *   creates the others with their recorded key: a create that was sent but never answered returns the job
 *   it made. An item whose content changed (another prompt, size, image…) is a new item, with a
 *   `changed` record.
 * - A 429 on a create is not an error: creates pause for `Retry-After`, the concurrency drops to the jobs
 *   the API holds for this batch, and it rises by one for every `concurrency` jobs that finish (additive
 *   increase, multiplicative decrease). Connection and server errors are retried by the client, as any
 *   request is (its `maxRetries`), with the same key.
 * - A job that fails, or a create the API refuses (400, 422), fails its item; the batch goes on. A 401,
 *   403 or 404 on a create, or errors that outlast the retries, stop the batch: `runBatch` rejects with
 *   that error, and the journal holds everything needed to resume.
 *
 * @example
 * ```ts
 * import { runBatch } from "@tokenops/client/batch";
 *
 * const result = await runBatch(
 *   client,
 *   [
 *     { name: "fox", params: { model: "sora-2", prompt: "A red fox in the snow" } },
 *     { name: "owl", params: { model: "sora-2", prompt: "An owl at dusk", size: "1280x720" } },
 *   ],
 *   { concurrency: 2, onEvent: (event) => console.log(event.type) },
 * );
 * for (const item of result.items) console.log(item.name, item.state, item.video_id);
 * ```
 */
export async function runBatch(
  client: Pick<TokenOpsClient, "videos">,
  items: readonly BatchItem[],
  options: BatchOptions = {},
): Promise<BatchResult> {
  const { concurrency = 4, journal = memoryJournal(), retryFailed = false, signal, onEvent, save, isSaved } = options;
  const { pollIntervalMs, waitDeadlineMs = DAY_MS, validate } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TokenOpsValidationError("concurrency", concurrency, "a whole number from 1");
  }
  const problems = await checkBatchItems(items, { validate });
  if (problems.length > 0) throw new BatchValidationError(problems);
  const hashes = await Promise.all(items.map(itemHash));
  const settings = { save, pollIntervalMs, waitDeadlineMs, validate, onEvent };
  const run = createRun(client, items, hashes, journal, concurrency, settings);
  const { follow, resave } = await replayJournal(run, journal, { retryFailed, isSaved });

  // A stop: the caller's signal, or an error that ends the batch. Creates in flight are not aborted:
  // their answers (the job ids) are recorded first.
  const interrupt = () => run.interrupt();
  signal?.addEventListener("abort", interrupt);
  if (signal?.aborted) interrupt();

  for (const i of follow) {
    run.admission.following();
    run.track(followItem(run, i));
  }
  for (const i of resave) run.track(saveItem(run, i));
  await run.admission.admit(run.queue, (i) => createItem(run, i), run.track, run.signal);
  // Nothing more to create (or a stop): what runs goes on to its end, or until the stop ends it.
  await run.settle();
  signal?.removeEventListener("abort", interrupt);

  const { statuses, fatal } = run;
  const completed = countState(statuses, "completed");
  const failed = countState(statuses, "failed");
  const result: BatchResult = {
    items: statuses.map((status) => ({ ...status })),
    completed,
    failed,
    remaining: statuses.length - completed - failed,
    interrupted: signal?.aborted === true && fatal === undefined,
    rateLimited: run.admission.rateLimited,
  };
  const { items: _, ...totals } = result;
  run.emit({ type: "end", ...totals, ...(fatal ? { error: itemError(fatal.error) } : {}) });
  if (fatal) throw fatal.error;
  return result;
}
