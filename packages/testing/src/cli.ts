/**
 * `@tokenops/testing/cli`: the mock server's command-line options, defined once for both of its
 * command lines — `tokenops-mock` (this package's bin) and `tokenops mock` (in `@tokenops/cli`) — so
 * they take the same flags, with the same defaults, checks and messages. It loads none of the mock
 * (no spec router, validator, multipart parser or media): a command line reads its flags with it and
 * imports `startMockServer` only when it runs. Internal to the TokenOps command lines; not a stable API.
 *
 * @module @tokenops/testing/cli
 */
import { DEFAULT_MOCK_HOST, DEFAULT_MOCK_PORT } from "@tokenops/contract";
import { scenarioFlag, scenariosFromFlags } from "./core/scenario-flag.js";

export { scenariosFromFlags };

import { formatScenario, type Scenario } from "./core/scenarios.js";

/**
 * One option of the mock's command lines: its flag syntax, its help text, its default, and the
 * check that turns the text given into a value (throwing an Error that names the flag, the value
 * and what is allowed).
 *
 * @example
 * ```ts
 * import { type MockFlag, mockFlags } from "@tokenops/testing/cli";
 *
 * const port: MockFlag<number> = mockFlags.port;
 * port.parse("8080"); // 8080
 * ```
 */
export interface MockFlag<T> {
  /** The flag as help shows it, e.g. `--port <port>`. */
  readonly flags: string;
  readonly description: string;
  readonly default: T;
  parse(text: string): T;
}

const ADDRESS = /^\S+$/;

/**
 * The mock's command-line options. `--time-scale 0` is allowed: the clock stands still and jobs
 * stay queued (nothing on a command line can advance it), which suits scripted tests of waiting,
 * timeouts and the concurrency limit; scenarios still apply.
 *
 * @example
 * ```ts
 * import { Command, Option } from "commander";
 * import { mockFlags } from "@tokenops/testing/cli";
 *
 * const command = new Command("mock").addOption(
 *   new Option(mockFlags.port.flags, mockFlags.port.description).default(mockFlags.port.default),
 * );
 * ```
 */
export const mockFlags = {
  port: {
    flags: "--port <port>",
    description: "port to listen on (0 = any free port)",
    default: DEFAULT_MOCK_PORT,
    parse(text: string): number {
      const value = Number(text);
      if (!/^\d+$/.test(text) || value > 65535) {
        throw new Error(`--port takes a whole number from 0 to 65535, got ${JSON.stringify(text)}.`);
      }
      return value;
    },
  },
  host: {
    flags: "--host <host>",
    description: "address to listen on",
    default: DEFAULT_MOCK_HOST,
    parse(text: string): string {
      if (!ADDRESS.test(text))
        throw new Error(`--host takes an address such as 127.0.0.1, got ${JSON.stringify(text)}.`);
      return text;
    },
  },
  timeScale: {
    flags: "--time-scale <factor>",
    description:
      "simulated milliseconds per real millisecond: 50 runs a 5-second job in 0.1 s; 0 stops the clock, so jobs stay queued",
    default: 1,
    parse(text: string): number {
      const value = Number(text);
      if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
        throw new Error(`--time-scale takes a number >= 0 (0 stops the clock), got ${JSON.stringify(text)}.`);
      }
      return value;
    },
  },
  scenario: scenarioFlag,
} as const;

/**
 * The flags as given on a command line, as text (`scenario` once per `--scenario`).
 *
 * @example
 * ```ts
 * import type { MockFlagValues } from "@tokenops/testing/cli";
 *
 * const values: MockFlagValues = { port: "0", "time-scale": "50", scenario: ["poll-after;ms=100"] };
 * ```
 */
export interface MockFlagValues {
  port?: string | undefined;
  host?: string | undefined;
  "time-scale"?: string | undefined;
  scenario?: readonly string[] | undefined;
}

/**
 * What the flags ask `startMockServer` for.
 *
 * @example
 * ```ts
 * import { type MockCommandOptions, mockCommandOptions } from "@tokenops/testing/cli";
 *
 * const options: MockCommandOptions = mockCommandOptions({ port: "0" });
 * options.timeScale; // 1
 * ```
 */
export interface MockCommandOptions {
  port: number;
  host: string;
  timeScale: number;
  scenarios: Scenario[];
}

/**
 * Check every flag and fill in the defaults. Throws an Error naming the first flag that is wrong,
 * its value and what is allowed.
 *
 * @example
 * ```ts
 * import { mockCommandOptions } from "@tokenops/testing/cli";
 *
 * const options = mockCommandOptions({ port: "0", "time-scale": "0", scenario: ["rate-limit;retry-after=1"] });
 * const { startMockServer } = await import("@tokenops/testing"); // the mock loads only now
 * const server = await startMockServer(options);
 * ```
 */
export function mockCommandOptions(values: MockFlagValues): MockCommandOptions {
  return {
    port: values.port === undefined ? mockFlags.port.default : mockFlags.port.parse(values.port),
    host: values.host === undefined ? mockFlags.host.default : mockFlags.host.parse(values.host),
    timeScale:
      values["time-scale"] === undefined
        ? mockFlags.timeScale.default
        : mockFlags.timeScale.parse(values["time-scale"]),
    scenarios: scenariosFromFlags(values.scenario ?? []),
  };
}

/**
 * The lines both command lines print under "listening on …": the scenarios in force, and a word
 * when the clock is stopped.
 *
 * @example
 * ```ts
 * import { mockCommandNotes, mockCommandOptions } from "@tokenops/testing/cli";
 *
 * mockCommandNotes(mockCommandOptions({ "time-scale": "0" }));
 * // ["  The clock is stopped (--time-scale 0): jobs stay queued."]
 * ```
 */
export function mockCommandNotes(options: MockCommandOptions): string[] {
  return [
    ...(options.scenarios.length > 0
      ? [`  Scenarios for every request: ${options.scenarios.map(formatScenario).join(", ")}`]
      : []),
    ...(options.timeScale === 0 ? ["  The clock is stopped (--time-scale 0): jobs stay queued."] : []),
  ];
}

/**
 * Why the server could not listen, in the words both command lines print (exit 1: the flags are
 * fine, the machine is busy).
 *
 * @example
 * ```ts
 * import { listenFailure } from "@tokenops/testing/cli";
 *
 * listenFailure({ host: "127.0.0.1", port: 4010 }, Object.assign(new Error("listen"), { code: "EADDRINUSE" }));
 * // "cannot listen on 127.0.0.1:4010: the port is in use; pick another with --port."
 * ```
 */
export function listenFailure(where: { host: string; port: number }, error: unknown): string {
  const why =
    (error as NodeJS.ErrnoException)?.code === "EADDRINUSE"
      ? "the port is in use; pick another with --port"
      : (error as Error)?.message;
  return `cannot listen on ${where.host}:${where.port}: ${why}.`;
}

/**
 * Resolves with the signal (Ctrl-C's SIGINT, or SIGTERM) that asks a foreground server to stop.
 *
 * @example
 * ```ts
 * import { untilStopSignal } from "@tokenops/testing/cli";
 *
 * const signal = await untilStopSignal(); // "SIGINT" after Ctrl-C
 * ```
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
}

/**
 * Runs the mock in the foreground for a command line — both of them print the same: starts it with `start`
 * (`startMockServer`, which the command line imports only now: this module loads none of the mock), writes
 * the banner to `io.stdout` (where it listens, `useIt(url)`, the notes, how to stop it), and once Ctrl-C or
 * SIGTERM arrives, closes it, says so on `io.stderr` and resolves with that signal.
 *
 * @throws Error with {@link listenFailure}'s words when it cannot listen (exit 1: the flags are fine).
 *
 * @example
 * ```ts
 * import { mockCommandOptions, serveMock } from "@tokenops/testing/cli";
 *
 * const { startMockServer } = await import("@tokenops/testing");
 * await serveMock(mockCommandOptions({ port: "0" }), startMockServer, (url) => `Use it: ${url}`, process);
 * ```
 */
export async function serveMock(
  options: MockCommandOptions,
  start: (options: MockCommandOptions) => Promise<{ url: string; close(): Promise<void> }>,
  useIt: (url: string) => string,
  io: { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } },
): Promise<NodeJS.Signals> {
  const server = await start(options).catch((error: unknown) => {
    throw new Error(listenFailure(options, error));
  });
  io.stdout.write(
    [
      `TokenOps mock server listening on ${server.url}`,
      `  ${useIt(server.url)}`,
      ...mockCommandNotes(options),
      "  Ctrl-C stops it.",
      "",
    ].join("\n"),
  );
  const signal = await untilStopSignal();
  await server.close();
  io.stderr.write(`TokenOps mock server stopped (${signal}).\n`);
  return signal;
}
