import {
  parameterDefaults,
  parameterEnums,
  type paths,
  schemaEnums,
  type Video,
  type VideoSeconds,
  type VideoSize,
  type VideoStatus,
  type VideoVariant,
} from "@tokenops/contract";
import { spec } from "@tokenops/contract/spec";

// Defined once in the contract, for the client and the mock alike.
export type { Schemas, Video, VideoSeconds, VideoSize, VideoStatus, VideoVariant } from "@tokenops/contract";

/**
 * A video job with every field of OpenAI's video object (null where unset); `usage`, what a Seedance job cost,
 * only when given, as OpenAI never sends it.
 */
export type FullVideo = Required<Omit<Video, "usage">> & Pick<Video, "usage">;

type SpecPaths = typeof spec.paths;
type OperationOf<P> = { [M in keyof P]: P[M] extends { operationId: infer Id extends string } ? Id : never }[keyof P];
/**
 * The operationId of every operation in the bundled spec: the mock must implement each.
 *
 * @example
 * ```ts
 * import type { OperationId } from "@tokenops/testing";
 *
 * const requestsFor = (operation: OperationId) => server.requests.filter((record) => record.operation === operation);
 * const polls = requestsFor("getVideoStatus").length; // how often the client polled
 * ```
 */
export type OperationId = { [P in keyof SpecPaths]: OperationOf<SpecPaths[P]> }[keyof SpecPaths];

/** Every operationId in the spec, in its order. */
export const operationIds: readonly OperationId[] = Object.values(spec.paths).flatMap((item) =>
  Object.values(item).map((operation) => operation.operationId),
);

const createSchema = spec.components.schemas.CreateVideoFormRequest;
const videoSchema = spec.components.schemas.VideoStatusResponse;

/** The sizes the spec allows, in its order. */
export const videoSizes: readonly VideoSize[] = schemaEnums.CreateVideoFormRequest.size;
/** The durations the spec allows, in its order. */
export const videoSeconds: readonly VideoSeconds[] = schemaEnums.CreateVideoFormRequest.seconds;
/** Every status the spec names. */
export const videoStatuses: readonly VideoStatus[] = schemaEnums.VideoStatus;
/**
 * The old name of {@link VideoVariant}, kept so that code written against it still compiles.
 *
 * @deprecated Use `VideoVariant`, the variant's name in every package.
 *
 * @example
 * ```ts
 * import type { ContentVariant } from "@tokenops/testing";
 *
 * const variant: ContentVariant = "thumbnail"; // the same type as VideoVariant
 * ```
 */
export type ContentVariant = VideoVariant;
/** The content variants the spec offers. */
export const contentVariants: readonly VideoVariant[] = parameterEnums.getVideoContent.variant;

/** The order `GET /v1/videos` lists jobs in, by creation: `asc` oldest first, `desc` newest first. */
export type ListOrder = NonNullable<NonNullable<paths["/v1/videos"]["get"]["parameters"]["query"]>["order"]>;

/** The spec's defaults for `GET /v1/videos`, used when a request leaves a parameter out. */
export const listDefaults: { readonly limit: number; readonly order: ListOrder } = parameterDefaults.listVideos;

/** The spec's examples, which fixtures use as their defaults (as mswjs' generator does). */
export const examples = {
  videoId: videoSchema.properties.id.example,
  createdAt: videoSchema.properties.created_at.example,
  model: videoSchema.properties.model.example,
  prompt: createSchema.properties.prompt.example,
  remixPrompt: spec.components.schemas.RemixVideoRequest.properties.prompt.example,
  size: spec.components.schemas.VideoGenerationResponse.properties.size.example,
  seconds: createSchema.properties.seconds.example,
} as const;

/**
 * For each multipart request body in the spec: its binary (file) fields and the MIME types each
 * accepts, from the body's `encoding`. The mock checks uploads against this, not a hand-kept list.
 */
export function binaryFields(schema: unknown, encoding: unknown): Map<string, readonly string[] | null> {
  const fields = new Map<string, readonly string[] | null>();
  const properties = (schema as { properties?: Record<string, { format?: string }> }).properties ?? {};
  const encodings = (encoding ?? {}) as Record<string, { contentType?: string }>;
  for (const [name, property] of Object.entries(properties)) {
    if (property.format !== "binary") continue;
    const contentType = encodings[name]?.contentType;
    fields.set(name, contentType ? contentType.split(",").map((type) => type.trim().toLowerCase()) : null);
  }
  return fields;
}

export { spec };
