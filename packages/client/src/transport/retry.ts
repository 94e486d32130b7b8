/** Statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 429 || status >= 500;

/**
 * How long to wait before retry number `retry` (1 for the first retry): the server's `retry-after-ms` or
 * `Retry-After` (seconds or an HTTP date) when it is between 0 and 60 s, else 0.5 s × 2^(retry-1), at most
 * 8 s, less up to 25 % jitter so that many clients do not retry in step.
 */
export function retryDelayMs(retry: number, headers?: Headers, random: () => number = Math.random): number {
  const ms = headers?.get("retry-after-ms");
  const after = headers?.get("retry-after");
  let wait = ms ? Number(ms) : Number.NaN;
  if (Number.isNaN(wait) && after) {
    wait = /^\s*\d+(\.\d+)?\s*$/.test(after) ? Number(after) * 1000 : Date.parse(after) - Date.now();
  }
  if (wait >= 0 && wait <= 60_000) return wait;
  return Math.min(500 * 2 ** (retry - 1), 8000) * (1 - random() * 0.25);
}

/** A fresh idempotency key: one per logical call, sent on every attempt of it. */
export function idempotencyKey(): string {
  const c = globalThis.crypto;
  // randomUUID exists only in secure contexts in browsers; getRandomValues everywhere.
  const id =
    c.randomUUID?.() ??
    Array.from(c.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  return `tokenops-${id}`;
}
