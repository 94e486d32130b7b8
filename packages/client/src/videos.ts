import { type Client, mergeHeaders } from "openapi-fetch";
import { checkRequest } from "./check-request.js";
import { APIConnectionError, APIError, apiError, excerpt, VideoFailedError, VideoWaitTimeoutError } from "./errors.js";
import type { paths } from "./generated/openapi.js";
import { operations } from "./generated/operations.js";
import { toFormData } from "./multipart.js";
import type { Transport } from "./transport/fetch.js";
import { isRetryableStatus } from "./transport/retry.js";
import { sleep } from "./transport/signal.js";
import type { CreateVideoParams, RemixVideoParams, Video, VideoContent, VideoStatus, VideoVariant } from "./types.js";
import { checkReferenceImage } from "./validate.js";

/**
 * Options for one call: an abort signal, and the client's settings overridden for this call.
 *
 * @example
 * ```ts
 * const video = await client.videos.retrieve(id, { timeoutMs: 5_000, maxRetries: 5, signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface RequestOptions {
  /** Aborts the call: it rejects with APIUserAbortError at once. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
  /** Time allowed for each attempt, in milliseconds. */
  timeoutMs?: number | undefined;
  /** How many times to retry a failed attempt. */
  maxRetries?: number | undefined;
}

/**
 * Options for `create` and `remix`.
 *
 * @example
 * ```ts
 * await client.videos.create(params, { idempotencyKey: `order-${orderId}`, validate: false });
 * ```
 */
export interface CreateOptions extends RequestOptions {
  /** `false` sends values the spec does not know (new models, sizes) without checking them. Default: the client's `validate`. */
  validate?: boolean | undefined;
  /** The Idempotency-Key sent with every attempt. Default: a fresh key per call. */
  idempotencyKey?: string | undefined;
}

/**
 * Options for `content`.
 *
 * @example
 * ```ts
 * const response = await client.videos.content(id, { variant: "thumbnail" });
 * ```
 */
export interface ContentOptions extends RequestOptions {
  /** Which file: `video` (MP4, the default), `thumbnail` (WebP) or `spritesheet` (JPEG). */
  variant?: VideoVariant | undefined;
  /** `false` sends a variant the spec does not know. Default: the client's `validate`. */
  validate?: boolean | undefined;
}

/**
 * Options for `waitFor`.
 *
 * @example
 * ```ts
 * await client.videos.waitFor(id, {
 *   intervalMs: 5_000,
 *   timeoutMs: 20 * 60_000,
 *   onProgress: (video) => console.log(video.status, video.progress),
 * });
 * ```
 */
export interface WaitOptions {
  /** Time between polls when the server sends no `openai-poll-after-ms` hint. Default 2000. */
  intervalMs?: number | undefined;
  /** The overall deadline, in milliseconds. Default 30 minutes. Then VideoWaitTimeoutError (the job goes on). */
  timeoutMs?: number | undefined;
  /** Stops waiting: rejects with APIUserAbortError (the job goes on). */
  signal?: AbortSignal | undefined;
  /** Called with the job whenever its status or progress changes, and once at the start. */
  onProgress?: ((video: Video) => void) | undefined;
}

/**
 * Options for `createAndWait`: how to create (`validate`, `idempotencyKey`, `headers`) and how to wait.
 *
 * @example
 * ```ts
 * await client.videos.createAndWait(params, { onProgress: (v) => console.log(v.id, v.status, v.progress) });
 * ```
 */
export interface CreateAndWaitOptions extends WaitOptions {
  validate?: boolean | undefined;
  idempotencyKey?: string | undefined;
  headers?: Record<string, string> | undefined;
}

/**
 * The video lifecycle: create a job, follow it, download what it made, remix it.
 * These methods throw (APIError and its subclasses, TokenOpsValidationError, …); the raw openapi-fetch
 * methods on the client keep their `{ data, error, response }` shape.
 *
 * @example
 * ```ts
 * const video = await client.videos.createAndWait({ model: "sora-2", prompt: "A lighthouse at dawn" });
 * const response = await client.videos.content(video.id);
 * ```
 */
export interface Videos {
  /**
   * Starts a video job. Checks the params against the spec first (see `TokenOpsValidationError`), then
   * sends them as multipart/form-data. Retried safely: every attempt carries the same Idempotency-Key.
   *
   * @example
   * ```ts
   * const video = await client.videos.create({
   *   model: "sora-2",
   *   prompt: "A paper boat drifting down a rainy street",
   *   size: "1280x720",
   *   seconds: "8",
   *   input_reference: await fileFromPath("first-frame-1280x720.png"),
   * });
   * console.log(video.id, video.status); // "video_…", "queued"
   * ```
   */
  create(params: CreateVideoParams, options?: CreateOptions): Promise<Video>;
  /**
   * Fetches a job's current state.
   *
   * @example
   * ```ts
   * const { status, progress } = await client.videos.retrieve("video_123");
   * ```
   */
  retrieve(video_id: string, options?: RequestOptions): Promise<Video>;
  /**
   * Starts a new job that changes a finished video according to a prompt.
   *
   * @example
   * ```ts
   * const remix = await client.videos.remix("video_123", { model: "sora-2", prompt: "Make it snow" });
   * console.log(remix.remixed_from_video_id); // "video_123"
   * ```
   */
  remix(video_id: string, params: RemixVideoParams, options?: CreateOptions): Promise<Video>;
  /**
   * Downloads a finished job's file. Resolves with the Response as soon as headers arrive; its body streams.
   * When the service answers with JSON `{video_url}` instead of bytes, that URL is fetched and its Response
   * returned — without the Authorization header when the URL is on another origin.
   *
   * @example
   * ```ts
   * const response = await client.videos.content("video_123");
   * const bytes = new Uint8Array(await response.arrayBuffer());
   * // or stream it on: await storage.upload(response.body)
   * ```
   */
  content(video_id: string, options?: ContentOptions): Promise<Response>;
  /**
   * Polls a job until it completes, and resolves with it. Waits `openai-poll-after-ms` between polls when
   * the server sends it, else `intervalMs`. Statuses other than completed, failed, cancelled and expired
   * (including unknown ones) count as running. Server errors and dropped connections while polling are
   * retried, and polling goes on until the deadline.
   *
   * @throws VideoFailedError when the job fails, is cancelled or expires.
   * @throws VideoWaitTimeoutError at the deadline; APIUserAbortError when `signal` aborts.
   *
   * @example
   * ```ts
   * const video = await client.videos.waitFor("video_123", {
   *   onProgress: (v) => console.log(`${v.status} ${v.progress ?? 0}%`),
   * });
   * ```
   */
  waitFor(video_id: string, options?: WaitOptions): Promise<Video>;
  /**
   * `create`, then `waitFor` the new job. `onProgress` first sees the created job, so its id is never lost.
   *
   * @example
   * ```ts
   * const video = await client.videos.createAndWait(
   *   { model: "sora-2", prompt: "A lighthouse at dawn", seconds: 4 },
   *   { onProgress: (v) => console.log(v.id, v.status, v.progress) },
   * );
   * ```
   */
  createAndWait(params: CreateVideoParams, options?: CreateAndWaitOptions): Promise<Video>;
}

export interface VideosContext {
  client: Client<paths>;
  transport: Transport;
  baseUrl: string;
  /** The client's headers (with Authorization): sent with a content URL only on the API's own origin. */
  headers: Record<string, string>;
  validate: boolean;
  /** Whether middleware was registered with `use()`: then calls go through openapi-fetch, which runs it. */
  middleware: () => boolean;
}

type Answer = { error?: unknown; response: Response };

/** Final statuses that mean no video will come. */
const FAILED: readonly string[] = ["failed", "cancelled", "expired"] satisfies VideoStatus[];

/** Throws the APIError that a response's status and body call for. */
const fail = async (response: Response): Promise<never> => {
  throw apiError(response.status, await response.text(), response.headers);
};

/** A JSON answer holding `name`, or the APIError that says the answer was not what the spec promised. */
async function read<T>(response: Response, name = "id"): Promise<T> {
  const text = await response.text();
  try {
    const value = JSON.parse(text);
    if (value[name]) return value;
  } catch {
    // Not JSON: reported below.
  }
  throw new APIError(response.status, text, response.headers, `expected JSON with ${name}, got: ${excerpt(text)}`);
}

export function createVideos({ client, transport, baseUrl, headers, validate, middleware }: VideosContext): Videos {
  // The client's headers, merged once as openapi-fetch merges them (a later name overrides, whatever its case).
  const clientHeaders = mergeHeaders(headers);
  /** The client's headers with a call's own over them. */
  const withHeaders = (extra: Record<string, string | undefined> = {}) => {
    const all = new Headers(clientHeaders);
    for (const [name, value] of Object.entries(extra)) if (value !== undefined) all.set(name, value);
    return all;
  };

  /**
   * Sends an operation of the generated table and resolves with its successful response. It goes straight
   * to the transport (openapi-fetch would build a Request only to have it copied there), unless middleware
   * is registered: then through openapi-fetch, which runs it.
   */
  const call = async (
    operation: keyof typeof operations,
    video_id: string,
    options: CreateOptions,
    body?: object,
    query?: object,
  ): Promise<Response> => {
    const { method, path, requestContentType } = operations[operation];
    const { signal, timeoutMs, maxRetries } = options;
    const extra = { ...options.headers, "Idempotency-Key": options.idempotencyKey };
    if (middleware()) {
      const { error, response } = await (client.request as (...args: unknown[]) => Promise<Answer>)(method, path, {
        params: { path: { video_id }, query },
        body,
        headers: extra,
        signal,
        parseAs: "stream",
        fetch: (request: Request) => transport.fetch(request, { timeoutMs, maxRetries }),
      });
      if (!response.ok) throw apiError(response.status, error, response.headers);
      return response;
    }
    const all = withHeaders(extra);
    const json = requestContentType === "application/json";
    // As openapi-fetch does: the JSON content type is the default, the caller's headers may override it.
    if (json && !all.has("content-type")) all.set("content-type", requestContentType);
    const search = `${new URLSearchParams(query as Record<string, string>)}`;
    const url = `${baseUrl}${path.replace("{video_id}", encodeURIComponent(video_id))}${search && `?${search}`}`;
    const response = await transport.send(url, {
      method,
      headers: all,
      body: body && (json ? JSON.stringify(body) : toFormData(body)),
      signal,
      timeoutMs,
      maxRetries,
    });
    return response.ok ? response : fail(response);
  };

  const get = (video_id: string, options: RequestOptions = {}) => {
    checkRequest("getVideoStatus", { path: { video_id } });
    return call("getVideoStatus", video_id, options);
  };

  const create: Videos["create"] = async (params, options = {}) => {
    const strict = options.validate ?? validate;
    const { body } = checkRequest("createVideo", { body: params }, strict);
    if (strict) await checkReferenceImage(body);
    return read(await call("createVideo", "", options, body));
  };

  const wait = async (video_id: string, options: WaitOptions = {}, last?: Video): Promise<Video> => {
    const { intervalMs = 2000, timeoutMs = 1_800_000, signal, onProgress } = options;
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = setTimeout(abort, timeoutMs);
    signal?.addEventListener("abort", abort);
    if (signal?.aborted) abort();
    let seen = last && `${last.status}${last.progress}`;
    try {
      for (;;) {
        let delay = intervalMs;
        try {
          const response = await get(video_id, { signal: controller.signal });
          const job = await read<Video>(response);
          last = job;
          const state = `${job.status}${job.progress}`;
          if (state !== seen) onProgress?.(job);
          seen = state;
          if (job.status === "completed") return job;
          if (FAILED.includes(job.status)) throw new VideoFailedError(job);
          delay = Number(response.headers.get("openai-poll-after-ms")) || delay;
        } catch (error) {
          // Transient failures (already retried by the transport) do not end the wait; the deadline does.
          if (
            !(error instanceof APIConnectionError || (error instanceof APIError && isRetryableStatus(error.status)))
          ) {
            throw error;
          }
        }
        await sleep(delay, controller.signal);
      }
    } catch (error) {
      throw controller.signal.aborted && !signal?.aborted
        ? new VideoWaitTimeoutError(video_id, last, timeoutMs)
        : error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
  };

  return {
    create,

    retrieve: async (video_id, options) => read(await get(video_id, options)),

    remix: async (video_id, params, options = {}) => {
      const { body } = checkRequest("remixVideo", { path: { video_id }, body: params }, options.validate ?? validate);
      return read(await call("remixVideo", video_id, options, body));
    },

    content: async (video_id, options = {}) => {
      const { variant, signal, timeoutMs, maxRetries } = options;
      const { query } = checkRequest(
        "getVideoContent",
        { path: { video_id }, query: { variant } },
        options.validate ?? validate,
      );
      const response = await call("getVideoContent", video_id, options, undefined, query);
      if (!/json/.test(response.headers.get("content-type") ?? "")) return response;
      // The JSON form, {video_url, expires_at}: fetch the file from there.
      const url = new URL((await read<VideoContent>(response, "video_url")).video_url, baseUrl);
      // Credentials go only to the API's own origin, never to a CDN.
      const own = url.origin === new URL(baseUrl).origin;
      const file = await transport.send(url.href, {
        method: "GET",
        headers: own ? withHeaders(options.headers) : new Headers(),
        signal,
        timeoutMs,
        maxRetries,
      });
      return file.ok ? file : fail(file);
    },

    waitFor: wait,

    createAndWait: async (params, options = {}) => {
      const job = await create(params, { ...options, timeoutMs: undefined });
      options.onProgress?.(job);
      return wait(job.id, options, job);
    },
  };
}
