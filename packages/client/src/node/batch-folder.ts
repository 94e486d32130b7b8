import { mkdir, open, readdir, readFile, rm, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { type BatchOptions, type BatchResult, runBatch } from "../batch/engine.js";
import type { BatchEvent, BatchItemStatus } from "../batch/events.js";
import { type BatchItem, type BatchProblem, BatchValidationError, checkBatchItems } from "../batch/items.js";
import type { TokenOpsClient } from "../client.js";
import { APIError, TokenOpsError } from "../errors.js";
import type { BatchSummaryEntry } from "./batch-summary.js";
import { renderContactSheet } from "./contact-sheet.js";
import { downloadTo } from "./download-to.js";
import { createFileJournal } from "./file-journal.js";
import { writeFileAtomically } from "./write-atomically.js";

export type { BatchSummaryEntry } from "./batch-summary.js";

/**
 * Options for `runBatchToFolder`: those of `runBatch`, less the journal and the saving, which the folder
 * provides.
 *
 * @example
 * ```ts
 * const options: BatchFolderOptions = { concurrency: 8, retryFailed: true, thumbnails: false };
 * ```
 */
export interface BatchFolderOptions extends Omit<BatchOptions, "journal" | "save" | "isSaved"> {
  /** Also download each video's thumbnail, as `<name>.webp`. Default true. */
  thumbnails?: boolean | undefined;
  /** The contact sheet's heading. Default: the folder's name. */
  title?: string | undefined;
}

/**
 * The journal's file name in a batch folder.
 *
 * @example
 * ```ts
 * import { readFile } from "node:fs/promises";
 * import { join } from "node:path";
 *
 * const records = (await readFile(join("renders", JOURNAL_FILE), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
 * ```
 */
export const JOURNAL_FILE = "journal.jsonl";
const LOCK_FILE = ".batch.lock";

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
/** Letters, digits, spaces and a few marks, not first; what every common file system takes as a file name. */
const SAFE_NAME = /^[\p{L}\p{N}_][\p{L}\p{N} ._()+,=@-]*$/u;

/**
 * Why `name` is not safe as a file name (`<name>.mp4` in a folder, on Linux, macOS and Windows), or
 * undefined when it is.
 *
 * @example
 * ```ts
 * unsafeFileName("../fox"); // 'name "../fox" is not safe as a file name: …'
 * unsafeFileName("fox 01"); // undefined
 * ```
 */
export function unsafeFileName(name: string): string | undefined {
  if (SAFE_NAME.test(name) && name.length <= 120 && !/[ .]$/.test(name) && !RESERVED.test(name)) return undefined;
  return `name ${JSON.stringify(name)} is not safe as a file name: use at most 120 letters, digits, spaces and . _ - ( ) + , = @, starting with a letter, a digit or _, not ending with a space or a dot`;
}

/**
 * Runs a batch into a folder, the layout `tokenops videos batch` writes:
 *
 * - `<name>.mp4` for each item, and its thumbnail `<name>.webp`, each written atomically (a temporary
 *   file, flushed, then renamed);
 * - `journal.jsonl`, the file journal (see `createFileJournal`): running again with the same items and
 *   folder resumes, and never creates a job twice;
 * - `summary.json`, one entry per item (`BatchSummaryEntry`), and `index.html`, a contact sheet that opens
 *   from disk with no network — both rewritten as items finish.
 *
 * A run first removes the temporary files a killed run left, and holds a lock file so that two runs never
 * write into one folder at once. Item names must be safe as file names (`unsafeFileName`).
 *
 * @throws BatchValidationError listing every problem in the items, before anything is sent.
 *
 * @example
 * ```ts
 * import { runBatchToFolder } from "@tokenops/client/node";
 *
 * const controller = new AbortController();
 * process.once("SIGINT", () => controller.abort()); // stop creating; run again to resume
 * const result = await runBatchToFolder(client, items, "renders", {
 *   concurrency: 8,
 *   signal: controller.signal,
 *   onEvent: (event) => event.type === "item" && console.log(event.item.name, event.item.state),
 * });
 * console.log(`${result.completed} saved in renders/, ${result.failed} failed`);
 * ```
 */
export async function runBatchToFolder(
  client: Pick<TokenOpsClient, "videos">,
  items: readonly BatchItem[],
  dir: string,
  options: BatchFolderOptions = {},
): Promise<BatchResult> {
  const { thumbnails = true, title = basename(resolve(dir)), onEvent, ...rest } = options;
  const problems: BatchProblem[] = await checkBatchItems(items, { validate: options.validate });
  for (const { name, line } of items) {
    const why = typeof name === "string" && name !== "" ? unsafeFileName(name) : undefined;
    if (why) problems.push({ name, line, field: "name", message: why });
  }
  if (problems.length > 0) throw new BatchValidationError(problems);

  await mkdir(dir, { recursive: true });
  const unlock = await lock(join(dir, LOCK_FILE));
  try {
    await removePartials(dir);
    const journal = await createFileJournal(join(dir, JOURNAL_FILE));
    const statuses = new Map<string, BatchItemStatus>();
    const writer = summaryWriter(dir, title, () => summarize(items, statuses));
    try {
      return await runBatch(client, items, {
        ...rest,
        journal,
        onEvent: (event: BatchEvent) => {
          if (event.type === "item") {
            const before = statuses.get(event.item.name)?.state;
            statuses.set(event.item.name, event.item);
            // Rewritten as items start and finish (not on every progress tick).
            if (before !== event.item.state) writer.write();
          }
          if (event.type === "start") {
            for (const item of event.items) statuses.set(item.name, item);
            writer.write();
          }
          onEvent?.(event);
        },
        isSaved: async (record) => record.files.length > 0 && (await exists(join(dir, record.files[0] as string))),
        save: async (video, item, signal) => {
          const file = `${item.name}.mp4`;
          await downloadTo(client, video.id, join(dir, file), { signal });
          if (!thumbnails) return [file];
          const thumbnail = `${item.name}.webp`;
          try {
            await downloadTo(client, video.id, join(dir, thumbnail), { variant: "thumbnail", signal });
            return [file, thumbnail];
          } catch (error) {
            // A service without thumbnails still makes the video: the contact sheet shows the video's first frame.
            if (error instanceof APIError && error.status >= 400 && error.status < 500) return [file];
            throw error;
          }
        },
      });
    } finally {
      // The final state, whatever was written before.
      writer.write();
      await writer.close();
      await journal.close();
    }
  } finally {
    await unlock();
  }
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Removes the temporary files (`.<name>.<uuid>.part`) that a killed run left in a folder: none of them is whole.
 *
 * @example
 * ```ts
 * await removePartials("renders");
 * ```
 */
export async function removePartials(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (/^\..+\.part$/.test(name)) await rm(join(dir, name), { force: true });
  }
}

/** Takes the folder's lock file; one left by a process that no longer runs is taken over. */
async function lock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const pid = Number(await readFile(path, "utf8").catch(() => ""));
      if (pid > 0 && pid !== process.pid && alive(pid)) {
        throw new TokenOpsError(
          `Another batch (process ${pid}) is writing into ${resolve(path, "..")}; wait for it to end, or stop it.`,
        );
      }
      await rm(path, { force: true });
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The summary entries, in the items' order. */
function summarize(items: readonly BatchItem[], statuses: Map<string, BatchItemStatus>): BatchSummaryEntry[] {
  return items.map((item) => {
    const status = statuses.get(item.name);
    const files = status?.files ?? [];
    const started = status?.started_at && Date.parse(status.started_at);
    const finished = status?.finished_at && Date.parse(status.finished_at);
    const state = status?.state ?? "waiting";
    return {
      line: item.line ?? null,
      name: item.name,
      prompt: item.params.prompt ?? "",
      model: item.params.model,
      size: (item.params as { size?: string }).size ?? null,
      seconds: item.params.seconds === undefined ? null : String(item.params.seconds),
      video_id: status?.video_id ?? null,
      status: state === "running" ? (status?.status ?? state) : state,
      file: files.find((file) => file.endsWith(".mp4")) ?? null,
      thumbnail: files.find((file) => file.endsWith(".webp")) ?? null,
      error: status?.error ?? null,
      elapsed_seconds: started && finished ? Math.round((finished - started) / 100) / 10 : null,
    };
  });
}

/**
 * Rewrites a batch folder's `summary.json` and `index.html` (the contact sheet) from `entries()` in the
 * background, one write at a time, the latest state last: many videos finishing together make one write, and no
 * caller waits for it. `close` waits for the writes asked for and rejects if any of them failed.
 *
 * @example
 * ```ts
 * const entries = new Map<string, BatchSummaryEntry>();
 * const writer = summaryWriter("renders", "My batch", () => [...entries.values()]);
 * writer.write(); // after each change to entries
 * await writer.close();
 * ```
 */
export function summaryWriter(dir: string, title: string, entries: () => readonly BatchSummaryEntry[]) {
  let dirty = false;
  let writing: Promise<void> | undefined;
  let failure: unknown;
  const flush = async () => {
    while (dirty) {
      dirty = false;
      const list = entries();
      try {
        await writeFileAtomically(join(dir, "summary.json"), `${JSON.stringify(list, null, 2)}\n`);
        await writeFileAtomically(join(dir, "index.html"), renderContactSheet(list, title));
      } catch (error) {
        failure = error;
      }
    }
    writing = undefined;
  };
  return {
    /** Asks for a write of the current state. */
    write(): void {
      dirty = true;
      writing ??= flush();
    },
    async close(): Promise<void> {
      await writing;
      if (failure) throw failure;
    },
  };
}
