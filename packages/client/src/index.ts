/**
 * `@tokenops/client`: a typed client for the TokenOps AI API's video endpoints — an openapi-fetch client
 * typed by the spec, with auth, retries, timeouts and multipart uploads applied, and `videos` for the
 * whole lifecycle (create, wait with progress, download, remix). Runs in Node, browsers, Deno, Bun and
 * edge workers; Node-only helpers live in `@tokenops/client/node`.
 *
 * @module @tokenops/client
 */

export type { components, OperationTypes, paths } from "@tokenops/contract";
// The spec's base URL, and the tables this client works from: each operation's method, path and body type, and
// every request field's rules (type, enum, default, bounds), which also hold the enums and defaults.
export { DEFAULT_BASE_URL, operations, requestRules } from "@tokenops/contract";
export { checkRequest, type OperationId, type RequestValues } from "./check-request.js";
export {
  type ClientOptions,
  createClient,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type TokenOpsClient,
} from "./client.js";
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  FailedDependencyError,
  InternalServerError,
  ModelAccessError,
  ModelRateLimitError,
  NotFoundError,
  OverdueBalanceError,
  PermissionDeniedError,
  RateLimitError,
  TokenOpsError,
  TokenOpsValidationError,
  UnprocessableEntityError,
  VideoContentTypeError,
  VideoExpiredError,
  VideoFailedError,
  VideoWaitTimeoutError,
} from "./errors.js";
export { variantMediaTypes } from "./media-types.js";
// The models module: pure, and what videos.create sends through; prepareCreate shows the body it would send.
export { type PreparedCreate, type PrepareOptions, prepareCreate } from "./models/prepare.js";
export type { Fetch, Retry } from "./transport/fetch.js";
export type { Logger, LogLevel } from "./transport/log.js";
export type {
  CommonParams,
  CreatedVideo,
  CreateVideoParams,
  DeletedVideo,
  FamilyOfModel,
  ImageInput,
  ListVideosParams,
  OtherModelParams,
  RemixVideoParams,
  Video,
  VideoContent,
  VideoError,
  VideoPage,
  VideoSeconds,
  VideoSize,
  VideoStatus,
  VideoVariant,
} from "./types.js";
export { type ToFileInput, toFile } from "./uploads.js";
export type {
  ContentOptions,
  CreateAndWaitOptions,
  CreateOptions,
  ListOptions,
  RequestOptions,
  VideoPagePromise,
  Videos,
  WaitOptions,
} from "./videos.js";
export { DEFAULT_POLL_INTERVAL_MS, DEFAULT_WAIT_DEADLINE_MS } from "./videos.js";
