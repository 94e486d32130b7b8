import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "../errors.js";
import { createDeadlines } from "./deadlines.js";
import { type Log, redactHeaders } from "./log.js";
import { sendable } from "./request.js";
import { idempotencyKey, retryDelayMs, shouldRetry } from "./retry.js";
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

/**
 * A retry about to be made, as `onRetry` sees it.
 *
 * @example
 * ```ts
 * const onRetry = (retry: Retry) => console.log(`${retry.message}: retry ${retry.attempt} in ${retry.delayMs} ms`);
 * ```
 */
export interface Retry {
  /** The attempt that failed: 1 for the first. */
  attempt: number;
  /** How long the transport waits before the next attempt. */
  delayMs: number;
  /** The answer's status; undefined when none came (a connection error, a timeout). */
  status: number | undefined;
  /** What failed, as the log line says it: `POST /v1/videos 503`, or the connection error's message. */
  message: string;
}

/** A call's own timeout and retries, overriding the client's. */
export interface CallSettings {
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /**
   * Called before each retry of this call. Returning `false` makes no more attempts: the call answers with
   * what came (a batch takes a 429 as its own signal to slow down, not as a request to repeat).
   */
  onRetry?: ((retry: Retry) => unknown) | undefined;
}

/** One logical request: each attempt is built from it. */
export interface Outgoing extends CallSettings {
  method: string;
  /** Sent on every attempt, with an Idempotency-Key added to a POST or PATCH that has none. */
  headers: Headers;
  /** A body that can be sent again (a string, a FormData of Blobs); undefined sends the Request's own. */
  body?: RequestInit["body"];
  signal?: AbortSignal | undefined;
  /** False when the body is a stream, which can be sent only once: no retries then. Default true. */
  replayable?: boolean | undefined;
}

/**
 * What every request goes through: a timeout per attempt, retries with backoff, an Idempotency-Key made
 * once per call on POST and PATCH and sent on every attempt, and logging.
 */
export interface Transport {
  /** Sends to a URL, or on a Request's other settings (credentials, redirect, cache …). */
  send(input: string | Request, outgoing: Outgoing): Promise<Response>;
  /** openapi-fetch's `fetch`: sends the Request it built. */
  fetch(request: Request, settings?: CallSettings): Promise<Response>;
}

export interface TransportOptions extends Required<Omit<CallSettings, "onRetry">> {
  /** The caller's fetch, given a Request; undefined: the runtime's, given the URL and init. */
  fetch: Fetch | undefined;
  log: Log;
}

const KEY = "idempotency-key";

/** A response body's requests, kept from garbage collection for as long as the body is (see below). */
const alive = new WeakMap<ReadableStream, unknown>();

/** A log line's details for an attempt. */
const details = (attempt: number, started: number, response?: Response) => ({
  attempt,
  durationMs: Date.now() - started,
  status: response?.status,
  requestId: response?.headers.get("x-request-id") ?? undefined,
});

/**
 * Creates the transport. Redirects are the runtime's: a standard fetch drops Authorization when a redirect
 * leaves the origin.
 */
export function createTransport({ fetch: custom, maxRetries, timeoutMs, log }: TransportOptions): Transport {
  const deadlines = createDeadlines();
  const send: Transport["send"] = async (input, { method, headers, body, signal, replayable = true, ...call }) => {
    if (signal && typeof input === "string") {
      // Listened to through a Request that follows it, as fetch does: what is registered on the caller's
      // signal goes away with the request, even when one signal serves many calls.
      input = new Request(input, { signal });
      signal = input.signal;
    }
    const retries = replayable ? (call.maxRetries ?? maxRetries) : 0;
    const timeout = call.timeoutMs ?? timeoutMs;
    if ((method === "POST" || method === "PATCH") && !headers.has(KEY)) headers.set(KEY, idempotencyKey());
    // FormData gets a new boundary each time it is sent: the runtime writes the header.
    if (body instanceof FormData) headers.delete("content-type");
    // Only logs and errors need the path: worked out when one is written.
    const line = () => `${method} ${new URL((input as Request).url ?? input).pathname}`;

    for (let attempt = 1; ; attempt++) {
      const controller = new AbortController();
      const abort = () => controller.abort();
      deadlines.add(controller, timeout);
      // The signal is this request's own (see above): the listener goes with it, and meanwhile an abort
      // still cancels a body that is streaming.
      signal?.addEventListener("abort", abort);
      const started = Date.now();
      log.debug?.(line(), { attempt, headers: redactHeaders(headers) });
      let response: Response | undefined;
      let failure: Error | undefined;
      try {
        if (signal?.aborted) throw 0;
        const init = { method, headers, body, signal: controller.signal };
        // The caller's fetch takes a Request. The runtime's gets the URL and init: a Request built here
        // would only be copied again inside it.
        const request = custom && new Request(input, init);
        response = await (request ? custom(request) : fetch(input, init));
        // Node's fetch stops passing on an abort once a Request given to it is garbage collected
        // (nodejs/undici#4068): those requests stay reachable while the body streams.
        if (response.body && (request || typeof input !== "string")) alive.set(response.body, [input, request]);
      } catch (error) {
        failure = signal?.aborted
          ? new APIUserAbortError()
          : controller.signal.aborted
            ? new APIConnectionTimeoutError(`${line()} timed out after ${timeout} ms`)
            : new APIConnectionError(`${line()} failed: ${reason(error)}`, { cause: error });
      }
      deadlines.delete(controller);
      if (response) log.info?.(`${line()} ${response.status}`, details(attempt, started, response));
      const retry =
        attempt <= retries &&
        !(failure instanceof APIUserAbortError) &&
        (failure !== undefined || (!response?.ok && (await shouldRetry(response as Response, method))));
      const delayMs = retry ? retryDelayMs(attempt, response?.headers) : 0;
      // A failure's message already names the request.
      const message = failure ? failure.message : `${line()} ${response?.status}`;
      if (!retry || call.onRetry?.({ attempt, delayMs, status: response?.status, message }) === false) {
        if (!failure) return response as Response;
        log.error?.(failure.message, details(attempt, started));
        throw failure;
      }
      await response?.body?.cancel();
      log.warn?.(`${message}: retrying`, { ...details(attempt, started, response), delayMs });
      await sleep(delayMs, signal);
    }
  };

  return {
    send,
    fetch: (request, settings) => {
      const { replayable, body, url } = sendable(request);
      const { method } = request;
      // A request whose headers stay as they are (no key to add, no multipart boundary to drop) sends its own.
      const mutable = method === "POST" || method === "PATCH" || body instanceof FormData;
      // Copied entry by entry: with MSW listening, new Headers(request.headers) keeps only content-type.
      const headers = mutable ? new Headers() : request.headers;
      if (mutable) {
        request.headers.forEach((value, name) => {
          headers.append(name, value);
        });
      }
      // Its URL when that is the same request (see Sendable), so that the runtime's fetch copies no Request.
      return send(url ?? request, {
        method,
        headers,
        body,
        signal: url ? undefined : request.signal,
        replayable,
        ...settings,
      });
    },
  };
}

/** The most specific reason a fetch failure gives (undici puts it in `cause`). */
const reason = (error: unknown): string => {
  const e = error as { message?: string; cause?: { message?: string } } | undefined;
  return e?.cause?.message ?? e?.message ?? String(error);
};
