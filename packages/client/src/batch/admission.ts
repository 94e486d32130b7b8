import { retryDelayMs } from "../transport/retry.js";
import type { BatchEvent } from "./events.js";

/**
 * Admission under the concurrency limit: which creates may be sent now. At most `limit` jobs in flight
 * (creating or running). A 429 on a create pauses creates for its `Retry-After` and drops the limit to
 * the jobs the API holds for this batch; the limit rises by one for every `limit` jobs that finish, up to
 * `concurrency` (additive increase, multiplicative decrease).
 */
export class Admission {
  /** Jobs created and not yet finished. */
  running = 0;
  /** Creates sent and not yet answered. */
  creating = 0;
  /** How many creates the API answered with 429. */
  rateLimited = 0;
  #limit: number;
  #finishedSinceChange = 0;
  /** Bumped at each decrease: a create remembers the epoch it was sent in. */
  #epoch = 0;
  #pausedUntil = 0;
  #consecutive429 = 0;
  #wake: (() => void) | undefined;

  constructor(
    readonly concurrency: number,
    private readonly emit: (event: BatchEvent) => void,
  ) {
    this.#limit = concurrency;
  }

  get limit(): number {
    return this.#limit;
  }

  /** The epoch a create is sent in (see `rateLimitedCreate` and `created`). */
  get epoch(): number {
    return this.#epoch;
  }

  #setLimit(value: number) {
    if (value === this.#limit) return;
    this.#limit = value;
    this.#finishedSinceChange = 0;
    this.emit({ type: "concurrency", concurrency: value });
  }

  /** A create sent in epoch `sentIn` met a 429: lowers the limit, pauses creates; returns the pause. */
  rateLimitedCreate(sentIn: number, headers: Headers | undefined): number {
    this.rateLimited++;
    this.#consecutive429++;
    // One decrease per congestion: the 429s of creates sent before it say nothing new.
    if (sentIn === this.#epoch) {
      this.#epoch++;
      this.#setLimit(Math.max(1, this.running));
    }
    const retryAfterMs = retryDelayMs(this.#consecutive429, headers);
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + retryAfterMs);
    return retryAfterMs;
  }

  /** A create made its job: the run of 429s is over. */
  accepted(): void {
    this.#consecutive429 = 0;
  }

  /** The job of a create sent in epoch `sentIn` runs. */
  created(sentIn: number): void {
    this.running++;
    // Sent before the last decrease and accepted: the API holds at least this many of the batch's jobs.
    if (sentIn !== this.#epoch && this.running > this.#limit) {
      this.#setLimit(Math.min(this.concurrency, this.running));
    }
  }

  /** A job an earlier run created runs: it holds a slot. */
  following(): void {
    this.running++;
  }

  /** A job ended (or its wait did). */
  finished(): void {
    this.running--;
    // Additive increase: one more slot for every `limit` jobs that finish.
    if (++this.#finishedSinceChange >= this.#limit && this.#limit < this.concurrency) {
      this.#setLimit(this.#limit + 1);
    }
  }

  /** Something changed (a task ended): the admission loop looks again. */
  poke(): void {
    const resolve = this.#wake;
    this.#wake = undefined;
    resolve?.();
  }

  /**
   * Starts a create for each queued item as the limit and the pause allow, until the queue is empty and
   * no create is unanswered (a 429 puts its item back), or `signal` aborts. `track` keeps each create
   * with the run's tasks, which poke this loop as they end.
   */
  async admit(
    queue: number[],
    start: (i: number) => Promise<void>,
    track: (task: Promise<void>) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const stopped = new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
    while (!signal.aborted && (queue.length > 0 || this.creating > 0)) {
      const pause = this.#pausedUntil - Date.now();
      if (queue.length === 0 || this.running + this.creating >= this.#limit || pause > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            this.#wake = resolve;
            if (pause > 0) timer = setTimeout(resolve, pause);
          }),
          stopped,
        ]);
        clearTimeout(timer);
        continue;
      }
      const i = queue.shift() as number;
      this.creating++;
      track(start(i).finally(() => this.creating--));
    }
  }
}
