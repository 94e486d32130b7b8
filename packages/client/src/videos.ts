import {
  type BodyOf,
  isFailedStatus,
  type OperationMethods,
  type OperationTypes,
  operationMethods,
  operations,
  type paths,
} from "@tokenops/contract";
import type { Client } from "openapi-fetch";
import { checkRequest } from "./check-request.js";
import {
  APIError,
  TokenOpsError,
  VideoContentTypeError,
  VideoExpiredError,
  VideoFailedError,
  VideoWaitTimeoutError,
} from "./errors.js";
import { variantMediaTypes } from "./media-types.js";
import { prepareCreate } from "./models/prepare.js";
import {
  type CreateOptions,
  callInit,
  createSender,
  errorFor,
  type RequestOptions,
  readJson,
} from "./send-operation.js";
import type { Transport } from "./transport/fetch.js";
import { sleep } from "./transport/signal.js";
import type {
  CreatedVideo,
  CreateVideoParams,
  DeletedVideo,
  ListVideosParams,
  RemixVideoParams,
  Video,
  VideoContent,
  VideoPage,
  VideoVariant,
} from "./types.js";

export type { CreateOptions, RequestOptions } from "./send-operation.js";

/**
 * Time between polls when the server sends no `openai-poll-after-ms` hint.
 *
 * @example
 * ```ts
 * await client.videos.waitFor("video_123", { pollIntervalMs: DEFAULT_POLL_INTERVAL_MS * 5 });
 * ```
 */
export const DEFAULT_POLL_INTERVAL_MS = 2000;
/**
 * How long `waitFor` waits in all (30 minutes).
 *
 * @example
 * ```ts
 * await client.videos.waitFor("video_123", { deadlineMs: 2 * DEFAULT_WAIT_DEADLINE_MS });
 * ```
 */
export const DEFAULT_WAIT_DEADLINE_MS = 30 * 60_000;

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
 *   pollIntervalMs: 5_000,
 *   deadlineMs: 20 * 60_000,
 *   onProgress: (video) => console.log(video.status, video.progress),
 * });
 * ```
 */
export interface WaitOptions {
  /** Time between polls when the server sends no `openai-poll-after-ms` hint. Default `DEFAULT_POLL_INTERVAL_MS` (2000). */
  pollIntervalMs?: number | undefined;
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
export type CreateAndWaitOptions = Pick<CreateOptions, "validate" | "idempotencyKey" | "headers"> &
  Omit<WaitOptions, "onProgress"> & {
    /** Called first with the created job (so its id is never lost), then as `waitFor`'s `onProgress`. */
    onProgress?: ((video: Video | CreatedVideo) => void) | undefined;
  };

/** The methods written by hand, on top of the generated ones: what a spec cannot say. */
type HandWritten = "create" | "retrieve" | "remix" | "list" | "delete" | "content" | "waitFor" | "createAndWait";

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
export interface Videos extends Omit<OperationMethods<CreateOptions>, HandWritten> {
  /**
   * Starts a video job on any model TokenOps serves (the spec's `VideoGenerationResponse`). One set of params
   * fits every model — `prompt`, `seconds`, `image` (first frame), `lastFrame`, `ratio`, `resolution`, `audio`
   * — mapped to the model family's own fields, beside which the family's native fields may be given; typed by
   * the model id (a known model takes its family's fields and nothing else, any other model takes anything).
   * Sora-2 goes as multipart/form-data, Doubao Seedance, Jimeng and MiniMax Hailuo as JSON (a File becomes a
   * base64 data URL), a model of no known family as JSON, as given. Checked first against the model's
   * documented limits (see `TokenOpsValidationError`; `validate: false` skips that). Retried safely: every
   * attempt carries the same Idempotency-Key, and a 424 that may have reached the model is not retried.
   *
   * @example
   * ```ts
   * const sora = await client.videos.create({
   *   model: "sora-2",
   *   prompt: "A paper boat drifting down a rainy street",
   *   seconds: 8,
   *   ratio: "16:9",
   *   image: await fileFromPath("first-frame-1280x720.png"),
   * });
   * const seedance = await client.videos.create({
   *   model: "doubao-seedance-1-5-pro-251215",
   *   prompt: "A paper boat drifting down a rainy street",
   *   seconds: 5,
   *   resolution: "1080p",
   *   audio: true,
   * });
   * console.log(sora.id, seedance.status); // "video_…", "in_queue"
   * ```
   */
  create<M extends string>(params: CreateVideoParams<M> & { model: M }, options?: CreateOptions): Promise<CreatedVideo>;
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
   * the server sends it, else `pollIntervalMs`. Statuses other than completed, failed, cancelled and expired
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
  createAndWait<M extends string>(
    params: CreateVideoParams<M> & { model: M },
    options?: CreateAndWaitOptions,
  ): Promise<Video>;
}

export interface VideosContext {
  /** openapi-fetch's client (its middleware, headers and Request): every operation goes through it. */
  client: Client<paths>;
  /** Sends a `video_url` on another origin, which no middleware and no credential may reach. */
  transport: Transport;
  baseUrl: string;
  /** The key, redacted from every error built from a response (a proxy may echo the header back). */
  secret: string | undefined;
  validate: boolean;
}

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

/** A path on the API's origin that no operation names (a `video_url` there), sent as openapi-fetch sends any. */
type OtherPath = (url: string, init: Record<string, unknown>) => Promise<{ response: Response; error?: unknown }>;

export function createVideos({ client, transport, baseUrl, secret, validate }: VideosContext): Videos {
  const origin = new URL(baseUrl).origin;
  const generated = operationMethods(client, createSender({ transport, secret, validate }));
  // A video_url is a URL the server chose, not a path of the spec: the one call openapi-fetch cannot type.
  const getOtherPath: OtherPath = (url, init) => client.request("get", url as "/v1/videos", init);

  const create: Videos["create"] = async (params, options = {}) => {
    const { contentType, body } = await prepareCreate(params, { validate: options.validate ?? validate });
    return generated.create(body as BodyOf<OperationTypes["createVideo"]>, { ...options, contentType });
  };

  const pollUntilDone = async (
    video_id: string,
    options: WaitOptions = {},
    last?: Video | CreatedVideo,
  ): Promise<Video> => {
    checkRequest("getVideoStatus", { path: { video_id } });
    const {
      pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
      deadlineMs = DEFAULT_WAIT_DEADLINE_MS,
      signal,
      onProgress,
    } = options;
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = setTimeout(abort, deadlineMs);
    signal?.addEventListener("abort", abort);
    if (signal?.aborted) abort();
    let seen = last && `${last.status}${last.progress}`;
    const status = operations.getVideoStatus;
    try {
      for (;;) {
        // The transport retries connection errors and 5xx until the deadline: the one retry loop.
        const init = callInit(transport, { signal: controller.signal, maxRetries: Number.POSITIVE_INFINITY }, "text");
        const { data, response, error } = await client.GET("/v1/videos/{video_id}", {
          ...init,
          params: { path: { video_id } },
        });
        if (!response.ok) throw errorFor(status, response, error, secret);
        const job = await readJson<Video>(response, status.response.requiredField, secret, data);
        last = job;
        const state = `${job.status}${job.progress}`;
        if (state !== seen) onProgress?.(job);
        seen = state;
        if (job.status === "completed") return job;
        if (isFailedStatus(job.status)) throw new VideoFailedError(job);
        await sleep(Number(response.headers.get("openai-poll-after-ms")) || pollIntervalMs, controller.signal);
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
  const listPage = (params: ListVideosParams = {}, options: ListOptions = {}): Promise<VideoPage> =>
    generated.list(params ?? {}, options);

  return {
    ...generated,

    create,

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

    content: async (video_id, options = {}) => {
      const { signal, timeoutMs, maxRetries } = options;
      const variant: string = options.variant ?? operations.getVideoContent.rules.query.variant.default;
      // Undefined for a variant the spec does not know (sent with validate: false): nothing to ask for or check.
      const expected: string | undefined = (variantMediaTypes as Record<string, string>)[variant];
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
        const answer = await generated.content(video_id, { variant: options.variant }, { ...options, headers });
        if (!/json/.test(mediaType(answer))) return await ensureVariantType(answer);
        // The JSON form, {video_url, expires_at}: fetch the file from there.
        const link = await readJson<VideoContent>(answer, operations.getVideoContent.response.requiredField, secret);
        const url = new URL(link.video_url, baseUrl);
        // On the API's own origin, through openapi-fetch as any call (client headers, middleware); elsewhere (a
        // CDN) only through the transport: no credential, no header and no middleware reaches another origin.
        if (url.origin === origin) {
          const { response, error } = await getOtherPath(url.pathname + url.search, {
            ...callInit(transport, options),
            baseUrl: origin,
          });
          if (!response.ok) throw errorFor(undefined, response, error, secret);
          return await ensureVariantType(response);
        }
        const file = await transport.send(url.href, {
          method: "GET",
          headers: new Headers(),
          signal,
          timeoutMs,
          maxRetries,
        });
        if (!file.ok) throw errorFor(undefined, file, await file.text(), secret);
        return await ensureVariantType(file);
      } catch (error) {
        if (!isExpiredError(error)) throw error;
        // The server's answer decides expiry; the job, asked once and best effort, says when.
        const job = await generated
          .retrieve(video_id, { signal, timeoutMs, maxRetries: 0, headers: options.headers })
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
