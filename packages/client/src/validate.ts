import { requestRules } from "@tokenops/contract";
import { checkRequest } from "./check-request.js";
import { TokenOpsValidationError } from "./errors.js";
import { readImageSize } from "./image-size.js";
import type { CreateVideoParams } from "./types.js";

/** Sora-2's params: the spec's multipart body, with the common params beside it. */
type SoraParams = CreateVideoParams<"sora-2">;

/**
 * What the spec cannot say, checked on top of its generated rules (`checkRequest`): the reference image is
 * the first frame, and upstream demands that its pixel size equal `size`, or the size the server assumes
 * when it is omitted.
 */
export async function checkReferenceImage({ size, input_reference: image }: SoraParams): Promise<void> {
  if (!image) return;
  const want = size ?? requestRules.createVideo.body.size.default;
  const got = await readImageSize(image);
  if (got !== want) {
    // Unreadable, the bytes are at fault, whatever the name (and the type guessed from it) claims.
    throw new TokenOpsValidationError(
      "input_reference",
      image,
      got ? `${want} pixels to match size${size ? "" : " (its default)"}` : "a JPEG, PNG or WebP image",
      got ? `${got} pixels` : `bytes that are not an image, whatever the name says (${image.type})`,
    );
  }
}

/**
 * Everything `videos.create` (and a batch's input check) verifies before sending: the spec's generated
 * rules, then the reference image. Resolves with the body as the wire carries it.
 */
export async function checkCreate(params: CreateVideoParams | SoraParams, strict: boolean) {
  const { body } = checkRequest("createVideo", { body: params as SoraParams }, strict);
  if (strict) await checkReferenceImage(body);
  return body;
}
