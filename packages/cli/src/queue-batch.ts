import type { BatchItem } from "@tokenops/client/batch";
import { createBatchProgress } from "./batch-progress.js";
import { InterruptedError, ItemsFailedError, UsageError } from "./errors.js";
import { checkQueueUrl } from "./queue-url.js";
import { shellQuote } from "./resume.js";
import type { IO } from "./session.js";

/** The flags of `tokenops videos batch` that matter with `--queue`. */
export interface QueuedBatchFlags {
  queue: string;
  queueName?: string | undefined;
  /** The model of the lines that name none, repeated in the commands printed. */
  model?: string | undefined;
  /** Set only when given on the command line: the account's limit on the queue is otherwise left as it is. */
  concurrency?: number | undefined;
  retryFailed?: boolean | undefined;
  validate: boolean;
  json?: boolean | undefined;
  mock?: boolean | undefined;
}

/**
 * `tokenops videos batch <input> --queue redis://…`: puts the batch on a BullMQ queue for the
 * `tokenops worker`s of any machine, then follows it to its end with the same progress as a local
 * batch. Run again (from any machine) to follow it again: nothing is added twice. Loaded with import()
 * only for --queue, and it loads bullmq the same way, so the other commands start without them.
 *
 * @example
 * await runQueuedBatch(items, "shots.csv", { queue: "redis://127.0.0.1:6379", validate: true }, io);
 */
export async function runQueuedBatch(
  items: BatchItem[],
  input: string,
  flags: QueuedBatchFlags,
  io: IO,
): Promise<void> {
  if (flags.mock) {
    throw new UsageError(
      "--mock does not go with --queue: the workers make the videos (try `tokenops worker --queue … --mock`).",
    );
  }
  const { enqueueBatch, followBatch, redactUrl, DEFAULT_QUEUE_NAME } = await import("@tokenops/queue");
  const queueName = flags.queueName ?? DEFAULT_QUEUE_NAME;
  const progress = createBatchProgress({ json: flags.json === true, stdout: io.stdout, stderr: io.stderr });
  const where = `${redactUrl(flags.queue)}${queueName === DEFAULT_QUEUE_NAME ? "" : ` (queue ${queueName})`}`;
  const follow = [
    "tokenops",
    "videos",
    "batch",
    shellQuote(input),
    ...(flags.model === undefined ? [] : ["--model", shellQuote(flags.model)]),
    "--queue",
    shellQuote(redactUrl(flags.queue)),
    ...(queueName === DEFAULT_QUEUE_NAME ? [] : ["--queue-name", shellQuote(queueName)]),
    ...(flags.validate ? [] : ["--no-validate"]),
    ...(flags.json ? ["--json"] : []),
  ].join(" ");

  checkQueueUrl(flags.queue, redactUrl);
  const enqueued = await enqueueBatch(flags.queue, items, {
    queueName,
    concurrency: flags.concurrency,
    retryFailed: flags.retryFailed === true,
    validate: flags.validate,
  });
  const retried = enqueued.retried > 0 ? `, ${enqueued.retried} failed put back` : "";
  progress.note(
    `Queued on ${where}: ${enqueued.added} added, ${enqueued.existing} already there${retried}; at most ${enqueued.concurrency} at a time over every worker. Ctrl-C stops following; the workers go on.`,
  );

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on("SIGINT", onSigint);
  let result: Awaited<ReturnType<typeof followBatch>>;
  try {
    result = await followBatch(flags.queue, enqueued.jobIds, {
      queueName,
      signal: controller.signal,
      onEvent: (event) => progress.event(event),
    });
  } finally {
    process.off("SIGINT", onSigint);
    progress.stop();
  }
  if (result.interrupted) {
    throw new InterruptedError([
      `Stopped following: ${result.completed} done, ${result.failed} failed, ${result.remaining} to go (the workers go on).`,
      `Follow it again with: ${follow}`,
    ]);
  }
  progress.note(
    `Done: ${result.completed} of ${result.items.length} completed, ${result.failed} failed. The files are in each worker's --out folder.`,
  );
  if (result.failed > 0) {
    const failed = result.items.filter((item) => item.state === "failed").slice(0, 10);
    throw new ItemsFailedError([
      `${result.failed} item${result.failed === 1 ? "" : "s"} failed:`,
      ...failed.map(
        (item) =>
          `  ${item.name}: ${item.error?.message ?? "unknown error"}${item.error?.code ? ` (${item.error.code})` : ""}`,
      ),
      ...(result.failed > failed.length ? [`  … and ${result.failed - failed.length} more`] : []),
      `Create them again with: ${follow} --retry-failed`,
    ]);
  }
}
