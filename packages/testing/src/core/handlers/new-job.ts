import { isRunningStatus } from "@tokenops/contract";
import { videoError } from "../../fixtures/video.js";
import type { MockReply } from "../call.js";
import { MockError } from "../errors.js";
import { newJobId } from "../families.js";
import { retryHeaders } from "../faults.js";
import { type Job, jobEndsAt, jobState } from "../jobs.js";
import { json } from "../reply.js";
import { findScenario, type Scenario } from "../scenarios.js";
import type { HandlerContext, HandlerEngine } from "./context.js";

/** What a create or a remix decides about the job it makes. */
export type NewJobFields = Pick<
  Job,
  "family" | "model" | "prompt" | "size" | "seconds" | "ratio" | "resolution" | "remixedFromVideoId" | "inputReference"
>;

/**
 * The answer to a create or a remix: the job an earlier request with the same Idempotency-Key made
 * (`fingerprint` tells a repeat from another request), else a new job.
 */
export function answerWithJob(
  context: HandlerContext,
  engine: HandlerEngine,
  fields: NewJobFields,
  fingerprint: string,
): MockReply {
  const key = context.call.header("idempotency-key");
  const earlier = key === undefined ? undefined : engine.idempotency.find(key, fingerprint);
  const replayed = earlier === undefined ? undefined : engine.jobs.job(earlier);
  if (replayed !== undefined) return json(200, engine.view(replayed, context.scenarios, "create"));

  const failWith = findScenario(context.scenarios, "fail");
  const owner = engine.owner(context.call);
  const limit = findScenario(context.scenarios, "concurrency-limit");
  if (limit !== undefined) checkConcurrency(engine, owner, limit);
  const job = engine.jobs.add({
    id: newJobId(fields.family, engine.clock.now()),
    ...fields,
    createdAt: engine.clock.now(),
    timing: engine.timing,
    failure:
      failWith === undefined
        ? null
        : videoError({
            ...(failWith.code === undefined ? {} : { code: failWith.code }),
            ...(failWith.message === undefined ? {} : { message: failWith.message }),
          }),
    scenarios: context.promptScenarios,
    idempotencyKey: key ?? null,
    owner,
    forced: null,
  });
  if (key !== undefined) engine.idempotency.remember(key, fingerprint, job.id);
  return json(200, engine.view(job, context.scenarios, "create"));
}

/**
 * `concurrency-limit`: OpenAI's 429 for a create beyond `max` unfinished jobs of the key, saying when
 * the first of them ends (real milliseconds: simulated time runs `timeScale` times as fast).
 */
function checkConcurrency(
  engine: HandlerEngine,
  owner: number,
  limit: Extract<Scenario, { name: "concurrency-limit" }>,
): void {
  const now = engine.clock.now();
  const running = engine.jobs.all().filter((job) => job.owner === owner && isRunningStatus(jobState(job, now).status));
  if (running.length < limit.max) return;
  // With max=0 nothing ever ends: a second, like the rate-limit scenario's default.
  const wait = running.length > 0 ? Math.min(...running.map(jobEndsAt)) - now : 1000;
  const scale = engine.clock.timeScale > 0 ? engine.clock.timeScale : 1;
  const ms = limit.retryAfterMs ?? Math.max(1, Math.ceil(wait / scale));
  throw new MockError(
    429,
    `Rate limit reached for concurrent video jobs: Limit ${limit.max}, Used ${running.length}, Requested 1. Please try again in ${ms}ms.`,
    { type: "requests", code: "rate_limit_exceeded", param: null, headers: retryHeaders(ms) },
  );
}
