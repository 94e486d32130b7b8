/**
 * `@tokenops/client`: a typed client for the TokenOps AI API's video endpoints.
 *
 * @packageDocumentation
 */
export type { components, operations as OperationTypes, paths } from "./generated/openapi.js";
export { operations, parameterEnums, schemaEnums } from "./generated/operations.js";
