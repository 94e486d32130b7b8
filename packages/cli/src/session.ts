import type { TokenOpsClient } from "@tokenops/client";
import { type Connection, type ConnectionFlags, connect } from "./config.js";
import { InterruptedError } from "./errors.js";
import { InterruptGuard } from "./interrupt.js";
import { createOutput, type Output } from "./output.js";
import { createProgress, type ProgressFactory } from "./progress.js";

/** The process streams and environment a command runs with (injectable for tests). */
export interface IO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Everything a `videos` command needs for one run. */
export interface Session {
  client: TokenOpsClient;
  connection: Connection;
  output: Output;
  progress: ProgressFactory;
  guard: InterruptGuard;
  /** Whether the command was given `--json` (repeated in resume commands). */
  json: boolean;
}

/** The flags shared by every `videos` command. */
export interface SessionFlags extends ConnectionFlags {
  json?: boolean;
}

/**
 * Connects (starting the embedded mock for `--mock`), listens for Ctrl-C, runs `body`, and
 * always stops what it started, whatever `body` throws. Pass `session.guard.signal` to
 * requests so that Ctrl-C stops them (exit 130).
 *
 * @example
 * await withSession({ mock: true }, io, async ({ client, output }) => {
 *   output.video(await client.videos.retrieve("video_123"));
 * });
 */
export async function withSession(
  flags: SessionFlags,
  io: IO,
  body: (session: Session) => Promise<void>,
): Promise<void> {
  const json = flags.json === true;
  const output = createOutput({ json, stdout: io.stdout, stderr: io.stderr });
  const connection = await connect(flags, io.env, io.stderr);
  const guard = new InterruptGuard((line) => output.note(line));
  guard.install();
  try {
    await body({ client: connection.client, connection, output, progress: createProgress(io.stderr), guard, json });
  } catch (error) {
    // Ctrl-C aborted a plain request (a get): nothing to resume, but still exit 130.
    if (guard.interrupted && !(error instanceof InterruptedError)) throw new InterruptedError(["Interrupted."]);
    throw error;
  } finally {
    guard.uninstall();
    await connection.close();
  }
}
