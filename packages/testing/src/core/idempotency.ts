import { MockError } from "./errors.js";

/**
 * `Idempotency-Key` bookkeeping: a create or remix repeated with the same key returns the job the
 * first one made, so a client's retry never makes a second (billable) job. A key reused for a
 * different request is refused, as Stripe-style APIs do.
 */
export class IdempotencyStore {
  readonly #entries = new Map<string, { fingerprint: string; videoId: string }>();

  /** The job an earlier request with this key made, or undefined; 400 when the key was used for another request. */
  find(key: string, fingerprint: string): string | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.fingerprint !== fingerprint) {
      throw new MockError(
        400,
        `Idempotency-Key "${key}" was already used for a different request; use a new key for a new request.`,
        { code: "idempotency_key_reused", param: null },
      );
    }
    return entry.videoId;
  }

  remember(key: string, fingerprint: string, videoId: string): void {
    this.#entries.set(key, { fingerprint, videoId });
  }

  clear(): void {
    this.#entries.clear();
  }
}
