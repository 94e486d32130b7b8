import type { OperationId } from "@tokenops/client";
import { type FieldRule, requestRules, textAs } from "@tokenops/contract";
import { fieldDescriptions } from "@tokenops/contract/fields";
import { InvalidArgumentError, Option } from "commander";

/** Where a field goes: the request body, or the query string. */
export type FlagLocation = "body" | "query";

/**
 * The flag a spec field (or a common parameter of the client) becomes: `input_reference` is `--input-reference`,
 * `lastFrame` is `--last-frame`.
 *
 * @example
 * flagName("input_reference"); // "--input-reference"
 */
export const flagName = (field: string): string =>
  `--${field.replace(/_/g, "-").replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** Commander's name for a flag's value: `--input-reference` is `inputReference`. */
export const commanderAttribute = (field: string) =>
  field.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());

/** Flags every `videos` command has already; a spec field of the same name keeps to its hand-written flag. */
const SHARED = new Set([
  "--api-key",
  "--base-url",
  "--mock",
  "--json",
  "--poll-interval",
  "--no-validate",
  "--validate",
  "--help",
]);

/** Text to a value of the field's type; only the type: enums and bounds are the client's generated checks. */
const parser = (type: string, expected: string) => (text: string) => {
  const value = textAs(text, type);
  if (value === undefined) throw new InvalidArgumentError(expected);
  return value;
};
export const parsers: Record<string, (text: string) => unknown> = {
  integer: parser("integer", "Expected an integer."),
  number: parser("number", "Expected a number."),
  boolean: parser("boolean", "Expected true or false."),
};

/**
 * The value flags of an operation's body or query fields, made from the spec: for each field, its flag
 * (`flagName`), its description and the server's default in the help, its enum choices, and a parser
 * for integer, number and boolean fields. Required fields are mandatory unless `defaults` gives them a
 * value. Enums and bounds are shown, not enforced here: the client checks them before any request
 * (or not, with `validate: false`). File fields are left to hand-written flags, as are fields in
 * `besides` and those whose flag every command has already (`--json`, `--mock`, …).
 */
export interface GeneratedFlags {
  /** The options, in the spec's field order, to add to a command. */
  options: Option[];
  /**
   * The values given on the command line by spec field name, for the client: flags not given are left
   * out, so the server applies its defaults.
   */
  values(flags: object): Record<string, unknown>;
}

/**
 * Makes a command's value flags from the spec (see {@link GeneratedFlags}).
 *
 * @example
 * const flags = flagsFor("listVideos", "query");
 * const command = program.command("list");
 * for (const option of flags.options) command.addOption(option);
 * command.action(async (options: Record<string, unknown>) => {
 *   console.log(await client.videos.list(flags.values(options)));
 * });
 */
export function flagsFor(
  operationId: OperationId,
  location: FlagLocation,
  { defaults = {}, besides = [] }: { defaults?: Record<string, string>; besides?: readonly Option[] } = {},
): GeneratedFlags {
  const rules: Record<string, FieldRule> =
    (requestRules[operationId] as Record<string, Record<string, FieldRule>>)[location] ?? {};
  const descriptions: Record<string, string | undefined> =
    (fieldDescriptions[operationId] as Record<string, Record<string, string>>)[location] ?? {};
  const taken = new Set([...SHARED, ...besides.map((option) => option.long)]);
  const fields = Object.entries(rules).filter(([field, rule]) => rule.type !== "binary" && !taken.has(flagName(field)));
  const options = fields.map(([field, rule]) => {
    const boolean = rule.type === "boolean";
    const serverDefault = rule.default === undefined ? "" : ` (server default: ${String(rule.default)})`;
    const range =
      rule.minimum === undefined && rule.maximum === undefined
        ? ""
        : ` (${rule.minimum ?? "…"} to ${rule.maximum ?? "…"})`;
    const option = new Option(
      `${flagName(field)} ${boolean ? "[true|false]" : `<${field}>`}`,
      `${descriptions[field] ?? field}${range}${defaults[field] === undefined ? serverDefault : ""}`,
    );
    const parse = rule.type === undefined ? undefined : parsers[rule.type];
    if (parse) option.argParser(parse);
    if (boolean) option.preset("true");
    // Listed in the help; checked by the client, so that --no-validate can send a value the spec does not know.
    if (rule.enum) option.argChoices = rule.enum.map(String);
    if (defaults[field] !== undefined) option.default(defaults[field]);
    else if (rule.required) option.makeOptionMandatory();
    return option;
  });
  return {
    options,
    values: (flags: Record<string, unknown>) =>
      Object.fromEntries(
        fields.flatMap(([field]) =>
          flags[commanderAttribute(field)] === undefined ? [] : [[field, flags[commanderAttribute(field)]]],
        ),
      ),
  };
}
