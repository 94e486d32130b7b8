import { type ModelFamily, modelFamilies } from "@tokenops/contract";

/** One model's limits, read loosely: the contract's literal types differ from model to model. */
interface Limits {
  seconds: readonly number[] | { readonly minimum: number; readonly maximum: number };
  sizes?: readonly string[];
  resolutions?: readonly string[];
  inputs: readonly string[];
  audio?: boolean;
  reqKeys?: Readonly<Record<string, string>>;
}

/** What `tokenops models` and the Models guide show of one model, in words. */
export interface ModelRow {
  model: string;
  /** `"4–15"` for a range, `"5, 10"` for a list. */
  seconds: string;
  /** The resolutions (`480p, 720p`) or Sora's sizes (`720x1280, 1280x720`); {@link BY_MODEL_ID} for Jimeng's. */
  picture: string;
  /** The inputs it takes besides text, in the spec's words (`first_frame, last_frame`); `-` for text only. */
  inputs: string;
  /** Whether it can make sound. */
  audio: boolean;
}

/** What they show of one family. */
export interface FamilyRow {
  family: ModelFamily;
  name: string;
  /** The body's content type: `application/json` or `multipart/form-data`. */
  encoding: string;
  prefixes: readonly string[];
  source: string;
  /** The day upstream shut the family down, if it did. */
  shutDown: string | undefined;
  models: ModelRow[];
}

/** What a model whose id says its resolution (`jimeng-video-3.0-1080P`) shows for it. */
export const BY_MODEL_ID = "set by the model id";

/** `{minimum: 4, maximum: 15}` as `4–15`, `[5, 10]` as `5, 10`. */
export const formatSeconds = (seconds: Limits["seconds"]): string =>
  "minimum" in seconds ? `${seconds.minimum}–${seconds.maximum}` : seconds.join(", ");

/**
 * Every family the contract knows, live ones first (in the contract's order), then the ones upstream shut
 * down, each with its models' durations, resolutions or sizes, inputs and sound. The one source of
 * `tokenops models` and of the tables in docs/guides/models.md.
 *
 * @example
 * modelRows()[0]?.models[0]?.seconds; // "4–15"
 */
export function modelRows(): FamilyRow[] {
  const rows = (Object.keys(modelFamilies) as ModelFamily[]).map((family): FamilyRow => {
    const info = modelFamilies[family] as (typeof modelFamilies)[ModelFamily] & { shutDown?: string };
    return {
      family,
      name: info.name,
      encoding: info.encoding,
      prefixes: info.prefixes,
      source: info.source,
      shutDown: info.shutDown,
      models: Object.entries(info.models as Record<string, Limits>).map(([model, limits]) => ({
        model,
        seconds: formatSeconds(limits.seconds),
        picture: (limits.resolutions ?? limits.sizes)?.join(", ") ?? BY_MODEL_ID,
        inputs: limits.inputs.filter((input) => input !== "text").join(", ") || "-",
        audio: limits.audio === true,
      })),
    };
  });
  return [...rows.filter((row) => !row.shutDown), ...rows.filter((row) => row.shutDown)];
}

/**
 * A model to show in a hint: the first model of the first live family. An example, not a default.
 *
 * @example
 * exampleModel(); // "doubao-seedance-2-0-260128"
 */
export const exampleModel = (): string | undefined => modelRows().find((family) => !family.shutDown)?.models[0]?.model;
