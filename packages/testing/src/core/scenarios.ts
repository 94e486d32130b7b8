import { type ErrorCode, errorCodes } from "@tokenops/contract";
import { type BareItem, parseList, Token } from "structured-headers";
import { MockError } from "./errors.js";
import { type OperationId, operationIds } from "./spec.js";

/**
 * How many times a transient fault happens for one request key before requests succeed.
 *
 * @example
 * ```ts
 * // Two 503s for each request, then success; and every download cut short, however often it is retried:
 * server.scenarios.use({ name: "unavailable", times: 2 }, { name: "drop-download", times: "always" });
 * ```
 */
export type Times = number | "always";

/**
 * The operation a scenario is limited to: an operationId, or `"file"` for the mock's download URLs.
 *
 * @example
 * ```ts
 * // Only content requests get a 500; creates and status polls succeed:
 * server.scenarios.use({ name: "server-error", operation: "getVideoContent" });
 * ```
 */
export type ScenarioOperation = OperationId | "file";

interface Transient {
  /** How many times, per request key, before requests succeed (default 1; `"always"` never stops). */
  times?: Times;
  /** Only requests for this operation (default: every request the scenario reaches). */
  operation?: ScenarioOperation;
}

/**
 * A behaviour of the mock for testing a client: faults, failures and the service's less common
 * answers. Give scenarios to `startMockServer({ scenarios })` / `handlers({ scenarios })` for every
 * request, in an `x-mock-scenario` header for one request, or in a prompt as `[mock: …]` for one job
 * and every later request about it. The README lists each with its parameters.
 *
 * @example
 * const scenarios: Scenario[] = [{ name: "rate-limit", retryAfter: 1 }, { name: "fail", code: "moderation_blocked" }];
 */
export type Scenario =
  /** The job fails halfway through, with this error. */
  | { name: "fail"; code?: string; message?: string }
  /** Answer with this error status and the spec's error envelope. */
  | ({ name: "error"; status: number; code?: string; message?: string; retryAfter?: number } & Transient)
  /**
   * Answer with one of TokenOps' error codes (E1): its HTTP status and type from the contract's `errorCodes`, e.g.
   * 2103 → 403, 2003 → 424; 2007 and 2008 (the per-minute limits) → 429 with `Retry-After` (`retryAfter`, default 1 s).
   */
  | ({ name: "error-code"; code: ErrorCode; message?: string; retryAfter?: number } & Transient)
  /** 429 with `Retry-After` (seconds) and `retry-after-ms`. */
  | ({ name: "rate-limit"; retryAfter?: number; retryAfterMs?: number } & Transient)
  /** 500. */
  | ({ name: "server-error" } & Transient)
  /**
   * A create (or remix) beyond `max` unfinished (queued or in-progress) jobs for the API key gets OpenAI's
   * 429 `rate_limit_exceeded`, with `Retry-After` and `retry-after-ms` saying when the key's first job ends
   * (or `retryAfterMs`). A create that repeats an earlier Idempotency-Key gets its job back, never a 429.
   */
  | { name: "concurrency-limit"; max: number; retryAfterMs?: number }
  /** 503 with `Retry-After`. */
  | ({ name: "unavailable"; retryAfter?: number } & Transient)
  /** Do the work (a create makes its job), then close the connection without an answer. */
  | ({ name: "drop-response" } & Transient)
  /** Wait this many real milliseconds before answering. */
  | ({ name: "delay"; ms: number } & Transient)
  /** Never answer (until the client gives up or the server closes). */
  | ({ name: "hang" } & Transient)
  /** Send the download in chunks of `chunkBytes`, waiting `delayMs` between them. */
  | { name: "slow-download"; chunkBytes?: number; delayMs?: number }
  /** Cut the download's connection after `afterBytes` (default: half the file), short of its Content-Length. */
  | { name: "drop-download"; afterBytes?: number; times?: Times }
  /** Answer content requests with JSON `{video_url, expires_at}` pointing at the mock's own (`self`) or another (`cdn`) origin. */
  | { name: "json-content"; origin?: "self" | "cdn" }
  /** Send `openai-poll-after-ms` with this value on status responses of running jobs. */
  | { name: "poll-after"; ms: number }
  /** Send errors in the gateway's envelope (`{error: {code: <status>, message, details}}`). */
  | { name: "gateway-errors" }
  /**
   * Report statuses in a gateway's words: `pending` for `queued`, `processing` for `in_progress`,
   * and `expired` for a completed job whose files have expired.
   */
  | { name: "gateway-statuses" }
  /** Answer `GET /v1/videos` and `DELETE /v1/videos/{video_id}` with 404, as a gateway without them would. */
  | { name: "no-list-delete" };

/**
 * A scenario's name.
 *
 * @example
 * ```ts
 * import type { ScenarioName } from "@tokenops/testing";
 *
 * const name: ScenarioName = "rate-limit";
 * server.scenarios.use(name); // the scenario with its default parameters
 * ```
 */
export type ScenarioName = Scenario["name"];

/**
 * A scenario as an object, or as text in the `x-mock-scenario` syntax (e.g. `"rate-limit;retry-after=2"`).
 *
 * @example
 * ```ts
 * import type { ScenarioInput } from "@tokenops/testing";
 *
 * // The same scenario both ways:
 * const scenarios: ScenarioInput[] = [{ name: "rate-limit", retryAfter: 2 }, "rate-limit;retry-after=2"];
 * ```
 */
export type ScenarioInput = Scenario | string;

type ParamKind = "count" | "integer" | "string" | "status" | "times" | "operation" | "origin" | "error-code";

const operations: readonly ScenarioOperation[] = [...operationIds, "file"];

const transient = { times: "times", operation: "operation" } as const;

/** Each scenario's parameters (camelCase; kebab-case in headers and prompts) and which are required. */
const definitions: Record<ScenarioName, { params: Record<string, ParamKind>; required?: readonly string[] }> = {
  fail: { params: { code: "string", message: "string" } },
  error: {
    params: { status: "status", code: "string", message: "string", retryAfter: "count", ...transient },
    required: ["status"],
  },
  "rate-limit": { params: { retryAfter: "count", retryAfterMs: "count", ...transient } },
  "concurrency-limit": { params: { max: "count", retryAfterMs: "count" }, required: ["max"] },
  "server-error": { params: { ...transient } },
  unavailable: { params: { retryAfter: "count", ...transient } },
  "error-code": {
    params: { code: "error-code", message: "string", retryAfter: "count", ...transient },
    required: ["code"],
  },
  "drop-response": { params: { ...transient } },
  delay: { params: { ms: "count", ...transient }, required: ["ms"] },
  hang: { params: { ...transient } },
  "slow-download": { params: { chunkBytes: "integer", delayMs: "count" } },
  "drop-download": { params: { afterBytes: "count", times: "times" } },
  "json-content": { params: { origin: "origin" } },
  "poll-after": { params: { ms: "count" }, required: ["ms"] },
  "gateway-errors": { params: {} },
  "gateway-statuses": { params: {} },
  "no-list-delete": { params: {} },
};

/**
 * Every scenario name, for messages and docs.
 *
 * @example
 * ```ts
 * import { scenarioNames } from "@tokenops/testing";
 * import { test } from "vitest";
 *
 * scenarioNames.includes("gateway-errors"); // true
 * test.each(scenarioNames)("the client survives %s", async (name) => {
 *   // …
 * });
 * ```
 */
export const scenarioNames = Object.keys(definitions) as ScenarioName[];

/** The first scenario of that name, with its parameters typed. */
export function findScenario<N extends ScenarioName>(
  scenarios: readonly Scenario[],
  name: N,
): Extract<Scenario, { name: N }> | undefined {
  return scenarios.find((scenario): scenario is Extract<Scenario, { name: N }> => scenario.name === name);
}

/** The scenarios that reach a request for `operation`: those not limited to another operation. */
export function scenariosFor(scenarios: readonly Scenario[], operation: ScenarioOperation): Scenario[] {
  return scenarios.filter(
    (scenario) => !("operation" in scenario) || scenario.operation === undefined || scenario.operation === operation,
  );
}

/** Raised for a scenario that does not exist or has a bad parameter; the message names both. */
export class ScenarioError extends Error {
  override name = "ScenarioError";
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const camel = (key: string) => key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

function checkParam(scenario: string, key: string, kind: ParamKind, value: unknown): unknown {
  const refuseValue = (allowed: string): never => {
    throw new ScenarioError(
      `scenario "${scenario}": ${kebab(key)}=${JSON.stringify(value)} is not allowed; use ${allowed}.`,
    );
  };
  switch (kind) {
    case "count":
      return typeof value === "number" && Number.isInteger(value) && value >= 0
        ? value
        : refuseValue("an integer >= 0");
    case "integer":
      return typeof value === "number" && Number.isInteger(value) && value >= 1
        ? value
        : refuseValue("an integer >= 1");
    case "status":
      return typeof value === "number" && Number.isInteger(value) && value >= 400 && value <= 599
        ? value
        : refuseValue("an HTTP error status (400-599)");
    case "string":
      return typeof value === "string" ? value : refuseValue("a string");
    case "times":
      if (value === "always") return value;
      return typeof value === "number" && Number.isInteger(value) && value >= 1
        ? value
        : refuseValue('an integer >= 1 or "always"');
    case "operation":
      return operations.includes(value as ScenarioOperation) ? value : refuseValue(`one of ${operations.join(", ")}`);
    case "origin":
      return value === "self" || value === "cdn" ? value : refuseValue('"self" or "cdn"');
    case "error-code":
      return Object.hasOwn(errorCodes, String(value)) && typeof value === "number"
        ? value
        : refuseValue(`one of TokenOps' codes ${Object.keys(errorCodes).join(", ")}`);
  }
}

/** Check a scenario object (from options, or parsed text) and return it with sorted keys. */
export function normalizeScenario(input: { name: unknown } & Record<string, unknown>): Scenario {
  const { name, ...params } = input;
  const definition = typeof name === "string" ? definitions[name as ScenarioName] : undefined;
  if (definition === undefined) {
    throw new ScenarioError(`unknown scenario ${JSON.stringify(name)}; known: ${scenarioNames.join(", ")}.`);
  }
  const out: Record<string, unknown> = { name };
  for (const key of Object.keys(params).sort()) {
    const kind = definition.params[key];
    if (kind === undefined) {
      const known = Object.keys(definition.params).map(kebab);
      throw new ScenarioError(
        `scenario "${name}": unknown parameter "${kebab(key)}"; ${known.length > 0 ? `known: ${known.join(", ")}` : "it takes none"}.`,
      );
    }
    if (params[key] !== undefined) out[key] = checkParam(name as string, key, kind, params[key]);
  }
  for (const key of definition.required ?? []) {
    if (out[key] === undefined) throw new ScenarioError(`scenario "${name}": parameter "${kebab(key)}" is required.`);
  }
  return out as Scenario;
}

function bare(item: BareItem): unknown {
  return item instanceof Token ? item.toString() : item;
}

/**
 * Parse the `x-mock-scenario` syntax: a comma-separated list of scenario names, each with
 * `;key=value` parameters (an RFC 9651 structured-field list), e.g.
 * `rate-limit;retry-after=2, fail;code=moderation_blocked;message="Blocked"`.
 */
export function parseScenarios(text: string): Scenario[] {
  let list: ReturnType<typeof parseList>;
  try {
    list = parseList(text);
  } catch (error) {
    throw new ScenarioError(
      `cannot parse ${JSON.stringify(text)} (${(error as Error).message}); write e.g. rate-limit;retry-after=2, fail;code=moderation_blocked`,
    );
  }
  return list.map((member) => {
    const [value, parameters] = member;
    if (Array.isArray(value)) throw new ScenarioError(`inner lists are not scenarios: ${JSON.stringify(text)}.`);
    const params: Record<string, unknown> = {};
    for (const [key, item] of parameters) params[camel(key)] = bare(item);
    return normalizeScenario({ name: bare(value), ...params });
  });
}

/** Scenarios from options: objects or text, checked now so that a typo fails at start. */
export function scenariosFromOptions(inputs: string | readonly ScenarioInput[] | undefined): Scenario[] {
  if (inputs === undefined) return [];
  const list = typeof inputs === "string" ? [inputs] : inputs;
  return list.flatMap((input) =>
    typeof input === "string" ? parseScenarios(input) : [normalizeScenario(input as { name: unknown })],
  );
}

const promptDirective = /\[mock:([^\]]*)\]/gi;

/** Scenarios written into a prompt as `[mock: …]` (same syntax as the header). */
export function scenariosFromPrompt(prompt: string): Scenario[] {
  const found: Scenario[] = [];
  for (const match of prompt.matchAll(promptDirective)) {
    try {
      found.push(...parseScenarios((match[1] ?? "").trim()));
    } catch (error) {
      throw new MockError(400, `prompt: ${(error as Error).message}`, {
        code: "invalid_mock_scenario",
        param: "prompt",
      });
    }
  }
  return found;
}

/** The scenario header of a request, parsed; a bad one is the caller's 400. */
export function scenariosFromHeader(value: string | undefined): Scenario[] {
  if (value === undefined || value.trim() === "") return [];
  try {
    return parseScenarios(value);
  } catch (error) {
    throw new MockError(400, `x-mock-scenario: ${(error as Error).message}`, { code: "invalid_mock_scenario" });
  }
}

/** Default `times` for each transient scenario: a fault happens once per request key, then requests succeed. */
export function timesOf(scenario: Scenario): Times {
  return "times" in scenario && scenario.times !== undefined ? scenario.times : 1;
}

/** Counts how often each transient scenario has fired for each request key. */
export class ScenarioCounter {
  readonly #fired = new Map<string, number>();

  /** Whether `scenario` fires for `key` now; counts it when it does. */
  consume(scenario: Scenario, key: string): boolean {
    const times = timesOf(scenario);
    if (times === "always") return true;
    const id = `${JSON.stringify(scenario)}\u0000${key}`;
    const fired = this.#fired.get(id) ?? 0;
    if (fired >= times) return false;
    this.#fired.set(id, fired + 1);
    return true;
  }

  clear(): void {
    this.#fired.clear();
  }
}

/** Turn a scenario back into header syntax (for logs and docs). */
export function formatScenario(scenario: Scenario): string {
  const { name, ...params } = scenario;
  return [
    name,
    ...Object.entries(params).map(
      ([key, value]) =>
        `${kebab(key)}=${typeof value === "string" && key !== "operation" && key !== "origin" && key !== "times" ? JSON.stringify(value) : value}`,
    ),
  ].join(";");
}
