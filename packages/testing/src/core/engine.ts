import { authorize } from "./auth.js";
import { defaultLimits } from "./body-limits.js";
import type { Bases, BodyLimits, MockCall, MockReply } from "./call.js";
import { Clock } from "./clock.js";
import { corsHeaders, preflightReply } from "./cors.js";
import { type FamilyJob, promptOf, readFamilyRequest } from "./family-request.js";
import { dropsResponse, faultBeforeHandler, requestKey } from "./faults.js";
import { getVideoContent } from "./handlers/content.js";
import type { Handler, HandlerEngine } from "./handlers/context.js";
import { createVideo } from "./handlers/create.js";
import { deleteVideo } from "./handlers/delete.js";
import { FILE_ROUTE, findFile, serveFile } from "./handlers/files.js";
import { answerFromSpec } from "./handlers/from-spec.js";
import { listVideos } from "./handlers/list.js";
import { remixVideo } from "./handlers/remix.js";
import { getVideoStatus } from "./handlers/retrieve.js";
import { IdempotencyStore } from "./idempotency.js";
import {
  defaultTiming,
  type Job,
  JobStore,
  type JobTiming,
  newRequestId,
  renderVideo,
  type VideoPhase,
} from "./jobs.js";
import type { MediaSource } from "./media.js";
import type { MockOptions } from "./options.js";
import { errorReply } from "./reply.js";
import { readRequestBody } from "./request-body.js";
import { type MockRequestRecord, RequestLog } from "./request-log.js";
import { SpecRouter, unknownUrl } from "./router.js";
import {
  findScenario,
  formatScenario,
  type Scenario,
  ScenarioCounter,
  type ScenarioInput,
  type ScenarioOperation,
  scenariosFor,
  scenariosFromHeader,
  scenariosFromOptions,
  scenariosFromPrompt,
} from "./scenarios.js";
import type { OperationId, Video } from "./spec.js";

/** Operations with behaviour of their own; every other one is answered from the spec. */
const handlers: Partial<Record<OperationId, Handler>> = {
  createVideo,
  listVideos,
  getVideoStatus,
  deleteVideo,
  getVideoContent,
  remixVideo,
};

/** The operations a gateway may not relay: the `no-list-delete` scenario answers them with 404. */
const listAndDelete: ReadonlySet<OperationId> = new Set<OperationId>(["listVideos", "deleteVideo"]);

/** An answer, with what the request log says about it. */
interface Answer {
  reply: MockReply;
  operation: ScenarioOperation | null;
  /** The scenarios that applied, as far as the request got. */
  scenarios: readonly Scenario[];
}

/**
 * The mock's dispatch, independent of any transport: node:http and MSW both hand it a
 * {@link MockCall} and write out the {@link MockReply} it returns. It routes the request and runs
 * the stages in order (CORS, auth, body, validation, faults, the operation's handler); each stage
 * lives in a module of its own, and so does each operation.
 */
export class MockEngine implements HandlerEngine {
  readonly clock: Clock;
  readonly jobs: JobStore;
  readonly router = new SpecRouter();
  readonly limits: BodyLimits;
  readonly timing: JobTiming;
  readonly idempotency = new IdempotencyStore();
  readonly counter = new ScenarioCounter();
  readonly media: MediaSource | undefined;
  readonly #options: MockOptions;
  readonly #initialScenarios: Scenario[];
  #scenarios: Scenario[];
  /** A number per API key, so that jobs say whose they are without keeping the key. */
  readonly #owners = new Map<string, number>();
  readonly #log: RequestLog;

  constructor(options: MockOptions = {}) {
    this.#options = options;
    this.clock = new Clock(options);
    this.timing = { ...defaultTiming, ...options.timing };
    for (const [name, value] of Object.entries(this.timing)) {
      if (!Number.isFinite(value) || value < 0) {
        throw new RangeError(`timing.${name}: ${value} is not allowed; use a number of milliseconds >= 0.`);
      }
    }
    this.limits = { ...defaultLimits, ...options.limits };
    this.media = options.media;
    this.#log = new RequestLog(options.requestLogLimit ?? 1000);
    this.#initialScenarios = scenariosFromOptions(options.scenarios);
    this.#scenarios = [...this.#initialScenarios];
    this.jobs = new JobStore(this.clock, (job) => this.view(job, []));
  }

  /** The scenarios that apply to every request now. */
  get scenarios(): readonly Scenario[] {
    return this.#scenarios;
  }

  /** Add scenarios for every request. */
  useScenarios(inputs: readonly ScenarioInput[]): void {
    this.#scenarios = [...this.#scenarios, ...scenariosFromOptions(inputs)];
  }

  /** Back to the scenarios given in the options. */
  resetScenarios(): void {
    this.#scenarios = [...this.#initialScenarios];
    this.counter.clear();
  }

  /** The answered requests, oldest first. */
  get requests(): readonly MockRequestRecord[] {
    return this.#log.records;
  }

  /** Forget every job, key, request and scenario added since start; restart the clock. */
  reset(): void {
    this.jobs.clear();
    this.#owners.clear();
    this.idempotency.clear();
    this.#log.clear();
    this.resetScenarios();
    this.clock.reset();
  }

  /** The job as the API shows it to a request with these scenarios, in a create's or a poll's answer. */
  view(job: Job, scenarios: readonly Scenario[], phase: VideoPhase = "poll"): Video {
    return renderVideo(job, this.clock.now(), {
      phase,
      gatewayStatuses:
        findScenario([...this.#scenarios, ...job.scenarios, ...scenarios], "gateway-statuses") !== undefined,
    });
  }

  /** The number standing for the request's bearer token. */
  owner(call: MockCall): number {
    const token = call.header("authorization") ?? "";
    let owner = this.#owners.get(token);
    if (owner === undefined) {
      owner = this.#owners.size + 1;
      this.#owners.set(token, owner);
    }
    return owner;
  }

  /** Answer one request. Never throws: every failure becomes an error envelope. */
  async handle(call: MockCall, bases: Bases): Promise<MockReply> {
    await this.router.ready();
    const request_id = newRequestId();
    const { reply, operation, scenarios } = await this.#answer(call, bases);
    reply.headers["x-request-id"] = request_id;
    if (this.#options.cors !== false) Object.assign(reply.headers, corsHeaders);
    this.#log.add({
      request_id,
      method: call.method,
      path: call.query.size > 0 ? `${call.path}?${call.query}` : call.path,
      operation,
      status: reply.status,
      origin: call.origin,
      authorization: call.header("authorization") !== undefined,
      idempotency_key: call.header("idempotency-key") ?? null,
      scenarios: scenarios.map(formatScenario),
      fault: reply.fault?.kind ?? null,
    });
    return reply;
  }

  /** Run the request's stages; a refusal at any stage is answered with the scenarios known by then. */
  async #answer(call: MockCall, bases: Bases): Promise<Answer> {
    let operation: ScenarioOperation | null = null;
    let scenarios: readonly Scenario[] = this.#scenarios;
    try {
      if (call.method === "OPTIONS" && this.#options.cors !== false) {
        return { reply: preflightReply(call), operation, scenarios };
      }
      const headerScenarios = scenariosFromHeader(call.header("x-mock-scenario"));
      scenarios = [...this.#scenarios, ...headerScenarios];
      if (call.path.startsWith(FILE_ROUTE)) {
        operation = "file";
        const file = findFile(call, this.jobs);
        scenarios = scenariosFor([...scenarios, ...file.job.scenarios], "file");
        return { reply: await serveFile(call, file, scenarios, this), operation, scenarios };
      }

      const route = this.router.match(call.method, call.path);
      const operationId = route.operation.operationId;
      operation = operationId;
      const videoId = route.params.video_id;
      const job = videoId === undefined ? undefined : this.jobs.job(videoId);
      scenarios = scenariosFor([...this.#scenarios, ...(job?.scenarios ?? []), ...headerScenarios], operationId);
      // Before auth and validation, as for any URL the server does not serve.
      if (findScenario(scenarios, "no-list-delete") && listAndDelete.has(operationId)) {
        throw unknownUrl(call.method, call.path);
      }
      authorize(route, call, this.#options.apiKey);
      const { body, files, contentType } = await readRequestBody(route, call, this.limits);
      // A JSON create is one family's native body: checked against that family's schema and the model's limits
      // (TokenOps' 2004), not against the spec's union of every family.
      let familyJob: FamilyJob | undefined;
      if (operationId === "createVideo" && contentType === "application/json") {
        familyJob = readFamilyRequest(body, this.router);
      } else {
        this.router.validate(route, {
          method: call.method,
          path: call.path,
          query: Object.fromEntries(call.query),
          contentType,
          body: route.operation.requestBody === undefined ? undefined : body,
        });
      }

      const prompt = familyJob?.prompt ?? promptOf(body);
      const promptScenarios = prompt === undefined ? [] : scenariosFromPrompt(prompt);
      const applied = scenariosFor(
        [...this.#scenarios, ...(job?.scenarios ?? []), ...promptScenarios, ...headerScenarios],
        operationId,
      );
      scenarios = applied;
      const key = requestKey(call);
      const early = await faultBeforeHandler(applied, key, call, this.counter);
      if (early !== undefined) return { reply: early, operation, scenarios };

      const handler = handlers[operationId] ?? answerFromSpec;
      const context = { call, bases, route, body, files, scenarios: applied, promptScenarios, key, job, familyJob };
      const reply = await handler(context, this);
      if (dropsResponse(applied, key, this.counter)) reply.fault = { kind: "drop" };
      return { reply, operation, scenarios };
    } catch (error) {
      return {
        reply: errorReply(error, findScenario(scenarios, "gateway-errors") !== undefined),
        operation,
        scenarios,
      };
    }
  }
}
