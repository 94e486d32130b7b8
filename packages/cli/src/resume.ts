import { DEFAULT_MOCK_HOST, DEFAULT_MOCK_PORT, isFailedStatus } from "@tokenops/contract";
import { DEFAULT_VARIANT } from "./options.js";
import type { Session } from "./session.js";

/** Where a resumed command should write, when the interrupted one had `--output`. */
export interface ResumeTarget {
  output?: string | undefined;
  variant?: string | undefined;
}

/**
 * The lines printed when a wait stops before the job ends (Ctrl-C, the wait's deadline):
 * the job keeps running on the server, and this is the command that picks it up again.
 * Never includes the API key.
 *
 * @example
 * waitResumeHint(session, "video_123", { output: "out.mp4" });
 * // ["Resume with: tokenops videos wait video_123 --output out.mp4"]
 */
export function waitResumeHint(session: Session, video_id: string, target: ResumeTarget): string[] {
  const args = ["tokenops", "videos", "wait", video_id, ...targetArgs(target), ...connectionArgs(session)];
  return [`Resume with: ${args.join(" ")}`, ...embeddedMockNote(session)];
}

/**
 * The lines printed when a download stops (Ctrl-C or an error): the video is ready, and
 * this command downloads it again. Nothing was left at the destination.
 *
 * @example
 * downloadResumeHint(session, "video_123", { output: "out.mp4", variant: "video" });
 */
export function downloadResumeHint(session: Session, video_id: string, target: ResumeTarget): string[] {
  const args = ["tokenops", "videos", "download", video_id, ...targetArgs(target), ...connectionArgs(session)];
  return [`Video ${video_id} is ready; download it with: ${args.join(" ")}`, ...embeddedMockNote(session)];
}

/**
 * The lines printed when a download is refused because the job has no file to give yet (or
 * ever), chosen by the job's own status rather than the refusal's wording, which is the server's:
 * still running → the `videos wait` that saves it once done; failed → nothing to download.
 *
 * @example
 * notDownloadableHint(session, { id: "video_123", status: "queued" }, { output: "out.mp4" });
 * // ["Video video_123 is queued, not finished; wait for it and save it with: tokenops videos wait video_123 --output out.mp4"]
 */
export function notDownloadableHint(
  session: Session,
  video: { id: string; status: string; error?: { message?: string } | null | undefined },
  target: ResumeTarget,
): string[] {
  if (video.status === "completed") return downloadResumeHint(session, video.id, target);
  if (isFailedStatus(video.status)) {
    const reason = video.error?.message ? ` (${video.error.message})` : "";
    return [`Video ${video.id} ended ${video.status}${reason}: it has nothing to download.`];
  }
  const args = ["tokenops", "videos", "wait", video.id, ...targetArgs(target), ...connectionArgs(session)];
  return [
    `Video ${video.id} is ${video.status}, not finished; wait for it and save it with: ${args.join(" ")}`,
    ...embeddedMockNote(session),
  ];
}

/**
 * Quotes an argument for a POSIX shell when it needs it, so a printed command can be pasted.
 *
 * @example
 * shellQuote("my video.mp4"); // "'my video.mp4'"
 */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function targetArgs(target: ResumeTarget): string[] {
  const args: string[] = [];
  if (target.output !== undefined) args.push("--output", shellQuote(target.output));
  if (target.variant !== undefined && target.variant !== DEFAULT_VARIANT) args.push("--variant", target.variant);
  return args;
}

function connectionArgs(session: Session): string[] {
  const args: string[] = [];
  // Only a base URL typed as a flag needs repeating; the environment carries over by itself.
  if (session.connection.baseUrlFlag !== undefined) args.push("--base-url", shellQuote(session.connection.baseUrlFlag));
  if (session.json) args.push("--json");
  return args;
}

/**
 * The note that a job made in the embedded mock (`--mock`) is gone once the command ends; `lost`
 * replaces its first line where more than one job is meant (a batch).
 *
 * @example
 * const lines = [`Resume with: …`, ...embeddedMockNote(session)];
 */
export function embeddedMockNote(
  session: Session,
  lost = "Note: this job lived in the embedded mock (--mock), which stopped with this command.",
): string[] {
  if (!session.connection.embeddedMock) return [];
  return [
    lost,
    "  To keep jobs across commands, run `tokenops mock` in another terminal and use",
    `  --base-url http://${DEFAULT_MOCK_HOST}:${DEFAULT_MOCK_PORT} --api-key mock instead of --mock.`,
  ];
}
