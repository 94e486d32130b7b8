import { access, constants, stat } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import {
  BadRequestError,
  type Video,
  VideoContentTypeError,
  VideoExpiredError,
  type VideoVariant,
  VideoWaitTimeoutError,
  variantMediaTypes,
} from "@tokenops/client";
import { downloadTo } from "@tokenops/client/node";
import { InterruptedError, UsageError, withHint } from "./errors.js";
import { readMp4Info } from "./mp4-info.js";
import { DEFAULT_VARIANT } from "./options.js";
import { formatBytes } from "./progress.js";
import { downloadResumeHint, notDownloadableHint, type ResumeTarget, waitResumeHint } from "./resume.js";
import type { Session } from "./session.js";

/** How a command that can wait should finish. */
export interface WaitDownloadAndPrintOptions {
  /** Wait until the job completes (implied by `output`). */
  wait: boolean;
  /** Where to download the finished file. */
  output?: string | undefined;
  variant?: VideoVariant | undefined;
  /** Poll interval in milliseconds; the server's `openai-poll-after-ms` hint still applies. */
  pollIntervalMs?: number | undefined;
}

// The file name extensions of each variant's media type ("jpeg" is also written "jpg").
const extensionsOf = (variant: VideoVariant) => {
  const subtype = variantMediaTypes[variant].split("/")[1] as string;
  return subtype === "jpeg" ? ["jpg", "jpeg"] : [subtype];
};

/**
 * Refuses an `--output` name whose extension is another variant's (`thumb.mp4` for a WebP thumbnail):
 * saved as named, the file would open in the wrong program, or not at all. Refused rather than warned
 * about, since it is found before any request and costs nothing to fix. A name with no extension, or
 * one no variant uses, is the user's choice.
 *
 * @throws UsageError naming `--output`, the variant's type and the name to use.
 * @example
 * checkOutputExtension("thumb.webp", "thumbnail");
 */
export function checkOutputExtension(path: string, variant: VideoVariant): void {
  // A variant the spec does not list (--no-validate) has no type to hold the name to.
  if (!Object.hasOwn(variantMediaTypes, variant)) return;
  const extension = extname(path).slice(1).toLowerCase();
  const others = (Object.keys(variantMediaTypes) as VideoVariant[]).filter((other) => other !== variant);
  const owner = others.find((other) => extensionsOf(other).includes(extension));
  if (owner === undefined || extensionsOf(variant).includes(extension)) return;
  const fixed = `${path.slice(0, -extension.length)}${extensionsOf(variant)[0]}`;
  throw new UsageError(
    `--output: "${path}" is named as ${variantMediaTypes[owner]}, but the ${variant} variant is ${variantMediaTypes[variant]}; name it "${fixed}".`,
  );
}

/**
 * Refuses an `--output` path whose folder does not exist or cannot be written, or which is
 * a folder itself — before any request, so no job is started for a file that cannot be saved.
 *
 * @throws UsageError naming `--output`.
 * @example
 * await checkOutputPath("out/video.mp4");
 */
export async function checkOutputPath(path: string, variant: VideoVariant = DEFAULT_VARIANT): Promise<void> {
  checkOutputExtension(path, variant);
  const folder = dirname(resolve(path));
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw new UsageError(`--output: "${folder}" is not a folder.`);
    await access(folder, constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--output: cannot write into "${folder}" (${(error as NodeJS.ErrnoException).code}).`);
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`--output: "${path}" is a folder; give a file name.`);
}

/**
 * After a create, remix or `videos wait`: waits with progress when asked, downloads when
 * `--output` was given, then prints the Video (and the saved file). Ctrl-C while waiting
 * prints the resume command and exits 130.
 *
 * @example
 * const video = await session.guard.shield(() => session.client.videos.create(params));
 * await waitDownloadAndPrint(session, video, { wait: true, output: "out.mp4" });
 */
export async function waitDownloadAndPrint(
  session: Session,
  video: Video,
  options: WaitDownloadAndPrintOptions,
): Promise<void> {
  const target: ResumeTarget = { output: options.output, variant: options.variant };
  if (session.guard.interrupted) throw interruptedWaitError(session, video.id, target);
  if (!options.wait && options.output === undefined) {
    session.output.video(video);
    if (session.connection.embeddedMock) {
      session.output.note("The embedded mock stops with this command, and its job with it: add --wait to follow one.");
    } else if (!session.output.json) {
      session.output.info(`Wait for it with: tokenops videos wait ${video.id}`);
    }
    return;
  }
  const pollIntervalMs = options.pollIntervalMs ?? session.connection.pollIntervalMs;
  const done = await waitForVideo(session, video, target, pollIntervalMs);
  if (options.output !== undefined)
    await downloadWithProgress(session, done.id, options.output, options.variant ?? DEFAULT_VARIANT);
  session.output.video(done);
  if (options.output !== undefined) await reportSaved(session, options.output, options.variant ?? DEFAULT_VARIANT);
}

/**
 * Polls a job until it completes, drawing progress on stderr.
 *
 * @throws InterruptedError (exit 130) on Ctrl-C, with the resume command.
 * @throws VideoFailedError (exit 3) when the job fails, is cancelled or expires.
 * @example
 * const done = await waitForVideo(session, video, {});
 */
export async function waitForVideo(
  session: Session,
  video: Video,
  target: ResumeTarget,
  pollIntervalMs?: number,
): Promise<Video> {
  const { client, guard, output, progress } = session;
  if (video.status === "completed") return video;
  output.note(`Waiting for ${video.id}; Ctrl-C stops waiting, not the job.`);
  const bar = progress.wait(video.id);
  bar.update(video);
  try {
    return await client.videos.waitFor(video.id, {
      signal: guard.signal,
      onProgress: (current) => bar.update(current),
      ...(pollIntervalMs === undefined ? {} : { intervalMs: pollIntervalMs }),
    });
  } catch (error) {
    if (guard.interrupted) throw interruptedWaitError(session, video.id, target);
    if (error instanceof VideoWaitTimeoutError) throw withHint(error, waitResumeHint(session, video.id, target));
    throw error;
  } finally {
    bar.stop();
  }
}

/**
 * Downloads one variant of a finished job to `path` with a byte progress bar. The client
 * writes a temporary file and renames it, so a failed or interrupted download leaves
 * nothing at `path` — nor does a file of another type than the variant (the client checks
 * the answer's Content-Type before a byte is written).
 *
 * @example
 * await downloadWithProgress(session, "video_123", "out.mp4", "video");
 */
export async function downloadWithProgress(
  session: Session,
  video_id: string,
  path: string,
  variant: VideoVariant,
): Promise<number> {
  const { client, guard, progress } = session;
  const bar = progress.download(`${variant} → ${path}`);
  try {
    return await downloadTo(client, video_id, path, {
      variant,
      signal: guard.signal,
      onProgress: ({ bytes, total }) => bar.update(bytes, total),
    });
  } catch (error) {
    bar.stop();
    // Asking again would get the same answer (another file than the variant, or expired files),
    // so these get no "download it with" hint.
    if (error instanceof VideoContentTypeError) {
      throw withHint(error, [`Nothing was saved at ${path}.`, `The server may not offer the ${variant} variant.`]);
    }
    if (error instanceof VideoExpiredError) {
      throw withHint(error, [
        `Make it again with: tokenops videos remix ${video_id} --prompt "…" (or tokenops videos create).`,
      ]);
    }
    if (error instanceof BadRequestError && !guard.interrupted) {
      // A refused field (a variant the server does not know): the same command gets the same answer.
      if (error.param && error.param !== "video_id") throw error;
      // Else the API refuses a job that is not finished or has failed: its status says which command
      // (if any) will get the file, whatever words the server chose.
      const video = await client.videos.retrieve(video_id).catch(() => undefined);
      if (video) throw withHint(error, notDownloadableHint(session, video, { output: path, variant }));
    }
    const hint = downloadResumeHint(session, video_id, { output: path, variant });
    if (guard.interrupted) throw new InterruptedError(["Interrupted; nothing was written.", ...hint]);
    throw withHint(error, hint);
  } finally {
    bar.stop();
  }
}

/**
 * Prints where the file went, with what the MP4 itself says about its picture and length.
 *
 * @example
 * await reportSaved(session, "out.mp4", "video");
 * // Saved out.mp4 (1280x720, 4.00 s, avc1.64001f, 53.6 kB)
 */
export async function reportSaved(session: Session, path: string, variant: VideoVariant): Promise<void> {
  const { size } = await stat(path);
  // Only an MP4 has boxes to read (the images are reported by size alone).
  const info = variantMediaTypes[variant] === "video/mp4" ? await readMp4Info(path) : undefined;
  const details = info
    ? `${info.width}x${info.height}, ${info.duration.toFixed(2)} s, ${info.codec}, ${formatBytes(size)}`
    : formatBytes(size);
  session.output.info(`Saved ${path} (${details})`);
}

/**
 * The error for Ctrl-C before a job ended: says the job goes on, and how to resume.
 *
 * @example
 * if (session.guard.interrupted) throw interruptedWaitError(session, "video_123", { output: "out.mp4" });
 */
export function interruptedWaitError(session: Session, video_id: string, target: ResumeTarget): InterruptedError {
  return new InterruptedError([
    `Interrupted. Video ${video_id} is still being made on the server.`,
    ...waitResumeHint(session, video_id, target),
  ]);
}
