import { NotFoundError } from "@tokenops/client";
import { Command } from "commander";
import { withHint } from "../errors.js";
import { withConnectionOptions, withJsonOption } from "../options.js";
import { type IO, type SessionFlags, withSession } from "../session.js";

/**
 * `tokenops videos delete ID`: deletes a finished (completed or failed) job and its files.
 *
 * @example
 * program.addCommand(videosDeleteCommand(io));
 * // tokenops videos delete video_123
 */
export function videosDeleteCommand(io: IO): Command {
  const command = new Command("delete")
    .description("delete a finished video job and its files (a gateway may not offer this)")
    .argument("<video_id>", "the job's id");
  withJsonOption(withConnectionOptions(command), "the server's answer ({id, object, deleted})");
  return command.action(async (video_id: string, flags: SessionFlags) => {
    await withSession(flags, io, async ({ client, output, guard }) => {
      const deleted = await client.videos.delete(video_id, { signal: guard.signal }).catch((error: unknown) => {
        throw error instanceof NotFoundError
          ? withHint(error, [`Check the id with: tokenops videos get ${video_id}`])
          : error;
      });
      if (!deleted.deleted) throw new Error(`the server did not delete ${deleted.id} (it answered deleted: false).`);
      output.result(deleted, `Deleted ${deleted.id}\n`);
    });
  });
}
