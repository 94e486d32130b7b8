import type { CallInit, Operation, RequestValues, Send } from "@tokenops/contract";
import { checkRequest } from "./check-request.js";
import { APIError, excerpt, NotFoundError, redact } from "./errors.js";
import type { PreparedCreate } from "./models/prepare.js";
import { toFormData } from "./multipart.js";
import type { CallSettings, Transport } from "./transport/fetch.js";
import { isRetryable } from "./transport/retry.js";

/**
 * Options for one call: an abort signal, and the client's settings overridden for this call.
 *
 * @example
 * ```ts
 * const video = await client.videos.retrieve(id, { timeoutMs: 5_000, maxRetries: 5, signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface RequestOptions extends CallSettings {
  /** Aborts the call: it rejects with APIUserAbortError at once. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
}

/**
 * Options for a call that sends values: `create`, `remix`, `list`, `content` and every generated method.
 *
 * @example
 * ```ts
 * await client.videos.create(params, { idempotencyKey: "order-1042", validate: false });
 * ```
 */
export interface CreateOptions extends RequestOptions {
  /** `false` sends values the spec does not know (new models, sizes) without checking them. Default: the client's `validate`. */
  validate?: boolean | undefined;
  /** The Idempotency-Key sent with every attempt. Default: a fresh key per call (POST and PATCH). */
  idempotencyKey?: string | undefined;
}

/** A create's body as `prepareCreate` made it: checked already, and sent in this media type. */
export interface SendOptions extends CreateOptions {
  contentType?: PreparedCreate["contentType"] | undefined;
}

export interface SenderContext {
  transport: Transport;
  /** The key, redacted from every error built from a response (a proxy may echo the header back). */
  secret: string | undefined;
  validate: boolean;
}

/**
 * A JSON answer holding `field`, or the APIError that says the answer was not what the spec promised. `text` is
 * the body when openapi-fetch read it already (`parseAs: "text"`); else the response's body is read.
 */
export async function readJson<T>(
  response: Response,
  field: string | null,
  secret: string | undefined,
  text?: unknown,
): Promise<T> {
  if (typeof text !== "string") text = await response.text();
  try {
    const value = JSON.parse(text as string);
    if (field === null ? value !== null && typeof value === "object" : value?.[field]) return value;
  } catch {
    // Not JSON: reported below.
  }
  const shown = redact(text as string, secret);
  throw new APIError(
    response.status,
    shown,
    response.headers,
    `expected JSON${field ? ` with ${field}` : ""}, got: ${excerpt(shown)}`,
  );
}

/**
 * How a body travels: the media type `prepareCreate` chose, else the first of the operation's request media
 * types that can carry it (JSON carries no file). An explicit serializer, so that the choice is ours alone.
 */
function serializerFor(operation: Operation, body: object, type?: string): CallInit["bodySerializer"] {
  const types: readonly string[] = operation.requestContentTypes;
  const hasFile = Object.values(body).some((value) => value instanceof Blob);
  type ??= types.find((t) => !(hasFile && /json/.test(t))) ?? types[0];
  return type === "multipart/form-data" ? (value) => toFormData(value as object) : (value) => JSON.stringify(value);
}

/**
 * The init every call hands openapi-fetch: headers, signal, how to read the answer, and a per-call fetch. A JSON
 * answer is read as text ("text", parsed by `readJson`): that is faster than reading the stream it would
 * otherwise leave for us. A file's stream is left unread ("stream").
 */
export function callInit(
  transport: Transport,
  options: CreateOptions,
  parseAs: CallInit["parseAs"] = "stream",
): CallInit {
  const { signal, timeoutMs, maxRetries, onRetry, idempotencyKey } = options;
  return {
    headers: idempotencyKey === undefined ? options.headers : { ...options.headers, "Idempotency-Key": idempotencyKey },
    signal,
    parseAs,
    // The client's own fetch unless this call overrides its settings.
    fetch:
      timeoutMs === undefined && maxRetries === undefined && onRetry === undefined
        ? undefined
        : (request: Request) => transport.fetch(request, { timeoutMs, maxRetries, onRetry }),
  };
}

/**
 * Whether a 404 or 405 says that the route is missing, not the job (`video_not_found`): a 405, OpenAI's
 * `unknown_url`, a body that is no JSON envelope (a proxy's page), or a bare "Not Found" / "Invalid URL".
 */
const routeMissing = ({ status, code, message, body }: APIError) =>
  status === 405 ||
  (status === 404 &&
    (code === "unknown_url" || typeof body !== "object" || /^404 (not found|invalid url)/i.test(message)));

/** The APIError a failed answer calls for. openapi-fetch has read its body (JSON parsed when it could). */
export function errorFor(operation: Operation | undefined, response: Response, error: unknown, secret?: string) {
  const body = redact(typeof error === "string" ? error : (JSON.stringify(error) ?? ""), secret);
  const failure = APIError.generate(response.status, body, response.headers);
  // Retried on a read but not on a create: the model may have the job, and a second create could be paid twice.
  if (operation?.method === "POST" && !isRetryable(failure.status, failure.code, "POST")) {
    if (isRetryable(failure.status, failure.code, "GET"))
      failure.message += `. The job may exist all the same: look for it (videos.list) or wait before creating it again.`;
  }
  // An operation a gateway may not relay: a 404 or 405 that says the route is missing (not the job) may mean
  // just that, and the error says so.
  if (!operation?.gatewayOptional || !routeMissing(failure)) return failure;
  return new NotFoundError(
    response.status,
    failure.body,
    response.headers,
    `${failure.message.slice(`${response.status} `.length)} (this gateway may not offer ${operation.method} ${operation.path}: it comes from OpenAI's videos contract, not TokenOps' API pages)`,
  );
}

/**
 * The one sender every generated method goes through: checks the values against the operation's rules, makes the
 * typed openapi-fetch call, and resolves with the parsed JSON answer (or the Response, when the answer is a file).
 */
export function createSender({ transport, secret, validate }: SenderContext): Send<SendOptions> {
  const answer = async <Values extends RequestValues>(
    parseAs: CallInit["parseAs"],
    operation: Operation,
    values: Values,
    options: SendOptions = {},
    call: (init: CallInit, values: Values) => Promise<{ data?: unknown; response: Response; error?: unknown }>,
  ) => {
    const { contentType } = options;
    // A prepared create was checked against its model's family (the spec's rules are Sora's form).
    const checked = contentType ? values : checkRequest(operation.operationId, values, options.validate ?? validate);
    const init = callInit(transport, options, parseAs);
    if (checked.body) init.bodySerializer = serializerFor(operation, checked.body, contentType);
    const answered = await call(init, checked);
    if (!answered.response.ok) throw errorFor(operation, answered.response, answered.error, secret);
    return answered;
  };
  return {
    json: async (operation, values, options, call) => {
      const { response, data } = await answer("text", operation, values, options, call);
      return readJson(response, operation.response.requiredField, secret, data);
    },
    file: async (operation, values, options, call) =>
      (await answer("stream", operation, values, options, call)).response,
  };
}
