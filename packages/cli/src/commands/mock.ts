import {
  type MockCommandOptions,
  type MockFlag,
  mockFlags,
  scenariosFromFlags,
  serveMock,
} from "@tokenops/testing/cli";
import { Command, InvalidArgumentError, Option } from "commander";
import { UsageError } from "../errors.js";
import { exampleModel } from "../model-table.js";
import type { IO } from "../session.js";

interface MockFlags {
  port: number;
  host: string;
  timeScale: number;
  scenario?: string[];
}

/** A commander option from the mock's shared definition: the same flag, help, default and check as `tokenops-mock`. */
function sharedOption<T>(flag: MockFlag<T>): Option {
  return new Option(flag.flags, flag.description).default(flag.default).argParser((text: string) => {
    try {
      return flag.parse(text);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  });
}

/**
 * `tokenops mock`: the mock TokenOps server from `@tokenops/testing` in the foreground,
 * until Ctrl-C or SIGTERM stops it cleanly (exit 0). Its options are `tokenops-mock`'s, from
 * `@tokenops/testing/cli`; the mock itself loads only when the command runs.
 *
 * @example
 * program.addCommand(mockCommand(io));
 * // tokenops mock --port 4010 --time-scale 50 --scenario "poll-after;ms=100"
 */
export function mockCommand(io: IO): Command {
  return new Command("mock")
    .description("run the mock TokenOps server in the foreground (Ctrl-C stops it)")
    .addOption(sharedOption(mockFlags.port))
    .addOption(sharedOption(mockFlags.host))
    .addOption(sharedOption(mockFlags.timeScale))
    .addOption(
      new Option(mockFlags.scenario.flags, mockFlags.scenario.description).argParser(
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      ),
    )
    .action(async (flags: MockFlags) => {
      let options: MockCommandOptions;
      try {
        const scenarios = scenariosFromFlags(flags.scenario ?? []);
        options = { port: flags.port, host: flags.host, timeScale: flags.timeScale, scenarios };
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      // Loaded here, not at the top: every other command runs without the mock's spec router and media.
      const { startMockServer } = await import("@tokenops/testing");
      // Not a usage error when it cannot listen: the flags are fine, the machine is busy (exit 1).
      await serveMock(
        options,
        startMockServer,
        (url) =>
          `Try: tokenops videos create --base-url ${url} --api-key mock --model ${exampleModel()} --prompt "a red fox" --wait`,
        io,
      );
    });
}
