import { type Scenario, scenariosFromOptions } from "./scenarios.js";

/**
 * The `--scenario` flag of the mock's command lines (`tokenops-mock` and `tokenops mock`): one definition,
 * so both take the same text, in the `x-mock-scenario` header's syntax, and say the same about it.
 *
 * @example
 * ```ts
 * import { Command } from "commander";
 * import { scenarioFlag } from "@tokenops/testing";
 *
 * const program = new Command("my-mock").option(scenarioFlag.flags, scenarioFlag.description);
 * ```
 */
export const scenarioFlag = {
  flags: "--scenario <text>",
  description:
    'a scenario for every request, in the x-mock-scenario syntax, e.g. "concurrency-limit;max=8" or "rate-limit;retry-after=1" (repeatable)',
} as const;

/**
 * Reads the values of every `--scenario` flag given (each may list several, comma-separated).
 *
 * @throws Error naming `--scenario`, the scenario and what is allowed, for an unknown scenario or a bad parameter.
 *
 * @example
 * ```ts
 * import { scenariosFromFlags, startMockServer } from "@tokenops/testing";
 *
 * const scenarios = scenariosFromFlags(["concurrency-limit;max=8", "poll-after;ms=100"]);
 * const server = await startMockServer({ scenarios });
 * ```
 */
export function scenariosFromFlags(values: readonly string[]): Scenario[] {
  try {
    return scenariosFromOptions(values);
  } catch (error) {
    throw new Error(`--scenario: ${(error as Error).message}`);
  }
}
