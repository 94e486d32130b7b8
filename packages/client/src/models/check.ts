import { type ModelFamily, type ModelInput, modelFamilies } from "@tokenops/contract";
import { TokenOpsValidationError } from "../errors.js";

/** One model's limits, read loosely: the table's literal types differ from model to model. */
interface Limits {
  seconds: readonly number[] | { minimum: number; maximum: number };
  resolutions?: readonly string[];
  sizes?: readonly string[];
  inputs: readonly string[];
  audio?: boolean;
  reqKeys?: Record<string, string>;
}

/** A request's field as the caller named it (`seconds`, `duration`, `lastFrame`, …), with its value. */
export type Given = readonly [field: string, value: unknown];

/**
 * What a create asks of its model, in family-neutral terms, with the caller's name for each field so that a
 * refusal names what the caller wrote.
 */
export interface CreateAsks {
  /** The prompt (or the text item), when the family needs one; `null` when it needs one and has none. */
  prompt?: Given | null;
  seconds?: Given;
  resolution?: Given;
  /** Each input the request uses (first_frame, last_frame, reference_*, camera), with the field and value. */
  inputs: Array<readonly [ModelInput, string, unknown]>;
  audio?: Given;
  reqKey?: Given;
}

const all = Object.values(modelFamilies).flatMap((family) => Object.entries(family.models)) as Array<[string, Limits]>;

/** " (models that can: a, b)" — every documented model a test holds for. */
const which = (test: (limits: Limits) => boolean) =>
  ` (models that can: ${
    all
      .filter(([, limits]) => test(limits))
      .map(([id]) => id)
      .join(", ") || "none"
  })`;

/** How to show a value in a refusal: a file by its kind, a long text by its length, an item as JSON. */
const got = (value: unknown) =>
  value instanceof Blob
    ? `a ${value.constructor.name}`
    : typeof value === "string" && value.length > 80
      ? `a string of ${value.length} characters`
      : value && typeof value === "object"
        ? JSON.stringify(value)
        : undefined;

/**
 * Checks a create against its model's documented limits (spec: `x-tokenops-models`): the prompt is there and not
 * too long, seconds in the model's list or range, the resolution, each input (last frame, references, camera)
 * and sound something the model can do, Jimeng's req_key one of the model's. A model id the spec does not list
 * (a newer id of a known family) is checked against its family only.
 *
 * @throws TokenOpsValidationError naming the model, the field, the value and what is allowed.
 */
export function checkModel(family: ModelFamily, model: string, asks: CreateAsks): void {
  const refuse = ([field, value]: Given, expected: string) => {
    throw new TokenOpsValidationError(field, value, expected, got(value), model);
  };
  const { promptMaxLength } = modelFamilies[family] as { promptMaxLength?: number };
  if (asks.prompt === null) refuse(["prompt", undefined], "a prompt (or a text item in content)");
  const text = asks.prompt?.[1];
  if (typeof text === "string" && (!text.trim() || (promptMaxLength !== undefined && text.length > promptMaxLength)))
    refuse(asks.prompt as Given, `a non-empty prompt of at most ${promptMaxLength ?? "any number of"} characters`);
  const limits = (modelFamilies[family].models as Record<string, Limits>)[model];
  if (!limits) return;
  if (asks.seconds) {
    const seconds = Number(asks.seconds[1]);
    const allowed = limits.seconds;
    if (
      "minimum" in allowed
        ? !Number.isInteger(seconds) || seconds < allowed.minimum || seconds > allowed.maximum
        : !allowed.includes(seconds)
    )
      refuse(
        asks.seconds,
        "minimum" in allowed
          ? `a whole number of seconds from ${allowed.minimum} to ${allowed.maximum}`
          : `one of ${allowed.join(", ")} seconds`,
      );
  }
  if (asks.resolution && !limits.resolutions?.includes(asks.resolution[1] as string)) {
    const value = asks.resolution[1] as string;
    refuse(
      asks.resolution,
      `${limits.resolutions ? `one of ${limits.resolutions.join(", ")}` : "no resolution on this model"}${which((l) => !!l.resolutions?.includes(value))}`,
    );
  }
  for (const [input, field, value] of asks.inputs) {
    if (!limits.inputs.includes(input))
      refuse([field, value], `no ${input} on this model${which((l) => l.inputs.includes(input))}`);
  }
  if (asks.audio?.[1] === true && !limits.audio) refuse(asks.audio, `no sound on this model${which((l) => !!l.audio)}`);
  if (asks.reqKey && limits.reqKeys && !Object.values(limits.reqKeys).includes(asks.reqKey[1] as string))
    refuse(asks.reqKey, `one of ${[...new Set(Object.values(limits.reqKeys))].join(", ")}`);
}
