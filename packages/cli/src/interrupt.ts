import { ExitCode } from "./errors.js";

/**
 * Turns Ctrl-C (SIGINT) into an abort signal for waits and downloads, and holds it back
 * while a create or remix request is in flight: the job may already exist on the server,
 * so the CLI lets that request finish and prints the job's id rather than lose it.
 * A second Ctrl-C during that short window quits at once.
 *
 * @example
 * const guard = new InterruptGuard((line) => process.stderr.write(`${line}\n`));
 * guard.install();
 * const video = await guard.shield(() => client.videos.create(params));
 * await client.videos.waitFor(video.id, { signal: guard.signal });
 */
export class InterruptGuard {
  readonly #controller = new AbortController();
  readonly #notify: (line: string) => void;
  #shielding = false;
  #pending = false;
  readonly #onSigint = () => this.#interrupt();

  /**
   * @param notify prints a line for the user (stderr).
   * @example
   * const guard = new InterruptGuard((line) => process.stderr.write(`${line}\n`));
   * guard.install();
   * try {
   *   await client.videos.waitFor(id, { signal: guard.signal });
   * } finally {
   *   guard.uninstall();
   * }
   */
  constructor(notify: (line: string) => void) {
    this.#notify = notify;
  }

  /** Aborted once Ctrl-C is pressed outside a shielded request. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether Ctrl-C has been pressed. */
  get interrupted(): boolean {
    return this.#controller.signal.aborted || this.#pending;
  }

  /** Starts listening for SIGINT (instead of Node's default of exiting at once). */
  install(): void {
    process.on("SIGINT", this.#onSigint);
  }

  /** Stops listening. */
  uninstall(): void {
    process.off("SIGINT", this.#onSigint);
  }

  /**
   * Runs `request` with Ctrl-C held back until it settles. When Ctrl-C came meanwhile,
   * the signal is aborted right after, so the caller sees {@link interrupted}.
   *
   * @example
   * const video = await session.guard.shield(() => client.videos.create(params));
   * if (session.guard.interrupted) throw new InterruptedError(waitResumeHint(session, video.id, {}));
   */
  async shield<T>(request: () => Promise<T>): Promise<T> {
    this.#shielding = true;
    try {
      return await request();
    } finally {
      this.#shielding = false;
      if (this.#pending) this.#controller.abort();
    }
  }

  #interrupt(): void {
    if (!this.#shielding) {
      this.#controller.abort();
      return;
    }
    if (this.#pending) {
      // Second Ctrl-C while the request is in flight: the user wants out now.
      this.#notify("Interrupted before the server answered; the job may exist without this CLI knowing its id.");
      process.exit(ExitCode.interrupted);
    }
    this.#pending = true;
    this.#notify("Ctrl-C: waiting for the server to answer so the video id is not lost (Ctrl-C again to quit now).");
  }
}
