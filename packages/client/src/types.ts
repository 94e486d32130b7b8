import type { components, OperationTypes as operations } from "@tokenops/contract";

type Schemas = components["schemas"];

/**
 * A video job as the service reports it (the spec's `VideoStatusResponse`). `create` answers with a subset
 * of these fields; `retrieve`, `remix` and `waitFor` with all of them.
 *
 * @example
 * ```ts
 * const video: Video = await client.videos.retrieve("video_123");
 * console.log(video.id, video.status, video.progress);
 * ```
 */
export type Video = Schemas["VideoStatusResponse"];

/**
 * A job's status. `queued`, `pending`, `in_progress`, `processing` (and any status not listed) mean still
 * running; `completed`, `failed`, `cancelled` and `expired` are final.
 *
 * @example
 * ```ts
 * const done = (status: VideoStatus) => status === "completed";
 * ```
 */
export type VideoStatus = Schemas["VideoStatus"];

/**
 * A resolution the spec allows, as `WIDTHxHEIGHT`.
 *
 * @example
 * ```ts
 * const size: VideoSize = "1280x720";
 * ```
 */
export type VideoSize = NonNullable<Schemas["CreateVideoFormRequest"]["size"]>;

/**
 * A duration the spec allows, in seconds, as a string.
 *
 * @example
 * ```ts
 * const seconds: VideoSeconds = "8";
 * ```
 */
export type VideoSeconds = NonNullable<Schemas["CreateVideoFormRequest"]["seconds"]>;

/**
 * Which file of a finished video to download: the MP4, its WebP thumbnail or its JPEG spritesheet.
 *
 * @example
 * ```ts
 * const variant: VideoVariant = "thumbnail";
 * ```
 */
export type VideoVariant = NonNullable<NonNullable<operations["getVideoContent"]["parameters"]["query"]>["variant"]>;

/**
 * The error a failed job reports.
 *
 * @example
 * ```ts
 * const reason = (error: VideoError | undefined) => error?.message ?? "unknown";
 * ```
 */
export type VideoError = Schemas["OpenAIVideoError"];

/**
 * The JSON form of a content response: where to download the file, and until when.
 *
 * @example
 * ```ts
 * const link: VideoContent = { video_url: "https://cdn.example/video.mp4", expires_at: 1741570283 };
 * ```
 */
export type VideoContent = Schemas["VideoContentResponse"];

/**
 * One page of `videos.list`, exactly as the server sent it (the spec's `VideoListResponse`): `data`, `has_more`,
 * and `first_id`/`last_id` (null when the page is empty).
 *
 * @example
 * ```ts
 * const page: VideoPage = await client.videos.list({ limit: 10 });
 * if (page.has_more) await client.videos.list({ limit: 10, after: page.last_id ?? undefined });
 * ```
 */
export type VideoPage = Schemas["VideoListResponse"];

/**
 * What `videos.list` takes: the spec's `limit` (0–100), `order` (`asc` or `desc`, newest first by default)
 * and `after` (the last id of the previous page).
 *
 * @example
 * ```ts
 * const params: ListVideosParams = { limit: 50, order: "asc" };
 * ```
 */
export type ListVideosParams = NonNullable<operations["listVideos"]["parameters"]["query"]>;

/**
 * What `videos.delete` resolves with (the spec's `DeletedVideoResponse`).
 *
 * @example
 * ```ts
 * const { id, deleted }: DeletedVideo = await client.videos.delete("video_123");
 * ```
 */
export type DeletedVideo = Schemas["DeletedVideoResponse"];

// What `videos.create` takes, per model family: see models/params.ts.
export type { CommonParams, CreateVideoParams, FamilyOfModel, ImageInput, OtherModelParams } from "./models/params.js";

/**
 * What `videos.remix` takes: the model and what to change.
 *
 * @example
 * ```ts
 * const params: RemixVideoParams = { model: "sora-2", prompt: "Make it snow" };
 * ```
 */
export type RemixVideoParams = Schemas["RemixVideoRequest"];
