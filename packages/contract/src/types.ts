/**
 * The video types every package names, derived once from the generated spec types: the client and the mock
 * re-export them.
 */
import type { components, operations } from "./generated/openapi.js";

/**
 * The spec's schemas, by name.
 *
 * @example
 * ```ts
 * type Listed = Schemas["VideoListResponse"];
 * ```
 */
export type Schemas = components["schemas"];

/**
 * A video job as `GET /v1/videos/{video_id}` answers it (the spec's `VideoStatusResponse`). `create` answers with
 * a subset of these fields; `retrieve`, `remix` and `waitFor` with all of them.
 *
 * @example
 * ```ts
 * const show = (video: Video) => `${video.id}: ${video.status} ${video.progress ?? "-"}%`;
 * ```
 */
export type Video = Schemas["VideoStatusResponse"];

/**
 * A job's status. `queued`, `pending`, `in_queue`, `in_progress`, `processing` (and any status not listed) mean
 * still running; `completed`, `failed`, `cancelled` and `expired` are final.
 *
 * @example
 * ```ts
 * const final: VideoStatus[] = ["completed", "failed", "cancelled", "expired"];
 * ```
 */
export type VideoStatus = Schemas["VideoStatus"];

/**
 * A resolution Sora-2's form allows, as `WIDTHxHEIGHT`.
 *
 * @example
 * ```ts
 * const size: VideoSize = "1280x720";
 * ```
 */
export type VideoSize = NonNullable<Schemas["CreateVideoFormRequest"]["size"]>;

/**
 * A duration Sora-2's form allows, in seconds, as a string.
 *
 * @example
 * ```ts
 * const seconds: VideoSeconds = "8";
 * ```
 */
export type VideoSeconds = NonNullable<Schemas["CreateVideoFormRequest"]["seconds"]>;

/**
 * Which file of a finished video `GET /v1/videos/{video_id}/content` returns: the MP4, its WebP thumbnail or its
 * JPEG spritesheet.
 *
 * @example
 * ```ts
 * const variant: VideoVariant = "thumbnail";
 * ```
 */
export type VideoVariant = NonNullable<NonNullable<operations["getVideoContent"]["parameters"]["query"]>["variant"]>;
