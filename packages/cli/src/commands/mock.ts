import { DEFAULT_MOCK_PORT } from "@tokenops/contract";
import { type Scenario, scenarioFlag, scenariosFromFlags, startMockServer } from "@tokenops/testing";
import { Command, Option } from "commander";
import { UsageError } from "../errors.js";
import { positiveInteger, positiveNumber } from "../options.js";
import type { IO } from "../session.js";

interface MockFlags {
  port: number;
  host: string;
  timeScale?: number;
  scenario?: string[];
}

/**
 * `tokenops mock`: the mock TokenOps server from `@tokenops/testing` in the foreground,
 * until Ctrl-C or SIGTERM stops it cleanly (exit 0).
 *
 * @example
 * program.addCommand(mockCommand(io));
 * // tokenops mock --port 4010
 */
export function mockCommand(io: IO): Command {
  return new Command("mock")
    .description("run the mock TokenOps server in the foreground (Ctrl-C stops it)")
    .addOption(
      new Option("--port <port>", "port to listen on")
        .default(DEFAULT_MOCK_PORT)
        .argParser(positiveInteger("--port", { allowZero: true, max: 65535 })),
    )
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .addOption(
      new Option("--time-scale <factor>", "how many times faster than real time jobs run (default: 1)").argParser(
        positiveNumber("--time-scale"),
      ),
    )
    .addOption(
      new Option(scenarioFlag.flags, scenarioFlag.description).argParser(
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      ),
    )
    .action(async (flags: MockFlags) => {
      let scenarios: Scenario[];
      try {
        scenarios = scenariosFromFlags(flags.scenario ?? []);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const server = await startMockServer({
        port: flags.port,
        host: flags.host,
        scenarios,
        ...(flags.timeScale === undefined ? {} : { timeScale: flags.timeScale }),
      }).catch((error: NodeJS.ErrnoException) => {
        const why = error.code === "EADDRINUSE" ? "the port is in use; pick another with --port" : error.message;
        // Not a usage error: the flags are fine, the machine is busy (exit 1).
        throw new Error(`cannot listen on ${flags.host}:${flags.port}: ${why}.`);
      });
      io.stdout.write(
        [
          `Mock TokenOps server listening on ${server.url}`,
          `  Try: tokenops videos create --base-url ${server.url} --api-key mock --prompt "a red fox" --wait`,
          ...(flags.scenario ? [`  Scenarios for every request: ${flags.scenario.join(", ")}`] : []),
          "  Ctrl-C stops it.",
          "",
        ].join("\n"),
      );
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once("SIGINT", () => resolve("SIGINT"));
        process.once("SIGTERM", () => resolve("SIGTERM"));
      });
      await server.close();
      io.stderr.write(`Mock server stopped (${signal}).\n`);
    });
}
