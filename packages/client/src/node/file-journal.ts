import { type FileHandle, open } from "node:fs/promises";
import { dirname } from "node:path";
import type { BatchJournal, BatchRecord } from "../batch/journal.js";
import { TokenOpsError } from "../errors.js";

/**
 * A batch journal in a file (see `createFileJournal`).
 *
 * @example
 * ```ts
 * const journal: FileJournal = await createFileJournal("out/journal.jsonl");
 * await journal.close();
 * ```
 */
export interface FileJournal extends BatchJournal {
  /** The file's path. */
  readonly path: string;
  /** Waits for pending appends, then closes the file. */
  close(): Promise<void>;
}

/**
 * Opens (or creates) a batch journal file: JSON Lines, one record per line, only ever appended to. Each
 * `append` resolves once its line is written and flushed to disk (`fdatasync`); appends that arrive
 * together share one write and one flush. A last line cut short by a crash or `kill -9` (its record was
 * never acknowledged, so nothing was sent on the strength of it) is dropped when the file is opened.
 *
 * @throws TokenOpsError when a line before the last is not a JSON record (the file was edited or is not a journal).
 *
 * @example
 * ```ts
 * import { runBatch } from "@tokenops/client/batch";
 * import { createFileJournal } from "@tokenops/client/node";
 *
 * const journal = await createFileJournal("renders/journal.jsonl");
 * try {
 *   await runBatch(client, items, { journal });
 * } finally {
 *   await journal.close();
 * }
 * ```
 */
export async function createFileJournal(path: string): Promise<FileJournal> {
  const handle = await open(path, "a+");
  let records: BatchRecord[];
  try {
    records = await readRecords(handle, path);
    // The file may be new: its name must be on disk too, or a crash could take the file with it.
    const folder = await open(dirname(path), "r");
    await folder.sync().finally(() => folder.close());
  } catch (error) {
    await handle.close();
    throw error;
  }

  let pending: string[] = [];
  let waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let writing: Promise<void> | undefined;
  const flush = async () => {
    while (pending.length > 0) {
      const lines = pending.join("");
      const batch = waiters;
      pending = [];
      waiters = [];
      try {
        await handle.write(lines);
        await handle.datasync();
        for (const waiter of batch) waiter.resolve();
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    writing = undefined;
  };

  return {
    path,
    read: async () => records.slice(),
    append: (record) =>
      new Promise<void>((resolve, reject) => {
        pending.push(`${JSON.stringify(record)}\n`);
        waiters.push({ resolve, reject });
        writing ??= flush();
      }),
    close: async () => {
      await writing;
      await handle.close();
    },
  };
}

/** Reads every record; cuts a last line that a crash left without its newline. */
async function readRecords(handle: FileHandle, path: string): Promise<BatchRecord[]> {
  const text = await handle.readFile("utf8");
  const end = text.lastIndexOf("\n") + 1;
  if (end < text.length) {
    await handle.truncate(Buffer.byteLength(text.slice(0, end)));
    await handle.sync();
  }
  const records: BatchRecord[] = [];
  for (const [index, line] of text.slice(0, end).split("\n").entries()) {
    if (line.trim() === "") continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      throw new TokenOpsError(`${path}: line ${index + 1} is not a journal record (JSON); was the file edited?`);
    }
  }
  return records;
}
