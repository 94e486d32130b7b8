/**
 * Options for the clock that drives the jobs.
 *
 * @example
 * ```ts
 * import { createMockApi } from "@tokenops/testing";
 *
 * // A manual clock from a fixed start, so created_at and every status are the same on each run:
 * const mock = createMockApi({ timeScale: 0, startTime: Date.UTC(2025, 0, 1) });
 * mock.now(); // 1735689600000, until mock.advance(ms) moves it
 * ```
 */
export interface ClockOptions {
  /**
   * How many simulated milliseconds pass per real millisecond (default 1). `0` stops time: it
   * moves only when you call `advance(ms)`, for deterministic tests.
   */
  timeScale?: number;
  /** The simulated time at start, in Unix milliseconds (default: now). */
  startTime?: number;
}

/** Simulated time: real time scaled by `timeScale`, plus whatever `advance` added. */
export class Clock {
  readonly timeScale: number;
  readonly #startTime: number | undefined;
  #origin = 0;
  #realOrigin = 0;
  #offset = 0;

  constructor(options: ClockOptions = {}) {
    const { timeScale = 1, startTime } = options;
    if (!Number.isFinite(timeScale) || timeScale < 0) {
      throw new RangeError(`timeScale: ${timeScale} is not allowed; use a finite number >= 0 (0 = manual clock).`);
    }
    if (startTime !== undefined && !Number.isFinite(startTime)) {
      throw new RangeError(`startTime: ${startTime} is not allowed; use Unix milliseconds.`);
    }
    this.timeScale = timeScale;
    this.#startTime = startTime;
    this.reset();
  }

  /** The simulated time in Unix milliseconds. */
  now(): number {
    return this.#origin + (performance.now() - this.#realOrigin) * this.timeScale + this.#offset;
  }

  /** Move simulated time forward by `ms`. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`advance: ${ms} is not allowed; use a finite number of milliseconds >= 0.`);
    }
    this.#offset += ms;
  }

  /** Start again from the start time (or now). */
  reset(): void {
    this.#origin = this.#startTime ?? Date.now();
    this.#realOrigin = performance.now();
    this.#offset = 0;
  }
}
