import type { MockReply } from "../call.js";
import { MockError } from "../errors.js";
import { jobState } from "../jobs.js";
import { type HandlerContext, type HandlerEngine, requireJob } from "./context.js";
import { answerWithJob } from "./new-job.js";

/** `POST /v1/videos/{video_id}/remix`: a new job from a completed one, with its size and seconds. */
export function remixVideo(context: HandlerContext, engine: HandlerEngine): MockReply {
  const source = requireJob(context);
  const { status } = jobState(source, engine.clock.now());
  if (status !== "completed") {
    throw new MockError(400, `Video '${source.id}' is ${status}; only a completed video can be remixed.`, {
      code: "video_not_ready",
      param: "video_id",
    });
  }
  const { model, prompt } = context.body as { model: string; prompt: string };
  return answerWithJob(
    context,
    engine,
    {
      model,
      prompt,
      size: source.size,
      seconds: source.seconds,
      remixedFromVideoId: source.id,
      inputReference: null,
    },
    JSON.stringify(["remixVideo", source.id, model, prompt]),
  );
}
