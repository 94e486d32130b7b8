import type { BatchEvent, BatchItemStatus } from "@tokenops/client/batch";
import cliProgress from "cli-progress";
import { measuredFormat } from "./progress.js";

/** Shows a batch as it runs: takes every event, and is stopped once at the end. */
export interface BatchProgress {
  event(event: BatchEvent): void;
  /** A line for the person watching (a note, a warning), kept clear of the bars. */
  note(line: string): void;
  stop(): void;
}

/**
 * The batch's progress for where it is shown: `--json` writes every event as one JSON line on stdout;
 * a terminal gets a total bar (done, running, queued, failed, ETA) and a line per running job; anything
 * else (a pipe, a CI log) one plain line per change of an item.
 *
 * @example
 * const progress = createBatchProgress({ json: false, stdout: process.stdout, stderr: process.stderr });
 * await runBatchToFolder(client, items, "renders", { onEvent: (event) => progress.event(event) });
 * progress.stop();
 */
export function createBatchProgress(options: {
  json: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}): BatchProgress {
  if (options.json) return new JsonProgress(options.stdout, options.stderr);
  return options.stderr.isTTY === true ? new TtyProgress(options.stderr) : new PlainProgress(options.stderr);
}

class JsonProgress implements BatchProgress {
  constructor(
    readonly stdout: NodeJS.WritableStream,
    readonly stderr: NodeJS.WritableStream,
  ) {}
  event(event: BatchEvent): void {
    this.stdout.write(`${JSON.stringify(event)}\n`);
  }
  note(line: string): void {
    this.stderr.write(`${line}\n`);
  }
  stop(): void {}
}

/** Counts of items by what they are doing, from their states. */
class Tally {
  readonly items = new Map<string, BatchItemStatus>();
  set(item: BatchItemStatus): void {
    this.items.set(item.name, item);
  }
  count(...states: BatchItemStatus["state"][]): number {
    let n = 0;
    for (const item of this.items.values()) if (states.includes(item.state)) n++;
    return n;
  }
}

const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Why an item failed, with the error's code when there is one. */
const failureReason = (item: BatchItemStatus) =>
  `${item.error?.message ?? "unknown error"}${item.error?.code ? ` (${item.error.code})` : ""}`;

/** The line a plain log shows for a batch event, or undefined when it shows none. */
export function describeBatchEvent(event: BatchEvent, previous?: BatchItemStatus): string | undefined {
  switch (event.type) {
    case "start": {
      const earlier = event.completed + event.failed + event.running > 0;
      return `Batch of ${event.total} item${event.total === 1 ? "" : "s"}: ${event.waiting} to create${
        earlier
          ? `, ${event.running} already running at the server, ${event.completed} done and ${event.failed} failed in earlier runs`
          : ""
      } (at most ${event.concurrency} at a time).`;
    }
    case "item": {
      const { item } = event;
      if (previous?.state === item.state && previous.status === item.status) return undefined;
      const who = `${item.name}${item.line === undefined ? "" : ` (line ${item.line})`}`;
      switch (item.state) {
        case "creating":
          return `${who}: creating`;
        case "running":
          return previous?.state === "running"
            ? `${who}: ${item.status}`
            : `${who}: ${previous?.state === "creating" ? "created" : "following"} ${item.video_id} (${item.status ?? "running"})`;
        case "saving":
          return `${who}: downloading`;
        case "completed":
          return `${who}: saved ${item.files.join(", ")}`;
        case "failed":
          return `${who}: failed: ${failureReason(item)}`;
        default:
          return previous?.state === "creating" ? `${who}: waiting to be created again` : undefined;
      }
    }
    case "changed":
      return `${event.name}${event.line === undefined ? "" : ` (line ${event.line})`}: its input changed since the last run; it is a new item.`;
    case "rate-limited":
      return `429 from the API for ${event.name}: pausing creates for ${formatSeconds(event.retryAfterMs)}; at most ${event.concurrency} at a time now.`;
    case "concurrency":
      return `At most ${event.concurrency} at a time now.`;
    case "retry":
      return `${event.name}: ${event.step} failed (${event.error.message}); retry ${event.attempt} in ${formatSeconds(event.delayMs)}.`;
    case "end":
      return undefined;
  }
}

class PlainProgress implements BatchProgress {
  readonly #tally = new Tally();
  constructor(readonly stream: NodeJS.WritableStream) {}
  event(event: BatchEvent): void {
    const previous = event.type === "item" ? this.#tally.items.get(event.item.name) : undefined;
    if (event.type === "item") this.#tally.set(event.item);
    if (event.type === "start") for (const item of event.items) this.#tally.set(item);
    const line = describeBatchEvent(event, previous);
    if (line === undefined) return;
    const total = this.#tally.items.size;
    const done = this.#tally.count("completed", "failed");
    this.stream.write(event.type === "item" ? `[${done}/${total}] ${line}\n` : `${line}\n`);
  }
  note(line: string): void {
    this.stream.write(`${line}\n`);
  }
  stop(): void {}
}

class TtyProgress implements BatchProgress {
  readonly #tally = new Tally();
  readonly #bars: cliProgress.MultiBar;
  readonly #total: cliProgress.SingleBar;
  readonly #jobs = new Map<string, cliProgress.SingleBar>();
  #stopped = false;

  constructor(readonly stream: NodeJS.WritableStream) {
    this.#bars = new cliProgress.MultiBar(
      {
        stream,
        hideCursor: true,
        barsize: 24,
        fps: 5,
        autopadding: true,
        clearOnComplete: false,
        // Jobs finish in bursts: an ETA over the last 50 updates, not the last 10, moves less.
        etaBuffer: 50,
        // A family that sends no progress shows its status and the time waited, never a made-up percentage.
        format: measuredFormat(
          "{bar} {percentage}% | {name} | {status}",
          "{name} | {status} | waited {duration_formatted}",
        ),
      },
      cliProgress.Presets.shades_classic,
    );
    this.#total = this.#bars.create(1, 0, this.#counts(), {
      format:
        "{bar} {value}/{total} | {done} done | {running} running | {queued} queued | {failed} failed | ETA {eta_formatted}",
    });
  }

  #counts() {
    return {
      done: this.#tally.count("completed"),
      running: this.#tally.count("creating", "running", "saving"),
      queued: this.#tally.count("waiting"),
      failed: this.#tally.count("failed"),
    };
  }

  event(event: BatchEvent): void {
    if (this.#stopped) return;
    if (event.type === "start") for (const item of event.items) this.#tally.set(item);
    if (event.type === "item") {
      const { item } = event;
      this.#tally.set(item);
      let bar = this.#jobs.get(item.name);
      if (item.state === "running" || item.state === "saving") {
        const payload = {
          name: item.name.slice(0, 32),
          status: item.state === "saving" ? "downloading" : item.status,
          measured: typeof item.progress === "number",
        };
        if (bar === undefined) {
          bar = this.#bars.create(100, item.progress ?? 0, payload);
          this.#jobs.set(item.name, bar);
        } else bar.update(item.progress ?? 0, payload);
      } else if (bar !== undefined) {
        this.#bars.remove(bar);
        this.#jobs.delete(item.name);
      }
      if (item.state === "failed") this.#bars.log(`${item.name}: failed: ${failureReason(item)}\n`);
    }
    if (event.type === "rate-limited" || event.type === "changed") {
      this.#bars.log(`${describeBatchEvent(event)}\n`);
    }
    this.#total.setTotal(Math.max(1, this.#tally.items.size));
    this.#total.update(this.#tally.count("completed", "failed"), this.#counts());
  }

  note(line: string): void {
    if (this.#stopped) this.stream.write(`${line}\n`);
    else this.#bars.log(`${line}\n`);
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const bar of this.#jobs.values()) this.#bars.remove(bar);
    this.#bars.stop();
  }
}
