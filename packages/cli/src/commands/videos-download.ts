import type { VideoVariant } from "@tokenops/client";
import { Command } from "commander";
import { allowed, DEFAULT_VARIANT, specChoice, withConnectionOptions, withValidateOption } from "../options.js";
import { type IO, type SessionFlags, withSession } from "../session.js";
import { checkOutputPath, download, reportSaved } from "../wait-and-download.js";

interface DownloadFlags extends SessionFlags {
  output: string;
  variant: VideoVariant;
}

/**
 * `tokenops videos download ID --output FILE`: saves a finished job's video, thumbnail
 * or spritesheet. An interrupted or failed download leaves no file behind.
 *
 * @example
 * program.addCommand(videosDownloadCommand(io));
 * // tokenops videos download video_123 --output thumb.webp --variant thumbnail
 */
export function videosDownloadCommand(io: IO): Command {
  const command = new Command("download")
    .description("download a finished video (or its thumbnail or spritesheet)")
    .argument("<video_id>", "the job's id")
    .requiredOption("--output <file>", "where to save it")
    .addOption(specChoice("--variant <variant>", "what to download", allowed.variant).default(DEFAULT_VARIANT));
  withValidateOption(withConnectionOptions(command));
  return command.action(async (video_id: string, flags: DownloadFlags) => {
    await checkOutputPath(flags.output);
    await withSession(flags, io, async (session) => {
      await download(session, video_id, flags.output, flags.variant);
      await reportSaved(session, flags.output, flags.variant);
    });
  });
}
