import type { MockReply } from "../call.js";
import { MockError } from "../errors.js";
import { jobState } from "../jobs.js";
import { type HandlerContext, type HandlerEngine, requireJob } from "./context.js";
import { answerWithJob } from "./new-job.js";

/** `POST /v1/videos/{video_id}/remix`: a new job from a completed one, with its size and seconds. */
export function remixVideo(context: HandlerContext, engine: HandlerEngine): MockReply {
  const source = requireJob(context);
  if (source.family !== "sora") {
    // R1 documents remix for sora-2 only; nothing says what TokenOps does with another family's job.
    throw new MockError(
      400,
      `Video '${source.id}' was made by ${source.model}; remix is documented for Sora (sora-2) only.`,
      { code: "remix_not_supported", param: "video_id" },
    );
  }
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
      family: "sora",
      model,
      prompt,
      ratio: source.ratio,
      resolution: null,
      size: source.size,
      seconds: source.seconds,
      remixedFromVideoId: source.id,
      inputReference: null,
    },
    JSON.stringify(["remixVideo", source.id, model, prompt]),
  );
}
