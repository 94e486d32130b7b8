/** Statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 429 || status >= 500;

/**
 * Whether a failed answer is worth another attempt: the server's `x-should-retry: true|false` when it sends
 * one (as the openai packages honour it), else its status.
 */
export const shouldRetry = (status: number, headers?: Headers): boolean => {
  const hint = headers?.get("x-should-retry");
  return hint === "true" || (hint !== "false" && isRetryableStatus(status));
};

/**
 * How long to wait before retry number `retry` (1 for the first retry): the server's `retry-after-ms` or
 * `Retry-After` (seconds or an HTTP date) when it is between 0 and 60 s, else 0.5 s × 2^(retry-1), at most
 * 8 s, less up to 25 % jitter so that many clients do not retry in step.
 */
export function retryDelayMs(retry: number, headers?: Headers, random: () => number = Math.random): number {
  const ms = headers?.get("retry-after-ms");
  const after = headers?.get("retry-after") ?? "";
  const wait = ms ? +ms : /^\d/.test(after) ? +after * 1000 : Date.parse(after) - Date.now();
  return wait >= 0 && wait <= 60_000 ? wait : Math.min(500 * 2 ** (retry - 1), 8000) * (1 - random() / 4);
}

/** A fresh idempotency key: one per logical call, sent on every attempt of it. */
export const idempotencyKey = (): string =>
  // randomUUID exists only in secure contexts in browsers.
  `tokenops-${globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2) + Date.now().toString(36)}`;
