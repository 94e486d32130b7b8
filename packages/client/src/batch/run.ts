import type { TokenOpsClient } from "../client.js";
import type { Video } from "../types.js";
import { Admission } from "./admission.js";
import type { BatchEvent, BatchItemStatus } from "./events.js";
import { itemError } from "./item-errors.js";
import type { BatchItem } from "./items.js";
import type { BatchJournal, BatchRecord } from "./journal.js";

/** What the steps of one item need from the batch's options. */
export interface ItemSettings {
  save: ((video: Video, item: BatchItem, signal: AbortSignal) => Promise<string[] | undefined>) | undefined;
  pollIntervalMs: number | undefined;
  waitDeadlineMs: number;
  validate: boolean | undefined;
}

/**
 * One run of a batch, as its steps share it: the items and where each is, the journal, the events, the
 * admission, the tasks in flight and the stop.
 */
export interface BatchRun extends ItemSettings {
  client: Pick<TokenOpsClient, "videos">;
  items: readonly BatchItem[];
  statuses: BatchItemStatus[];
  /** Each item's Idempotency-Key, once recorded. */
  keys: (string | undefined)[];
  /** The items to create, in order (a 429 puts one back first). */
  queue: number[];
  admission: Admission;
  /** Aborts on the caller's stop, or on an error that ends the batch (see `halt`). */
  signal: AbortSignal;
  /** The error that ended the batch, if one did. */
  fatal: { error: unknown } | undefined;
  emit(event: BatchEvent): void;
  /** Changes an item and reports it. */
  update(i: number, change: Partial<BatchItemStatus>): void;
  /** Appends a record for an item. */
  record(i: number, fields: Record<string, unknown>): Promise<void>;
  /** Records an item's failure and reports it; the batch goes on. */
  fail(i: number, error: unknown): Promise<void>;
  /** Keeps a task until it settles; its error ends the batch. */
  track(task: Promise<void>): void;
  /** Stops the batch: no more creates; creates in flight are answered and recorded, waits and saves stop. */
  interrupt(): void;
  /** Ends the batch with an error (the first one wins). */
  halt(error: unknown): void;
  /** Resolves once every tracked task has settled. */
  settle(): Promise<void>;
}

export const now = () => new Date().toISOString();

/** A run over `items`, every one `waiting`, before the journal is replayed. */
export function createRun(
  client: Pick<TokenOpsClient, "videos">,
  items: readonly BatchItem[],
  hashes: readonly string[],
  journal: BatchJournal,
  concurrency: number,
  settings: ItemSettings & { onEvent: ((event: BatchEvent) => void) | undefined },
): BatchRun {
  const { onEvent, ...itemSettings } = settings;
  const emit = (event: BatchEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // A listener's failure is the listener's: the batch and its journal go on.
    }
  };
  const stop = new AbortController();
  const tasks = new Set<Promise<void>>();
  const run: BatchRun = {
    ...itemSettings,
    client,
    items,
    statuses: items.map((item, i) => ({
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
    })),
    keys: [],
    queue: [],
    admission: new Admission(concurrency, emit),
    signal: stop.signal,
    fatal: undefined,
    emit,
    update: (i, change) => {
      const status = run.statuses[i] as BatchItemStatus;
      Object.assign(status, change);
      emit({ type: "item", item: { ...status } });
    },
    record: (i, fields) =>
      journal.append({ name: items[i]?.name, hash: hashes[i], ...fields, at: now() } as BatchRecord),
    fail: async (i, error) => {
      const e = itemError(error);
      await run.record(i, { type: "failed", video_id: run.statuses[i]?.video_id ?? null, error: e });
      run.update(i, { state: "failed", error: e, finished_at: now() });
    },
    track: (task) => {
      const settled = task.catch(run.halt).finally(() => {
        tasks.delete(settled);
        run.admission.poke();
      });
      tasks.add(settled);
    },
    interrupt: () => stop.abort(),
    halt: (error) => {
      run.fatal ??= { error };
      stop.abort();
    },
    settle: async () => {
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
  };
  return run;
}
