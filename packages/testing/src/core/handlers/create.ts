import { requestDefaults } from "@tokenops/contract";
import type { MockReply, UploadedFile } from "../call.js";
import { MockError } from "../errors.js";
import { type AspectRatio, pixelSize } from "../families.js";
import { readImageHeader } from "../images.js";
import type { ReferenceImageInfo } from "../jobs.js";
import { mediaType } from "../request-body.js";
import type { VideoSeconds, VideoSize } from "../spec.js";
import type { HandlerContext, HandlerEngine } from "./context.js";
import { answerWithJob } from "./new-job.js";

/**
 * `POST /v1/videos`: a new job (or the one an earlier request with the same Idempotency-Key made) — Sora's from
 * its multipart form, another family's from its JSON body (checked by the engine: `context.familyJob`).
 */
export function createVideo(context: HandlerContext, engine: HandlerEngine): MockReply {
  const { body, files, familyJob } = context;
  if (familyJob !== undefined) {
    // Families without a resolution field (Jimeng, others) count as 720p.
    const { width, height } = pixelSize(familyJob.resolution ?? "720p", familyJob.ratio);
    return answerWithJob(
      context,
      engine,
      {
        ...familyJob,
        size: `${width}x${height}`,
        remixedFromVideoId: null,
        inputReference: null,
      },
      JSON.stringify(["createVideo", body]),
    );
  }
  const size = (body.size as VideoSize | undefined) ?? requestDefaults.size;
  const seconds = (body.seconds as VideoSeconds | undefined) ?? requestDefaults.seconds;
  const upload = files.get("input_reference");
  const inputReference = upload === undefined ? null : checkReference(upload, size);
  const fingerprint = JSON.stringify([
    "createVideo",
    body.model,
    body.prompt,
    size,
    seconds,
    inputReference && [inputReference.filename, inputReference.type, inputReference.bytes],
  ]);
  return answerWithJob(
    context,
    engine,
    {
      family: "sora",
      model: body.model as string,
      prompt: body.prompt as string,
      size,
      seconds,
      ratio: sizeRatio(size),
      resolution: null,
      remixedFromVideoId: null,
      inputReference,
    },
    fingerprint,
  );
}

/**
 * The first frame must be an image whose bytes match its declared type, with the pixel size of
 * the requested video (upstream: "Inpaint image must match the requested width and height").
 */
function checkReference(file: UploadedFile, size: VideoSize): ReferenceImageInfo {
  const image = readImageHeader(file.head);
  const declared = mediaType(file.type);
  if (image === undefined) {
    throw new MockError(400, `input_reference (${file.filename}) is not a readable image.`, {
      code: "invalid_image",
      param: "input_reference",
    });
  }
  if (image.type !== declared) {
    throw new MockError(
      400,
      `input_reference (${file.filename}) is declared ${declared} but its bytes are ${image.type}.`,
      { code: "invalid_image", param: "input_reference" },
    );
  }
  const [width, height] = size.split("x").map(Number);
  if (image.width !== width || image.height !== height) {
    throw new MockError(
      400,
      `Inpaint image must match the requested width and height: input_reference is ${image.width}x${image.height}, size is ${size}.`,
      { code: "invalid_image_size", param: "input_reference" },
    );
  }
  return { filename: file.filename, type: declared, bytes: file.bytes, width: image.width, height: image.height };
}

/** Sora's size as an aspect ratio (its two sizes are 9:16 and 16:9). */
function sizeRatio(size: VideoSize): AspectRatio {
  const [width, height] = size.split("x").map(Number) as [number, number];
  return width > height ? "16:9" : "9:16";
}
