/**
 * The model families createVideo serves, read from the generated table (spec: `x-tokenops-family` and
 * `x-tokenops-models` on each family's request schema): which family a model id belongs to, and the types of
 * each family's native body.
 */

import { type errorCodes, modelFamilies } from "./generated/models.js";
import type { components } from "./generated/openapi.js";

/** A model family's key: `"sora"`, `"seedance"`, `"jimeng"` or `"hailuo"`. */
export type ModelFamily = keyof typeof modelFamilies;

/** The model ids the spec documents for one family. */
export type ModelOf<F extends ModelFamily> = keyof (typeof modelFamilies)[F]["models"] & string;

/** Every model id the spec documents, e.g. `"doubao-seedance-2-0-260128"`. */
export type KnownModel = { [F in ModelFamily]: ModelOf<F> }[ModelFamily];

/** The family a known model id belongs to. */
export type FamilyOf<M extends KnownModel> = {
  [F in ModelFamily]: M extends ModelOf<F> ? F : never;
}[ModelFamily];

/** What one model accepts: its seconds, sizes or resolutions, inputs, sound, and (Jimeng) req_key per input mode. */
export type ModelLimits<M extends KnownModel = KnownModel> = {
  [F in ModelFamily]: M extends ModelOf<F> ? (typeof modelFamilies)[F]["models"][M] : never;
}[ModelFamily];

/** An input a model may take: `"text"`, `"first_frame"`, `"last_frame"`, `"reference_image"`, … */
export type ModelInput = ModelLimits["inputs"][number];

/** A family's native request body, as the spec's schema for it (`modelFamilies[F].schema`) types it. */
export type FamilyRequest<F extends ModelFamily> = components["schemas"][(typeof modelFamilies)[F]["schema"]];

/** Sora-2's native body (multipart/form-data). */
export type SoraCreateRequest = FamilyRequest<"sora">;
/** Doubao Seedance's native body (JSON). */
export type SeedanceCreateRequest = FamilyRequest<"seedance">;
/** Jimeng's native body (JSON). */
export type JimengCreateRequest = FamilyRequest<"jimeng">;
/** MiniMax Hailuo's native body (JSON). */
export type HailuoCreateRequest = FamilyRequest<"hailuo">;
/** A content item of a JSON family's `content` list (text, or an image/video/audio by URL with its role). */
export type VideoContentItem = components["schemas"]["VideoContentItem"];

/** A gateway error code the spec documents, e.g. 2007. */
export type ErrorCode = keyof typeof errorCodes;

const families = Object.keys(modelFamilies) as ModelFamily[];

/** Whether the spec documents this model id. */
export const isKnownModel = (model: string): model is KnownModel =>
  families.some((family) => Object.hasOwn(modelFamilies[family].models, model));

/**
 * The family a model id belongs to: by its exact id, else by its prefix (a newer id of a known family), else
 * `undefined` — a family the spec does not know, whose body the client sends as given.
 *
 * @example
 * ```ts
 * familyOf("doubao-seedance-1-0-pro-250528"); // "seedance"
 * familyOf("MiniMax-Hailuo-2.5"); // "hailuo" (by prefix)
 * familyOf("kling-v2"); // undefined
 * ```
 */
export function familyOf<M extends KnownModel>(model: M): FamilyOf<M>;
export function familyOf(model: string): ModelFamily | undefined;
export function familyOf(model: string): ModelFamily | undefined {
  return (
    families.find((family) => Object.hasOwn(modelFamilies[family].models, model)) ??
    families.find((family) => modelFamilies[family].prefixes.some((prefix) => model.startsWith(prefix)))
  );
}
