import { familyOf, type ModelFamily, modelFamilies } from "@tokenops/contract";
import { spec } from "@tokenops/contract/spec";
import { Option } from "commander";
import { commanderAttribute, flagName, parsers } from "./flags.js";
import { UsageError } from "./usage-error.js";

/** A property of a family's request schema, read loosely. */
interface Property {
  type?: string | readonly string[];
  format?: string;
  enum?: readonly unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  description?: string;
}

/**
 * The parameters `videos.create` takes for every model (the client maps each to its family's own field), with
 * the flag's value name and help. `model` first: it decides what the others mean.
 */
export const COMMON_PARAMS = {
  model: {
    value: "<id>",
    type: "string",
    help: "the model: it decides the fields, limits and price (tokenops models)",
  },
  prompt: { value: "<text>", type: "string", help: "what the video shows" },
  seconds: { value: "<n>", type: "number", help: "the duration in seconds: the model's list or range" },
  image: { value: "<file|url>", type: "image", help: "the first frame: an image file, an http(s) URL or a data URL" },
  lastFrame: { value: "<file|url>", type: "image", help: "the last frame, on models that take one" },
  ratio: { value: "<w:h>", type: "string", help: "the aspect ratio, e.g. 16:9" },
  resolution: { value: "<res>", type: "string", help: "the resolution, e.g. 720p (the model's list)" },
  audio: { value: "[true|false]", type: "boolean", help: "make sound, on models that can" },
} as const;

/** A common parameter's name: `model`, `prompt`, `seconds`, `image`, `lastFrame`, … */
export type CommonParam = keyof typeof COMMON_PARAMS;

/**
 * The flags of the common parameters (`--model`, `--prompt`, `--seconds`, `--image`, `--last-frame`, `--ratio`,
 * `--resolution`, `--audio`), none with a default and none with a fixed list of values: what a value may be
 * depends on the model, and the client checks it against that model's limits. `--prompt` is required.
 *
 * @example
 * const common = commonFlags();
 * for (const option of common.options) program.addOption(option);
 */
export function commonFlags(): { options: Option[]; values(flags: Record<string, unknown>): Record<string, unknown> } {
  const params = Object.entries(COMMON_PARAMS) as [CommonParam, (typeof COMMON_PARAMS)[CommonParam]][];
  const options = params.map(([param, { value, type, help }]) => {
    const option = new Option(`${commonFlagName(param)} ${value}`, help);
    if (type === "boolean") option.argParser(parsers.boolean as (text: string) => boolean).preset("true");
    if (param === "prompt") option.makeOptionMandatory();
    return option;
  });
  return {
    options,
    values: (flags) =>
      Object.fromEntries(params.flatMap(([param]) => (flags[param] === undefined ? [] : [[param, flags[param]]]))),
  };
}

/** The flag of a common parameter: `lastFrame` is `--last-frame`. */
export const commonFlagName = flagName;

/** One native field of one or more families, as a flag. */
export interface FamilyField {
  field: string;
  /** The families whose request schema has the field. */
  families: ModelFamily[];
  property: Property;
}

const schemas = spec.components.schemas as unknown as Record<string, { properties?: Record<string, Property> }>;
const families = Object.keys(modelFamilies) as ModelFamily[];

/** The type of a field, when it has one (`["integer", "string"]` has none a flag could parse by). */
const typeOf = (property: Property) => (typeof property.type === "string" ? property.type : undefined);

/**
 * Every native field of every family's request schema (spec: `modelFamilies[F].schema`) that is not a common
 * parameter, with the families that have it: Sora's `size` and `input_reference`, Seedance's `watermark`,
 * Jimeng's `req_key`, Hailuo's `prompt_optimizer`, … in the spec's order. A field the spec gains is here
 * after `pnpm generate`.
 *
 * @example
 * familyFields().find((f) => f.field === "seed")?.families; // ["seedance", "jimeng"]
 */
export function familyFields(): FamilyField[] {
  const fields = new Map<string, FamilyField>();
  for (const family of families) {
    const properties = schemas[modelFamilies[family].schema]?.properties ?? {};
    for (const [field, property] of Object.entries(properties)) {
      if (field in COMMON_PARAMS) continue;
      const known = fields.get(field);
      if (known) known.families.push(family);
      else fields.set(field, { field, families: [family], property });
    }
  }
  return [...fields.values()];
}

/** A list or an object: no flag carries one (a content list is made from the common flags). */
const structured = ({ property }: FamilyField) => typeOf(property) === "array" || typeOf(property) === "object";

/** A field a flag made here carries: not structured, and not a file (whose flag is hand-written). */
const flaggable = (field: FamilyField) => field.property.format !== "binary" && !structured(field);

/**
 * The flags of one family's own fields, file flags included: `ownFlags("sora")` is `["--size", "--input-reference"]`.
 *
 * @example
 * ownFlags("hailuo"); // ["--prompt-optimizer", "--first-frame-image", "--last-frame-image"]
 */
export const ownFlags = (family: ModelFamily): string[] =>
  familyFields()
    .filter((field) => field.families.includes(family) && !structured(field))
    .map(({ field }) => flagName(field));

const familyNames = (list: readonly ModelFamily[]) => list.map((family) => modelFamilies[family].name).join(", ");

/** The value flags of the families' own fields, and how to read them back. */
export interface FamilyFlags {
  /** The options, in the spec's order, to add to a command. */
  options: Option[];
  /** The native fields given on the command line, by spec field name. */
  values(flags: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Makes a flag for every native field of every family (see {@link familyFields}) that a flag can carry and that
 * `besides` does not already have: its help names the families that take it, the field's description, allowed
 * values and the server's default. Integers, numbers and booleans are parsed; a field of one family that lists its
 * values is checked against them before the command runs (withValidateOption; `--no-validate` sends it anyway).
 * Whether the model's family takes the field is {@link refuseOtherFamilies}' job.
 *
 * @example
 * import { Option } from "commander";
 *
 * const native = familyFlags({ besides: [new Option("--input-reference <file>")] });
 * native.options.map((option) => option.long); // ["--size", "--duration", "--watermark", …]
 */
export function familyFlags({ besides = [] }: { besides?: readonly Option[] } = {}): FamilyFlags {
  const taken = new Set(besides.map((option) => option.long));
  const fields = familyFields().filter((field) => flaggable(field) && !taken.has(flagName(field.field)));
  const options = fields.map(({ field, families: owners, property }) => {
    const type = typeOf(property);
    const boolean = type === "boolean";
    const single = owners.length === 1;
    const choices = property.enum?.map(String);
    const range =
      property.minimum === undefined && property.maximum === undefined
        ? []
        : [`(${property.minimum ?? "…"} to ${property.maximum ?? "…"})`];
    const help = [
      `[${familyNames(owners)}]`,
      property.description ?? field,
      ...(single ? range : []),
      ...(single && property.default !== undefined ? [`(server default: ${String(property.default)})`] : []),
    ].join(" ");
    const option = new Option(`${flagName(field)} ${boolean ? "[true|false]" : `<${field}>`}`, help);
    const parse = type === undefined ? undefined : parsers[type];
    if (parse) option.argParser(parse);
    if (boolean) option.preset("true");
    // Checked by withValidateOption only for a field of one family: the others' values may differ.
    if (single && choices) option.argChoices = choices;
    return option;
  });
  return {
    options,
    values: (flags) =>
      Object.fromEntries(
        fields.flatMap(({ field }) => {
          const value = flags[commanderAttribute(field)];
          return value === undefined ? [] : [[field, value]];
        }),
      ),
  };
}

/**
 * The first of `native`'s fields that belongs to a family other than the model's, with why: `watermark`
 * (Seedance's) for a Hailuo model is a mistake, not something to send. A model of no known family takes any
 * field (it is sent as given). `name` writes a field as the user typed it (a flag, or a batch column).
 *
 * @example
 * otherFamilyField("MiniMax-Hailuo-2.3", { prompt_optimizer: true }); // undefined
 * otherFamilyField("MiniMax-Hailuo-2.3", { watermark: true })?.message; // "--watermark is a field of Doubao Seedance; …"
 */
export function otherFamilyField(
  model: string,
  native: Record<string, unknown>,
  name: (field: string) => string = flagName,
): { field: string; message: string } | undefined {
  const family = familyOf(model);
  if (family === undefined) return undefined;
  const all = familyFields();
  for (const field of Object.keys(native)) {
    const owners = all.find((known) => known.field === field)?.families ?? [];
    if (owners.includes(family)) continue;
    const own = familyFields()
      .filter((known) => known.families.includes(family) && !structured(known))
      .map((known) => name(known.field));
    const whose = owners.length > 0 ? `a field of ${familyNames(owners)}` : "no family's field";
    // Sora's file field has a common parameter every model takes.
    const instead = field === "input_reference" ? ` ${name("image")} gives any model its first frame.` : "";
    return {
      field,
      message:
        `${name(field)} is ${whose}; ${model} is a ${modelFamilies[family].name} model, which takes the common ` +
        `parameters${own.length > 0 ? ` and ${own.join(", ")}` : ""} (tokenops models lists every model).${instead}`,
    };
  }
  return undefined;
}

/**
 * Refuses a flag of a family other than the model's (see {@link otherFamilyField}).
 *
 * @throws UsageError naming the flag, its family, the model's family and that family's own flags (exit 2).
 * @example
 * refuseOtherFamilies("MiniMax-Hailuo-2.3", { watermark: true }); // throws: --watermark is a field of Doubao Seedance…
 */
export function refuseOtherFamilies(model: string, native: Record<string, unknown>): void {
  const found = otherFamilyField(model, native);
  if (found) throw new UsageError(found.message);
}
