import { TokenOpsValidationError } from "./errors.js";
import type { components } from "./generated/openapi.js";
import { parameterBounds, parameterEnums, schemaDefaults, schemaEnums } from "./generated/operations.js";
import { readImageSize } from "./image-size.js";
import { inputReferenceTypes } from "./media-types.js";
import type { CreateVideoParams, ListVideosParams, RemixVideoParams, VideoVariant } from "./types.js";

const fail = (field: string, value: unknown, expected: string, got?: string): never => {
  throw new TokenOpsValidationError(field, value, expected, got);
};

/** The value must be one of the spec's enum values (unless `strict` is false: values the spec does not know yet). */
const oneOf = (field: string, value: unknown, allowed: readonly string[], strict: boolean) =>
  strict &&
  value !== undefined &&
  !allowed.includes(value as string) &&
  fail(field, value, `one of ${allowed.join(", ")}`);

const text = (field: string, value: unknown) =>
  (typeof value !== "string" || !value.trim()) && fail(field, value, "a non-empty string");

/** A job id is a non-empty string; anything else would address another path. */
export const checkVideoId = (video_id: unknown) => text("video_id", video_id);

/**
 * Checks a create body against the spec before anything is sent, and returns it as the spec types it
 * (`seconds` 4 becomes "4"). `strict: false` lets values outside the spec's enums through.
 */
export async function checkCreate(
  params: CreateVideoParams,
  strict: boolean,
): Promise<components["schemas"]["CreateVideoFormRequest"]> {
  const { model, prompt, size, seconds, input_reference: image } = params ?? {};
  const body = { ...params, seconds: seconds && `${seconds}` } as components["schemas"]["CreateVideoFormRequest"];
  text("model", model);
  text("prompt", prompt);
  oneOf("size", size, schemaEnums.CreateVideoFormRequest.size, strict);
  oneOf("seconds", body.seconds, schemaEnums.CreateVideoFormRequest.seconds, strict);
  if (image !== undefined) {
    if (!(image instanceof Blob)) fail("input_reference", image, "a File or Blob: use toFile() or fileFromPath()");
    oneOf("input_reference", image.type, inputReferenceTypes, strict);
    // The image is the first frame: upstream demands that its pixel size equal `size`, or the size the
    // server assumes when it is omitted.
    const want = size ?? schemaDefaults.CreateVideoFormRequest.size;
    const got = strict && (await readImageSize(image));
    if (strict && got !== want) {
      fail(
        "input_reference",
        image,
        got ? `${want} pixels to match size${size ? "" : " (its default)"}` : `a readable ${image.type} image`,
        got ? `${got} pixels` : `a file of type "${image.type}"`,
      );
    }
  }
  return body;
}

/** Checks a remix body before anything is sent. */
export function checkRemix(params: RemixVideoParams, strict: boolean): void {
  text("model", params?.model);
  text("prompt", params?.prompt);
  oneOf("model", params.model, schemaEnums.RemixVideoRequest.model, strict);
}

/** Checks a content variant before anything is sent. */
export const checkVariant = (variant: VideoVariant | undefined, strict: boolean) =>
  oneOf("variant", variant, parameterEnums.getVideoContent.variant, strict);

/** Checks list params before anything is sent: `limit` within the spec's range, `order` one of its values. */
export function checkList(params: ListVideosParams, strict: boolean): void {
  const { limit, order, after } = params ?? {};
  const { type, minimum, maximum } = parameterBounds.listVideos.limit;
  if (
    strict &&
    limit !== undefined &&
    !(
      typeof limit === "number" &&
      (type !== "integer" || Number.isInteger(limit)) &&
      limit >= minimum &&
      limit <= maximum
    )
  ) {
    fail("limit", limit, `${type === "integer" ? "an integer" : "a number"} from ${minimum} to ${maximum}`);
  }
  oneOf("order", order, parameterEnums.listVideos.order, strict);
  if (after !== undefined) text("after", after);
}
