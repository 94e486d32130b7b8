/**
 * Facts every package needs, defined once. Hand-written, beside the generated folder (which only
 * scripts/generate.ts writes): each is read from the generated tables, or — where the spec says it only in
 * prose — typed against them, so that a spec change contradicting it fails to compile (and test/constants.test.ts
 * checks the prose).
 */
import type { components } from "./generated/openapi.js";
import { serverUrls, type specMethods } from "./generated/operations.js";

type VideoStatus = components["schemas"]["VideoStatus"];

/**
 * Where requests go unless `baseUrl` or TOKENOPS_BASE_URL says otherwise: the spec's first server.
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl: process.env.TOKENOPS_BASE_URL ?? DEFAULT_BASE_URL });
 * ```
 */
export const DEFAULT_BASE_URL = serverUrls[0];

/**
 * Statuses after which a job never changes again: `completed`, and the ones that mean no video will come. The
 * spec's VideoStatus description names them; its enum cannot mark them.
 */
export const finalStatuses = ["completed", "failed", "cancelled", "expired"] as const satisfies readonly VideoStatus[];

/** A status after which a job never changes again. */
export type FinalStatus = (typeof finalStatuses)[number];

/** A final status that means no video will come. */
export type FailedStatus = Exclude<FinalStatus, "completed">;

/** Whether a job in this status will never change again. Takes any string: a gateway may send statuses the spec lacks. */
export const isFinalStatus = (status: string): status is FinalStatus =>
  (finalStatuses as readonly string[]).includes(status);

/** Whether this status means that no video will come (`failed`, `cancelled`, `expired`). */
export const isFailedStatus = (status: string): status is FailedStatus =>
  status !== "completed" && isFinalStatus(status);

/** An HTTP method some operation in the spec uses, upper-case. */
export type SpecMethod = (typeof specMethods)[number];

/**
 * The port the local mock listens on unless told otherwise (`tokenops mock`, `tokenops-mock`). Not a spec
 * fact; kept here so that the CLI's help can show it without loading the mock.
 */
export const DEFAULT_MOCK_PORT = 4010;
