import { Command } from "commander";
import { withConnectionOptions, withJsonOption } from "../options.js";
import { type IO, type SessionFlags, withSession } from "../session.js";

/**
 * `tokenops videos get ID`: prints a job's current state once.
 *
 * @example
 * program.addCommand(videosGetCommand(io));
 * // tokenops videos get video_123 --json
 */
export function videosGetCommand(io: IO): Command {
  const command = new Command("get").description("show a video job's status").argument("<video_id>", "the job's id");
  withJsonOption(withConnectionOptions(command));
  return command.action(async (video_id: string, flags: SessionFlags) => {
    await withSession(flags, io, async (session) => {
      session.output.video(await session.client.videos.retrieve(video_id, { signal: session.guard.signal }));
    });
  });
}
