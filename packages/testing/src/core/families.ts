import { type ModelFamily, type RunningStatus, schemaEnums } from "@tokenops/contract";

/**
 * What differs between the model families a job belongs to, on TokenOps' pages (spec/extensions/README.md names
 * them): the job id's form, the words for waiting and running, and the shape of the answers. `"other"` is a model
 * of no family the spec knows, which the mock takes as the spec's OtherFamilyCreateRequest does.
 *
 * @example
 * ```ts
 * const family: JobFamily = "seedance";
 * ```
 */
export type JobFamily = ModelFamily | "other";

/**
 * The aspect ratios a video can have: Seedance's and Jimeng's values (Sora's two sizes are 16:9 and 9:16).
 *
 * @example
 * ```ts
 * aspectRatios.includes("9:16"); // true
 * ```
 */
export const aspectRatios = schemaEnums.JimengCreateRequest.aspect_ratio;
/**
 * One of {@link aspectRatios}, e.g. `"16:9"`.
 *
 * @example
 * ```ts
 * const ratio: AspectRatio = "21:9";
 * ```
 */
export type AspectRatio = (typeof aspectRatios)[number];

/** Whether a value is one of {@link aspectRatios}. */
export const isAspectRatio = (value: unknown): value is AspectRatio =>
  (aspectRatios as readonly unknown[]).includes(value);

/**
 * A job's two running phases as each family names them (statuses from the contract's `runningStatuses`): Sora's
 * `queued` → `in_progress` (the vendored page, with progress); the JSON families' `in_queue` → `processing` (J1's
 * list; D1's polls; Hailuo assumed the same).
 */
export const runningWords: Record<JobFamily, { waiting: RunningStatus; running: RunningStatus }> = {
  sora: { waiting: "queued", running: "in_progress" },
  seedance: { waiting: "in_queue", running: "processing" },
  jimeng: { waiting: "in_queue", running: "processing" },
  hailuo: { waiting: "in_queue", running: "processing" },
  other: { waiting: "in_queue", running: "processing" },
};

function random(alphabet: string, length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = "";
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

const digits = "0123456789";

/** The `YYYYMMDDhhmmss` of a Unix-ms time, in UTC. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/\D/g, "");
}

/**
 * A new job id in the family's form: Sora `video_<32 hex>`; Seedance `cgt-<YYYYMMDDhhmmss>-<5 letters or digits>`
 * (D1: `cgt-20251110203910-nmfp7`, stamped from the mock's clock); Jimeng a 20-digit numeric string (J1:
 * `10762451179911711518`); Hailuo — not seen on H1 — a 15-digit numeric string like MiniMax's own task ids (a
 * guess); a model of no known family gets Sora's form.
 */
export function newJobId(family: JobFamily, now: number): string {
  switch (family) {
    case "seedance":
      return `cgt-${stamp(now)}-${random("abcdefghijklmnopqrstuvwxyz0123456789", 5)}`;
    case "jimeng":
      return random("123456789", 1) + random(digits, 19);
    case "hailuo":
      return random("123456789", 1) + random(digits, 14);
    default:
      return `video_${random("0123456789abcdef", 32)}`;
  }
}

/** Frames per second of Seedance's videos (D2: all models make 24 fps). */
const SEEDANCE_FPS = 24;

/**
 * The pixel size a resolution and ratio stand for: the short side is the resolution's number, the long side
 * follows the ratio, both rounded up to whole 16-pixel macroblocks (so 1080p 16:9 is 1920x1088).
 */
export function pixelSize(resolution: string, ratio: AspectRatio): { width: number; height: number } {
  const short = Number.parseInt(resolution, 10);
  const [a, b] = ratio.split(":").map(Number) as [number, number];
  const long = (short * Math.max(a, b)) / Math.min(a, b);
  const align = (value: number) => Math.ceil(value / 16) * 16;
  return a >= b ? { width: align(long), height: align(short) } : { width: align(short), height: align(long) };
}

/**
 * Seedance's `usage` for a finished job, as Volcengine Ark counts it: width × height × frames / 1024, with
 * 24 frames a second plus the first. D1's answer (1-0-pro, 1080p, 16:9, 5 s: 1920 × 1088 × 121 / 1024) is 246840.
 */
export function seedanceUsage(
  resolution: string,
  ratio: AspectRatio,
  seconds: number,
): { completion_tokens: number; total_tokens: number } {
  const { width, height } = pixelSize(resolution, ratio);
  const tokens = Math.floor((width * height * (SEEDANCE_FPS * seconds + 1)) / 1024);
  return { completion_tokens: tokens, total_tokens: tokens };
}
