import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "../errors.js";
import { type Log, redactHeaders } from "./log.js";
import { isReplayable, sourceOf } from "./request.js";
import { idempotencyKey, isRetryableStatus, retryDelayMs } from "./retry.js";
import { sleep } from "./signal.js";

/**
 * A fetch that takes a Request, as openapi-fetch calls it. The runtime's `fetch` is one.
 *
 * @example
 * ```ts
 * const fetch: Fetch = (request) => globalThis.fetch(request);
 * const client = createClient({ fetch });
 * ```
 */
export type Fetch = (request: Request) => Promise<Response>;

export interface TransportOptions {
  fetch: Fetch;
  maxRetries: number;
  timeoutMs: number;
  log: Log;
}

const KEY = "idempotency-key";

/** A response body's requests, kept from garbage collection for as long as the body is (see below). */
const alive = new WeakMap<ReadableStream, Request[]>();

/**
 * Wraps fetch with what every request needs: a timeout per attempt, retries with backoff (GET and the
 * other idempotent methods freely; POST and PATCH with an Idempotency-Key made once per call and sent on
 * every attempt), and logging. It is openapi-fetch's `fetch`, so raw `client.GET(…)` calls get it too.
 * Redirects are the runtime's: a standard fetch drops Authorization when a redirect leaves the origin.
 */
export function createTransport({ fetch, maxRetries, timeoutMs, log }: TransportOptions): Fetch {
  return async (request) => {
    const { method, signal } = request;
    const source = sourceOf(request);
    const retries = source?.options?.maxRetries ?? maxRetries;
    const timeout = source?.options?.timeoutMs ?? timeoutMs;
    // Copied entry by entry: with MSW listening, new Headers(request.headers) keeps only content-type.
    const headers = new Headers();
    request.headers.forEach((value, name) => headers.append(name, value));
    const line = `${method} ${new URL(request.url).pathname}`;
    if (/^(POST|PATCH)$/.test(method) && !headers.has(KEY)) headers.set(KEY, idempotencyKey());
    // A body can be sent again only from its source (not a stream); without one, only no body can.
    const replayable = source ? isReplayable(source.body) : !request.body;
    const body = replayable ? source?.body : undefined;
    // FormData gets a new boundary each time it is sent: the runtime writes the header.
    if (body instanceof FormData) headers.delete("content-type");
    const retryable = replayable && (/^(GET|HEAD|OPTIONS|PUT|DELETE)$/.test(method) || headers.has(KEY));

    for (let attempt = 1; ; attempt++) {
      const controller = new AbortController();
      const abort = () => controller.abort();
      const timer = setTimeout(abort, timeout);
      signal.addEventListener("abort", abort);
      const started = Date.now();
      const details: Record<string, unknown> = { attempt };
      log("debug", line, { ...details, headers: redactHeaders(headers) });
      let response: Response | undefined;
      let failure: Error | undefined;
      try {
        if (signal.aborted) throw signal.reason;
        const outgoing = new Request(request, { headers, signal: controller.signal, body });
        response = await fetch(outgoing);
        // Node's fetch stops passing on an abort once the Request it was given is garbage collected
        // (nodejs/undici#4068): the requests stay reachable while the body streams, so aborts still cancel it.
        if (response.body) alive.set(response.body, [request, outgoing]);
      } catch (error) {
        failure = signal.aborted
          ? new APIUserAbortError()
          : controller.signal.aborted
            ? new APIConnectionTimeoutError(`${line} timed out after ${timeout} ms`)
            : new APIConnectionError(`${line} failed: ${reason(error)}`, { cause: error });
      }
      clearTimeout(timer);
      details.durationMs = Date.now() - started;
      details.status = response?.status;
      details.requestId = response?.headers.get("x-request-id") ?? undefined;
      if (response) log("info", `${line} ${response.status}`, details);
      if (
        !retryable ||
        attempt > retries ||
        failure instanceof APIUserAbortError ||
        !(failure || isRetryableStatus(response?.status as number))
      ) {
        if (!failure) return response as Response; // The listener stays: an abort still cancels the body.
        signal.removeEventListener("abort", abort);
        log("error", failure.message, details);
        throw failure;
      }
      signal.removeEventListener("abort", abort);
      await response?.body?.cancel();
      details.delayMs = retryDelayMs(attempt, response?.headers);
      log("warn", `${line} ${response?.status ?? failure?.message}: retrying`, details);
      await sleep(details.delayMs as number, signal);
    }
  };
}

/** The most specific reason a fetch failure gives (undici puts it in `cause`). */
const reason = (error: unknown): string => {
  const e = error as { message?: string; cause?: { message?: string } } | undefined;
  return e?.cause?.message ?? e?.message ?? String(error);
};
