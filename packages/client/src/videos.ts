import { isFailedStatus, operations, type paths, requestRules } from "@tokenops/contract";
import type { Client } from "openapi-fetch";
import { checkRequest } from "./check-request.js";
import {
  APIConnectionError,
  APIError,
  excerpt,
  NotFoundError,
  redact,
  TokenOpsError,
  VideoContentTypeError,
  VideoExpiredError,
  VideoFailedError,
  VideoWaitTimeoutError,
} from "./errors.js";
import { variantMediaTypes } from "./media-types.js";
import type { Transport } from "./transport/fetch.js";
import { shouldRetry } from "./transport/retry.js";
import { sleep } from "./transport/signal.js";
import type {
  CreateVideoParams,
  DeletedVideo,
  ListVideosParams,
  RemixVideoParams,
  Video,
  VideoContent,
  VideoPage,
  VideoVariant,
} from "./types.js";
import { checkCreate } from "./validate.js";

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
 * await client.videos.create(params, { idempotencyKey: "order-1042", validate: false });
 * ```
 */
export interface CreateOptions extends RequestOptions {
  /** `false` sends values the spec does not know (new models, sizes) without checking them. Default: the client's `validate`. */
  validate?: boolean | undefined;
  /** The Idempotency-Key sent with every attempt. Default: a fresh key per call. */
  idempotencyKey?: string | undefined;
}

/**
 * Options for `list`.
 *
 * @example
 * ```ts
 * const page = await client.videos.list({ limit: 500 }, { validate: false }); // a gateway that allows more
 * ```
 */
export interface ListOptions extends RequestOptions {
  /** `false` sends a `limit` or `order` the spec does not allow. Default: the client's `validate`. */
  validate?: boolean | undefined;
}

/**
 * What `videos.list` returns: await it for one page as the server sent it, or iterate it with `for await` for
 * every video on every page (following `has_more`, with `last_id` as the next page's `after`).
 *
 * @example
 * ```ts
 * const page = await client.videos.list({ limit: 20 }); // one page
 * for await (const video of client.videos.list({ limit: 100 })) console.log(video.id); // every video
 * ```
 */
export type VideoPagePromise = Promise<VideoPage> & AsyncIterable<Video>;

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
 *   deadlineMs: 20 * 60_000,
 *   onProgress: (video) => console.log(video.status, video.progress),
 * });
 * ```
 */
export interface WaitOptions {
  /** Time between polls when the server sends no `openai-poll-after-ms` hint. Default 2000. */
  intervalMs?: number | undefined;
  /**
   * How long to wait in all, in milliseconds. Default 30 minutes. Then VideoWaitTimeoutError (the job goes on).
   * Each poll has its own per-attempt `timeoutMs`: the client's.
   */
  deadlineMs?: number | undefined;
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
export type CreateAndWaitOptions = Pick<CreateOptions, "validate" | "idempotencyKey" | "headers"> & WaitOptions;

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
   * Lists the account's jobs, newest first unless `order: "asc"`. Awaited, it resolves with one page as the
   * server sent it; iterated with `for await`, it yields every job on every page, fetching the next page
   * (`after` = the page's `last_id`) while `has_more` is true. An empty page ends the iteration. A server that
   * ignores `after` (the same cursor comes back) makes the iteration throw a TokenOpsError rather than loop.
   * `limit` (an integer 0–100) and `order` are checked against the spec before anything is sent.
   *
   * This operation comes from OpenAI's videos contract; TokenOps' API pages do not document it. A gateway
   * without it answers 404 or 405: then it throws NotFoundError, saying the gateway may not offer it.
   *
   * @example
   * ```ts
   * const page = await client.videos.list({ limit: 10, order: "desc" });
   * console.log(page.data.map((v) => v.id), page.has_more);
   *
   * for await (const video of client.videos.list({ limit: 50 })) {
   *   if (video.status === "failed") console.log(video.id, video.error?.message);
   * }
   * ```
   */
  list(params?: ListVideosParams, options?: ListOptions): VideoPagePromise;
  /**
   * Deletes a completed or failed job and its files; the job is 404 afterwards.
   *
   * This operation comes from OpenAI's videos contract; TokenOps' API pages do not document it. A 404 or 405
   * throws NotFoundError, whose message says that there is no such job or the gateway may not offer delete.
   *
   * @example
   * ```ts
   * const { id, deleted } = await client.videos.delete("video_123");
   * ```
   */
  delete(video_id: string, options?: RequestOptions): Promise<DeletedVideo>;
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
  /** The openapi-fetch client (its middleware, headers, Request and multipart serializer): every call goes through it. */
  client: Client<paths>;
  /** Sends a `video_url` on another origin, which no middleware and no credential may reach. */
  transport: Transport;
  baseUrl: string;
  /** The key, redacted from every error built from a response (a proxy may echo the header back). */
  secret: string | undefined;
  validate: boolean;
}

type Answer = { error?: unknown; response: Response };
type Send = (method: string, path: string, init: object) => Promise<Answer>;

/**
 * List and delete come from OpenAI's contract, not TokenOps' pages: their 404 or 405 may mean that the gateway
 * does not offer them, and the error says so.
 */
async function withOfferedHint(operation: "listVideos" | "deleteVideo", answer: Promise<Response>): Promise<Response> {
  try {
    return await answer;
  } catch (error) {
    if (!(error instanceof APIError) || !routeMissing(error)) throw error;
    const { method, path } = operations[operation];
    throw new NotFoundError(
      error.status,
      error.body,
      error.headers,
      `${error.message.slice(`${error.status} `.length)} (this gateway may not offer ${method} ${path}: it comes from OpenAI's videos contract, not TokenOps' API pages)`,
    );
  }
}

/**
 * Whether a 404 or 405 says that the route is missing, not the job (`video_not_found`): a 405, OpenAI's
 * `unknown_url`, a body that is no JSON envelope (a proxy's page), or a bare "Not Found" / "Invalid URL".
 */
const routeMissing = ({ status, code, message, body }: APIError) =>
  status === 405 ||
  (status === 404 &&
    (code === "unknown_url" || typeof body !== "object" || /^404 (not found|invalid url)/i.test(message)));

/** A 4xx from content that says the files expired: 410, or a code or message saying so (401 and 403 are about the key). */
const isExpiredError = (error: unknown): error is APIError =>
  error instanceof APIError &&
  (error.status === 410 ||
    (error.status >= 400 &&
      error.status < 500 &&
      error.status !== 401 &&
      error.status !== 403 &&
      /expired/i.test(`${error.code} ${error.message}`)));

/** A response's media type, without parameters, in lower case ("" when it has none). */
const mediaType = (response: Response) =>
  (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

export function createVideos({ client, transport, baseUrl, secret, validate }: VideosContext): Videos {
  const sendRequest = client.request as unknown as Send;
  const origin = new URL(baseUrl).origin;

  /** Throws the APIError that a response's status and body call for. */
  const throwForResponse = async (response: Response): Promise<never> => {
    throw APIError.generate(response.status, redact(await response.text(), secret), response.headers);
  };

  /** A JSON answer holding `name`, or the APIError that says the answer was not what the spec promised. */
  const readJson = async <T>(response: Response, name = "id"): Promise<T> => {
    const text = redact(await response.text(), secret);
    try {
      const value = JSON.parse(text);
      if (value[name]) return value;
    } catch {
      // Not JSON: reported below.
    }
    throw new APIError(response.status, text, response.headers, `expected JSON with ${name}, got: ${excerpt(text)}`);
  };

  /**
   * Sends through openapi-fetch (URL, headers, serializer, middleware) and resolves with the successful
   * response, its body unread. `path` is an operation's path, or with `baseUrl` another path on the API's origin.
   */
  const sendExpectingOk = async (
    method: string,
    path: string,
    options: CreateOptions,
    init: object,
  ): Promise<Response> => {
    const { signal, timeoutMs, maxRetries } = options;
    const { error, response } = await sendRequest(method, path, {
      ...init,
      headers: { ...options.headers, "Idempotency-Key": options.idempotencyKey },
      signal,
      parseAs: "stream",
      // The client's own fetch unless this call overrides its settings.
      fetch:
        timeoutMs === undefined && maxRetries === undefined
          ? undefined
          : (request: Request) => transport.fetch(request, { timeoutMs, maxRetries }),
    });
    if (response.ok) return response;
    // openapi-fetch has read the body (JSON parsed when it could): back to text, to redact it as any other.
    throw APIError.generate(
      response.status,
      redact(typeof error === "string" ? error : (JSON.stringify(error) ?? ""), secret),
      response.headers,
    );
  };

  /** Sends an operation of the generated table. */
  const sendOperation = (
    operation: keyof typeof operations,
    video_id: string,
    options: CreateOptions,
    body?: object,
    query?: object,
  ): Promise<Response> => {
    const { method, path } = operations[operation];
    return sendExpectingOk(method, path, options, { params: { path: { video_id }, query }, body });
  };

  const fetchStatus = (video_id: string, options: RequestOptions = {}) => {
    checkRequest("getVideoStatus", { path: { video_id } });
    return sendOperation("getVideoStatus", video_id, options);
  };

  const listPage = async (params: ListVideosParams = {}, options: ListOptions = {}): Promise<VideoPage> => {
    const { query } = checkRequest("listVideos", { query: params ?? {} }, options.validate ?? validate);
    return readJson(
      await withOfferedHint("listVideos", sendOperation("listVideos", "", options, undefined, query)),
      "data",
    );
  };

  const create: Videos["create"] = async (params, options = {}) =>
    readJson(await sendOperation("createVideo", "", options, await checkCreate(params, options.validate ?? validate)));

  const pollUntilDone = async (video_id: string, options: WaitOptions = {}, last?: Video): Promise<Video> => {
    const { intervalMs = 2000, deadlineMs = 1_800_000, signal, onProgress } = options;
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = setTimeout(abort, deadlineMs);
    signal?.addEventListener("abort", abort);
    if (signal?.aborted) abort();
    let seen = last && `${last.status}${last.progress}`;
    try {
      for (;;) {
        let delay = intervalMs;
        try {
          const response = await fetchStatus(video_id, { signal: controller.signal });
          const job = await readJson<Video>(response);
          last = job;
          const state = `${job.status}${job.progress}`;
          if (state !== seen) onProgress?.(job);
          seen = state;
          if (job.status === "completed") return job;
          if (isFailedStatus(job.status)) throw new VideoFailedError(job);
          delay = Number(response.headers.get("openai-poll-after-ms")) || delay;
        } catch (error) {
          // Transient failures (already retried by the transport) do not end the wait; the deadline does.
          if (
            !(
              error instanceof APIConnectionError ||
              (error instanceof APIError && shouldRetry(error.status, error.headers))
            )
          ) {
            throw error;
          }
        }
        await sleep(delay, controller.signal);
      }
    } catch (error) {
      throw controller.signal.aborted && !signal?.aborted
        ? new VideoWaitTimeoutError(video_id, last, deadlineMs)
        : error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
  };

  return {
    create,

    retrieve: async (video_id, options) => readJson(await fetchStatus(video_id, options)),

    remix: async (video_id, params, options = {}) => {
      const { body } = checkRequest("remixVideo", { path: { video_id }, body: params }, options.validate ?? validate);
      return readJson(await sendOperation("remixVideo", video_id, options, body));
    },

    list: (params = {}, options = {}) => {
      const first = listPage(params, options);
      return Object.assign(first, {
        async *[Symbol.asyncIterator]() {
          const sent = new Set<string>();
          let page = await first;
          for (;;) {
            const cursor = page.last_id ?? page.data.at(-1)?.id;
            // A server that ignores `after` sends a page it already sent: stop before repeating it, loudly,
            // since stopping quietly would pass a partial list off as the whole.
            if (cursor && sent.has(cursor)) {
              throw new TokenOpsError(
                `Listing videos: a page ending at ${cursor} came back again (the server seems to ignore \`after\`); stopped rather than loop forever.`,
              );
            }
            yield* page.data;
            // An empty page has no cursor to go on from, whatever has_more says (the openai package stops too).
            if (!page.has_more || !page.data.length || !cursor) return;
            sent.add(cursor);
            page = await listPage({ ...params, after: cursor }, options);
          }
        },
      });
    },

    delete: async (video_id, options) => {
      checkRequest("deleteVideo", { path: { video_id } });
      return readJson(await withOfferedHint("deleteVideo", sendOperation("deleteVideo", video_id, options ?? {})));
    },

    content: async (video_id, options = {}) => {
      const { signal, timeoutMs, maxRetries } = options;
      const { query } = checkRequest(
        "getVideoContent",
        { path: { video_id }, query: { variant: options.variant } },
        options.validate ?? validate,
      );
      const variant = options.variant ?? requestRules.getVideoContent.query.variant.default;
      // Undefined for a variant the spec does not know (sent with validate: false): nothing to ask for or check.
      const expected: string | undefined = variantMediaTypes[variant];
      /** The file, if it is of the variant's type; a type that names no format (none, octet-stream) passes. */
      const ensureVariantType = async (file: Response) => {
        const type = mediaType(file);
        if (!expected || type === expected || /^$|^(application|binary)\/octet-stream$/.test(type)) return file;
        await file.body?.cancel();
        throw new VideoContentTypeError(video_id, variant, expected, type);
      };
      try {
        const headers = expected
          ? { accept: `${expected}, application/json;q=0.9`, ...options.headers }
          : options.headers;
        const answer = await sendOperation("getVideoContent", video_id, { ...options, headers }, undefined, query);
        if (!/json/.test(mediaType(answer))) return await ensureVariantType(answer);
        // The JSON form, {video_url, expires_at}: fetch the file from there.
        const url = new URL((await readJson<VideoContent>(answer, "video_url")).video_url, baseUrl);
        // On the API's own origin, through openapi-fetch as any call (client headers, middleware); elsewhere (a
        // CDN) only through the transport: no credential, no header and no middleware reaches another origin.
        const file =
          url.origin === origin
            ? await sendExpectingOk("GET", url.pathname + url.search, options, { baseUrl: origin })
            : await transport.send(url.href, { method: "GET", headers: new Headers(), signal, timeoutMs, maxRetries });
        return await ensureVariantType(file.ok ? file : await throwForResponse(file));
      } catch (error) {
        if (!isExpiredError(error)) throw error;
        // The server's answer decides expiry; the job, asked once and best effort, says when.
        const job = await fetchStatus(video_id, { signal, timeoutMs, maxRetries: 0, headers: options.headers })
          .then((response) => readJson<Video>(response))
          .catch(() => undefined);
        throw new VideoExpiredError(error, video_id, typeof job?.expires_at === "number" ? job.expires_at : null);
      }
    },

    waitFor: pollUntilDone,

    createAndWait: async (params, options = {}) => {
      const job = await create(params, options);
      options.onProgress?.(job);
      return pollUntilDone(job.id, options, job);
    },
  };
}
