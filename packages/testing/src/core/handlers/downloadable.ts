import { MockError } from "../errors.js";
import { type Job, jobState } from "../jobs.js";

/**
 * Refuse a content request (or a download URL) unless the job's files can be downloaded now: 400
 * before completion or after a failure, and 410 `video_expired` once a completed job's files have
 * expired at its `expires_at` (the job itself stays completed, as OpenAI's do).
 */
export function requireDownloadable(job: Job, now: number): void {
  const state = jobState(job, now);
  if (state.status === "completed" && state.filesExpired && state.expiresAt !== null) {
    // The second the video's expires_at names, so the message and the field agree.
    const at = new Date(Math.floor(state.expiresAt / 1000) * 1000).toISOString();
    throw new MockError(410, `The files of video '${job.id}' expired at ${at}; remix or create it again`, {
      code: "video_expired",
      type: "invalid_request_error",
      param: null,
    });
  }
  if (state.status === "completed") return;
  const messages: Record<string, [string, string]> = {
    failed: ["video_failed", `Video '${job.id}' failed; it has no content.`],
    cancelled: ["video_cancelled", `Video '${job.id}' was cancelled; it has no content.`],
  };
  const [code, message] = messages[state.status] ?? [
    "video_not_ready",
    `Video is not ready yet (status ${state.status}, ${state.progress}%); poll GET /v1/videos/${job.id} until it is completed.`,
  ];
  throw new MockError(400, message, { code, param: "video_id" });
}
