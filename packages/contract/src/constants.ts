/**
 * Facts every package needs, defined once. Hand-written, beside the generated folder (which only
 * scripts/generate.ts writes): each is read from the generated tables, or — where the spec says it only in
 * prose — typed against them, so that a spec change contradicting it fails to compile (and test/constants.test.ts
 * checks the prose).
 */
import { serverUrls, type specMethods } from "./generated/operations.js";
import { finalStatuses, type runningStatuses } from "./generated/statuses.js";

/**
 * Where requests go unless `baseUrl` or TOKENOPS_BASE_URL says otherwise: the spec's first server.
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl: process.env.TOKENOPS_BASE_URL ?? DEFAULT_BASE_URL });
 * ```
 */
export const DEFAULT_BASE_URL = serverUrls[0];

// Generated from the spec's VideoStatus (its `x-tokenops-final` list); every other status is running.
export { finalStatuses, runningStatuses } from "./generated/statuses.js";

/** A status after which a job never changes again (the spec's VideoStatus marks them with `x-tokenops-final`). */
export type FinalStatus = (typeof finalStatuses)[number];

/** A status the spec names for a job still waiting or being made. */
export type RunningStatus = (typeof runningStatuses)[number];

/** A final status that means no video will come. */
export type FailedStatus = Exclude<FinalStatus, "completed">;

/** Whether a job in this status will never change again. Takes any string: a gateway may send statuses the spec lacks. */
export const isFinalStatus = (status: string): status is FinalStatus =>
  (finalStatuses as readonly string[]).includes(status);

/**
 * Whether a job in this status may still change: any status that is not final, including one the spec does not
 * name (a gateway may pass its vendor's own words through).
 */
export const isRunningStatus = (status: string): boolean => !isFinalStatus(status);

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

/**
 * The address the local mock listens on unless told otherwise: this machine only (`startMockServer`,
 * `tokenops mock`, `tokenops-mock`).
 *
 * @example
 * ```ts
 * const baseUrl = `http://${DEFAULT_MOCK_HOST}:${DEFAULT_MOCK_PORT}`; // "http://127.0.0.1:4010"
 * ```
 */
export const DEFAULT_MOCK_HOST = "127.0.0.1";
