import type { CreateVideoParams } from "@tokenops/client";
import { Command, Option } from "commander";
import { flagsFor } from "../flags.js";
import { openInputReference } from "../input-reference.js";
import {
  DEFAULT_MODEL,
  withConnectionOptions,
  withJsonOption,
  withPollOption,
  withValidateOption,
} from "../options.js";
import { type IO, type SessionFlags, withSession } from "../session.js";
import { checkOutputPath, waitDownloadAndPrint } from "../wait-and-download.js";

/** The hand-written flags; the value flags (`--prompt`, `--size`, …) come from the spec. */
interface CreateFlags extends SessionFlags {
  inputReference?: string;
  wait?: boolean;
  output?: string;
  pollInterval?: number;
}

/**
 * `tokenops videos create`: starts a job from a prompt (and optionally a first-frame
 * image), and with `--wait` or `--output` follows it to the end.
 *
 * @example
 * program.addCommand(videosCreateCommand(io));
 * // tokenops videos create --prompt "a red fox" --size 1280x720 --seconds 4 --output fox.mp4
 */
export function videosCreateCommand(io: IO): Command {
  // Only what needs more than parsing is written by hand: a file to read, waiting, a file to write.
  const own = [
    new Option("--input-reference <file>", "first frame: a JPEG, PNG or WebP image of exactly --size pixels"),
    new Option("--wait", "wait for the job to finish, showing progress"),
    new Option("--output <file>", "download the finished video to this file (implies --wait)"),
  ];
  const fields = flagsFor("createVideo", "body", { defaults: { model: DEFAULT_MODEL }, besides: own });
  const command = new Command("create").description("create a video from a prompt");
  for (const option of [...fields.options, ...own]) command.addOption(option);
  withValidateOption(withPollOption(withJsonOption(withConnectionOptions(command))));
  return command.action(async (flags: CreateFlags) => {
    // Everything that can be refused locally is refused before the first request.
    if (flags.output !== undefined) await checkOutputPath(flags.output);
    const input_reference =
      flags.inputReference === undefined ? undefined : await openInputReference(flags.inputReference);
    await withSession(flags, io, async (session) => {
      session.output.note(
        input_reference ? "Uploading the first frame and creating a video job…" : "Creating a video job…",
      );
      const video = await session.guard.shield(() =>
        session.client.videos.create({
          ...(fields.values(flags) as CreateVideoParams),
          ...(input_reference === undefined ? {} : { input_reference }),
        }),
      );
      session.output.note(`Created ${video.id} (${video.status}).`);
      await waitDownloadAndPrint(session, video, {
        wait: flags.wait === true,
        output: flags.output,
        pollIntervalMs: flags.pollInterval,
      });
    });
  });
}
