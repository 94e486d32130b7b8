import type { BodyLimits } from "./call.js";
import type { ClockOptions } from "./clock.js";
import type { JobTiming } from "./jobs.js";
import type { MediaSource } from "./media.js";
import type { ScenarioInput } from "./scenarios.js";

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
