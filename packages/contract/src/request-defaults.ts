import { parameterDefaults, schemaDefaults } from "./generated/operations.js";

/**
 * What the server uses when a request leaves these out: createVideo's `size` and `seconds` and getVideoContent's
 * `variant`, from the spec's defaults. A module of its own: reading the tables is a statement a bundle keeps, and
 * the client does not need it.
 */
export const requestDefaults = {
  size: schemaDefaults.CreateVideoFormRequest.size,
  seconds: schemaDefaults.CreateVideoFormRequest.seconds,
  variant: parameterDefaults.getVideoContent.variant,
} as const;
