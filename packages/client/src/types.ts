import type { OperationTypes as operations, Schemas } from "@tokenops/contract";

// Defined once in the contract, for the client and the mock alike.
export type { Video, VideoSeconds, VideoSize, VideoStatus, VideoVariant } from "@tokenops/contract";

/**
 * What `videos.create` answers: the new job, as the spec's `VideoGenerationResponse` (fewer fields than `Video`).
 *
 * @example
 * ```ts
 * const created: CreatedVideo = await client.videos.create({ model: "sora-2", prompt: "A lighthouse at dawn" });
 * console.log(created.id, created.status);
 * ```
 */
export type CreatedVideo = Schemas["VideoGenerationResponse"];

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
