import { familyOf, isKnownModel, type ModelFamily, modelFamilies, schemaDefaults } from "@tokenops/contract";
import { tokenOpsError } from "./errors.js";
import { type AspectRatio, isAspectRatio, type JobFamily } from "./families.js";
import type { SpecRouter } from "./router.js";

/** What a JSON create body decides about its job. */
export interface FamilyJob {
  family: JobFamily;
  model: string;
  /** The prompt, or the content list's text item. */
  prompt: string;
  /** The duration in whole seconds, as a string (as Sora's `seconds`). */
  seconds: string;
  ratio: AspectRatio;
  /** The requested resolution (Seedance, Hailuo), or the default one; null where the family has none. */
  resolution: string | null;
}

type Body = Record<string, unknown>;
type ContentItem = { type?: unknown; text?: unknown; role?: unknown };

/** Seedance's duration when the body has none (Volcengine Ark's default; not on TokenOps' page). */
const SEEDANCE_DEFAULT_SECONDS = 5;
/** A model of no known family: a duration when its body names none. */
const OTHER_DEFAULT_SECONDS = 5;
/** Jimeng's frame counts and the seconds they stand for (J1: the gateway turns 5 s into 121 frames, 10 s into 241). */
const jimengFrames: Record<number, number> = { 121: 5, 241: 10 };
/** The ratio of a family whose body has no ratio field (Hailuo), or `adaptive`: landscape, as the page examples. */
const DEFAULT_RATIO: AspectRatio = "16:9";

/** A wrong model parameter: TokenOps' 2004 (a 400), naming the field, the value and what is allowed. */
function badParameter(param: string, message: string): never {
  throw tokenOpsError(2004, message, { param });
}

const show = (value: unknown) => JSON.stringify(value);

/** The text items of a content list. */
function contentItems(body: Body): ContentItem[] {
  return Array.isArray(body.content) ? (body.content as ContentItem[]) : [];
}

/** The prompt a JSON body carries: its `prompt`, else its content list's first text item. */
export function promptOf(body: Body): string | undefined {
  if (typeof body.prompt === "string" && body.prompt !== "") return body.prompt;
  const text = contentItems(body).find((item) => item.type === "text" && typeof item.text === "string");
  return text === undefined ? undefined : (text.text as string);
}

function requirePrompt(body: Body, model: string): string {
  const prompt = promptOf(body);
  if (prompt === undefined) {
    badParameter("prompt", `Missing required parameter: 'prompt' (or a content item of type "text") for ${model}.`);
  }
  return prompt;
}

/** Which of a model's inputs (first_frame, reference_video, …) a content item is. */
function inputOf(item: ContentItem): string | undefined {
  const defaults: Record<string, string> = {
    image_url: "first_frame",
    video_url: "reference_video",
    audio_url: "reference_audio",
  };
  if (typeof item.type !== "string" || item.type === "text") return undefined;
  return typeof item.role === "string" ? item.role : defaults[item.type];
}

/** Every content item must be an input the model takes; an image is not a video reference, nor the other way. */
function checkInputs(body: Body, model: string, inputs: readonly string[]): void {
  contentItems(body).forEach((item, index) => {
    const input = inputOf(item);
    if (input === undefined) return;
    const kind = String(item.type).replace("_url", "");
    const fits =
      kind === "image" ? !input.startsWith("reference_") || input === "reference_image" : input.endsWith(kind);
    if (!fits || !inputs.includes(input)) {
      const taken = inputs.filter((name) => name !== "text").join(", ");
      badParameter(
        `content.${index}.role`,
        `Invalid value for 'content.${index}.role': ${show(input)} (${item.type}). ${model} takes: ${taken}.`,
      );
    }
  });
}

/** The requested resolution, which the model must make; `fallback` when the body names none. */
function checkResolution(body: Body, model: string, resolutions: readonly string[], fallback: string): string {
  const resolution = body.resolution ?? fallback;
  if (!resolutions.includes(resolution as string)) {
    badParameter(
      "resolution",
      `Invalid value for 'resolution': ${show(body.resolution)}. ${model} makes ${resolutions.join(", ")}.`,
    );
  }
  return resolution as string;
}

/** The model's seconds: a `{ minimum, maximum }` range or a list. */
type SecondsRule = { minimum: number; maximum: number } | readonly number[];

function checkSeconds(field: string, value: unknown, seconds: number, model: string, rule: SecondsRule): void {
  const allowed = "minimum" in rule ? seconds >= rule.minimum && seconds <= rule.maximum : rule.includes(seconds);
  if (!allowed) {
    const what = "minimum" in rule ? `${rule.minimum} to ${rule.maximum} seconds` : `${rule.join(" or ")} seconds`;
    badParameter(field, `Invalid value for '${field}': ${show(value)}. ${model} takes ${what}.`);
  }
}

function seedance(body: Body, model: string): Omit<FamilyJob, "family" | "model" | "prompt"> {
  const seconds = (body.duration as number | undefined) ?? SEEDANCE_DEFAULT_SECONDS;
  const ratio = isAspectRatio(body.ratio) ? body.ratio : DEFAULT_RATIO;
  if (!isKnownModel(model))
    return { seconds: String(seconds), ratio, resolution: (body.resolution as string) ?? "720p" };
  const limits = modelFamilies.seedance.models[model as keyof typeof modelFamilies.seedance.models];
  checkSeconds("duration", body.duration, seconds, model, limits.seconds);
  // Ark's default is the model's best (1-0-pro: 1080p), which D1's usage (246840) bears out.
  const resolution = checkResolution(body, model, limits.resolutions, limits.resolutions.at(-1) as string);
  if (body.generate_audio === true && !("audio" in limits)) {
    badParameter("generate_audio", `Invalid value for 'generate_audio': true. ${model} makes no sound.`);
  }
  checkInputs(body, model, limits.inputs);
  return { seconds: String(seconds), ratio, resolution };
}

/** How many images each Jimeng mode takes. */
const jimengImages: Record<string, number> = { text: 0, first_frame: 1, first_last_frame: 2, camera: 1 };

function jimeng(body: Body, model: string): Omit<FamilyJob, "family" | "model" | "prompt"> {
  const fromSeconds = body.seconds === undefined ? undefined : Number(body.seconds);
  const frames = (body.frames as number | undefined) ?? schemaDefaults.JimengCreateRequest.frames;
  const fromFrames = jimengFrames[frames] as number;
  if (fromSeconds !== undefined && body.frames !== undefined && fromSeconds !== fromFrames) {
    badParameter(
      "frames",
      `Invalid value for 'frames': ${frames} is ${fromFrames} seconds, but seconds is ${show(body.seconds)}.`,
    );
  }
  const seconds = fromSeconds ?? fromFrames;
  const ratio = body.aspect_ratio ?? ratioOfSize(body.size) ?? schemaDefaults.JimengCreateRequest.aspect_ratio;
  if (!isAspectRatio(ratio)) {
    badParameter(
      "size",
      `Invalid value for 'size': ${show(body.size)}; its aspect ratio must be one of 16:9, 4:3, 1:1, 3:4, 9:16, 21:9.`,
    );
  }
  if (isKnownModel(model)) {
    const limits = modelFamilies.jimeng.models[model as keyof typeof modelFamilies.jimeng.models];
    checkSeconds("seconds", body.seconds, seconds, model, limits.seconds);
    const modes = Object.entries(limits.reqKeys).filter(([, key]) => key === body.req_key);
    if (modes.length === 0) {
      const keys = [...new Set(Object.values(limits.reqKeys))].join(", ");
      badParameter("req_key", `Invalid value for 'req_key': ${show(body.req_key)}. ${model} takes: ${keys}.`);
    }
    const images =
      (Array.isArray(body.image_urls) ? body.image_urls.length : 0) +
      contentItems(body).filter((item) => item.type === "image_url").length;
    const counts = modes.map(([mode]) => jimengImages[mode]);
    if (!counts.includes(images)) {
      badParameter(
        "image_urls",
        `Invalid value for 'image_urls': ${images} image(s); req_key ${show(body.req_key)} takes ${counts.join(" or ")}.`,
      );
    }
  }
  return { seconds: String(seconds), ratio, resolution: null };
}

/** `WxH` as the nearest of the known ratios' exact value, or undefined when it is none of them. */
function ratioOfSize(size: unknown): string | undefined {
  if (typeof size !== "string") return undefined;
  const [width, height] = size.split("x").map(Number) as [number, number];
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const divisor = gcd(width, height) || 1;
  return `${width / divisor}:${height / divisor}`;
}

function hailuo(body: Body, model: string): Omit<FamilyJob, "family" | "model" | "prompt"> {
  const hasText = contentItems(body).some((item) => item.type === "text");
  if (typeof body.prompt === "string" && hasText) {
    badParameter("prompt", `Give the prompt as 'prompt' or as a content text item, not both (${model}).`);
  }
  const seconds = Number(body.seconds ?? schemaDefaults.HailuoCreateRequest.seconds);
  if (!isKnownModel(model))
    return { seconds: String(seconds), ratio: DEFAULT_RATIO, resolution: (body.resolution as string) ?? "768P" };
  const limits = modelFamilies.hailuo.models[model as keyof typeof modelFamilies.hailuo.models];
  checkSeconds("seconds", body.seconds, seconds, model, limits.seconds);
  // MiniMax's default is its first (768P).
  const resolution = checkResolution(body, model, limits.resolutions, limits.resolutions[0]);
  checkInputs(body, model, limits.inputs);
  if (body.last_frame_image !== undefined && !(limits.inputs as readonly string[]).includes("last_frame")) {
    badParameter("last_frame_image", `Invalid parameter 'last_frame_image': ${model} takes no last frame.`);
  }
  return { seconds: String(seconds), ratio: DEFAULT_RATIO, resolution };
}

/** A model of no family the spec knows: its body is sent as given; the mock needs only `model` and a prompt. */
function other(body: Body): Omit<FamilyJob, "family" | "model" | "prompt"> {
  const given = Number(body.seconds ?? body.duration);
  // Up to ten minutes: the served MP4 is made to that length.
  const seconds = Number.isInteger(given) && given >= 1 && given <= 600 ? given : OTHER_DEFAULT_SECONDS;
  const ratio = [body.ratio, body.aspect_ratio].find(isAspectRatio) ?? DEFAULT_RATIO;
  return { seconds: String(seconds), ratio, resolution: null };
}

const readers: Record<Exclude<ModelFamily, "sora">, typeof seedance> = { seedance, jimeng, hailuo };

/**
 * Check a JSON createVideo body as TokenOps would: the family's schema from the spec (the model id's family,
 * through the contract's `familyOf`), then the model's own limits from the contract's `modelFamilies` (its
 * seconds, resolutions, inputs, sound, Jimeng's req_key). Every refusal is TokenOps' 2004 naming the field.
 */
export function readFamilyRequest(body: Body, router: SpecRouter): FamilyJob {
  const model = body.model;
  if (typeof model !== "string" || model === "") {
    badParameter("model", `Missing required parameter: 'model' (got ${show(model)}).`);
  }
  const family = familyOf(model);
  if (family === undefined) {
    return { family: "other", model, prompt: requirePrompt(body, model), ...other(body) };
  }
  if (family === "sora") {
    throw tokenOpsError(
      2005,
      `${model} takes multipart/form-data (model, prompt, size, seconds, input_reference), not JSON.`,
      { param: "model" },
    );
  }
  const issues = router.schemaIssues(modelFamilies[family].schema, body);
  const first = issues[0];
  if (first !== undefined) {
    throw tokenOpsError(2004, issues.map((issue) => issue.message).join(" "), {
      param: first.param,
      details: issues.map(({ param, code, message }) => ({ param, code, message })),
    });
  }
  const prompt = requirePrompt(body, model);
  return { family, model, prompt, ...readers[family](body, model) };
}
