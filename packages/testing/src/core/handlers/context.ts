import type { MockCall, UploadedFile } from "../call.js";
import type { Clock } from "../clock.js";
import type { Bases } from "../engine.js";
import { MockError } from "../errors.js";
import type { Job, JobStore } from "../jobs.js";
import type { Route } from "../router.js";
import type { Scenario } from "../scenarios.js";
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
}

/** What of the engine a handler may use: the jobs, their clock, and how a job is shown. */
export interface HandlerEngine {
  readonly jobs: JobStore;
  readonly clock: Clock;
  /** The job as the API shows it to a request with these scenarios. */
  view(job: Job, scenarios: readonly Scenario[]): Required<Video>;
}

/** The job the path names; 404 when there is none (never made, or deleted). */
export function requireJob(context: HandlerContext): Job {
  if (context.job === undefined) {
    const id = context.route.params.video_id ?? "";
    throw new MockError(404, `No video found with id '${id}'.`, { code: "video_not_found", param: "video_id" });
  }
  return context.job;
}
