import type { VideoSeconds, VideoSize } from "@tokenops/client";
import { Command } from "commander";
import { openInputReference } from "../input-reference.js";
import {
  allowed,
  DEFAULT_MODEL,
  specChoice,
  withConnectionOptions,
  withJsonOption,
  withPollOption,
  withValidateOption,
} from "../options.js";
import { type IO, type SessionFlags, withSession } from "../session.js";
import { checkOutputPath, finish } from "../wait-and-download.js";

interface CreateFlags extends SessionFlags {
  prompt: string;
  model: string;
  size?: VideoSize;
  seconds?: VideoSeconds;
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
  const command = new Command("create")
    .description("create a video from a prompt")
    .requiredOption("--prompt <text>", "what the video shows")
    .option("--model <model>", "model name", DEFAULT_MODEL)
    .addOption(specChoice("--size <size>", "width x height (server default: 720x1280)", allowed.size))
    .addOption(specChoice("--seconds <seconds>", "duration (server default: 4)", allowed.seconds))
    .option("--input-reference <file>", "first frame: a JPEG, PNG or WebP image of exactly --size pixels")
    .option("--wait", "wait for the job to finish, showing progress")
    .option("--output <file>", "download the finished video to this file (implies --wait)");
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
          model: flags.model,
          prompt: flags.prompt,
          ...(flags.size === undefined ? {} : { size: flags.size }),
          ...(flags.seconds === undefined ? {} : { seconds: flags.seconds }),
          ...(input_reference === undefined ? {} : { input_reference }),
        }),
      );
      session.output.note(`Created ${video.id} (${video.status}).`);
      await finish(session, video, {
        wait: flags.wait === true,
        output: flags.output,
        pollIntervalMs: flags.pollInterval,
      });
    });
  });
}
