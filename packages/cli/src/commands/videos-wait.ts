import type { VideoVariant } from "@tokenops/client";
import { Command, Option } from "commander";
import { flagsFor } from "../flags.js";
import {
  DEFAULT_VARIANT,
  withConnectionOptions,
  withJsonOption,
  withPollOption,
  withValidateOption,
} from "../options.js";
import { type IO, type SessionFlags, withSession } from "../session.js";
import { checkOutputPath, interruptedWaitError, waitDownloadAndPrint } from "../wait-and-download.js";

interface WaitFlags extends SessionFlags {
  output?: string;
  variant: VideoVariant;
  pollInterval?: number;
}

/**
 * `tokenops videos wait ID`: follows a job with progress until it ends, and downloads it
 * with `--output`. This is also the command that resumes an interrupted wait.
 *
 * @example
 * program.addCommand(videosWaitCommand(io));
 * // tokenops videos wait video_123 --output fox.mp4
 */
export function videosWaitCommand(io: IO): Command {
  const own = [new Option("--output <file>", "download the finished video to this file")];
  // What --output downloads: the content query's flags (`--variant`), from the spec.
  const query = flagsFor("getVideoContent", "query", { defaults: { variant: DEFAULT_VARIANT }, besides: own });
  const command = new Command("wait")
    .description("wait for a video job to finish, showing progress")
    .argument("<video_id>", "the job's id");
  for (const option of [...own, ...query.options]) command.addOption(option);
  withValidateOption(withPollOption(withJsonOption(withConnectionOptions(command))));
  return command.action(async (video_id: string, flags: WaitFlags) => {
    if (flags.output !== undefined) await checkOutputPath(flags.output, flags.variant);
    await withSession(flags, io, async (session) => {
      const target = { output: flags.output, variant: flags.variant };
      const video = await session.client.videos.retrieve(video_id, { signal: session.guard.signal }).catch((error) => {
        throw session.guard.interrupted ? interruptedWaitError(session, video_id, target) : error;
      });
      await waitDownloadAndPrint(session, video, { wait: true, ...target, pollIntervalMs: flags.pollInterval });
    });
  });
}
