import { isFinalStatus } from "@tokenops/contract";
import type { MockReply } from "../call.js";
import { json } from "../reply.js";
import { findScenario } from "../scenarios.js";
import { type HandlerContext, type HandlerEngine, requireJob } from "./context.js";

/** `GET /v1/videos/{video_id}`: the job now, with `openai-poll-after-ms` while it runs under `poll-after`. */
export function getVideoStatus(context: HandlerContext, engine: HandlerEngine): MockReply {
  const video = engine.view(requireJob(context), context.scenarios);
  const pollAfter = findScenario(context.scenarios, "poll-after");
  const running = !isFinalStatus(video.status);
  return json(200, video, pollAfter && running ? { "openai-poll-after-ms": String(pollAfter.ms) } : {});
}
