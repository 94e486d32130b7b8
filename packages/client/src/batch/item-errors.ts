import { APIConnectionError, APIError, VideoFailedError } from "../errors.js";
import type { Retry } from "../transport/fetch.js";
import { isRetryable } from "../transport/retry.js";
import type { BatchItemError } from "./journal.js";

/**
 * Connection failures and the answers worth another attempt of a create (408, 409, 5xx, a 424 that never reached
 * the model): what outlasted the client's retries.
 *
 * @example
 * ```ts
 * const again = (error: unknown) => isTransient(error); // true for a 503, false for a 400
 * ```
 */
export const isTransient = (error: unknown) =>
  error instanceof APIConnectionError || (error instanceof APIError && isRetryable(error.status, error.code, "POST"));

/** Statuses that say the whole batch cannot go on: the key, its permissions, or the address is wrong. */
export const isFatalStatus = (error: unknown) => error instanceof APIError && [401, 403, 404].includes(error.status);

/**
 * An error as the journal, the events (and a queue's job data) keep it: the API's message, status and code.
 *
 * @example
 * ```ts
 * const recorded = (error: unknown) => itemError(error).message;
 * ```
 */
export function itemError(error: unknown): BatchItemError {
  if (error instanceof VideoFailedError) {
    const { video } = error;
    const reason = video.error?.message ?? "no reason given";
    return { message: video.status === "failed" ? reason : `${video.status}: ${reason}`, code: video.error?.code };
  }
  if (error instanceof APIError) return { message: error.message, status: error.status, code: error.code };
  return { message: (error as Error)?.message ?? String(error) };
}

/** What a retry the client is about to make failed with, as the `retry` event says it. */
export const retryError = ({ message, status }: Retry): BatchItemError =>
  status === undefined ? { message } : { message, status };
