import {
  APIError,
  TokenOpsValidationError,
  VideoContentTypeError,
  VideoFailedError,
  VideoWaitTimeoutError,
} from "@tokenops/client";
import { BatchValidationError } from "@tokenops/client/batch";
import { CommanderError } from "commander";
import { flagName } from "./flags.js";
import { ExitCode, type ExitCodeValue, UsageError } from "./usage-error.js";

export { ExitCode, type ExitCodeValue, UsageError };

/**
 * Ctrl-C arrived. Carries the lines that tell the user how to pick the job up again,
 * so that a created job's id is never lost. Exit 130.
 *
 * @example
 * throw new InterruptedError(["Interrupted.", "Resume with: tokenops videos wait video_123"]);
 */
export class InterruptedError extends Error {
  override readonly name = "InterruptedError";
  constructor(readonly hint: readonly string[]) {
    super("interrupted");
  }
}

/**
 * A batch ended with some items failed (their jobs failed, or the API refused them). Carries the
 * lines to print: what failed and how to create those items again. Exit 3.
 *
 * @example
 * throw new ItemsFailedError(["2 of 40 items failed; see renders/summary.json."]);
 */
export class ItemsFailedError extends Error {
  override readonly name = "ItemsFailedError";
  constructor(readonly lines: readonly string[]) {
    super("items failed");
  }
}

/** What the CLI prints on stderr for an error, and the code it exits with. */
export interface ErrorReport {
  exitCode: ExitCodeValue;
  lines: string[];
}

// The client speaks in the spec's field names; the user typed flags, named after them (see flagName).
const flagForField = (field: string) =>
  // fileFromPath names its argument `path`: in this CLI, always --input-reference. A job id is an argument.
  field === "path" ? "--input-reference" : field === "video_id" ? field : flagName(field);

/**
 * Turn anything thrown by a command into the lines to print on stderr and the exit code.
 * Never includes the API key: the client's errors are already redacted, and nothing here
 * reads the configuration.
 *
 * @example
 * const { exitCode, lines } = reportError(error);
 * for (const line of lines) process.stderr.write(`${line}\n`);
 * process.exitCode = exitCode;
 */
export function reportError(error: unknown): ErrorReport {
  const report = reportFor(error);
  const hint = hints.get(error as object);
  return hint ? { ...report, lines: [...report.lines, ...hint] } : report;
}

const hints = new WeakMap<object, readonly string[]>();

/**
 * Attaches lines to print after an error's message — what to run next, so that a job's id
 * is never lost to an error — and returns the error, to rethrow.
 *
 * @example
 * try {
 *   await downloadTo(client, "video_123", "out.mp4");
 * } catch (error) {
 *   throw withHint(error, ["Download it again with: tokenops videos download video_123 --output out.mp4"]);
 * }
 */
export function withHint(error: unknown, lines: readonly string[]): unknown {
  if (typeof error === "object" && error !== null) hints.set(error, lines);
  return error;
}

function reportFor(error: unknown): ErrorReport {
  if (error instanceof InterruptedError) {
    return { exitCode: ExitCode.interrupted, lines: [...error.hint] };
  }
  if (error instanceof ItemsFailedError) {
    return { exitCode: ExitCode.jobFailed, lines: [...error.lines] };
  }
  if (error instanceof BatchValidationError) {
    return { exitCode: ExitCode.usage, lines: [`error: ${error.message}`] };
  }
  if (error instanceof UsageError) {
    return { exitCode: ExitCode.usage, lines: [`error: ${error.message}`] };
  }
  if (error instanceof CommanderError) {
    // Commander already printed its message (through configureOutput); only the code is left.
    return { exitCode: error.exitCode === 0 ? ExitCode.ok : ExitCode.usage, lines: [] };
  }
  if (error instanceof TokenOpsValidationError) {
    // "Invalid seconds for MiniMax-Hailuo-2.3: got …" names the flag the user typed, and the model.
    const line = error.message.replace(`Invalid ${error.field}`, `invalid ${flagForField(error.field)}`);
    return { exitCode: ExitCode.usage, lines: [`error: ${line}`] };
  }
  if (error instanceof VideoFailedError) {
    const video = error.video;
    const lines = [`error: video ${video.id} ended ${video.status}: ${video.error?.message ?? error.message}`];
    if (video.error?.code) lines.push(`  code: ${video.error.code}`);
    return { exitCode: ExitCode.jobFailed, lines };
  }
  if (error instanceof VideoWaitTimeoutError) {
    return { exitCode: ExitCode.apiError, lines: [`error: ${error.message}; the job goes on.`] };
  }
  if (error instanceof VideoContentTypeError) {
    const line = `error: asked for the ${error.variant} variant (${error.expected}), the server sent ${error.contentType || "no Content-Type"}; refused to save it.`;
    return { exitCode: ExitCode.apiError, lines: [line] };
  }
  if (error instanceof APIError) {
    const lines = [`error: ${error.message}`];
    if (error.status !== undefined) lines.push(`  status: ${error.status}`);
    if (error.code !== undefined && error.code !== null) lines.push(`  code: ${error.code}`);
    if (error.requestId) lines.push(`  request id: ${error.requestId}`);
    return { exitCode: ExitCode.apiError, lines };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: ExitCode.apiError, lines: [`error: ${message}`] };
}
