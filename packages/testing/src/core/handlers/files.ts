import rangeParser from "range-parser";
import type { MockCall, MockReply } from "../call.js";
import { MockError, methodNotAllowed } from "../errors.js";
import { downloadFault, requestKey } from "../faults.js";
import type { Job, JobStore } from "../jobs.js";
import { builtInMedia } from "../media.js";
import type { Scenario } from "../scenarios.js";
import { contentVariants, type VideoVariant } from "../spec.js";
import type { HandlerEngine } from "./context.js";
import { requireDownloadable } from "./downloadable.js";

/** Where the download URLs of the `json-content` scenario point (no auth, like a CDN). */
export const FILE_ROUTE = "/_mock/files/";

/** The file a download URL names. */
export interface FileTarget {
  job: Job;
  variant: VideoVariant;
}

/** `/_mock/files/{video_id}/{variant}`: the job and variant, 405 for another method than GET, 404 for no such file. */
export function findFile(call: MockCall, jobs: JobStore): FileTarget {
  if (call.method !== "GET") {
    throw methodNotAllowed(call.method, call.path, "GET");
  }
  const [id = "", variant = "", ...rest] = call.path.slice(FILE_ROUTE.length).split("/");
  const job = jobs.job(decodeURIComponent(id));
  if (job === undefined || rest.length > 0 || !contentVariants.includes(variant as VideoVariant)) {
    throw new MockError(404, `No file at ${call.path}.`, { code: "not_found" });
  }
  return { job, variant: variant as VideoVariant };
}

/** `GET /_mock/files/…`: the file, unless the video's files or the URL itself have expired. */
export function serveFile(
  call: MockCall,
  { job, variant }: FileTarget,
  scenarios: readonly Scenario[],
  engine: HandlerEngine,
): Promise<MockReply> {
  // Expired files first: they are gone whatever the URL says (410, like the content request).
  requireDownloadable(job, engine.clock.now());
  const expires = Number(call.query.get("expires"));
  if (!Number.isFinite(expires) || engine.clock.now() > expires * 1000) {
    throw new MockError(403, "This download URL has expired; request the content again for a new one.", {
      code: "url_expired",
    });
  }
  return fileReply(call, job, variant, scenarios, requestKey(call), engine);
}

/** A file with Content-Type, Content-Length and Range support, and any download faults. */
export async function fileReply(
  call: MockCall,
  job: Job,
  variant: VideoVariant,
  scenarios: readonly Scenario[],
  key: string,
  engine: HandlerEngine,
): Promise<MockReply> {
  const request = {
    variant,
    family: job.family,
    size: job.size,
    seconds: job.seconds,
    ratio: job.ratio,
    video: engine.view(job, scenarios),
  };
  const file = (await engine.media?.(request)) ?? builtInMedia(request);
  const type = file.type || builtInMedia(request).type;
  const headers: Record<string, string> = { "content-type": type, "accept-ranges": "bytes" };
  let body: Blob = file;
  let status = 200;
  const range = call.header("range");
  if (range !== undefined && /^\s*bytes=/i.test(range)) {
    const ranges = rangeParser(file.size, range, { combine: true });
    if (ranges === -1) {
      throw new MockError(416, `Range ${range} is outside the file (${file.size} bytes).`, {
        code: "range_not_satisfiable",
        headers: { "content-range": `bytes */${file.size}` },
      });
    }
    // A malformed header, another unit, or several ranges get the whole file (RFC 9110 allows ignoring Range).
    if (ranges !== -2 && ranges.length === 1) {
      const { start, end } = ranges[0] as { start: number; end: number };
      body = file.slice(start, end + 1);
      status = 206;
      headers["content-range"] = `bytes ${start}-${end}/${file.size}`;
    }
  }
  headers["content-length"] = String(body.size);
  const fault = downloadFault(scenarios, key, engine.counter, body.size);
  return fault === undefined ? { status, headers, body } : { status, headers, body, fault };
}
