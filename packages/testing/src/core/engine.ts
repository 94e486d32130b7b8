import { isFinalStatus, requestDefaults, specMethods } from "@tokenops/contract";
import rangeParser from "range-parser";
import { errorResponse } from "../fixtures/errors.js";
import { videoContent, videoError } from "../fixtures/video.js";
import type { BodyLimits, MockCall, MockReply, MultipartBody, UploadedFile } from "./call.js";
import { Clock, type ClockOptions } from "./clock.js";
import { coerceFormFields } from "./coerce.js";
import { MockError } from "./errors.js";
import { type HandlerContext, type HandlerEngine, requireJob } from "./handlers/context.js";
import { deleteVideo } from "./handlers/delete.js";
import { requireDownloadable } from "./handlers/downloadable.js";
import { listVideos } from "./handlers/list.js";
import { IdempotencyStore } from "./idempotency.js";
import { readImageHeader } from "./images.js";
import {
  defaultTiming,
  type Job,
  JobStore,
  type JobTiming,
  jobEndsAt,
  jobState,
  newRequestId,
  newVideoId,
  type ReferenceImageInfo,
  renderVideo,
} from "./jobs.js";
import { builtInMedia, type MediaSource } from "./media.js";
import { json } from "./reply.js";
import { type Route, SpecRouter, unknownUrl } from "./router.js";
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
import {
  binaryFields,
  type ContentVariant,
  contentVariants,
  type OperationId,
  spec,
  type Video,
  type VideoSeconds,
  type VideoSize,
} from "./spec.js";

/**
 * Options shared by the mock server and the MSW handlers.
 *
 * @example
 * ```ts
 * import { createMockApi, type MockOptions } from "@tokenops/testing";
 *
 * const options: MockOptions = {
 *   apiKey: "test-key",
 *   timeScale: 0,
 *   timing: { queuedMs: 0, inProgressMs: 2_000 },
 *   scenarios: ["poll-after;ms=250"],
 * };
 * const mock = createMockApi(options); // or startMockServer(options), handlers({ baseUrl, ...options })
 * ```
 */
export interface MockOptions extends ClockOptions {
  /** Demand this bearer token (default: any non-empty token is accepted). */
  apiKey?: string;
  /** How long each phase of a job lasts (simulated ms). */
  timing?: Partial<JobTiming>;
  /** Scenarios for every request, as objects or header-syntax text. */
  scenarios?: string | readonly ScenarioInput[];
  /** Request body limits (413 beyond them). */
  limits?: Partial<BodyLimits>;
  /** Serve other files than the built-in media. */
  media?: MediaSource;
  /** Answer CORS preflights and allow any origin (default true), so browser pages can call the mock. */
  cors?: boolean;
  /** How many requests `requests` keeps, newest last (default 1000). */
  requestLogLimit?: number;
}

/**
 * One request the mock answered, for tests to inspect. Never holds the API key.
 *
 * @example
 * ```ts
 * await client.videos.create({ model: "sora-2", prompt: "a fox" });
 * const [record] = server.requests;
 * expect(record).toMatchObject({ method: "POST", path: "/v1/videos", operation: "createVideo", status: 200 });
 * ```
 */
export interface MockRequestRecord {
  /** The `x-request-id` the mock answered with. */
  request_id: string;
  method: string;
  /** Path and query, below the base URL. */
  path: string;
  /** The spec operation, `"file"` for download URLs, or null when nothing matched. */
  operation: ScenarioOperation | null;
  status: number;
  /** Which origin the request came to: the API, or the CDN-like second origin. */
  origin: "api" | "cdn";
  /** Whether the request carried an Authorization header. */
  authorization: boolean;
  idempotency_key: string | null;
  /** The scenarios that applied, in header syntax. */
  scenarios: string[];
  /** A transport fault the answer had: the connection dropped, hung, or streamed slowly or cut short. */
  fault: "drop" | "hang" | "stream" | null;
}

/** The base URLs a transport serves the API and the CDN-like origin at. */
export interface Bases {
  api: string;
  cdn: string;
}

const defaultLimits: BodyLimits = { fileSize: 50 * 1024 * 1024, fieldSize: 1024 * 1024, parts: 100 };
const FILE_ROUTE = "/_mock/files/";
const URL_LIFETIME_MS = 60 * 60 * 1000;
/** The operations a gateway may not relay: the `no-list-delete` scenario answers them with 404. */
const listAndDelete: ReadonlySet<OperationId> = new Set<OperationId>(["listVideos", "deleteVideo"]);

type Handler = (context: HandlerContext) => Promise<MockReply> | MockReply;

function mediaType(value: string | undefined): string {
  return (value ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/**
 * The mock's behaviour, independent of any transport: spec routing and validation, auth, the job
 * store and its clock, idempotency, scenarios and content. node:http and MSW both hand it a
 * {@link MockCall} and write out the {@link MockReply} it returns.
 */
export class MockEngine implements HandlerEngine {
  readonly clock: Clock;
  readonly jobs: JobStore;
  readonly router = new SpecRouter();
  readonly limits: BodyLimits;
  readonly #options: MockOptions;
  readonly #timing: JobTiming;
  readonly #initialScenarios: Scenario[];
  #scenarios: Scenario[];
  readonly #counter = new ScenarioCounter();
  readonly #idempotency = new IdempotencyStore();
  /** A number per API key, so that jobs say whose they are without keeping the key. */
  readonly #owners = new Map<string, number>();
  readonly #log: MockRequestRecord[] = [];
  readonly #logLimit: number;
  /** Operations with behaviour of their own; every other one is answered from the spec (`#fromSpec`). */
  readonly #handlers: Partial<Record<OperationId, Handler>>;

  constructor(options: MockOptions = {}) {
    this.#options = options;
    this.clock = new Clock(options);
    this.#timing = { ...defaultTiming, ...options.timing };
    for (const [name, value] of Object.entries(this.#timing)) {
      if (!Number.isFinite(value) || value < 0) {
        throw new RangeError(`timing.${name}: ${value} is not allowed; use a number of milliseconds >= 0.`);
      }
    }
    this.limits = { ...defaultLimits, ...options.limits };
    this.#logLimit = options.requestLogLimit ?? 1000;
    this.#initialScenarios = scenariosFromOptions(options.scenarios);
    this.#scenarios = [...this.#initialScenarios];
    this.jobs = new JobStore(this.clock, (job) =>
      renderVideo(job, this.clock.now(), {
        gatewayStatuses: findScenario([...this.#scenarios, ...job.scenarios], "gateway-statuses") !== undefined,
      }),
    );
    this.#handlers = {
      createVideo: (context) => this.#createVideo(context),
      listVideos: (context) => listVideos(context, this),
      getVideoStatus: (context) => this.#getVideoStatus(context),
      deleteVideo: (context) => deleteVideo(context, this),
      getVideoContent: (context) => this.#getVideoContent(context),
      remixVideo: (context) => this.#remixVideo(context),
    };
  }

  /** The scenarios that apply to every request now. */
  get scenarios(): readonly Scenario[] {
    return this.#scenarios;
  }

  /** Add scenarios for every request. */
  useScenarios(inputs: readonly ScenarioInput[]): void {
    this.#scenarios.push(...scenariosFromOptions(inputs));
  }

  /** Back to the scenarios given in the options. */
  resetScenarios(): void {
    this.#scenarios = [...this.#initialScenarios];
    this.#counter.clear();
  }

  /** The answered requests, oldest first. */
  get requests(): readonly MockRequestRecord[] {
    return this.#log;
  }

  /** Forget every job, key, request and scenario added since start; restart the clock. */
  reset(): void {
    this.jobs.clear();
    this.#owners.clear();
    this.#idempotency.clear();
    this.#log.length = 0;
    this.resetScenarios();
    this.clock.reset();
  }

  /** Answer one request. Never throws: every failure becomes an error envelope. */
  async handle(call: MockCall, bases: Bases): Promise<MockReply> {
    await this.router.ready();
    const record: MockRequestRecord = {
      request_id: newRequestId(),
      method: call.method,
      path: call.query.size > 0 ? `${call.path}?${call.query}` : call.path,
      operation: null,
      status: 0,
      origin: call.origin,
      authorization: call.header("authorization") !== undefined,
      idempotency_key: call.header("idempotency-key") ?? null,
      scenarios: [],
      fault: null,
    };
    const applied: Scenario[] = [...this.#scenarios];
    let reply: MockReply;
    try {
      reply = await this.#dispatch(call, bases, record, applied);
    } catch (error) {
      reply = this.#errorReply(error, findScenario(applied, "gateway-errors") !== undefined);
    }
    reply.headers["x-request-id"] = record.request_id;
    if (this.#options.cors !== false) {
      reply.headers["access-control-allow-origin"] = "*";
      reply.headers["access-control-expose-headers"] =
        "x-request-id, openai-poll-after-ms, retry-after, retry-after-ms, content-length, content-range, accept-ranges";
    }
    record.status = reply.status;
    record.fault = reply.fault?.kind ?? null;
    record.scenarios = applied.map(formatScenario);
    this.#log.push(record);
    if (this.#log.length > this.#logLimit) this.#log.splice(0, this.#log.length - this.#logLimit);
    return reply;
  }

  #errorReply(error: unknown, gateway: boolean): MockReply {
    const failure =
      error instanceof MockError
        ? error
        : new MockError(500, `The mock server failed: ${(error as Error)?.message ?? String(error)}`, {
            code: "mock_internal_error",
          });
    const { code, type, param, details, headers } = failure.info;
    const envelope = errorResponse({
      status: failure.status,
      message: failure.message,
      style: gateway ? "gateway" : "openai",
      ...(code === undefined ? {} : { code }),
      ...(type === undefined ? {} : { type }),
      ...(param === undefined ? {} : { param }),
      ...(details === undefined ? {} : { details }),
    });
    return json(failure.status, envelope, headers);
  }

  async #dispatch(call: MockCall, bases: Bases, record: MockRequestRecord, applied: Scenario[]): Promise<MockReply> {
    if (call.method === "OPTIONS" && this.#options.cors !== false) {
      return {
        status: 204,
        headers: {
          "access-control-allow-methods": [...specMethods, "OPTIONS"].join(", "),
          "access-control-allow-headers":
            call.header("access-control-request-headers") ??
            "authorization, content-type, idempotency-key, x-mock-scenario, range",
          "access-control-max-age": "600",
        },
        body: null,
      };
    }
    const headerScenarios = scenariosFromHeader(call.header("x-mock-scenario"));
    applied.push(...headerScenarios);
    if (call.path.startsWith(FILE_ROUTE)) {
      record.operation = "file";
      return this.#serveFileRoute(call, applied);
    }

    const route = this.router.match(call.method, call.path);
    const operationId = route.operation.operationId;
    record.operation = operationId;
    const videoId = route.params.video_id;
    const job = videoId === undefined ? undefined : this.jobs.job(videoId);
    const standing = scenariosFor([...this.#scenarios, ...(job?.scenarios ?? []), ...headerScenarios], operationId);
    applied.length = 0;
    applied.push(...standing);
    // Before auth and validation, as for any URL the server does not serve.
    if (findScenario(standing, "no-list-delete") && listAndDelete.has(operationId)) {
      throw unknownUrl(call.method, call.path);
    }
    this.#authorize(route, call);

    const { body, files, contentType } = await this.#readBody(route, call);
    this.router.validate(route, {
      method: call.method,
      path: call.path,
      query: Object.fromEntries(call.query),
      contentType,
      body: route.operation.requestBody === undefined ? undefined : body,
    });

    const promptScenarios = typeof body.prompt === "string" ? scenariosFromPrompt(body.prompt) : [];
    const scenarios = scenariosFor(
      [...this.#scenarios, ...(job?.scenarios ?? []), ...promptScenarios, ...headerScenarios],
      operationId,
    );
    applied.length = 0;
    applied.push(...scenarios);

    const key = requestKey(call);
    const early = await this.#beforeHandler(scenarios, key, call);
    if (early !== undefined) return early;

    const handler = this.#handlers[operationId] ?? ((context: HandlerContext) => this.#fromSpec(context));
    const reply = await handler({
      call,
      bases,
      route,
      body,
      files,
      scenarios,
      promptScenarios,
      key,
      job,
    });
    const drop = findScenario(scenarios, "drop-response");
    if (drop !== undefined && this.#counter.consume(drop, key)) reply.fault = { kind: "drop" };
    return reply;
  }

  /** Bearer auth, for the operations whose spec `security` asks for it. */
  #authorize(route: Route, call: MockCall): void {
    const requirements = route.operation.security ?? spec.security;
    if (requirements.length === 0) return;
    const header = call.header("authorization");
    const match = header === undefined ? null : /^Bearer\s+(\S.*)$/i.exec(header.trim());
    if (match === null) {
      throw new MockError(
        401,
        header === undefined
          ? "You didn't provide an API key. Send it in the Authorization header as `Bearer YOUR_KEY`."
          : "The Authorization header must be `Bearer YOUR_KEY`.",
        { code: "missing_api_key" },
      );
    }
    const expected = this.#options.apiKey;
    if (expected !== undefined && match[1] !== expected) {
      throw new MockError(401, "Incorrect API key provided.", { code: "invalid_api_key" });
    }
  }

  /** Read the body in the form the operation's spec asks for; 415 for any other Content-Type. */
  async #readBody(
    route: Route,
    call: MockCall,
  ): Promise<{ body: Record<string, unknown>; files: Map<string, UploadedFile>; contentType: string }> {
    const requestBody = route.operation.requestBody as
      | { content: Record<string, { schema?: unknown; encoding?: unknown }> }
      | undefined;
    const contentType = mediaType(call.header("content-type"));
    if (requestBody === undefined) return { body: {}, files: new Map(), contentType };
    const accepted = Object.keys(requestBody.content);
    if (!accepted.includes(contentType)) {
      throw new MockError(
        415,
        `Content-Type ${contentType === "" ? "(none)" : contentType} is not accepted here; send ${accepted.join(" or ")}.`,
        { code: "unsupported_media_type" },
      );
    }
    if (contentType === "multipart/form-data") {
      const media = requestBody.content[contentType];
      return { ...this.#checkMultipart(await call.readMultipart(this.limits), media), contentType };
    }
    const value = await call.readJson(this.limits);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new MockError(400, `The body must be a JSON object; got ${JSON.stringify(value)}.`, {
        code: "invalid_type",
      });
    }
    return { body: value as Record<string, unknown>, files: new Map(), contentType };
  }

  /**
   * Binary fields must arrive as files (a URL string is the 400 `invalid_type` upstream sends),
   * text fields as text, and each file with a MIME type the spec's `encoding` allows.
   */
  #checkMultipart(
    parts: MultipartBody,
    media: { schema?: unknown; encoding?: unknown } | undefined,
  ): { body: Record<string, unknown>; files: Map<string, UploadedFile> } {
    const binary = binaryFields(media?.schema ?? {}, media?.encoding);
    const body = coerceFormFields(media?.schema ?? {}, Object.fromEntries(parts.fields));
    for (const name of parts.fields.keys()) {
      if (binary.has(name)) {
        throw new MockError(400, `Invalid type for '${name}': expected a file upload, got a string.`, {
          code: "invalid_type",
          param: name,
        });
      }
    }
    for (const [name, file] of parts.files) {
      const allowed = binary.get(name);
      if (!binary.has(name)) {
        throw new MockError(400, `Invalid type for '${name}': expected text, got a file (${file.filename}).`, {
          code: "invalid_type",
          param: name,
        });
      }
      const type = mediaType(file.type);
      if (allowed && !allowed.includes(type)) {
        throw new MockError(
          400,
          `Invalid file type for '${name}': ${type || "(none)"}. Allowed: ${allowed.join(", ")}.`,
          { code: "invalid_file_type", param: name },
        );
      }
      // The schema says `type: string, format: binary`; the file stands in as its name.
      body[name] = file.filename;
    }
    return { body, files: parts.files };
  }

  /** Transient faults that answer before the operation runs: hang, delay, error statuses. */
  async #beforeHandler(scenarios: readonly Scenario[], key: string, call: MockCall): Promise<MockReply | undefined> {
    for (const scenario of scenarios) {
      switch (scenario.name) {
        case "hang":
          if (this.#counter.consume(scenario, key))
            return { status: 0, headers: {}, body: null, fault: { kind: "hang" } };
          break;
        case "delay":
          if (this.#counter.consume(scenario, key)) {
            await sleep(scenario.ms, call.signal);
            // Nobody is left to answer.
            if (call.signal.aborted) return { status: 0, headers: {}, body: null, fault: { kind: "drop" } };
          }
          break;
        case "error":
          if (this.#counter.consume(scenario, key)) {
            throw new MockError(scenario.status, scenario.message ?? defaultMessage(scenario.status), {
              ...(scenario.code === undefined ? {} : { code: scenario.code }),
              headers: scenario.retryAfter === undefined ? {} : retryHeaders(scenario.retryAfter * 1000),
            });
          }
          break;
        case "rate-limit":
          if (this.#counter.consume(scenario, key)) {
            const ms = scenario.retryAfterMs ?? (scenario.retryAfter ?? 1) * 1000;
            throw new MockError(429, "Rate limit reached for requests; retry after the time in Retry-After.", {
              headers: retryHeaders(ms),
            });
          }
          break;
        case "server-error":
          if (this.#counter.consume(scenario, key)) {
            throw new MockError(500, "The server had an error while processing your request.");
          }
          break;
        case "unavailable":
          if (this.#counter.consume(scenario, key)) {
            throw new MockError(503, "The service is temporarily unavailable; retry later.", {
              headers: retryHeaders((scenario.retryAfter ?? 1) * 1000),
            });
          }
          break;
        default:
          break;
      }
    }
    return undefined;
  }

  /** The job as the API shows it to a request with these scenarios. */
  view(job: Job, scenarios: readonly Scenario[]): Required<Video> {
    return renderVideo(job, this.clock.now(), {
      gatewayStatuses:
        findScenario([...this.#scenarios, ...job.scenarios, ...scenarios], "gateway-statuses") !== undefined,
    });
  }

  /** Return the job an earlier request with the same Idempotency-Key made, if any. */
  #replay(context: HandlerContext, fingerprint: string): MockReply | undefined {
    const key = context.call.header("idempotency-key");
    if (key === undefined) return undefined;
    const videoId = this.#idempotency.find(key, fingerprint);
    const job = videoId === undefined ? undefined : this.jobs.job(videoId);
    return job === undefined ? undefined : json(200, this.view(job, context.scenarios));
  }

  #newJob(
    context: HandlerContext,
    fields: Pick<Job, "model" | "prompt" | "size" | "seconds" | "remixedFromVideoId" | "inputReference">,
    fingerprint: string,
  ): MockReply {
    const fail = findScenario(context.scenarios, "fail");
    const key = context.call.header("idempotency-key") ?? null;
    const owner = this.#owner(context.call);
    const limit = findScenario(context.scenarios, "concurrency-limit");
    if (limit !== undefined) this.#checkConcurrency(owner, limit);
    const job = this.jobs.add({
      id: newVideoId(),
      ...fields,
      createdAt: this.clock.now(),
      timing: this.#timing,
      failure:
        fail === undefined
          ? null
          : videoError({
              ...(fail.code === undefined ? {} : { code: fail.code }),
              ...(fail.message === undefined ? {} : { message: fail.message }),
            }),
      scenarios: context.promptScenarios,
      idempotencyKey: key,
      owner,
      forced: null,
    });
    if (key !== null) this.#idempotency.remember(key, fingerprint, job.id);
    return json(200, this.view(job, context.scenarios));
  }

  /** The number standing for the request's bearer token. */
  #owner(call: MockCall): number {
    const token = call.header("authorization") ?? "";
    let owner = this.#owners.get(token);
    if (owner === undefined) {
      owner = this.#owners.size + 1;
      this.#owners.set(token, owner);
    }
    return owner;
  }

  /**
   * `concurrency-limit`: OpenAI's 429 for a create beyond `max` unfinished jobs of the key, saying when
   * the first of them ends (real milliseconds: simulated time runs `timeScale` times as fast).
   */
  #checkConcurrency(owner: number, limit: Extract<Scenario, { name: "concurrency-limit" }>): void {
    const now = this.clock.now();
    const running = this.jobs
      .all()
      .filter((job) => job.owner === owner && ["queued", "in_progress"].includes(jobState(job, now).status));
    if (running.length < limit.max) return;
    // With max=0 nothing ever ends: a second, like the rate-limit scenario's default.
    const wait = running.length > 0 ? Math.min(...running.map(jobEndsAt)) - now : 1000;
    const scale = this.clock.timeScale > 0 ? this.clock.timeScale : 1;
    const ms = limit.retryAfterMs ?? Math.max(1, Math.ceil(wait / scale));
    throw new MockError(
      429,
      `Rate limit reached for concurrent video jobs: Limit ${limit.max}, Used ${running.length}, Requested 1. Please try again in ${ms}ms.`,
      { type: "requests", code: "rate_limit_exceeded", param: null, headers: retryHeaders(ms) },
    );
  }

  #createVideo(context: HandlerContext): MockReply {
    const { body, files } = context;
    const size = (body.size as VideoSize | undefined) ?? requestDefaults.size;
    const seconds = (body.seconds as VideoSeconds | undefined) ?? requestDefaults.seconds;
    const upload = files.get("input_reference");
    const inputReference = upload === undefined ? null : checkReference(upload, size);
    const fingerprint = JSON.stringify([
      "createVideo",
      body.model,
      body.prompt,
      size,
      seconds,
      inputReference && [inputReference.filename, inputReference.type, inputReference.bytes],
    ]);
    return (
      this.#replay(context, fingerprint) ??
      this.#newJob(
        context,
        {
          model: body.model as string,
          prompt: body.prompt as string,
          size,
          seconds,
          remixedFromVideoId: null,
          inputReference,
        },
        fingerprint,
      )
    );
  }

  #remixVideo(context: HandlerContext): MockReply {
    const source = requireJob(context);
    const { status } = jobState(source, this.clock.now());
    if (status !== "completed") {
      throw new MockError(400, `Video '${source.id}' is ${status}; only a completed video can be remixed.`, {
        code: "video_not_ready",
        param: "video_id",
      });
    }
    const { model, prompt } = context.body as { model: string; prompt: string };
    const fingerprint = JSON.stringify(["remixVideo", source.id, model, prompt]);
    return (
      this.#replay(context, fingerprint) ??
      this.#newJob(
        context,
        {
          model,
          prompt,
          size: source.size,
          seconds: source.seconds,
          remixedFromVideoId: source.id,
          inputReference: null,
        },
        fingerprint,
      )
    );
  }

  /**
   * An operation the mock has no behaviour for, such as one just added to the spec: its request was
   * validated like any other, and the answer is its success response's example, or one made from the
   * schema — as Prism does — so a new operation is reachable at once, never a 404 or 405.
   */
  #fromSpec(context: HandlerContext): MockReply {
    const { status, contentType, body } = this.router.example(context.route.operation.operationId);
    if (contentType === undefined) return { status, headers: {}, body: null };
    if (/json/.test(contentType)) return json(status, body, { "content-type": contentType });
    const bytes = new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body ?? ""));
    return {
      status,
      headers: { "content-type": contentType, "content-length": String(bytes.byteLength) },
      body: bytes,
    };
  }

  #getVideoStatus(context: HandlerContext): MockReply {
    const job = requireJob(context);
    const video = this.view(job, context.scenarios);
    const pollAfter = findScenario(context.scenarios, "poll-after");
    const running = !isFinalStatus(video.status);
    return json(200, video, pollAfter && running ? { "openai-poll-after-ms": String(pollAfter.ms) } : {});
  }

  /** The file for the requested variant, whatever `Accept` says (the `openai` package sends `application/binary`). */
  async #getVideoContent(context: HandlerContext): Promise<MockReply> {
    const job = requireJob(context);
    const variant = (context.call.query.get("variant") ?? requestDefaults.variant) as ContentVariant;
    requireDownloadable(job, this.clock.now());
    const asJson = findScenario(context.scenarios, "json-content");
    if (asJson !== undefined) {
      // A download URL never outlives the files it points at.
      const now = this.clock.now();
      const filesExpireAt = jobState(job, now).expiresAt ?? Number.POSITIVE_INFINITY;
      const expiresAt = Math.min(now + URL_LIFETIME_MS, filesExpireAt);
      const base = asJson.origin === "cdn" ? context.bases.cdn : context.bases.api;
      const url = `${base}${FILE_ROUTE}${encodeURIComponent(job.id)}/${variant}?expires=${Math.floor(expiresAt / 1000)}`;
      return json(200, videoContent({ video_url: url, expires_at: Math.floor(expiresAt / 1000) }));
    }
    return this.#fileReply(context.call, job, variant, context.scenarios, context.key);
  }

  /** `GET /_mock/files/{video_id}/{variant}`: the download URL the JSON content form points at (no auth, like a CDN). */
  #serveFileRoute(call: MockCall, scenarios: Scenario[]): Promise<MockReply> {
    if (call.method !== "GET") {
      throw new MockError(405, `Method ${call.method} is not allowed on ${call.path}; use GET.`, {
        code: "method_not_allowed",
        headers: { allow: "GET" },
      });
    }
    const [id = "", variant = "", ...rest] = call.path.slice(FILE_ROUTE.length).split("/");
    const job = this.jobs.job(decodeURIComponent(id));
    if (job === undefined || rest.length > 0 || !contentVariants.includes(variant as ContentVariant)) {
      throw new MockError(404, `No file at ${call.path}.`, { code: "not_found" });
    }
    const applicable = scenariosFor([...scenarios, ...job.scenarios], "file");
    scenarios.length = 0;
    scenarios.push(...applicable);
    // Expired files first: they are gone whatever the URL says (410, like the content request).
    requireDownloadable(job, this.clock.now());
    const expires = Number(call.query.get("expires"));
    if (!Number.isFinite(expires) || this.clock.now() > expires * 1000) {
      throw new MockError(403, "This download URL has expired; request the content again for a new one.", {
        code: "url_expired",
      });
    }
    return this.#fileReply(call, job, variant as ContentVariant, applicable, requestKey(call));
  }

  /** A file with Content-Type, Content-Length and Range support, and any download faults. */
  async #fileReply(
    call: MockCall,
    job: Job,
    variant: ContentVariant,
    scenarios: readonly Scenario[],
    key: string,
  ): Promise<MockReply> {
    const request = { variant, size: job.size, seconds: job.seconds, video: this.view(job, scenarios) };
    const file = (await this.#options.media?.(request)) ?? builtInMedia(request);
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
    const reply: MockReply = { status, headers, body };
    const slow = findScenario(scenarios, "slow-download");
    const drop = findScenario(scenarios, "drop-download");
    const cut = drop !== undefined && this.#counter.consume(drop, key);
    if (slow !== undefined || cut) {
      reply.fault = {
        kind: "stream",
        ...(slow === undefined ? {} : { chunkBytes: slow.chunkBytes ?? 1024, delayMs: slow.delayMs ?? 100 }),
        // Always short of the body, so the fault shows whatever the file's size.
        ...(cut
          ? { cutAfter: Math.min(drop.afterBytes ?? Math.floor(body.size / 2), Math.max(0, body.size - 1)) }
          : {}),
      };
    }
    return reply;
  }
}

function defaultMessage(status: number): string {
  return errorResponse({ status }).error?.message ?? "The request failed.";
}

function retryHeaders(ms: number): Record<string, string> {
  return { "retry-after": String(Math.ceil(ms / 1000)), "retry-after-ms": String(ms) };
}

/**
 * What a transient scenario counts "once" against: the Idempotency-Key when there is one (a
 * client's retries share it), else the method and URL (a download URL's expiry aside).
 */
function requestKey(call: MockCall): string {
  const key = call.header("idempotency-key");
  if (key !== undefined) return `key:${key}`;
  const query = new URLSearchParams(call.query);
  query.delete("expires");
  return `${call.method} ${call.path}?${query}`;
}

/**
 * The first frame must be an image whose bytes match its declared type, with the pixel size of
 * the requested video (upstream: "Inpaint image must match the requested width and height").
 */
function checkReference(file: UploadedFile, size: VideoSize): ReferenceImageInfo {
  const image = readImageHeader(file.head);
  const declared = mediaType(file.type);
  if (image === undefined) {
    throw new MockError(400, `input_reference (${file.filename}) is not a readable image.`, {
      code: "invalid_image",
      param: "input_reference",
    });
  }
  if (image.type !== declared) {
    throw new MockError(
      400,
      `input_reference (${file.filename}) is declared ${declared} but its bytes are ${image.type}.`,
      { code: "invalid_image", param: "input_reference" },
    );
  }
  const [width, height] = size.split("x").map(Number);
  if (image.width !== width || image.height !== height) {
    throw new MockError(
      400,
      `Inpaint image must match the requested width and height: input_reference is ${image.width}x${image.height}, size is ${size}.`,
      { code: "invalid_image_size", param: "input_reference" },
    );
  }
  return { filename: file.filename, type: declared, bytes: file.bytes, width: image.width, height: image.height };
}
