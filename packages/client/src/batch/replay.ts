import type { BatchItemState, BatchItemStatus } from "./events.js";
import type { BatchItem } from "./items.js";
import { type BatchJournal, type BatchRecord, foldJournal, type JournalEntry } from "./journal.js";
import { type BatchRun, now } from "./run.js";

/** What replaying the journal leaves to do besides the queue of creates. */
export interface Replayed {
  /** Items whose job an earlier run created: followed to their end. */
  follow: number[];
  /** Items completed earlier whose output is gone: saved again. */
  resave: number[];
}

export interface ReplayOptions {
  retryFailed: boolean;
  isSaved: ((record: Extract<BatchRecord, { type: "completed" }>, item: BatchItem) => Promise<boolean>) | undefined;
}

/**
 * Replays what earlier runs left: each item starts where its journal entry says — finished, followed,
 * saved again, or queued for a create with its recorded key — and this run's `run` record is appended.
 * Then the `start` event.
 */
export async function replayJournal(
  run: BatchRun,
  journal: BatchJournal,
  { retryFailed, isSaved }: ReplayOptions,
): Promise<Replayed> {
  const { items, statuses, keys, queue } = run;
  const entries = foldJournal(await journal.read());
  await journal.append({ type: "run", at: now(), items: items.length });
  const follow: number[] = [];
  const resave: number[] = [];
  for (const [i, item] of items.entries()) {
    const status = statuses[i] as BatchItemStatus;
    let entry: JournalEntry | undefined = entries.get(item.name);
    if (entry !== undefined && entry.hash !== status.hash) {
      await run.record(i, { type: "changed", previous: entry.hash });
      run.emit({ type: "changed", name: item.name, line: item.line, hash: status.hash, previous: entry.hash });
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
  run.emit({
    type: "start",
    total: items.length,
    waiting: queue.length,
    running: follow.length,
    completed: countState(statuses, "completed"),
    failed: countState(statuses, "failed"),
    concurrency: run.admission.concurrency,
    items: statuses.map((status) => ({ ...status })),
  });
  return { follow, resave };
}

/** How many items are in `state`. */
export const countState = (statuses: readonly BatchItemStatus[], state: BatchItemState) =>
  statuses.filter((status) => status.state === state).length;
