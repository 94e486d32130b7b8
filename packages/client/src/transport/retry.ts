import { type ErrorCode, errorCodes } from "@tokenops/contract";

/** Statuses worth another attempt: timeouts, conflicts, rate limits and server errors. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 429 || status >= 500;

/** The gateway codes of a status that may be retried (errorCodes): none for most statuses. */
const retryableCodes = (status: number) =>
  Object.values(errorCodes).filter((rule) => rule.status === status && rule.retry !== "never");

/**
 * Whether an answer with this status and gateway code is worth another attempt. A status with retryable codes
 * goes by the code's `retry` (errorCodes): `always` and `rate-limit` yes, `reads` unless the request creates
 * something (the model may have the job, and a second create could be paid twice); an unknown code by the
 * status (429 yes, 424 as `reads`). Any other status by itself (408, 409, 429, 5xx).
 */
export const isRetryable = (status: number, code: unknown, method: string): boolean => {
  const rules = retryableCodes(status);
  if (!rules.length) return isRetryableStatus(status);
  const retry =
    rules.find((rule) => rule === errorCodes[code as ErrorCode])?.retry ??
    (isRetryableStatus(status) ? "always" : "reads");
  return retry !== "reads" || !/^(POST|PATCH)$/.test(method);
};

/**
 * Whether a failed answer is worth another attempt: the server's `x-should-retry: true|false` when it sends
 * one (as the openai packages honour it), else `isRetryable`, reading the code from a copy of the body only
 * for a status whose codes decide.
 */
export const shouldRetry = async (response: Response, method: string): Promise<boolean> => {
  const hint = response.headers.get("x-should-retry");
  if (hint === "true" || hint === "false") return hint === "true";
  const { status } = response;
  const body = retryableCodes(status).length
    ? await response
        .clone()
        .json()
        .catch(() => undefined)
    : undefined;
  return isRetryable(status, body?.error?.code ?? body?.code, method);
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
