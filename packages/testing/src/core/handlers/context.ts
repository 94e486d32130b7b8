import type { Bases, MockCall, MockReply, UploadedFile } from "../call.js";
import type { Clock } from "../clock.js";
import { MockError } from "../errors.js";
import type { FamilyJob } from "../family-request.js";
import type { IdempotencyStore } from "../idempotency.js";
import type { Job, JobStore, JobTiming, VideoPhase } from "../jobs.js";
import type { MediaSource } from "../media.js";
import type { Route, SpecRouter } from "../router.js";
import type { Scenario, ScenarioCounter } from "../scenarios.js";
import type { Video } from "../spec.js";

/** One request, routed, authorized and validated, as an operation's handler receives it. */
export interface HandlerContext {
  call: MockCall;
  bases: Bases;
  route: Route;
  body: Record<string, unknown>;
  files: Map<string, UploadedFile>;
  /** Every scenario that reaches this request. */
  scenarios: Scenario[];
  /** The scenarios written in this request's prompt (they stay with the job it makes). */
  promptScenarios: Scenario[];
  /** What a transient scenario counts "once" against. */
  key: string;
  /** The job `video_id` names, if the path has one and it exists. */
  job: Job | undefined;
  /** A JSON create body, checked for its family and model (undefined for every other request). */
  familyJob: FamilyJob | undefined;
}

/** What of the engine a handler may use: the jobs and their clock, the stores, and how a job is shown. */
export interface HandlerEngine {
  readonly jobs: JobStore;
  readonly clock: Clock;
  readonly router: SpecRouter;
  /** How long each phase of a new job lasts. */
  readonly timing: JobTiming;
  readonly idempotency: IdempotencyStore;
  /** Counts how often a transient scenario has fired. */
  readonly counter: ScenarioCounter;
  /** The files to serve instead of the built-in media, if any. */
  readonly media: MediaSource | undefined;
  /** The job as the API shows it to a request with these scenarios, in a create's or a poll's answer. */
  view(job: Job, scenarios: readonly Scenario[], phase?: VideoPhase): Video;
  /** The number standing for the request's bearer token, so jobs say whose they are without keeping the key. */
  owner(call: MockCall): number;
}

/** An operation's behaviour: the answer to one validated request. */
export type Handler = (context: HandlerContext, engine: HandlerEngine) => Promise<MockReply> | MockReply;

/** The job the path names; 404 when there is none (never made, or deleted). */
export function requireJob(context: HandlerContext): Job {
  if (context.job === undefined) {
    const id = context.route.params.video_id ?? "";
    throw new MockError(404, `No video found with id '${id}'.`, { code: "video_not_found", param: "video_id" });
  }
  return context.job;
}
