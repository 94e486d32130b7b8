import { errorCodes } from "@tokenops/contract";
import { errorResponse } from "../fixtures/errors.js";
import type { MockCall, MockReply, ReplyFault } from "./call.js";
import { MockError, tokenOpsError } from "./errors.js";
import { findScenario, type Scenario, type ScenarioCounter } from "./scenarios.js";
import { sleep } from "./sleep.js";

/**
 * The fault scenarios: which fault a request gets, decided once here. The transports only carry a
 * {@link ReplyFault} out (see fault-stream.ts for the slow or cut body both of them send).
 */

/** `Retry-After` (seconds, rounded up) and `retry-after-ms` for a wait of `ms`. */
export function retryHeaders(ms: number): Record<string, string> {
  return { "retry-after": String(Math.ceil(ms / 1000)), "retry-after-ms": String(ms) };
}

/**
 * What a transient scenario counts "once" against: the Idempotency-Key when there is one (a
 * client's retries share it), else the method and URL (a download URL's expiry aside).
 */
export function requestKey(call: MockCall): string {
  const key = call.header("idempotency-key");
  if (key !== undefined) return `key:${key}`;
  const query = new URLSearchParams(call.query);
  query.delete("expires");
  return `${call.method} ${call.path}?${query}`;
}

function defaultMessage(status: number): string {
  return errorResponse({ status }).error?.message ?? "The request failed.";
}

/**
 * Transient faults that answer before the operation runs: `hang`, `delay`, and the error statuses
 * (thrown as {@link MockError}). Undefined when none fires and the operation should run.
 */
export async function faultBeforeHandler(
  scenarios: readonly Scenario[],
  key: string,
  call: MockCall,
  counter: ScenarioCounter,
): Promise<MockReply | undefined> {
  for (const scenario of scenarios) {
    switch (scenario.name) {
      case "hang":
        if (counter.consume(scenario, key)) return { status: 0, headers: {}, body: null, fault: { kind: "hang" } };
        break;
      case "delay":
        if (counter.consume(scenario, key)) {
          await sleep(scenario.ms, call.signal);
          // Nobody is left to answer.
          if (call.signal.aborted) return { status: 0, headers: {}, body: null, fault: { kind: "drop" } };
        }
        break;
      case "error":
        if (counter.consume(scenario, key)) {
          throw new MockError(scenario.status, scenario.message ?? defaultMessage(scenario.status), {
            ...(scenario.code === undefined ? {} : { code: scenario.code }),
            headers: scenario.retryAfter === undefined ? {} : retryHeaders(scenario.retryAfter * 1000),
          });
        }
        break;
      case "error-code":
        if (counter.consume(scenario, key)) {
          // The per-minute limits say when to come back; any other code only if asked to.
          const wait =
            errorCodes[scenario.code].retry === "rate-limit" ? (scenario.retryAfter ?? 1) : scenario.retryAfter;
          throw tokenOpsError(scenario.code, scenario.message, {
            headers: wait === undefined ? {} : retryHeaders(wait * 1000),
          });
        }
        break;
      case "rate-limit":
        if (counter.consume(scenario, key)) {
          const ms = scenario.retryAfterMs ?? (scenario.retryAfter ?? 1) * 1000;
          throw new MockError(429, "Rate limit reached for requests; retry after the time in Retry-After.", {
            headers: retryHeaders(ms),
          });
        }
        break;
      case "server-error":
        if (counter.consume(scenario, key)) {
          throw new MockError(500, "The server had an error while processing your request.");
        }
        break;
      case "unavailable":
        if (counter.consume(scenario, key)) {
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

/** `drop-response`: whether the answer of an operation that ran is dropped instead of sent. */
export function dropsResponse(scenarios: readonly Scenario[], key: string, counter: ScenarioCounter): boolean {
  const drop = findScenario(scenarios, "drop-response");
  return drop !== undefined && counter.consume(drop, key);
}

/** `slow-download` and `drop-download` for a file body of `size` bytes; undefined when neither applies. */
export function downloadFault(
  scenarios: readonly Scenario[],
  key: string,
  counter: ScenarioCounter,
  size: number,
): ReplyFault | undefined {
  const slow = findScenario(scenarios, "slow-download");
  const drop = findScenario(scenarios, "drop-download");
  const cut = drop !== undefined && counter.consume(drop, key);
  if (slow === undefined && !cut) return undefined;
  return {
    kind: "stream",
    ...(slow === undefined ? {} : { chunkBytes: slow.chunkBytes ?? 1024, delayMs: slow.delayMs ?? 100 }),
    // Always short of the body, so the fault shows whatever the file's size.
    ...(cut ? { cutAfter: Math.min(drop.afterBytes ?? Math.floor(size / 2), Math.max(0, size - 1)) } : {}),
  };
}
