import { Command, Option } from "commander";
import { ExitCode } from "../errors.js";
import { positiveInteger, withConnectionOptions, withPollOption } from "../options.js";
import { checkQueueUrl } from "../queue-url.js";
import { type IO, type SessionFlags, withSession } from "../session.js";

interface WorkerFlags extends SessionFlags {
  queue: string;
  queueName?: string;
  out: string;
  concurrency: number;
  thumbnails: boolean;
  pollInterval?: number;
  lockDuration?: number;
  stalledInterval?: number;
}

/** The default `--concurrency` of one worker: this machine's jobs at once (the account's limit is the queue's). */
export const DEFAULT_WORKER_CONCURRENCY = 4;

/**
 * `tokenops worker --queue redis://… --out <dir>`: runs the video jobs that `tokenops videos batch
 * --queue` (or `enqueueBatch`) put on a BullMQ queue, one worker per machine, with this machine's own API
 * key. Loads bullmq with import() only when run, so the other commands start without it.
 *
 * @example
 * program.addCommand(workerCommand(io));
 * // tokenops worker --queue redis://10.0.0.5:6379 --out /srv/renders --concurrency 4
 */
export function workerCommand(io: IO): Command {
  const command = new Command("worker")
    .description("run the video jobs of a batch queue (BullMQ on Redis), one worker per machine")
    .requiredOption("--queue <url>", "the Redis of the queue, e.g. redis://host:6379")
    .option("--queue-name <name>", "the BullMQ queue's name (default: tokenops-videos)")
    .requiredOption("--out <dir>", "this machine's folder for the videos, thumbnails, summary.json and index.html")
    .addOption(
      new Option(
        "--concurrency <n>",
        "this worker's jobs at once (the account's limit over every worker is the queue's)",
      )
        .default(DEFAULT_WORKER_CONCURRENCY)
        .argParser(positiveInteger("--concurrency", { max: 1000 })),
    )
    .option("--no-thumbnails", "save only the MP4s")
    .addOption(
      new Option(
        "--lock-duration <ms>",
        "how long a job stays with this worker without a sign of life (default 30000)",
      ).argParser(positiveInteger("--lock-duration", { max: 600_000 })),
    )
    .addOption(
      new Option("--stalled-interval <ms>", "how often to look for jobs whose worker died (default 30000)").argParser(
        positiveInteger("--stalled-interval", { max: 600_000 }),
      ),
    )
    .option("--json", "print one JSON event per line on stdout");
  withPollOption(withConnectionOptions(command));
  return command.action(async (flags: WorkerFlags) => {
    const { folderSaver, redactUrl, startVideoWorker, DEFAULT_QUEUE_NAME, STALLED_RECOVERY } = await import(
      "@tokenops/queue"
    );
    checkQueueUrl(flags.queue, redactUrl);
    await withSession(flags, io, async (session) => {
      const saver = await folderSaver(session.client, flags.out, { thumbnails: flags.thumbnails });
      const line = (text: string) => io.stderr.write(`${text}\n`);
      const pollIntervalMs = flags.pollInterval ?? session.connection.pollIntervalMs;
      const worker = startVideoWorker({
        connection: flags.queue,
        queueName: flags.queueName ?? DEFAULT_QUEUE_NAME,
        client: session.client,
        save: saver,
        concurrency: flags.concurrency,
        lockDurationMs: flags.lockDuration,
        stalledIntervalMs: flags.stalledInterval,
        ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
        onEvent: (event) => {
          if (session.json) {
            io.stdout.write(`${JSON.stringify(event)}\n`);
            return;
          }
          switch (event.type) {
            case "created":
              return line(`${event.name}: created ${event.video_id}`);
            case "resumed":
              return line(`${event.name}: following ${event.video_id} (its worker stopped)`);
            case "saved":
              return line(`${event.name}: saved ${event.files.join(", ")}`);
            case "failed":
              return line(
                `${event.name}: failed: ${event.error.message}${event.error.code ? ` (${event.error.code})` : ""}`,
              );
            case "rate-limited":
              return line(
                `429 from the API for ${event.name}: every worker pauses for ${(event.retryAfterMs / 1000).toFixed(1)} s.`,
              );
            case "retry":
              return line(`${event.name}: ${event.error.message}; it goes back to the queue.`);
          }
        },
      });
      worker.worker.on("error", (error) => line(`queue: ${error.message}`));
      await worker.worker.waitUntilReady();
      const recovery =
        ((flags.lockDuration ?? STALLED_RECOVERY.lockDurationMs) +
          (flags.stalledInterval ?? STALLED_RECOVERY.stalledIntervalMs)) /
        1000;
      line(
        `Worker ${worker.name} on ${redactUrl(flags.queue)}: ${flags.concurrency} at a time, saving into ${flags.out}. ` +
          `Ctrl-C stops after the jobs in hand (twice: at once; another worker picks them up within ${recovery} s).`,
      );
      // Runs until Ctrl-C or SIGTERM: the first lets the jobs in hand finish, a second leaves them.
      await new Promise<void>((resolve) => {
        let presses = 0;
        const stop = () => {
          if (++presses === 1) {
            line("Stopping: finishing the jobs in hand (Ctrl-C again to stop now).");
            void worker.close().then(resolve);
            return;
          }
          line("Stopped; another worker resumes the jobs this one held.");
          void worker.close(true).finally(() => process.exit(ExitCode.interrupted));
        };
        session.guard.uninstall();
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      line("Worker stopped.");
    });
  });
}
