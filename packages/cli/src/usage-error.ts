// Its own module, free of @tokenops/client, so that what reads the contract alone (the flags, and
// scripts/docs-models.ts at \`pnpm generate\` time, before any build) can load it.

/**
 * A problem with what the user typed: a flag, a missing key, an unreadable file. Exit 2.
 *
 * @example
 * throw new UsageError('--output: "renders" is not a folder.');
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * The process exit codes, one per kind of outcome (documented in the README and in `--help`, from here).
 *
 * @example
 * process.exitCode = ExitCode.jobFailed; // 3
 */
export const ExitCode = {
  ok: 0,
  /** The API answered with an error, or the network failed. */
  apiError: 1,
  /** A flag, an argument or a file given on the command line was refused before any request. */
  usage: 2,
  /** The video job ended failed, cancelled or expired (for a batch: some items failed). */
  jobFailed: 3,
  /** Ctrl-C (SIGINT). */
  interrupted: 130,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
