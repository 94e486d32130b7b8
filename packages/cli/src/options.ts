import { DEFAULT_BASE_URL } from "@tokenops/client";
import { requestDefaults, schemaEnums } from "@tokenops/contract";
import { type Command, InvalidArgumentError, Option } from "commander";
import { ExitCode } from "./usage-error.js";

/**
 * The model `videos remix --model` defaults to: remix is documented for one model, the one the remix request's enum
 * lists. `videos create` and `videos batch` have no default model (see `modelRequired`): each model has its own
 * price and limits.
 */
export const DEFAULT_MODEL = schemaEnums.RemixVideoRequest.model[0];

/** What `--variant` downloads when not given: the spec's default. */
export const DEFAULT_VARIANT = requestDefaults.variant;

/**
 * Adds `--api-key`, `--base-url` and `--mock` to a `videos` command.
 *
 * @example
 * import { Command } from "commander";
 *
 * withConnectionOptions(new Command("get"));
 */
export function withConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option("--api-key <key>", "API key (default: $TOKENOPS_API_KEY)"))
    .addOption(
      new Option("--base-url <url>", `API base URL (default: $TOKENOPS_BASE_URL, else ${DEFAULT_BASE_URL})`).conflicts(
        "mock",
      ),
    )
    .addOption(new Option("--mock", "run against the embedded mock server: no key, no cost").conflicts("baseUrl"));
}

/**
 * Adds `--json`: print only the result's JSON on stdout (the Video, unless `what` says otherwise).
 *
 * @example
 * import { Command } from "commander";
 *
 * withJsonOption(new Command("get"));
 * withJsonOption(new Command("list"), "the page as the server sent it (with --all, an array of every video)");
 */
export function withJsonOption(command: Command, what = "the Video JSON"): Command {
  return command.option("--json", `print only ${what} on stdout (progress stays on stderr)`);
}

/**
 * Adds `--no-validate`, which sends values the spec does not list (another model's sizes,
 * durations or variants) without checking them, here and in the client (`validate: false`).
 * Without it, the values of the command's options that list choices (the spec's enums, from
 * `flagsFor`) are checked before the command runs, and a value the spec does not list is refused with exit 2.
 *
 * @example
 * import { Command } from "commander";
 *
 * withValidateOption(new Command("download"));
 */
export function withValidateOption(command: Command): Command {
  return command
    .option("--no-validate", "send values the spec does not list (another model's sizes or durations) unchecked")
    .hook("preAction", (_hooked, action) => {
      const flags = action.opts();
      if (flags.validate === false) return;
      for (const option of action.options) {
        const value: unknown = flags[option.attributeName()];
        if (option.argChoices === undefined || value === undefined || option.argChoices.includes(String(value)))
          continue;
        // The same words as commander's own choice check, plus the way out.
        action.error(
          `error: option '${option.flags}' argument '${String(value)}' is invalid. ` +
            `Allowed choices are ${option.argChoices.join(", ")} (--no-validate sends it unchecked).`,
          { exitCode: ExitCode.usage, code: "commander.invalidArgument" },
        );
      }
    });
}

/**
 * Adds `--poll-interval <ms>` to a command that waits.
 *
 * @example
 * import { Command } from "commander";
 *
 * withPollOption(new Command("wait"));
 */
export function withPollOption(command: Command): Command {
  return command.addOption(
    new Option("--poll-interval <ms>", "milliseconds between status checks (the server's hint wins)").argParser(
      positiveInteger("--poll-interval"),
    ),
  );
}

/**
 * A commander argument parser that accepts a whole number above 0, at most `max`, and names the flag and
 * the range when it refuses one.
 *
 * @example
 * import { Option } from "commander";
 *
 * new Option("--concurrency <n>").argParser(positiveInteger("--concurrency", { max: 1000 }));
 */
export function positiveInteger(flag: string, { max = Number.MAX_SAFE_INTEGER } = {}): (value: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? "a whole number from 1" : `a whole number from 1 to ${max}`;
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1 || number > max) {
      throw new InvalidArgumentError(`${flag} takes ${range}, got "${value}".`);
    }
    return number;
  };
}
