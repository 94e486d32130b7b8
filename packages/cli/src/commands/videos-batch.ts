import { join } from "node:path";
import { runBatchToFolder } from "@tokenops/client/node";
import { Command, Option } from "commander";
import { readBatchInput } from "../batch-input.js";
import { createBatchProgress } from "../batch-progress.js";
import { ExitCode, InterruptedError, ItemsFailedError, withHint } from "../errors.js";
import { positiveInteger, withConnectionOptions, withPollOption } from "../options.js";
import { embeddedMockNote, shellQuote } from "../resume.js";
import { type IO, type Session, type SessionFlags, withSession } from "../session.js";

interface BatchFlags extends SessionFlags {
  out: string;
  model?: string;
  queue?: string;
  queueName?: string;
  concurrency: number;
  retryFailed?: boolean;
  validate: boolean;
  pollInterval?: number;
}

/** The default `--concurrency`: jobs in flight at once. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * `tokenops videos batch`: many videos from one JSONL or CSV file, into a folder, within the
 * account's limits, resumable after any stop.
 *
 * @example
 * program.addCommand(videosBatchCommand(io));
 * // tokenops videos batch shots.csv --out renders --concurrency 8
 */
export function videosBatchCommand(io: IO): Command {
  const command = new Command("batch")
    .description("make a video for every line of a JSONL or CSV file, into a folder; run again to resume")
    .argument(
      "<input>",
      "JSONL (one object per line) or CSV (a header row): name, model, prompt, seconds, image, lastFrame, ratio, resolution, audio and the model's own fields",
    )
    .option("--out <dir>", "the folder for the videos, summary.json, index.html and the journal")
    .option("--model <id>", "the model of the lines that name none (tokenops models lists them)")
    .option("--queue <url>", "put the batch on a BullMQ queue in this Redis for `tokenops worker`s, and follow it")
    .option("--queue-name <name>", "with --queue: the BullMQ queue's name (default: tokenops-videos)")
    .addOption(
      new Option("--concurrency <n>", "the most jobs in flight (created, not finished) at once")
        .default(DEFAULT_CONCURRENCY)
        .argParser(positiveInteger("--concurrency", { max: 1000 })),
    )
    .option("--retry-failed", "create the items that failed in an earlier run again (new jobs)")
    .option("--no-validate", "send values the line's model does not list (durations, resolutions, sizes) unchecked")
    .option("--json", "print one JSON event per line on stdout instead of progress");
  withPollOption(withConnectionOptions(command));
  // --out is required unless the batch goes to a queue (the workers have the folders).
  command.hook("preAction", (_hooked, action) => {
    const { out, queue } = action.opts();
    if (out === undefined && queue === undefined) {
      action.error("error: required option '--out <dir>' not specified", {
        exitCode: ExitCode.usage,
        code: "commander.missingMandatoryOptionValue",
      });
    }
  });
  return command.action(async (input: string, flags: BatchFlags) => {
    // The whole file is checked before anything is sent, and before any connection.
    const items = await readBatchInput(input, { validate: flags.validate, model: flags.model });
    if (flags.queue !== undefined) {
      const { runQueuedBatch } = await import("../queue-batch.js");
      const explicit = command.getOptionValueSource("concurrency") === "cli";
      return runQueuedBatch(
        items,
        input,
        { ...flags, queue: flags.queue, concurrency: explicit ? flags.concurrency : undefined },
        io,
      );
    }
    await withSession(flags, io, async (session) => {
      const progress = createBatchProgress({ json: session.json, stdout: io.stdout, stderr: io.stderr });
      const resume = resumeLines(session, input, flags);
      // The first Ctrl-C stops creating and lets the creates in flight answer; a second one quits at
      // once (the journal holds every key sent, so the next run still makes no job twice).
      let presses = 0;
      const onSigint = () => {
        if (++presses === 1) {
          progress.note("Ctrl-C: no more creates; recording the jobs already asked for (Ctrl-C again to quit now).");
          return;
        }
        progress.stop();
        io.stderr.write(`Interrupted.\n${resume.join("\n")}\n`);
        process.exit(ExitCode.interrupted);
      };
      process.on("SIGINT", onSigint);
      const pollIntervalMs = flags.pollInterval ?? session.connection.pollIntervalMs;
      let result: Awaited<ReturnType<typeof runBatchToFolder>>;
      try {
        result = await runBatchToFolder(session.client, items, flags.out, {
          concurrency: flags.concurrency,
          retryFailed: flags.retryFailed === true,
          validate: flags.validate,
          signal: session.guard.signal,
          ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
          onEvent: (event) => progress.event(event),
        });
      } catch (error) {
        progress.stop();
        throw withHint(error, [`The journal in ${flags.out} holds every job made so far.`, ...resume]);
      } finally {
        process.off("SIGINT", onSigint);
        progress.stop();
      }
      const sheet = join(flags.out, "index.html");
      if (result.interrupted) {
        const running = result.items.filter((item) => item.state === "running" || item.state === "saving").length;
        const where = session.connection.embeddedMock
          ? `${running === 1 ? "was" : "were"} being made in the embedded mock`
          : "still being made on the server";
        throw new InterruptedError([
          `Interrupted: ${result.completed} done, ${result.failed} failed, ${result.remaining} to go${running > 0 ? ` (${running} ${where})` : ""}.`,
          ...resumeLines(session, input, flags, running),
        ]);
      }
      const rateLimited = result.rateLimited > 0 ? `; the API answered ${result.rateLimited} creates with 429` : "";
      session.output.info(
        `Done: ${result.completed} of ${result.items.length} completed, ${result.failed} failed${rateLimited}. Contact sheet: ${sheet}`,
      );
      if (result.failed > 0) {
        const failed = result.items.filter((item) => item.state === "failed").slice(0, 10);
        throw new ItemsFailedError([
          `${result.failed} item${result.failed === 1 ? "" : "s"} failed (see ${join(flags.out, "summary.json")}):`,
          ...failed.map(
            (item) =>
              `  ${item.name}: ${item.error?.message ?? "unknown error"}${item.error?.code ? ` (${item.error.code})` : ""}`,
          ),
          ...(result.failed > failed.length ? [`  … and ${result.failed - failed.length} more`] : []),
          `Create them again with: ${batchCommandLine(session, input, flags, ["--retry-failed"])}`,
        ]);
      }
    });
  });
}

/** The command that resumes this batch, as the user can paste it. Never includes the API key. */
function batchCommandLine(session: Session, input: string, flags: BatchFlags, extra: string[] = []): string {
  const args = ["tokenops", "videos", "batch", shellQuote(input), "--out", shellQuote(flags.out)];
  if (flags.model !== undefined) args.push("--model", shellQuote(flags.model));
  if (flags.concurrency !== DEFAULT_CONCURRENCY) args.push("--concurrency", String(flags.concurrency));
  if (!flags.validate) args.push("--no-validate");
  if (flags.pollInterval !== undefined) args.push("--poll-interval", String(flags.pollInterval));
  if (session.connection.baseUrlFlag !== undefined) args.push("--base-url", shellQuote(session.connection.baseUrlFlag));
  // Without it, the pasted command would look for an API key (and a real gateway).
  if (session.connection.embeddedMock) args.push("--mock");
  if (session.json) args.push("--json");
  return [...args, ...extra].join(" ");
}

/**
 * How to go on after a stop. With `--mock` the jobs being made died with the embedded mock, so the
 * resumed run (with a new, empty mock) records them failed (404); `--retry-failed` then makes them
 * again. `running` is how many there were, when known.
 */
function resumeLines(session: Session, input: string, flags: BatchFlags, running?: number): string[] {
  const resume = `Resume with: ${batchCommandLine(session, input, flags)}`;
  if (!session.connection.embeddedMock) return [resume];
  if (running === 0) {
    return [resume, ...embeddedMockNote(session, "Note: the embedded mock (--mock) stopped with this command.")];
  }
  const jobs =
    running === undefined ? "the jobs it was making" : `the ${running} job${running === 1 ? "" : "s"} it was making`;
  return [
    resume,
    `  The embedded mock (--mock) stopped with this command, and ${jobs} with it: that run makes the`,
    "  items not started and records those jobs failed (404, unknown to the new mock). Make them again with:",
    `  ${batchCommandLine(session, input, flags, ["--retry-failed"])}`,
    ...embeddedMockNote(session, "Note: a batch's jobs live in the embedded mock only while its command runs."),
  ];
}
