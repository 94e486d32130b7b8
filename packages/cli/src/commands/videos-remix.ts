import type { RemixVideoParams } from "@tokenops/client";
import { Command, Option } from "commander";
import { flagsFor } from "../flags.js";
import {
  DEFAULT_MODEL,
  withConnectionOptions,
  withJsonOption,
  withPollOption,
  withValidateOption,
} from "../options.js";
import { type IO, type SessionFlags, withSession } from "../session.js";
import { checkOutputPath, waitDownloadAndPrint } from "../wait-and-download.js";

/** The hand-written flags; the value flags (`--prompt`, `--model`) come from the spec. */
interface RemixFlags extends SessionFlags {
  wait?: boolean;
  output?: string;
  pollInterval?: number;
}

/**
 * `tokenops videos remix ID --prompt TEXT`: starts a new job from a finished one, and with
 * `--wait` or `--output` follows it to the end.
 *
 * @example
 * program.addCommand(videosRemixCommand(io));
 * // tokenops videos remix video_123 --prompt "the same fox, at night" --wait
 */
export function videosRemixCommand(io: IO): Command {
  const own = [
    new Option("--wait", "wait for the new job to finish, showing progress"),
    new Option("--output <file>", "download the finished video to this file (implies --wait)"),
  ];
  const fields = flagsFor("remixVideo", "body", { defaults: { model: DEFAULT_MODEL }, besides: own });
  const command = new Command("remix")
    .description("make a new video from a finished one with a new prompt")
    .argument("<video_id>", "the finished job to remix");
  for (const option of [...fields.options, ...own]) command.addOption(option);
  withValidateOption(withPollOption(withJsonOption(withConnectionOptions(command))));
  return command.action(async (video_id: string, flags: RemixFlags) => {
    if (flags.output !== undefined) await checkOutputPath(flags.output);
    await withSession(flags, io, async (session) => {
      session.output.note(`Creating a remix of ${video_id}…`);
      const video = await session.guard.shield(() =>
        session.client.videos.remix(video_id, fields.values(flags) as RemixVideoParams),
      );
      session.output.note(`Created ${video.id} (${video.status}), remixed from ${video_id}.`);
      await waitDownloadAndPrint(session, video, {
        wait: flags.wait === true,
        output: flags.output,
        pollIntervalMs: flags.pollInterval,
      });
    });
  });
}
