import { familyOf, modelFamilies, type VideoContentItem } from "@tokenops/contract";
import { TokenOpsValidationError } from "../errors.js";
import { checkCreate } from "../validate.js";
import { type CreateAsks, checkModel, type Given } from "./check.js";
import type { CreateVideoParams, ImageInput } from "./params.js";

/**
 * A create as the wire carries it: Sora-2's multipart fields (the object `toFormData` takes), or the exact
 * object to send as JSON for every other family (and for a model of no known family).
 *
 * @example
 * ```ts
 * const prepared: PreparedCreate = await prepareCreate({ model: "MiniMax-Hailuo-02", prompt: "A fox", seconds: 6 });
 * prepared.contentType; // "application/json"
 * ```
 */
export type PreparedCreate =
  | { contentType: "multipart/form-data"; body: Record<string, unknown> }
  | { contentType: "application/json"; body: Record<string, unknown> };

/**
 * How `prepareCreate` works: `validate: false` skips the checks but still maps and encodes.
 *
 * @example
 * ```ts
 * const options: PrepareOptions = { validate: false };
 * ```
 */
export interface PrepareOptions {
  validate?: boolean;
}

type Body = Record<string, unknown>;

/** Sora-2's sizes by the ratio they have. */
const SORA_SIZES: Record<string, string> = { "16:9": "1280x720", "9:16": "720x1280" };

/** A runtime's Buffer (Node, Bun, Deno), looked up when used: the core entry needs no Node-only global. */
type BufferLike = {
  from(bytes: ArrayBufferLike, offset: number, length: number): { toString(encoding: "base64"): string };
};

/**
 * The base64 data URL of a Blob, with the fastest encoder the runtime has: `Uint8Array#toBase64`, else
 * Buffer, else btoa over chunks of characters (Node 20's btoa checks each character in JS: 8 MiB took 1.7 s).
 */
async function dataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer()) as Uint8Array & { toBase64?: () => string };
  const buffer = (globalThis as { Buffer?: BufferLike }).Buffer;
  let base64 = bytes.toBase64?.() ?? buffer?.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64");
  if (base64 === undefined) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    base64 = btoa(binary);
  }
  return `data:${blob.type || "application/octet-stream"};base64,${base64}`;
}

/** Refuses a field the caller gave twice, once natively and once as a common param. */
function conflict(model: string, field: string, value: unknown, native: string): never {
  throw new TokenOpsValidationError(field, value, `either ${field} or ${native}, not both`, undefined, model);
}

/** Replaces every Blob in a JSON body (content items, image fields) with its data URL, within the family's limit. */
async function encodeBlobs(
  value: unknown,
  model: string,
  maxBytes: number | undefined,
  field: string,
): Promise<unknown> {
  if (value instanceof Blob) {
    if (maxBytes !== undefined && value.size > maxBytes)
      throw new TokenOpsValidationError(
        field,
        value,
        `an image of at most ${maxBytes} bytes`,
        `${value.size} bytes`,
        model,
      );
    return dataUrl(value);
  }
  if (Array.isArray(value)) return Promise.all(value.map((item) => encodeBlobs(item, model, maxBytes, field)));
  if (value && typeof value === "object" && value.constructor === Object) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await encodeBlobs(item, model, maxBytes, field)]),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

const imageItem = (url: ImageInput, role?: string): VideoContentItem =>
  ({ type: "image_url", image_url: { url }, ...(role ? { role } : {}) }) as unknown as VideoContentItem;

/**
 * Turns `videos.create`'s params into the body its model's family takes — the common params (`prompt`,
 * `seconds`, `image`, `lastFrame`, `ratio`, `resolution`, `audio`) mapped to the family's own fields, native
 * fields kept, Files made base64 data URLs for a JSON family — and, unless `validate` is false, checks it
 * against the model's documented limits first. A model of no known family is sent as given, as JSON.
 *
 * @throws TokenOpsValidationError naming the model, the field, the value and what is allowed; also, whatever
 * `validate` says, when a param cannot be mapped (a field given twice, a common param the family has no field for).
 *
 * @example
 * ```ts
 * const { contentType, body } = await prepareCreate({ model: "doubao-seedance-1-0-pro-250528", prompt: "A paper boat", seconds: 5 });
 * // contentType "application/json"; body { model, content: [{ type: "text", text: "A paper boat" }], duration: 5 }
 * ```
 */
export async function prepareCreate<M extends string>(
  params: CreateVideoParams<M> & { model: M },
  { validate = true }: PrepareOptions = {},
): Promise<PreparedCreate> {
  const { model, prompt, seconds, image, lastFrame, ratio, resolution, audio, ...native } = (params ?? {}) as Body & {
    model: string;
  };
  // Always checked: without a model there is no family to map for, nor any server route.
  if (typeof model !== "string" || !model.trim())
    throw new TokenOpsValidationError("model", model, "a non-empty string (the model id)");
  const family = familyOf(model);
  if (family === undefined) {
    // As given: a file at the top can travel only in a form; anything else goes as JSON.
    if (Object.values(params).some((value) => value instanceof Blob))
      return { contentType: "multipart/form-data", body: params };
    const body = (await encodeBlobs(params, model, undefined, "body")) as Body;
    return { contentType: "application/json", body };
  }
  const body: Body = { model, ...native };
  const asks: CreateAsks = { inputs: [] };
  const set = (field: string, value: unknown, native: string) => {
    if (value === undefined) return;
    if (body[native] !== undefined) conflict(model, field, value, native);
    body[native] = value;
  };
  const unmappable = (field: string, value: unknown, expected: string) => {
    if (value !== undefined) throw new TokenOpsValidationError(field, value, expected, undefined, model);
  };
  const given = (field: string, native: string): Given | undefined =>
    params[field as keyof typeof params] !== undefined
      ? [field, params[field as keyof typeof params]]
      : body[native] !== undefined
        ? [native, body[native]]
        : undefined;
  const frames = (first: Given | undefined, last: Given | undefined) => {
    if (first) asks.inputs.push(["first_frame", ...first]);
    if (last) asks.inputs.push(["last_frame", ...last]);
  };

  if (family === "sora") {
    unmappable(
      "ratio",
      ratio !== undefined && !SORA_SIZES[ratio as string] ? ratio : undefined,
      "16:9 or 9:16 (Sora-2's sizes 1280x720 and 720x1280)",
    );
    unmappable("resolution", resolution, "no resolution on Sora-2: use size or ratio");
    unmappable(
      "image",
      typeof image === "string" ? image : undefined,
      "a File or Blob: use toFile() or fileFromPath()",
    );
    body.prompt = prompt;
    set("seconds", seconds, "seconds");
    set("image", image, "input_reference");
    set("ratio", ratio === undefined ? undefined : SORA_SIZES[ratio as string], "size");
    if (validate) {
      if (lastFrame !== undefined) asks.inputs.push(["last_frame", "lastFrame", lastFrame]);
      if (audio === true) asks.audio = ["audio", audio];
      checkModel(family, model, asks);
    }
    const checked = await checkCreate(body as CreateVideoParams<"sora-2">, validate);
    return { contentType: "multipart/form-data", body: checked as Body };
  }

  if (family === "seedance") {
    const content = [...((body.content as VideoContentItem[] | undefined) ?? [])];
    const texts = content.filter((item) => item.type === "text");
    if (prompt !== undefined && texts.length > 0) conflict(model, "prompt", prompt, "a text item in content");
    if (prompt !== undefined) content.unshift({ type: "text", text: prompt as string });
    if (image !== undefined) content.push(imageItem(image as ImageInput, "first_frame"));
    if (lastFrame !== undefined) content.push(imageItem(lastFrame as ImageInput, "last_frame"));
    body.content = content;
    set("seconds", seconds === undefined ? undefined : Number(seconds), "duration");
    set("ratio", ratio, "ratio");
    set("resolution", resolution, "resolution");
    set("audio", audio, "generate_audio");
    const text = content.find((item) => item.type === "text")?.text;
    asks.prompt = text === undefined ? null : [prompt !== undefined ? "prompt" : "content", text];
    for (const item of content) {
      if (item.role && item.role !== "first_frame" && item.role !== "last_frame")
        asks.inputs.push([item.role, "content", item]);
    }
    const role = (name: string, field: string, value: unknown): Given | undefined => {
      if (value !== undefined) return [field, value];
      const item = content.find((entry) => entry.role === name);
      return item && ["content", item];
    };
    frames(role("first_frame", "image", image), role("last_frame", "lastFrame", lastFrame));
    asks.audio = given("audio", "generate_audio");
  } else if (family === "jimeng") {
    set("ratio", ratio, "aspect_ratio");
    unmappable("resolution", resolution, "no resolution on Jimeng: the model id says it (720P, 1080P)");
    unmappable("audio", audio === true ? audio : undefined, "no sound on Jimeng");
    const images = [image, lastFrame].filter((item) => item !== undefined) as ImageInput[];
    if (images.length > 0) {
      // Jimeng reads image URLs from image_urls; a file or data URL goes as a content image item instead.
      const urls = images.every((item) => typeof item === "string" && /^https?:/i.test(item));
      if (body[urls ? "image_urls" : "content"] !== undefined)
        conflict(model, "image", image ?? lastFrame, urls ? "image_urls" : "content");
      if (urls) body.image_urls = images;
      else
        body.content = [
          ...(image !== undefined ? [imageItem(image as ImageInput, "first_frame")] : []),
          ...(lastFrame !== undefined ? [imageItem(lastFrame as ImageInput, "last_frame")] : []),
        ];
    }
    body.prompt = prompt;
    asks.prompt = prompt === undefined ? null : ["prompt", prompt];
    const count =
      images.length ||
      ((body.image_urls as unknown[] | undefined)?.length ?? 0) +
        ((body.content as VideoContentItem[] | undefined)?.filter((item) => item.type === "image_url").length ?? 0);
    const limits = (modelFamilies.jimeng.models as Record<string, { reqKeys: Record<string, string> }>)[model];
    // Not given: the model's key for what the request holds (text, a first frame, first and last frames).
    if (body.req_key === undefined && limits)
      body.req_key = limits.reqKeys[count === 0 ? "text" : count === 1 ? "first_frame" : "first_last_frame"];
    if (body.req_key === undefined && validate)
      throw new TokenOpsValidationError(
        "req_key",
        undefined,
        `a req_key (${model} is not a documented Jimeng model)`,
        "none",
        model,
      );
    if (native.req_key !== undefined) asks.reqKey = ["req_key", body.req_key];
    const modes = Object.keys(limits?.reqKeys ?? {}).filter((mode) => limits?.reqKeys[mode] === body.req_key);
    if (modes.length === 1 && modes[0] === "camera") asks.inputs.push(["camera", "req_key", body.req_key]);
    const urls = body.image_urls as unknown[] | undefined;
    frames(
      image !== undefined ? ["image", image] : count > 0 ? ["image_urls", urls ?? body.content] : undefined,
      lastFrame !== undefined ? ["lastFrame", lastFrame] : count > 1 ? ["image_urls", urls ?? body.content] : undefined,
    );
    set("seconds", seconds, "seconds");
    asks.seconds = given("seconds", "seconds");
  } else {
    unmappable("ratio", ratio, "no ratio on MiniMax Hailuo");
    if (
      typeof prompt === "string" &&
      ((body.content as VideoContentItem[] | undefined) ?? []).some((i) => i.type === "text")
    )
      conflict(model, "prompt", prompt, "a text item in content");
    body.prompt = prompt;
    set("seconds", seconds === undefined ? undefined : String(seconds), "seconds");
    set("resolution", resolution, "resolution");
    if (image !== undefined)
      body.content = [...((body.content as VideoContentItem[] | undefined) ?? []), imageItem(image as ImageInput)];
    set("lastFrame", lastFrame, "last_frame_image");
    const content = (body.content as VideoContentItem[] | undefined) ?? [];
    const text = prompt ?? content.find((item) => item.type === "text")?.text;
    asks.prompt = text === undefined ? null : [prompt !== undefined ? "prompt" : "content", text];
    const first = content.find((item) => item.type === "image_url");
    frames(
      image !== undefined ? ["image", image] : first ? ["content", first] : given("image", "first_frame_image"),
      given("lastFrame", "last_frame_image"),
    );
    if (audio === true) asks.audio = ["audio", audio];
    asks.seconds = given("seconds", "seconds");
  }
  if (family !== "jimeng") {
    asks.seconds ??= given("seconds", family === "seedance" ? "duration" : "seconds");
  }
  asks.resolution = given("resolution", "resolution");
  if (validate) checkModel(family, model, asks);
  // The caller's fields in the caller's order (a page's example goes out byte for byte), then the mapped ones.
  const ordered: Body = {};
  for (const key of [...Object.keys(params), ...Object.keys(body)])
    if (body[key] !== undefined) ordered[key] = body[key];
  const limit = (modelFamilies[family] as { imageMaxBytes?: number }).imageMaxBytes;
  return {
    contentType: "application/json",
    body: (await encodeBlobs(ordered, model, validate ? limit : undefined, "image")) as Body,
  };
}
