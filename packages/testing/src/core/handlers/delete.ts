import { isRunningStatus } from "@tokenops/contract";
import { deletedVideo } from "../../fixtures/video.js";
import type { MockReply } from "../call.js";
import { MockError } from "../errors.js";
import { jobState } from "../jobs.js";
import { json } from "../reply.js";
import { type HandlerContext, type HandlerEngine, requireJob } from "./context.js";

/**
 * `DELETE /v1/videos/{video_id}`: OpenAI deletes completed and failed jobs (and the mock a
 * cancelled one, which is just as final). A job still running is a 400, as spec/extensions/README.md
 * records; a deleted job is 404 for every operation afterwards.
 */
export function deleteVideo(context: HandlerContext, engine: HandlerEngine): MockReply {
  const job = requireJob(context);
  const { status } = jobState(job, engine.clock.now());
  if (isRunningStatus(status)) {
    const shown = engine.view(job, context.scenarios).status;
    throw new MockError(
      400,
      `Video '${job.id}' is ${shown}; only a completed or failed video can be deleted. Wait until it finishes, then delete it.`,
      { code: "video_not_finished", type: "invalid_request_error", param: "video_id" },
    );
  }
  engine.jobs.delete(job.id);
  return json(200, deletedVideo({ id: job.id }));
}
