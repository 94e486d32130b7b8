import type { TokenOpsClient } from "../client.js";
import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  TokenOpsValidationError,
  VideoFailedError,
} from "../errors.js";
import { idempotencyKey, isRetryable, retryDelayMs } from "../transport/retry.js";
import { sleep } from "../transport/signal.js";
import type { Video, VideoStatus } from "../types.js";
import { type BatchItem, BatchValidationError, checkBatchItems, itemHash } from "./items.js";
import {
  type BatchItemError,
  type BatchJournal,
  type BatchRecord,
  foldJournal,
  type JournalEntry,
  memoryJournal,
} from "./journal.js";

/**
 * Where an item is: `waiting` to be created, `creating`, `running` at the server (the job's own status is
 * in `status`), `saving` its files, then `completed` or `failed`.
 *
 * @example
 * ```ts
 * const finished = (state: BatchItemState) => state === "completed" || state === "failed";
 * ```
 */
export type BatchItemState = "waiting" | "creating" | "running" | "saving" | "completed" | "failed";

/**
 * An item as the batch sees it now.
 *
 * @example
 * ```ts
 * const line = (item: BatchItemStatus) => `${item.name} ${item.state} ${item.video_id ?? ""} ${item.progress ?? 0}%`;
 * ```
 */
export interface BatchItemStatus {
  name: string;
  line: number | undefined;
  /** The hash of the item's content (see `BatchRecord`). */
  hash: string;
  state: BatchItemState;
  video_id: string | undefined;
  /** The job's last status, as the API reported it. */
  status: VideoStatus | undefined;
  progress: number | undefined;
  /** What `save` wrote (file names, URLs… whatever it returned). */
  files: string[];
  error: BatchItemError | undefined;
  /** When the item's first create was recorded, and when it completed or failed (ISO times). */
  started_at: string | undefined;
  finished_at: string | undefined;
}

/**
 * What a batch reports as it goes, to `onEvent`: the start (with what earlier runs finished), each change
 * of an item, an item whose input changed, a 429 and the concurrency it led to, a retried step, and the end.
 *
 * @example
 * ```ts
 * const onEvent = (event: BatchEvent) => {
 *   if (event.type === "item") console.log(event.item.name, event.item.state, event.item.status ?? "");
 *   if (event.type === "rate-limited") console.log(`429: now ${event.concurrency} at a time`);
 * };
 * ```
 */
export type BatchEvent =
  | {
      type: "start";
      total: number;
      waiting: number;
      running: number;
      completed: number;
      failed: number;
      concurrency: number;
      /** Every item, where this run starts it. */
      items: BatchItemStatus[];
    }
  | { type: "item"; item: BatchItemStatus }
  | { type: "changed"; name: string; line: number | undefined; hash: string; previous: string }
  | { type: "rate-limited"; name: string; retryAfterMs: number; concurrency: number; message: string }
  | { type: "concurrency"; concurrency: number }
  | { type: "retry"; name: string; step: "create" | "save"; attempt: number; delayMs: number; error: BatchItemError }
  | {
      type: "end";
      completed: number;
      failed: number;
      remaining: number;
      interrupted: boolean;
      rateLimited: number;
      error?: BatchItemError | undefined;
    };

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
   * completes when it resolves. Retried on connection and server errors. Default: none (an item completes
   * when its job does).
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
  /** How many times to retry a create or a save after a connection or server error. Default 5. */
  maxRetries?: number | undefined;
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
 * Connection failures and the answers worth another attempt of a create (408, 409, 5xx, a 424 that never
 * reached the model; 429 is handled apart).
 */
const isTransient = (error: unknown) =>
  error instanceof APIConnectionError || (error instanceof APIError && isRetryable(error.status, error.code, "POST"));

/** Statuses that say the whole batch cannot go on: the key, its permissions, or the address is wrong. */
const isFatalStatus = (error: unknown) => error instanceof APIError && [401, 403, 404].includes(error.status);

/** An error as the journal and the events keep it. */
function itemError(error: unknown): BatchItemError {
  if (error instanceof VideoFailedError) {
    const { video } = error;
    const reason = video.error?.message ?? "no reason given";
    return { message: video.status === "failed" ? reason : `${video.status}: ${reason}`, code: video.error?.code };
  }
  if (error instanceof APIError) return { message: error.message, status: error.status, code: error.code };
  return { message: (error as Error)?.message ?? String(error) };
}

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
 *   increase, multiplicative decrease). Connection and server errors are retried with the same key.
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
  const { pollIntervalMs, waitDeadlineMs = DAY_MS, maxRetries = 5, validate } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TokenOpsValidationError("concurrency", concurrency, "a whole number from 1");
  }
  const problems = await checkBatchItems(items, { validate });
  if (problems.length > 0) throw new BatchValidationError(problems);
  const hashes = await Promise.all(items.map(itemHash));
  const entries = foldJournal(await journal.read());
  const now = () => new Date().toISOString();
  const emit = (event: BatchEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // A listener's failure is the listener's: the batch and its journal go on.
    }
  };
  const statuses: BatchItemStatus[] = items.map((item, i) => ({
    name: item.name,
    line: item.line,
    hash: hashes[i] as string,
    state: "waiting",
    video_id: undefined,
    status: undefined,
    progress: undefined,
    files: [],
    error: undefined,
    started_at: undefined,
    finished_at: undefined,
  }));
  const updateItem = (i: number, change: Partial<BatchItemStatus>) => {
    const status = statuses[i] as BatchItemStatus;
    Object.assign(status, change);
    emit({ type: "item", item: { ...status } });
  };
  const record = (i: number, fields: Record<string, unknown>) =>
    journal.append({ name: items[i]?.name, hash: hashes[i], ...fields, at: now() } as BatchRecord);

  // What earlier runs left: each item starts where its journal entry says.
  await journal.append({ type: "run", at: now(), items: items.length });
  const keys: (string | undefined)[] = [];
  const queue: number[] = [];
  const follow: number[] = [];
  const resave: number[] = [];
  for (const [i, item] of items.entries()) {
    const status = statuses[i] as BatchItemStatus;
    let entry: JournalEntry | undefined = entries.get(item.name);
    if (entry !== undefined && entry.hash !== status.hash) {
      await record(i, { type: "changed", previous: entry.hash });
      emit({ type: "changed", name: item.name, line: item.line, hash: status.hash, previous: entry.hash });
      entry = undefined;
    }
    status.started_at = entry?.since;
    status.video_id = entry?.video_id;
    if (entry?.completed) {
      Object.assign(status, { state: "completed", status: "completed", progress: 100 });
      Object.assign(status, { files: entry.completed.files, finished_at: entry.completed.at });
      if (isSaved && !(await isSaved(entry.completed, item))) resave.push(i);
    } else if (entry?.failed && !retryFailed) {
      Object.assign(status, { state: "failed", error: entry.failed.error, finished_at: entry.failed.at });
    } else if (entry?.video_id && !entry.failed) {
      status.state = "running";
      follow.push(i);
    } else {
      // A recorded key is reused (its create may have reached the server); a failed item starts afresh.
      keys[i] = entry?.failed ? undefined : entry?.key;
      if (entry?.failed) Object.assign(status, { video_id: undefined, started_at: undefined });
      queue.push(i);
    }
  }
  const count = (state: BatchItemState) => statuses.filter((status) => status.state === state).length;
  emit({
    type: "start",
    total: items.length,
    waiting: queue.length,
    running: follow.length,
    completed: count("completed"),
    failed: count("failed"),
    concurrency,
    items: statuses.map((status) => ({ ...status })),
  });

  // A stop: the caller's signal, or an error that ends the batch. Creates in flight are not aborted:
  // their answers (the job ids) are recorded first.
  const stop = new AbortController();
  let fatal: { error: unknown } | undefined;
  const halt = (error: unknown) => {
    fatal ??= { error };
    stop.abort();
  };
  const abort = () => stop.abort();
  signal?.addEventListener("abort", abort);
  if (signal?.aborted) abort();

  let limit = concurrency;
  let finishedSinceChange = 0;
  let epoch = 0;
  let creating = 0;
  let running = 0;
  let pausedUntil = 0;
  let rateLimited = 0;
  let consecutive429 = 0;
  let wake: (() => void) | undefined;
  const poke = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const setLimit = (value: number) => {
    if (value === limit) return;
    limit = value;
    finishedSinceChange = 0;
    emit({ type: "concurrency", concurrency: limit });
  };
  const tasks = new Set<Promise<void>>();
  const trackTask = (task: Promise<void>) => {
    const settled = task.catch(halt).finally(() => {
      tasks.delete(settled);
      poke();
    });
    tasks.add(settled);
  };
  const failItem = async (i: number, error: unknown) => {
    const e = itemError(error);
    await record(i, { type: "failed", video_id: statuses[i]?.video_id ?? null, error: e });
    updateItem(i, { state: "failed", error: e, finished_at: now() });
  };

  const create = async (i: number) => {
    const item = items[i] as BatchItem;
    let key = keys[i];
    if (key === undefined) {
      key = idempotencyKey();
      // Recorded before the create is sent: however the run ends, the next one sends the same key.
      await record(i, { type: "key", key });
      keys[i] = key;
      (statuses[i] as BatchItemStatus).started_at ??= now();
    }
    updateItem(i, { state: "creating" });
    for (let attempt = 1; ; attempt++) {
      const sentIn = epoch;
      let video: Video;
      try {
        // maxRetries 0: a 429 is the batch's to handle (the pause and the concurrency), not the transport's.
        video = await client.videos.create(item.params, { idempotencyKey: key, maxRetries: 0, validate });
      } catch (error) {
        if (error instanceof APIError && error.status === 429) {
          rateLimited++;
          consecutive429++;
          // One decrease per congestion: the 429s of creates sent before it say nothing new.
          if (sentIn === epoch) {
            epoch++;
            setLimit(Math.max(1, running));
          }
          const retryAfterMs = retryDelayMs(consecutive429, error.headers);
          pausedUntil = Math.max(pausedUntil, Date.now() + retryAfterMs);
          emit({ type: "rate-limited", name: item.name, retryAfterMs, concurrency: limit, message: error.message });
          queue.unshift(i);
          updateItem(i, { state: "waiting" });
          return;
        }
        if (isTransient(error) && attempt <= maxRetries) {
          const delayMs = retryDelayMs(attempt, (error as APIError).headers);
          emit({ type: "retry", name: item.name, step: "create", attempt, delayMs, error: itemError(error) });
          await sleep(delayMs, stop.signal).catch(() => undefined);
          if (!stop.signal.aborted) continue;
          updateItem(i, { state: "waiting" });
          return;
        }
        if (!isTransient(error) && !isFatalStatus(error)) {
          if (error instanceof APIError || error instanceof TokenOpsValidationError) return failItem(i, error);
        }
        // The batch stops; the item has its key and no job, and waits for the next run.
        updateItem(i, { state: "waiting" });
        throw error;
      }
      consecutive429 = 0;
      await record(i, { type: "created", key, video_id: video.id });
      running++;
      // Sent before the last decrease and accepted: the API holds at least this many of the batch's jobs.
      if (sentIn !== epoch && running > limit) setLimit(Math.min(concurrency, running));
      updateItem(i, { state: "running", video_id: video.id, status: video.status, progress: video.progress });
      trackTask(waitForItem(i));
      return;
    }
  };

  const waitForItem = async (i: number) => {
    let video: Video;
    try {
      video = await client.videos.waitFor(statuses[i]?.video_id as string, {
        signal: stop.signal,
        deadlineMs: waitDeadlineMs,
        ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
        onProgress: (job) => updateItem(i, { status: job.status, progress: job.progress }),
      });
    } catch (error) {
      if (error instanceof APIUserAbortError && stop.signal.aborted) return;
      // The job failed, or is gone (a 404 for a recorded id): the item fails, the batch goes on.
      if (error instanceof VideoFailedError || (error instanceof APIError && error.status === 404)) {
        return failItem(i, error);
      }
      throw error;
    } finally {
      running--;
      // Additive increase: one more slot for every `limit` jobs that finish.
      if (++finishedSinceChange >= limit && limit < concurrency) setLimit(limit + 1);
    }
    await finishItem(i, video);
  };

  const finishItem = async (i: number, video?: Video) => {
    const item = items[i] as BatchItem;
    let files: string[] = [];
    if (save) {
      updateItem(i, { state: "saving" });
      for (let attempt = 1; ; attempt++) {
        try {
          video ??= await client.videos.retrieve(statuses[i]?.video_id as string, { signal: stop.signal });
          if (video.status !== "completed") {
            return failItem(i, new VideoFailedError(video));
          }
          files = (await save(video, item, stop.signal)) ?? [];
          break;
        } catch (error) {
          if (stop.signal.aborted) return;
          if (isTransient(error) && attempt <= maxRetries) {
            const delayMs = retryDelayMs(attempt, (error as APIError).headers);
            emit({ type: "retry", name: item.name, step: "save", attempt, delayMs, error: itemError(error) });
            await sleep(delayMs, stop.signal).catch(() => undefined);
            if (stop.signal.aborted) return;
            continue;
          }
          // The API refused the download (expired, not found): the item fails. Anything else (the disk)
          // stops the batch.
          if (error instanceof APIError && !isTransient(error) && ![401, 403].includes(error.status)) {
            return failItem(i, error);
          }
          throw error;
        }
      }
    }
    await record(i, { type: "completed", video_id: statuses[i]?.video_id, files });
    updateItem(i, { state: "completed", status: "completed", progress: 100, files, finished_at: now() });
  };

  for (const i of follow) {
    running++;
    trackTask(waitForItem(i));
  }
  for (const i of resave) trackTask(finishItem(i));

  const stopped = new Promise<void>((resolve) => stop.signal.addEventListener("abort", () => resolve()));
  while (!stop.signal.aborted && (queue.length > 0 || creating > 0)) {
    const pause = pausedUntil - Date.now();
    if (queue.length === 0 || running + creating >= limit || pause > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          wake = resolve;
          if (pause > 0) timer = setTimeout(resolve, pause);
        }),
        stopped,
      ]);
      clearTimeout(timer);
      continue;
    }
    const i = queue.shift() as number;
    creating++;
    trackTask(create(i).finally(() => creating--));
  }
  // Nothing more to create (or a stop): what runs goes on to its end, or until the stop ends it.
  while (tasks.size > 0) await Promise.allSettled([...tasks]);
  signal?.removeEventListener("abort", abort);

  const result: BatchResult = {
    items: statuses.map((status) => ({ ...status })),
    completed: count("completed"),
    failed: count("failed"),
    remaining: statuses.length - count("completed") - count("failed"),
    interrupted: signal?.aborted === true && fatal === undefined,
    rateLimited,
  };
  const { items: _, ...totals } = result;
  emit({ type: "end", ...totals, ...(fatal ? { error: itemError(fatal.error) } : {}) });
  if (fatal) throw fatal.error;
  return result;
}
