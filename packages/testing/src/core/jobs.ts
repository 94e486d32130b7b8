import { isRunningStatus } from "@tokenops/contract";
import { videoError, video as videoFixture } from "../fixtures/video.js";
import type { Clock } from "./clock.js";
import { type AspectRatio, type JobFamily, runningWords, seedanceUsage } from "./families.js";
import type { Scenario } from "./scenarios.js";
import type { Schemas, Video, VideoStatus } from "./spec.js";

/**
 * How long each phase of a job lasts, in simulated milliseconds. Pass the ones to change as `timing`.
 *
 * @example
 * ```ts
 * import { startMockServer } from "@tokenops/testing";
 *
 * // Jobs start at once and run for 2 s; completed files expire a minute later:
 * const server = await startMockServer({ timeScale: 0, timing: { queuedMs: 0, inProgressMs: 2_000, retentionMs: 60_000 } });
 * ```
 */
export interface JobTiming {
  /** Time spent `queued` (default 1000). */
  queuedMs: number;
  /** Time spent `in_progress`, progress rising from 0 to 99 (default 4000). */
  inProgressMs: number;
  /**
   * How long a completed video's files stay downloadable (default 1 hour). The job stays `completed`
   * after it; its content requests are then refused with 410.
   */
  retentionMs: number;
}

/** The default phase lengths. */
export const defaultTiming: JobTiming = { queuedMs: 1000, inProgressMs: 4000, retentionMs: 60 * 60 * 1000 };

/**
 * What the mock knows about an uploaded `input_reference` image.
 *
 * @example
 * ```ts
 * import { mediaFile } from "@tokenops/testing";
 *
 * const video = await client.videos.create({
 *   model: "sora-2",
 *   prompt: "a fox",
 *   size: "1280x720",
 *   input_reference: mediaFile("reference-1280x720.png"),
 * });
 * expect(server.videos.get(video.id)?.input_reference).toMatchObject({
 *   filename: "reference-1280x720.png",
 *   type: "image/png",
 *   width: 1280,
 *   height: 720,
 * });
 * ```
 */
export interface ReferenceImageInfo {
  filename: string;
  type: string;
  /** Its size in bytes. */
  bytes: number;
  width: number;
  height: number;
}

/** Everything the mock keeps about one job. */
export interface Job {
  id: string;
  /** The model family, from the model id (`familyOf`): it decides the id's form, the status words and the answers. */
  family: JobFamily;
  /** Its place in creation order (jobs made in the same millisecond share `createdAt`). */
  sequence: number;
  model: string;
  prompt: string;
  /** Sora's `size`; for the JSON families, the pixel size their resolution and ratio stand for. */
  size: string;
  /** The duration in whole seconds. */
  seconds: string;
  /** The aspect ratio of the video (Sora's size gives it; the JSON families' `ratio` or `aspect_ratio`). */
  ratio: AspectRatio;
  /** Seedance's or Hailuo's resolution (e.g. `1080p`), or null. */
  resolution: string | null;
  /** Simulated Unix milliseconds. */
  createdAt: number;
  timing: JobTiming;
  remixedFromVideoId: string | null;
  inputReference: ReferenceImageInfo | null;
  /** Set when the job is to fail: the error it fails with, halfway through its run. */
  failure: Schemas["OpenAIVideoError"] | null;
  /** Scenarios from the prompt; they apply to every later request about this job. */
  scenarios: Scenario[];
  idempotencyKey: string | null;
  /** Which API key made the job, as a number (the key itself is not kept): limits count per key. */
  owner: number;
  /** A status a test forced with `videos.complete/fail/cancel`, and when. */
  forced: { status: "completed" | "failed" | "cancelled"; at: number; error?: Schemas["OpenAIVideoError"] } | null;
}

/** A job's state at one moment. */
interface JobState {
  status: VideoStatus;
  progress: number;
  completedAt: number | null;
  expiresAt: number | null;
  /** Whether a completed job's files have expired (at `expiresAt`); the job stays completed. */
  filesExpired: boolean;
  error: Schemas["OpenAIVideoError"] | null;
}

/** Progress at simulated time `at`: 0 while queued, rising to 99 while running. */
function progressAt(job: Job, at: number): number {
  const running = at - (job.createdAt + job.timing.queuedMs);
  if (running <= 0) return 0;
  if (job.timing.inProgressMs <= 0) return 99;
  return Math.min(99, Math.floor((running / job.timing.inProgressMs) * 100));
}

function completedState(job: Job, completedAt: number, now: number): JobState {
  const expiresAt = completedAt + job.timing.retentionMs;
  return { status: "completed", progress: 100, completedAt, expiresAt, filesExpired: now >= expiresAt, error: null };
}

/** A job that has not completed: no completion, no expiry. */
function unfinished(status: VideoStatus, progress: number, error: JobState["error"] = null): JobState {
  return { status, progress, completedAt: null, expiresAt: null, filesExpired: false, error };
}

/**
 * The state machine, evaluated lazily from the clock (no timers, so a thousand jobs cost nothing
 * while nobody asks): queued → in_progress with rising progress → completed, or failed halfway
 * through when the job carries a failure. A completed job stays completed; its files expire at
 * `expiresAt`, as OpenAI's do.
 */
export function jobState(job: Job, now: number): JobState {
  const forced = job.forced;
  if (forced !== null) {
    if (forced.status === "completed") return completedState(job, forced.at, now);
    return unfinished(forced.status, progressAt(job, forced.at), forced.error ?? null);
  }
  const runStart = job.createdAt + job.timing.queuedMs;
  const doneAt = runStart + job.timing.inProgressMs;
  if (job.failure !== null) {
    const failAt = runStart + job.timing.inProgressMs / 2;
    if (now >= failAt) return unfinished("failed", progressAt(job, failAt), job.failure);
  }
  if (now < runStart) return unfinished("queued", 0);
  if (now < doneAt) return unfinished("in_progress", progressAt(job, now));
  return completedState(job, doneAt, now);
}

/** When a job stops running (simulated ms): completes, fails halfway, or was forced to end. */
export function jobEndsAt(job: Job): number {
  if (job.forced !== null) return job.forced.at;
  const runStart = job.createdAt + job.timing.queuedMs;
  return runStart + (job.failure === null ? job.timing.inProgressMs : job.timing.inProgressMs / 2);
}

const gatewayNames: Partial<Record<VideoStatus, VideoStatus>> = { queued: "pending", in_progress: "processing" };

/**
 * A status as a gateway names it: pending and processing for Sora's queued and in_progress (the JSON families'
 * words are a gateway's already), and expired for a completed job whose files expired.
 */
function gatewayStatus(job: Job, state: JobState): VideoStatus {
  if (state.status === "completed" && state.filesExpired) return "expired";
  if (job.family !== "sora") return familyStatus(job, state, false);
  return gatewayNames[state.status] ?? state.status;
}

/** Which answer a job is shown in: a create's (or remix's), or a status poll's (also a list's items). */
export type VideoPhase = "create" | "poll";

/** The status as the job's family words it (Sora: queued, in_progress; the JSON families: in_queue, processing). */
function familyStatus(job: Job, state: JobState, gateway: boolean): VideoStatus {
  if (gateway) return gatewayStatus(job, state);
  const words = runningWords[job.family];
  if (state.status === "queued") return words.waiting;
  if (state.status === "in_progress") return words.running;
  return state.status;
}

/**
 * The job as the API shows it. Sora: every field of OpenAI's video object, null where OpenAI sends null
 * (`completed_at` and `expires_at` until completion, `error` unless failed, `remixed_from_video_id` unless a
 * remix). The JSON families as their pages show them, never with `progress`: Seedance creates
 * `{id, object, status}` and polls `{id, object, created_at, model, status}` with `usage` once completed (D1);
 * Jimeng creates `{id, object, created_at, status}` and polls `{id, object, status}` (J1); Hailuo (not seen)
 * `{id, object, status}`; a model of no known family `{id, object, created_at, model, status}`. A failed job of
 * any family carries `error`. With `gatewayStatuses`, the status in a gateway's words.
 */
export function renderVideo(
  job: Job,
  now: number,
  options: { gatewayStatuses?: boolean; phase?: VideoPhase } = {},
): Video {
  const state = jobState(job, now);
  const status = familyStatus(job, state, options.gatewayStatuses === true);
  if (job.family === "sora") {
    return videoFixture({
      id: job.id,
      model: job.model,
      status,
      progress: state.progress,
      created_at: Math.floor(job.createdAt / 1000),
      completed_at: state.completedAt === null ? null : Math.floor(state.completedAt / 1000),
      expires_at: state.expiresAt === null ? null : Math.floor(state.expiresAt / 1000),
      prompt: job.prompt,
      size: job.size,
      seconds: job.seconds,
      remixed_from_video_id: job.remixedFromVideoId,
      error: state.error,
    });
  }
  const created_at = Math.floor(job.createdAt / 1000);
  const poll = options.phase !== "create";
  // In the pages' key order.
  const withCreated =
    (job.family === "seedance" && poll) || (job.family === "jimeng" && !poll) || job.family === "other";
  const withModel = (job.family === "seedance" && poll) || job.family === "other";
  const video: Video = {
    id: job.id,
    object: "video",
    ...(withCreated ? { created_at } : {}),
    ...(withModel ? { model: job.model } : {}),
    status,
  };
  if (job.family === "seedance" && state.status === "completed") {
    video.usage = seedanceUsage(job.resolution ?? "720p", job.ratio, Number(job.seconds));
  }
  if (state.error !== null) video.error = state.error;
  return video;
}

/**
 * A job as a test inspects it: the API's view plus what the request carried.
 *
 * @example
 * ```ts
 * const created = await client.videos.create({ model: "sora-2", prompt: "a fox" });
 * const job = server.videos.get(created.id);
 * expect(job?.prompt).toBe("a fox");
 * expect(job?.video.status).toBe("queued");
 * ```
 */
export interface MockJob {
  /** Exactly what `GET /v1/videos/{video_id}` would answer now. */
  video: Video;
  prompt: string;
  /** The uploaded first frame, if any. */
  input_reference: ReferenceImageInfo | null;
  /** The `Idempotency-Key` the job was created with, if any. */
  idempotency_key: string | null;
}

/**
 * The jobs a mock holds, for tests to inspect and steer.
 *
 * @example
 * const [job] = server.videos.list();
 * expect(job?.video.status).toBe("queued");
 * server.videos.complete(job!.video.id);
 */
export interface MockVideos {
  /** How many jobs exist. */
  readonly size: number;
  /** Every job, oldest first. */
  list(): MockJob[];
  /** One job, or undefined. */
  get(video_id: string): MockJob | undefined;
  /** Complete a running job now. */
  complete(video_id: string): MockJob;
  /** Fail a running job now, with this error (default: a generic generation failure). */
  fail(video_id: string, error?: Schemas["OpenAIVideoError"]): MockJob;
  /** Cancel a running job now. */
  cancel(video_id: string): MockJob;
}

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  let hex = "";
  for (const byte of buffer) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

// Request ids only need to be unique: a random prefix per process and a counter cost far less
// than fresh random bytes on every request.
const requestIdPrefix = randomHex(8);
let requestCount = 0;

/** A new request id for `x-request-id`. */
export function newRequestId(): string {
  requestCount += 1;
  return `req_${requestIdPrefix}${requestCount.toString(16).padStart(16, "0")}`;
}

/** A job's place in creation order, kept after it is deleted so that a list cursor naming it still works. */
export interface JobPosition {
  createdAt: number;
  sequence: number;
}

/** Creation order: by `createdAt`, and by sequence among jobs made in the same millisecond. */
export function byCreation(a: JobPosition, b: JobPosition): number {
  return a.createdAt - b.createdAt || a.sequence - b.sequence;
}

/** The jobs, by id, and the test-facing view of them. */
export class JobStore implements MockVideos {
  readonly #jobs = new Map<string, Job>();
  readonly #positions = new Map<string, JobPosition>();
  #sequence = 0;

  constructor(
    readonly clock: Clock,
    readonly view: (job: Job) => Video,
  ) {}

  get size(): number {
    return this.#jobs.size;
  }

  /** Store a new job, giving it the next place in creation order. */
  add(fields: Omit<Job, "sequence">): Job {
    this.#sequence += 1;
    const job: Job = { ...fields, sequence: this.#sequence };
    this.#jobs.set(job.id, job);
    this.#positions.set(job.id, { createdAt: job.createdAt, sequence: job.sequence });
    return job;
  }

  job(video_id: string): Job | undefined {
    return this.#jobs.get(video_id);
  }

  /** Every job, in creation order. */
  all(): Job[] {
    return [...this.#jobs.values()].sort(byCreation);
  }

  /** Where a job is, or was before it was deleted, in creation order; undefined for an id never made. */
  position(video_id: string): JobPosition | undefined {
    return this.#positions.get(video_id);
  }

  /** Forget a job: it is 404 from now on. */
  delete(video_id: string): void {
    this.#jobs.delete(video_id);
  }

  clear(): void {
    this.#jobs.clear();
    this.#positions.clear();
    this.#sequence = 0;
  }

  #inspect(job: Job): MockJob {
    return {
      video: this.view(job),
      prompt: job.prompt,
      input_reference: job.inputReference,
      idempotency_key: job.idempotencyKey,
    };
  }

  list(): MockJob[] {
    return this.all().map((job) => this.#inspect(job));
  }

  get(video_id: string): MockJob | undefined {
    const job = this.#jobs.get(video_id);
    return job === undefined ? undefined : this.#inspect(job);
  }

  #running(video_id: string, action: string): Job {
    const job = this.#jobs.get(video_id);
    if (job === undefined) throw new RangeError(`videos.${action}: no video "${video_id}".`);
    const { status } = jobState(job, this.clock.now());
    if (!isRunningStatus(status)) {
      throw new RangeError(`videos.${action}: video "${video_id}" is ${status}; only a running job can change.`);
    }
    return job;
  }

  complete(video_id: string): MockJob {
    const job = this.#running(video_id, "complete");
    job.forced = { status: "completed", at: this.clock.now() };
    return this.#inspect(job);
  }

  fail(video_id: string, error: Schemas["OpenAIVideoError"] = videoError()): MockJob {
    const job = this.#running(video_id, "fail");
    job.forced = { status: "failed", at: this.clock.now(), error };
    return this.#inspect(job);
  }

  cancel(video_id: string): MockJob {
    const job = this.#running(video_id, "cancel");
    job.forced = { status: "cancelled", at: this.clock.now() };
    return this.#inspect(job);
  }
}
