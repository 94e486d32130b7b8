/**
 * What a batch's journal holds: one record per step of an item, appended in order. The engine writes a
 * `key` record before it sends a create, `created` as soon as the create answers, then `completed` or
 * `failed`; `changed` when an item's input changed since an earlier run; `run` when a run starts.
 * Every record names its item and the hash of the item's content.
 *
 * @example
 * ```ts
 * const record: BatchRecord = { type: "created", name: "fox", hash: "9f86d0…", key: "tokenops-batch-…", video_id: "video_123", at: new Date().toISOString() };
 * ```
 */
export type BatchRecord =
  | { type: "run"; at: string; items: number }
  | { type: "key"; name: string; hash: string; key: string; at: string }
  | { type: "created"; name: string; hash: string; key: string; video_id: string; at: string }
  | { type: "completed"; name: string; hash: string; video_id: string; files: string[]; at: string }
  | { type: "failed"; name: string; hash: string; video_id: string | null; error: BatchItemError; at: string }
  | { type: "changed"; name: string; hash: string; previous: string; at: string };

/**
 * Why an item failed: the API's status and code when it answered, and its message.
 *
 * @example
 * ```ts
 * const error: BatchItemError = { message: "Video video_123 failed: blocked", code: "moderation_blocked" };
 * ```
 */
export interface BatchItemError {
  message: string;
  /** The HTTP status, when the API refused a request. */
  status?: number | undefined;
  /** The API's or the job's error code. */
  code?: string | number | null | undefined;
}

/**
 * Where a batch keeps its records, so that a run can stop at any moment (Ctrl-C, `kill -9`, a crash, a
 * laptop that sleeps) and the next run picks up where it stopped without creating a job twice. Only
 * two calls: `read` every record once at the start, then `append` one at a time. `append` must resolve
 * only once the record is durable (flushed to disk, committed, acknowledged): the engine sends a create
 * only after its key's record is appended. A file is the journal that `@tokenops/client/node` builds
 * (`createFileJournal`); a database table or a queue can stand in for it.
 *
 * @example
 * ```ts
 * // A journal in a SQL table (any store with ordered, durable appends will do). `db` is your SQL client,
 * // such as pg's Pool:
 * declare const db: { query(text: string, values: unknown[]): Promise<{ rows: { record: BatchRecord }[] }> };
 * const batchId = "renders-2025-06";
 * const journal: BatchJournal = {
 *   read: async () => (await db.query("SELECT record FROM batch_journal WHERE batch = $1 ORDER BY seq", [batchId])).rows.map((row) => row.record),
 *   append: async (record) => void (await db.query("INSERT INTO batch_journal (batch, record) VALUES ($1, $2)", [batchId, record])),
 * };
 * ```
 */
export interface BatchJournal {
  /** Every record appended so far, oldest first (none for a new batch). */
  read(): Promise<BatchRecord[]>;
  /** Appends one record; resolves once it is durable. */
  append(record: BatchRecord): Promise<void>;
}

/** What the journal says about one item, for the content (hash) it last had. */
export interface JournalEntry {
  hash: string;
  key?: string | undefined;
  video_id?: string | undefined;
  completed?: Extract<BatchRecord, { type: "completed" }> | undefined;
  failed?: Extract<BatchRecord, { type: "failed" }> | undefined;
  /** When this content's first create was recorded (ISO time). */
  since?: string | undefined;
}

/** Folds the records into each item's latest state, by name. Records of unknown types are skipped. */
export function foldJournal(records: readonly BatchRecord[]): Map<string, JournalEntry> {
  const entries = new Map<string, JournalEntry>();
  for (const record of records) {
    if (record.type === "run" || typeof (record as { name?: unknown }).name !== "string") continue;
    let entry = entries.get(record.name);
    // A record for other content starts the item afresh: its input changed.
    if (entry === undefined || entry.hash !== record.hash) {
      entry = { hash: record.hash };
      entries.set(record.name, entry);
    }
    switch (record.type) {
      case "key":
        // A new key is a new attempt (`retryFailed`): what the previous one ended with no longer holds.
        Object.assign(entry, { key: record.key, video_id: undefined, completed: undefined, failed: undefined });
        entry.since ??= record.at;
        break;
      case "created":
        entry.video_id = record.video_id;
        break;
      case "completed":
        entry.completed = record;
        break;
      case "failed":
        entry.failed = record;
        break;
      default:
        break;
    }
  }
  return entries;
}

/** A journal in memory: the default, for a batch that need not survive its process. */
export function memoryJournal(): BatchJournal {
  const records: BatchRecord[] = [];
  return {
    read: async () => records.slice(),
    append: async (record) => {
      records.push(record);
    },
  };
}
