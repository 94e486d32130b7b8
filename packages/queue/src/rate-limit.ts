import { APIError } from "@tokenops/client";

/** TokenOps' codes for the model's requests-per-minute (2007) and tokens-per-minute (2008) limits. */
const RATE_LIMIT_CODES = new Set<unknown>([2007, 2008, "2007", "2008"]);

/**
 * Whether an error says the account is over a limit: a 429, or TokenOps' codes 2007 and 2008 (requests
 * and tokens per minute) whatever the status that carried them.
 *
 * @example
 * ```ts
 * if (isRateLimited(error)) console.log(`over the account's limit: waiting ${retryAfterMs(error, 1)} ms`);
 * ```
 */
export function isRateLimited(error: unknown): error is APIError {
  return error instanceof APIError && (error.status === 429 || RATE_LIMIT_CODES.has(error.code));
}

/**
 * How long the account must wait: the server's `retry-after-ms` or `Retry-After` (seconds or an HTTP date)
 * when it sends one (up to ten minutes), else 1 s doubling with each 429 in a row (`streak`), at most 30 s.
 *
 * @example
 * ```ts
 * if (isRateLimited(error)) retryAfterMs(error, 1); // 2000 for "Retry-After: 2"
 * ```
 */
export function retryAfterMs(error: APIError, streak: number): number {
  const ms = error.headers.get("retry-after-ms");
  const after = error.headers.get("retry-after") ?? "";
  const wait = ms ? Number(ms) : /^\d/.test(after) ? Number(after) * 1000 : Date.parse(after) - Date.now();
  if (Number.isFinite(wait) && wait >= 0 && wait <= 600_000) return Math.max(1, Math.ceil(wait));
  return Math.min(1000 * 2 ** Math.max(0, streak - 1), 30_000);
}
