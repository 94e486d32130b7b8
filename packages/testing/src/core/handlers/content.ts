import { requestDefaults } from "@tokenops/contract";
import { videoContent } from "../../fixtures/video.js";
import type { MockReply } from "../call.js";
import { jobState } from "../jobs.js";
import { json } from "../reply.js";
import { findScenario } from "../scenarios.js";
import type { VideoVariant } from "../spec.js";
import { type HandlerContext, type HandlerEngine, requireJob } from "./context.js";
import { requireDownloadable } from "./downloadable.js";
import { FILE_ROUTE, fileReply } from "./files.js";

/** How long a `json-content` download URL lasts (unless the files expire first). */
const URL_LIFETIME_MS = 60 * 60 * 1000;

/**
 * `GET /v1/videos/{video_id}/content`: the file for the requested variant, whatever `Accept` says
 * (the `openai` package sends `application/binary`), or with `json-content` a URL to it.
 */
export async function getVideoContent(context: HandlerContext, engine: HandlerEngine): Promise<MockReply> {
  const job = requireJob(context);
  const variant = (context.call.query.get("variant") ?? requestDefaults.variant) as VideoVariant;
  requireDownloadable(job, engine.clock.now());
  const asJson = findScenario(context.scenarios, "json-content");
  if (asJson !== undefined) {
    // A download URL never outlives the files it points at.
    const now = engine.clock.now();
    const filesExpireAt = jobState(job, now).expiresAt ?? Number.POSITIVE_INFINITY;
    const expiresAt = Math.min(now + URL_LIFETIME_MS, filesExpireAt);
    const base = asJson.origin === "cdn" ? context.bases.cdn : context.bases.api;
    const url = `${base}${FILE_ROUTE}${encodeURIComponent(job.id)}/${variant}?expires=${Math.floor(expiresAt / 1000)}`;
    return json(200, videoContent({ video_url: url, expires_at: Math.floor(expiresAt / 1000) }));
  }
  return fileReply(context.call, job, variant, context.scenarios, context.key, engine);
}
