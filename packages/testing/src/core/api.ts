import { handleRequest } from "../transports/fetch.js";
import type { Bases } from "./call.js";
import { MockEngine } from "./engine.js";
import type { MockVideos } from "./jobs.js";
import type { MockOptions } from "./options.js";
import type { MockRequestRecord } from "./request-log.js";
import type { Scenario, ScenarioInput } from "./scenarios.js";

/**
 * The scenarios that apply to every request, changeable while the mock runs.
 *
 * @example
 * server.scenarios.use("rate-limit;retry-after=1");
 * // … the next request gets a 429, its retry succeeds …
 * server.scenarios.reset();
 */
export interface MockScenarios {
  /** The scenarios in force for every request. */
  readonly active: readonly Scenario[];
  /** Add scenarios (objects or header-syntax text) for every request from now on. */
  use(...scenarios: ScenarioInput[]): void;
  /** Back to the scenarios given at start, and forget how often one-time faults fired. */
  reset(): void;
}

/**
 * What a test can see and steer in a running mock, whichever transport serves it.
 *
 * @example
 * const created = await client.videos.create({ model: "sora-2", prompt: "a fox" });
 * server.advance(10_000); // with timeScale: 0, time moves only here
 * expect(server.videos.get(created.id)?.video.status).toBe("completed");
 */
export interface MockControls {
  /** The jobs: inspect them, or complete, fail or cancel one now. */
  readonly videos: MockVideos;
  /** The requests answered so far (the newest `requestLogLimit`), oldest first. */
  readonly requests: readonly MockRequestRecord[];
  /** Scenarios for every request. */
  readonly scenarios: MockScenarios;
  /** Move the jobs' clock forward by `ms` simulated milliseconds. */
  advance(ms: number): void;
  /** The jobs' clock: simulated Unix milliseconds. */
  now(): number;
  /** Forget every job, Idempotency-Key, logged request and added scenario; restart the clock. */
  reset(): void;
}

/**
 * The mock without a server: the same behaviour behind a `fetch` function, and the object to
 * hand to `handlers({ api })` so MSW tests can inspect and steer it.
 *
 * @example
 * const mock = createMockApi({ timeScale: 0 });
 * const client = createClient({ apiKey: "test", baseUrl: "http://mock.test", fetch: mock.fetch });
 */
export interface MockApi extends MockControls {
  /** A `fetch` that answers every request from the mock, whatever its host. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
}

/** The default CDN-like origin of JSON content URLs when there is no second listener (MSW, `fetch`). */
export const DEFAULT_CDN_BASE_URL = "https://cdn.tokenops-mock.invalid";

const engines = new WeakMap<MockControls, MockEngine>();

/** The engine behind a mock's controls; for transports in this package only. */
export function engineOf(controls: MockControls): MockEngine {
  const engine = engines.get(controls);
  if (engine === undefined) throw new TypeError("Expected an object made by createMockApi or startMockServer.");
  return engine;
}

/** The test-facing controls over an engine. */
export function controlsFor<T extends object>(engine: MockEngine, extra: T): MockControls & T {
  const base: MockControls = {
    videos: engine.jobs,
    get requests() {
      return engine.requests.slice();
    },
    scenarios: {
      get active() {
        return engine.scenarios.slice();
      },
      use: (...scenarios: ScenarioInput[]) => engine.useScenarios(scenarios),
      reset: () => engine.resetScenarios(),
    },
    advance: (ms: number) => engine.clock.advance(ms),
    now: () => engine.clock.now(),
    reset: () => engine.reset(),
  };
  // Copy descriptors, not values, so that the getters stay live.
  const controls = Object.defineProperties(extra, Object.getOwnPropertyDescriptors(base)) as MockControls & T;
  engines.set(controls, engine);
  return controls;
}

/**
 * Make a mock TokenOps API in memory — no server, no MSW. Its `fetch` answers any URL; pass it to
 * a client, or pass the whole object to `handlers({ api })`.
 *
 * @example
 * import { createMockApi } from "@tokenops/testing";
 * const mock = createMockApi({ timeScale: 0, scenarios: ["poll-after;ms=250"] });
 * const response = await mock.fetch("http://mock.test/v1/videos/video_x", {
 *   headers: { authorization: "Bearer test" },
 * }); // 404 with the spec's error envelope
 */
export function createMockApi(options: MockOptions & { cdnBaseUrl?: string } = {}): MockApi {
  const engine = new MockEngine(options);
  const cdn = (options.cdnBaseUrl ?? DEFAULT_CDN_BASE_URL).replace(/\/$/, "");
  return controlsFor(engine, {
    fetch: (input: Request | string | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const bases: Bases = { api: new URL(request.url).origin, cdn };
      return handleRequest(engine, request, bases);
    },
  });
}
