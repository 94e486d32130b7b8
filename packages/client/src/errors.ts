import type { components } from "@tokenops/contract";
import type { Video } from "./types.js";

type Status = components["schemas"]["Status"];

/**
 * The base class of every error this package throws, so one `instanceof` check catches them all.
 *
 * @example
 * ```ts
 * try {
 *   await client.videos.retrieve("video_123");
 * } catch (error) {
 *   if (error instanceof TokenOpsError) console.error(error.message);
 * }
 * ```
 */
export class TokenOpsError extends Error {
  override name = "TokenOpsError";
}

/**
 * Input refused before any request was sent: names the field, the value given and what is allowed.
 *
 * @example
 * ```ts
 * try {
 *   await client.videos.create({ model: "sora-2", prompt: "a cat", size: "999x999" as VideoSize });
 * } catch (error) {
 *   if (error instanceof TokenOpsValidationError) console.error(error.field, error.expected); // "size" "one of 720x1280, 1280x720"
 * }
 * ```
 */
export class TokenOpsValidationError extends TokenOpsError {
  override name = "TokenOpsValidationError";
  /**
   * @param field - The request field at fault, by its spec name (`size`, `input_reference`, …).
   * @param value - The value given.
   * @param expected - What is allowed, in words.
   * @param got - How to describe the value, when showing it whole would not help (a file, an image size).
   * @param model - The model the value is refused for, when the limit is that model's.
   */
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
    got: string = typeof value === "object" && value ? `a ${value.constructor?.name}` : String(JSON.stringify(value)),
    readonly model?: string,
  ) {
    super(`Invalid ${field}${model ? ` for ${model}` : ""}: got ${got}; expected ${expected}.`);
  }
}

/**
 * The API answered with an error status. Carries the parsed error envelope (the gateway's
 * `{error: {code: number, message, details}}` or OpenAI's `{error: {code: string, message, type, param}}`),
 * the request id for support, and the response headers. Subclasses name the common statuses.
 *
 * @example
 * ```ts
 * try {
 *   await client.videos.retrieve("video_missing");
 * } catch (error) {
 *   if (error instanceof APIError) console.error(error.status, error.code, error.message, error.requestId);
 * }
 * ```
 */
export class APIError extends TokenOpsError {
  override name = "APIError";
  /**
   * The error's code: a number from the gateway, a string from OpenAI-style upstreams, null when OpenAI's
   * envelope says `"code": null`; undefined when the body has none.
   */
  declare readonly code: Status["code"] | null;
  /** The error's type (OpenAI-style errors), e.g. `invalid_request_error`. */
  declare readonly type: Status["type"];
  /** The request field the error is about (OpenAI-style errors); null when the envelope says so. */
  declare readonly param: Status["param"];
  /** The gateway's error details. */
  declare readonly details: Status["details"];
  /** The `x-request-id` response header: quote it when asking for support. */
  declare readonly requestId: string | undefined;
  /** The response body: parsed JSON, else the text; undefined when empty. Any `Bearer <token>` in it is redacted. */
  declare readonly body: unknown;

  /**
   * @param status - The HTTP status.
   * @param body - The response body: its text, or already parsed; undefined when empty.
   * @param headers - The response headers.
   * @param message - Overrides the message found in the body.
   */
  constructor(
    readonly status: number,
    body: unknown,
    readonly headers: Headers = new Headers(),
    message?: string,
  ) {
    let text = body;
    try {
      text = typeof body === "string" ? body : JSON.stringify(body);
    } catch {
      // A value JSON cannot write (a BigInt) holds no echoed header.
    }
    // A proxy may echo the request's Authorization header back in its error page.
    if (typeof text === "string" && redact(text) !== text) body = redact(text);
    let json = body;
    try {
      json = JSON.parse(body as string);
    } catch {
      // Not JSON (an HTML page from a proxy, or already parsed): an excerpt of it is the message.
    }
    const envelope = (json ?? {}) as Record<string, unknown>;
    const e = (typeof envelope.error === "object" && envelope.error) || envelope;
    const { code, type, param, details } = e as Status;
    const str = (m: unknown) => (typeof m === "string" && m) || undefined;
    super(`${status} ${message ?? str((e as Status).message) ?? str(envelope.error) ?? excerpt(body)}`);
    this.code = code === null ? null : typeof code === "number" ? code : str(code);
    this.type = str(type);
    this.param = param === null ? null : str(param);
    this.details = Array.isArray(details) ? details : undefined;
    this.requestId = headers.get("x-request-id") ?? undefined;
    this.body = json === "" ? undefined : json;
  }

  /**
   * Builds the `APIError` subclass for a status (`NotFoundError` for 404, …) from a response body (parsed
   * JSON, text or nothing). Never throws.
   *
   * @example
   * ```ts
   * const { error, response } = await client.GET("/v1/videos/{video_id}", { params: { path: { video_id: id } } });
   * if (error !== undefined || !response.ok) throw APIError.generate(response.status, error, response.headers);
   * ```
   */
  static generate(status: number, body: unknown, headers?: Headers): APIError {
    const Class = byStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
    return new Class(status, body, headers);
  }
}

/**
 * 400: the request is invalid, or the video is not ready for download.
 *
 * @example
 * ```ts
 * if (error instanceof BadRequestError) console.error("fix the request:", error.message);
 * ```
 */
export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
/**
 * 401: the API key is missing or invalid.
 *
 * @example
 * ```ts
 * if (error instanceof AuthenticationError) console.error("check TOKENOPS_API_KEY");
 * ```
 */
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
/**
 * 403: the API key may not use this operation or model.
 *
 * @example
 * ```ts
 * if (error instanceof PermissionDeniedError) console.error(error.message);
 * ```
 */
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
/**
 * 404: no such video.
 *
 * @example
 * ```ts
 * if (error instanceof NotFoundError) console.error("unknown video id");
 * ```
 */
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
/**
 * 409: the request conflicts with the job's state.
 *
 * @example
 * ```ts
 * if (error instanceof ConflictError) console.error(error.message);
 * ```
 */
export class ConflictError extends APIError {
  override name = "ConflictError";
}
/**
 * 422: the request is well-formed but cannot be processed.
 *
 * @example
 * ```ts
 * if (error instanceof UnprocessableEntityError) console.error(error.details);
 * ```
 */
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
}
/**
 * 429: rate limited. The client already retried it (honouring `Retry-After`) before throwing.
 *
 * @example
 * ```ts
 * if (error instanceof RateLimitError) console.error("slow down; retry after", error.headers.get("retry-after"));
 * ```
 */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
}
/**
 * 500 and above: the service failed. The client already retried it before throwing.
 *
 * @example
 * ```ts
 * if (error instanceof InternalServerError) console.error("service error, request id", error.requestId);
 * ```
 */
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/**
 * No response arrived: the connection failed or was cut. Requests that are safe to repeat were retried first.
 *
 * @example
 * ```ts
 * if (error instanceof APIConnectionError) console.error("network problem:", error.message, error.cause);
 * ```
 */
export class APIConnectionError extends TokenOpsError {
  override name = "APIConnectionError";
}

/**
 * No response arrived within `timeoutMs` (per attempt, after the retries).
 *
 * @example
 * ```ts
 * const client = createClient({ timeoutMs: 30_000 });
 * // … a request whose response never comes rejects with APIConnectionTimeoutError after 30 s per attempt.
 * ```
 */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = "APIConnectionTimeoutError";
}

/**
 * The caller's `AbortSignal` aborted the request. Thrown at once; never retried.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 1000);
 * await client.videos.waitFor(id, { signal: controller.signal }).catch((error) => {
 *   if (error instanceof APIUserAbortError) console.log("stopped waiting; the job goes on:", id);
 * });
 * ```
 */
export class APIUserAbortError extends TokenOpsError {
  override name = "APIUserAbortError";
  constructor() {
    super("Request was aborted.");
  }
}

/**
 * The video job ended without a video: failed, cancelled or expired. Carries the job and its error.
 *
 * @example
 * ```ts
 * try {
 *   await client.videos.waitFor(id);
 * } catch (error) {
 *   if (error instanceof VideoFailedError) console.error(error.video.status, error.error?.code, error.error?.message);
 * }
 * ```
 */
export class VideoFailedError extends TokenOpsError {
  override name = "VideoFailedError";
  /** The job's error, as the service reported it. */
  declare readonly error: Video["error"];
  /** @param video - The job in its final state. */
  constructor(readonly video: Video) {
    const e = video.error;
    super(`Video ${video.id} ${video.status}: ${e?.message ?? "no reason given"} (${e?.code})`);
    this.error = e;
  }
}

/**
 * `waitFor` reached its deadline while the job was still running. The job goes on: `videoId` and the last
 * state seen (`video`) let you wait again later.
 *
 * @example
 * ```ts
 * try {
 *   await client.videos.waitFor(id, { deadlineMs: 60_000 });
 * } catch (error) {
 *   if (error instanceof VideoWaitTimeoutError) console.log("still running:", error.videoId, error.video?.progress);
 * }
 * ```
 */
export class VideoWaitTimeoutError extends TokenOpsError {
  override name = "VideoWaitTimeoutError";
  /**
   * @param videoId - The job waited for.
   * @param video - The last state seen, if any poll succeeded.
   * @param deadlineMs - The deadline that passed.
   */
  constructor(
    readonly videoId: string,
    readonly video: Video | undefined,
    deadlineMs: number,
  ) {
    super(`Video ${videoId} still ${video?.status} after ${deadlineMs} ms`);
  }
}

/**
 * `content` got a file of another type than the variant asked for (a server that ignores `variant` sends the
 * MP4 for a thumbnail): thrown instead of handing back the wrong file. The body is not read.
 *
 * @example
 * ```ts
 * try {
 *   await client.videos.content("video_123", { variant: "thumbnail" });
 * } catch (error) {
 *   if (error instanceof VideoContentTypeError) console.error(error.variant, error.expected, error.contentType); // "thumbnail" "image/webp" "video/mp4"
 * }
 * ```
 */
export class VideoContentTypeError extends TokenOpsError {
  override name = "VideoContentTypeError";
  /**
   * @param videoId - The job whose file was asked for.
   * @param variant - The variant asked for.
   * @param expected - The media type of that variant.
   * @param contentType - The Content-Type that came instead.
   */
  constructor(
    readonly videoId: string,
    readonly variant: string,
    readonly expected: string,
    readonly contentType: string,
  ) {
    super(
      `Asked for the ${variant} (${expected}) of video ${videoId}, got ${contentType}: the server may not support variant=${variant}; nothing was downloaded.`,
    );
  }
}

/**
 * `content` was refused because the video's files expired (they are kept for about an hour after the job
 * completes; the job itself stays `completed`). Decided by the server's answer — a 410, or another 4xx whose
 * code or message says "expired" — never by the local clock. `expiresAt` comes from the job, retrieved once
 * after the refusal (null when that failed or the job does not say). Remix the video or create it again.
 *
 * @example
 * ```ts
 * try {
 *   await client.videos.content("video_123");
 * } catch (error) {
 *   if (error instanceof VideoExpiredError) console.error(error.videoId, error.expiresAt, error.status, error.code);
 * }
 * ```
 */
export class VideoExpiredError extends APIError {
  override name = "VideoExpiredError";
  /**
   * @param error - The server's refusal.
   * @param videoId - The job whose files expired.
   * @param expiresAt - When they expired, in Unix seconds, if known.
   */
  constructor(
    error: APIError,
    readonly videoId: string,
    readonly expiresAt: number | null,
  ) {
    const date = new Date((expiresAt ?? Number.NaN) * 1000);
    const when = Number.isNaN(date.getTime()) ? "" : ` at ${date.toISOString()}`;
    super(
      error.status,
      error.body,
      error.headers,
      `The files of video ${videoId} expired${when} (${error.message.slice(`${error.status} `.length)}). To get the video again, remix it (videos.remix) or create it again.`,
    );
  }
}

const byStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** `Bearer <token>`, as a proxy echoing the Authorization header back would show it. */
const BEARER = /(bearer\s+)[\w.~+/=-]+/gi;

/** A key this short could be part of ordinary words ("k" in "unknown_url"): it is redacted only standing alone. */
const SHORT_KEY = 8;

/**
 * `text` without the credential: every spelling of `secret` (as is, JSON-escaped, URL-encoded) and any
 * `Bearer <token>` become `***`. A key shorter than 8 characters only where it stands alone, so that a
 * test key such as "mock" does not mangle the words around it.
 */
export function redact(text: string, secret?: string): string {
  if (secret) {
    // Longest first: the key can sit inside its own JSON spelling (a key starting with a backslash).
    const spellings = [JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), secret];
    for (const spelling of spellings.sort((a, b) => b.length - a.length)) {
      text =
        spelling.length >= SHORT_KEY
          ? text.split(spelling).join("***")
          : text.replace(
              new RegExp(`(?<![\\w.~+/-])${spelling.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")}(?![\\w.~+/-])`, "g"),
              "***",
            );
    }
  }
  return text.replace(BEARER, "$1***");
}

/** A short, single-line excerpt of a body for a message: tags and runs of whitespace become one space. */
export function excerpt(body: unknown): string {
  try {
    // JSON.stringify(undefined) is undefined: a body openapi-fetch skipped (Content-Length: 0) is empty.
    const text = (typeof body === "string" ? body : (JSON.stringify(body) ?? "")).replace(/(<[^>]*>|\s)+/g, " ").trim();
    return text.slice(0, 200) || "(empty body)";
  } catch {
    return "(unreadable body)";
  }
}
