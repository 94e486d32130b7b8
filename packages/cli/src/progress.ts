import type { Video } from "@tokenops/client";
import cliProgress from "cli-progress";

/** Shows a job's progress while the CLI waits for it. */
export interface WaitProgress {
  /** Called with every Video the poll returns. */
  update(video: Video): void;
  /** Leaves the last state on screen. Safe to call twice. */
  stop(): void;
}

/** Shows the bytes of a download. */
export interface DownloadProgress {
  /** Called as bytes arrive; `total` is undefined when the server sent no length. */
  update(written: number, total: number | undefined): void;
  /** Leaves the last state on screen. Safe to call twice. */
  stop(): void;
}

/** Makes the progress displays for one stream (stderr, so stdout stays pipe-safe). */
export interface ProgressFactory {
  wait(video_id: string): WaitProgress;
  download(label: string): DownloadProgress;
}

/**
 * Progress displays on `stream`: live cli-progress bars when it is a TTY, otherwise one
 * plain line per change (a status or percent change while waiting, each tenth of a
 * download), so that logs and CI output stay readable.
 *
 * @example
 * const progress = createProgress(process.stderr);
 * const bar = progress.wait("video_123");
 * bar.update(video);
 * bar.stop();
 */
export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }): ProgressFactory {
  const tty = stream.isTTY === true;
  return {
    wait: (video_id) => (tty ? new TtyWaitProgress(stream) : new PlainWaitProgress(stream, video_id)),
    download: (label) => (tty ? new TtyDownloadProgress(stream, label) : new PlainDownloadProgress(stream, label)),
  };
}

/**
 * A byte count for people: `512 B`, `34.5 kB`, `1.2 MB` (powers of 1000, like most download tools).
 *
 * @example
 * formatBytes(34_500); // "34.5 kB"
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = "B";
  for (const next of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/** The job's percent, or undefined when its family sends none (Seedance, Jimeng, Hailuo): never made up. */
function percentOf(video: Video): number | undefined {
  if (typeof video.progress !== "number") return undefined;
  return Math.max(0, Math.min(100, Math.round(video.progress)));
}

/**
 * A cli-progress format that draws the bar and its percent while the payload's `measured` is true, and only the
 * status and the time waited while it is not: a family that sends no progress gets no invented percentage.
 *
 * @example
 * import cliProgress from "cli-progress";
 *
 * new cliProgress.SingleBar({ format: measuredFormat("{bar} {percentage}% | {status}", "{status} | waited {duration_formatted}") });
 */
export function measuredFormat(measured: string, unmeasured: string): cliProgress.GenericFormatter {
  return (options, params, payload: { measured?: boolean }) =>
    cliProgress.Format.Formatter(
      { ...options, format: payload.measured === true ? measured : unmeasured },
      params,
      payload,
    );
}

function secondsSince(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)}s`;
}

class TtyWaitProgress implements WaitProgress {
  readonly #bar: cliProgress.SingleBar;
  #stopped = false;

  // The id is on the "Waiting for …" line above: a bar line must fit in 80 columns, since
  // cli-progress turns line wrapping off while it draws.
  constructor(stream: NodeJS.WritableStream) {
    this.#bar = new cliProgress.SingleBar(
      {
        stream,
        format: measuredFormat(
          "{bar} {percentage}% | {status} | {duration_formatted}",
          "{status} | waited {duration_formatted}",
        ),
        hideCursor: true,
        barsize: 30,
        // Redraw a few times a second so the elapsed time moves between polls.
        fps: 5,
        autopadding: true,
      },
      cliProgress.Presets.shades_classic,
    );
    this.#bar.start(100, 0, { status: "starting", measured: false });
  }

  update(video: Video): void {
    const percent = percentOf(video);
    if (!this.#stopped) this.#bar.update(percent ?? 0, { status: video.status, measured: percent !== undefined });
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#bar.stop();
  }
}

class PlainWaitProgress implements WaitProgress {
  readonly #started = performance.now();
  #last = "";

  constructor(
    readonly stream: NodeJS.WritableStream,
    readonly video_id: string,
  ) {}

  update(video: Video): void {
    const percent = percentOf(video);
    const state = percent === undefined ? video.status : `${video.status} ${percent}%`;
    if (state === this.#last) return;
    this.#last = state;
    this.stream.write(`${this.video_id} ${state} (${secondsSince(this.#started)})\n`);
  }

  stop(): void {}
}

class TtyDownloadProgress implements DownloadProgress {
  readonly #bar: cliProgress.SingleBar;
  #started = false;
  #stopped = false;

  constructor(
    readonly stream: NodeJS.WritableStream,
    readonly label: string,
  ) {
    this.#bar = new cliProgress.SingleBar(
      {
        stream,
        format: "{bar} {percentage}% | {written} of {size} | {duration_formatted}",
        hideCursor: true,
        barsize: 30,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  update(written: number, total: number | undefined): void {
    if (this.#stopped) return;
    // Without a Content-Length the bar counts bytes against what has arrived so far.
    const size = total ?? Math.max(written, 1);
    const payload = { written: formatBytes(written), size: total === undefined ? "?" : formatBytes(total) };
    if (!this.#started) {
      this.#started = true;
      this.stream.write(`Downloading ${this.label}\n`);
      this.#bar.start(size, written, payload);
    } else {
      this.#bar.setTotal(size);
      this.#bar.update(written, payload);
    }
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#started) this.#bar.stop();
  }
}

class PlainDownloadProgress implements DownloadProgress {
  readonly #started = performance.now();
  #lastTenth = -1;

  constructor(
    readonly stream: NodeJS.WritableStream,
    readonly label: string,
  ) {}

  update(written: number, total: number | undefined): void {
    if (total === undefined || total <= 0) {
      if (this.#lastTenth < 0) {
        this.#lastTenth = 0;
        this.stream.write(`${this.label} started (size unknown)\n`);
      }
      return;
    }
    const tenth = Math.floor((written / total) * 10);
    if (tenth === this.#lastTenth) return;
    this.#lastTenth = tenth;
    this.stream.write(
      `${this.label} ${tenth * 10}% (${formatBytes(written)} of ${formatBytes(total)}, ${secondsSince(this.#started)})\n`,
    );
  }

  stop(): void {}
}
