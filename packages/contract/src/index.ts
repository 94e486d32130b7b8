/**
 * `@tokenops/contract`: the API contract generated from spec/openapi.yaml, and the constants derived from it.
 * Private: the published packages inline what they use at build time (see README.md).
 *
 * The spec module (`@tokenops/contract/spec`) and the CLI's field descriptions (`@tokenops/contract/fields`)
 * are entries of their own, so that the client's bundle never carries them.
 */
export * from "./constants.js";
export * from "./families.js";
export type { RequestValues } from "./generated/methods.js";
export {
  type BodyOf,
  type CallInit,
  type Operation,
  type OperationMethods,
  operationMethods,
  type Send,
} from "./generated/methods.js";
export { errorCodes, modelFamilies } from "./generated/models.js";
export type { $defs, components, operations as OperationTypes, paths, webhooks } from "./generated/openapi.js";
export {
  type FieldRule,
  operations,
  parameterDefaults,
  parameterEnums,
  requestRules,
  schemaDefaults,
  schemaEnums,
  serverUrls,
  specMethods,
} from "./generated/operations.js";
export { requestDefaults } from "./request-defaults.js";
export * from "./text-values.js";
export type { Schemas, Video, VideoSeconds, VideoSize, VideoStatus, VideoVariant } from "./types.js";
