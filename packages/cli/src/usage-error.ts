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
