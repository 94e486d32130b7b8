import { DEFAULT_BASE_URL, operations, type paths } from "@tokenops/contract";
import openapiFetch, { type Client, mergeHeaders } from "openapi-fetch";
import { TokenOpsError } from "./errors.js";
import { toFormData } from "./multipart.js";
import { createTransport, type Fetch } from "./transport/fetch.js";
import { createLog, type Logger, type LogLevel } from "./transport/log.js";
import { SourcedRequest } from "./transport/request.js";
import { createVideos, type Videos } from "./videos.js";

/**
 * openapi-fetch's createClient. Its CommonJS build puts it on `exports.default`, and our CommonJS build
 * (Node's interop rules) hands over the whole `exports` object: take `.default` when it is there.
 */
const createFetchClient = (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

/**
 * Options for `createClient`. Every one is optional.
 *
 * @example
 * ```ts
 * const client = createClient({
 *   apiKey: process.env.TOKENOPS_API_KEY,
 *   baseUrl: "https://model-api.skyengine.com.cn",
 *   timeoutMs: 60_000,
 *   maxRetries: 3,
 *   headers: { "X-Team": "video" },
 *   logger: console,
 *   logLevel: "info",
 * });
 * ```
 */
export interface ClientOptions {
  /** The API key. Default: the TOKENOPS_API_KEY environment variable. Required one way or the other. */
  apiKey?: string | undefined;
  /** The API's origin. Default: TOKENOPS_BASE_URL, else `DEFAULT_BASE_URL` (https://model-api.skyengine.com.cn). */
  baseUrl?: string | undefined;
  /** The same option as `baseUrl`, spelled as the openai package spells it. Give one or the other. */
  baseURL?: string | undefined;
  /** The fetch to send requests with (it receives a Request). Default: the runtime's `fetch`. */
  fetch?: Fetch | undefined;
  /** Time allowed for each attempt until the response headers arrive, in milliseconds. Default `DEFAULT_TIMEOUT_MS` (10 minutes). */
  timeoutMs?: number | undefined;
  /** How many times to retry one request after a connection error, 408, 409, 429 or 5xx. Default `DEFAULT_MAX_RETRIES` (2). */
  maxRetries?: number | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Where log lines go. Default: `console`. */
  logger?: Logger | undefined;
  /** How much to log. Default: TOKENOPS_LOG, else "warn". */
  logLevel?: LogLevel | undefined;
  /** `false` sends values the spec does not know (new models, sizes) without checking them. Default true. */
  validate?: boolean | undefined;
}

/**
 * The client: an openapi-fetch client typed by the spec's paths (`GET`, `POST`, `use`, …), with auth,
 * timeouts, retries and multipart bodies applied, plus `videos` for the whole video lifecycle.
 *
 * @example
 * ```ts
 * const client: TokenOpsClient = createClient();
 * const { data, error } = await client.GET("/v1/videos/{video_id}", { params: { path: { video_id: "video_123" } } });
 * const video = await client.videos.retrieve("video_123");
 * ```
 */
export interface TokenOpsClient extends Client<paths> {
  /** Create, follow, download and remix videos. */
  readonly videos: Videos;
  /** The API's origin this client sends to. */
  readonly baseUrl: string;
}

/**
 * Time allowed for each attempt until the response headers arrive: 10 minutes (a multipart upload is slow).
 *
 * @example
 * ```ts
 * const client = createClient({ timeoutMs: DEFAULT_TIMEOUT_MS / 10 }); // one minute
 * ```
 */
export const DEFAULT_TIMEOUT_MS = 600_000;
/**
 * How many times one request is retried after a transient failure.
 *
 * @example
 * ```ts
 * const client = createClient({ maxRetries: DEFAULT_MAX_RETRIES + 3 });
 * ```
 */
export const DEFAULT_MAX_RETRIES = 2;

/** Every option `createClient` knows: any other is a mistake, and a silent one would send to the wrong place. */
const OPTION_NAMES: ReadonlySet<string> = new Set([
  "apiKey",
  "baseUrl",
  "baseURL",
  "fetch",
  "timeoutMs",
  "maxRetries",
  "headers",
  "logger",
  "logLevel",
  "validate",
] satisfies (keyof ClientOptions)[]);

/** An environment variable, where the runtime has an environment and lets us read it. */
function env(name: string): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name] || undefined;
  } catch {
    return undefined; // Deno without --allow-env throws.
  }
}

/**
 * Creates a client for the TokenOps video API.
 *
 * @throws TypeError naming an option `createClient` does not know, or `baseUrl` and `baseURL` that differ.
 * @throws TokenOpsError when there is no API key (neither `apiKey` nor TOKENOPS_API_KEY), or it has
 * characters an HTTP header cannot carry.
 *
 * @example
 * ```ts
 * import { createClient } from "@tokenops/client";
 *
 * const client = createClient(); // reads TOKENOPS_API_KEY
 * const video = await client.videos.createAndWait({ model: "sora-2", prompt: "A lighthouse at dawn" });
 * const response = await client.videos.content(video.id);
 * ```
 */
export function createClient(options: ClientOptions = {}): TokenOpsClient {
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new TypeError(`createClient: unknown option "${name}"; the options are ${[...OPTION_NAMES].join(", ")}.`);
    }
  }
  if (options.baseUrl !== undefined && options.baseURL !== undefined && options.baseUrl !== options.baseURL) {
    throw new TypeError("createClient: baseUrl and baseURL are the same option; give one.");
  }
  const apiKey = options.apiKey ?? env("TOKENOPS_API_KEY");
  if (!apiKey) {
    throw new TokenOpsError(
      "No API key: pass createClient({ apiKey }) or set the TOKENOPS_API_KEY environment variable.",
    );
  }
  // A key a header cannot carry would fail every request with an error that quotes it.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) throw new TokenOpsError("The API key has characters a header cannot carry.");
  const baseUrl = (options.baseUrl ?? options.baseURL ?? env("TOKENOPS_BASE_URL") ?? DEFAULT_BASE_URL).replace(
    /\/+$/,
    "",
  );
  const log = createLog(options.logger, options.logLevel ?? env("TOKENOPS_LOG"));
  const transport = createTransport({
    fetch: options.fetch,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    log,
  });
  const headers = { Authorization: `Bearer ${apiKey}`, ...options.headers };
  const base = createFetchClient<paths>({
    baseUrl,
    fetch: (request) => transport.fetch(request),
    Request: SourcedRequest,
    headers,
  });

  // The spec says which bodies are multipart: the generated operation table carries it.
  const client = { ...base } as Record<string, unknown>;
  for (const { method, path, requestContentTypes } of Object.values(operations)) {
    if (requestContentTypes[0] !== "multipart/form-data") continue;
    const send = client[method] as (url: string, init?: { body?: unknown; bodySerializer?: unknown }) => unknown;
    client[method] = (url: string, init?: { body?: unknown; bodySerializer?: unknown }) =>
      send(url, url === path && init?.body && !init.bodySerializer ? { ...init, bodySerializer: toFormData } : init);
  }
  // `request(method, …)` goes through the same methods.
  client.request = (method: string, url: string, init?: object) =>
    (client[method.toUpperCase()] as (url: string, init?: object) => unknown)(url, init);
  client.videos = createVideos({
    client: base,
    transport,
    baseUrl,
    // As openapi-fetch merges the headers: a later name overrides, whatever its case.
    secret: mergeHeaders(headers)
      .get("authorization")
      ?.replace(/^bearer\s+/i, ""),
    validate: options.validate ?? true,
  });
  client.baseUrl = baseUrl;
  // What a debugger, a log or JSON.stringify shows of the client: never the key.
  client.toJSON = () => ({ baseUrl });
  client[Symbol.for("nodejs.util.inspect.custom") as unknown as string] = () =>
    `TokenOpsClient { baseUrl: '${baseUrl}' }`;
  return client as unknown as TokenOpsClient;
}
