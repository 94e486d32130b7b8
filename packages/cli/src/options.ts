import { parameterEnums } from "@tokenops/client";
import { type Command, InvalidArgumentError, Option } from "commander";

/** The allowed values of the hand-written flags that take an enum (the generated ones carry their own). */
export const allowed = {
  variant: parameterEnums.getVideoContent.variant,
} as const;

/** The model the gateway documents; `--model` defaults to it. */
export const DEFAULT_MODEL = "sora-2";

/**
 * Adds `--api-key`, `--base-url` and `--mock` to a `videos` command.
 *
 * @example
 * withConnectionOptions(new Command("get"));
 */
export function withConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option("--api-key <key>", "API key (default: $TOKENOPS_API_KEY)"))
    .addOption(
      new Option(
        "--base-url <url>",
        "API base URL (default: $TOKENOPS_BASE_URL, else https://model-api.skyengine.com.cn)",
      ).conflicts("mock"),
    )
    .addOption(new Option("--mock", "run against the embedded mock server: no key, no cost").conflicts("baseUrl"));
}

/**
 * Adds `--json`: print only the Video JSON on stdout.
 *
 * @example
 * withJsonOption(new Command("get"));
 */
export function withJsonOption(command: Command): Command {
  return command.option("--json", "print only the Video JSON on stdout (progress stays on stderr)");
}

/**
 * Adds `--poll-interval <ms>` to a command that waits.
 *
 * @example
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
 * A commander argument parser that accepts a whole number above 0 (or from 0 with
 * `allowZero`), at most `max`, and names the flag and the range when it refuses one.
 *
 * @example
 * new Option("--port <n>").argParser(positiveInteger("--port", { allowZero: true, max: 65535 }));
 */
export function positiveInteger(
  flag: string,
  { allowZero = false, max = Number.MAX_SAFE_INTEGER } = {},
): (value: string) => number {
  const min = allowZero ? 0 : 1;
  const range = max === Number.MAX_SAFE_INTEGER ? `a whole number from ${min}` : `a whole number from ${min} to ${max}`;
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw new InvalidArgumentError(`${flag} takes ${range}, got "${value}".`);
    }
    return number;
  };
}

/**
 * A commander argument parser that accepts a number above 0 (fractions too) and names the
 * flag when it refuses one.
 *
 * @example
 * new Option("--time-scale <factor>").argParser(positiveNumber("--time-scale"));
 */
export function positiveNumber(flag: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number) || number <= 0) {
      throw new InvalidArgumentError(`${flag} takes a number above 0, got "${value}".`);
    }
    return number;
  };
}
