import type { VideoVariant } from "@tokenops/client";
import { Command, Option } from "commander";
import { flagsFor } from "../flags.js";
import { DEFAULT_VARIANT, withConnectionOptions, withValidateOption } from "../options.js";
import { type IO, type SessionFlags, withSession } from "../session.js";
import { checkOutputPath, downloadWithProgress, reportSaved } from "../wait-and-download.js";

/** The hand-written flags; the query's flags (`--variant`) come from the spec. */
interface DownloadFlags extends SessionFlags {
  output: string;
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
  const own = [new Option("--output <file>", "where to save it").makeOptionMandatory()];
  const query = flagsFor("getVideoContent", "query", { besides: own });
  const command = new Command("download")
    .description("download a finished video (or its thumbnail or spritesheet)")
    .argument("<video_id>", "the job's id");
  for (const option of [...own, ...query.options]) command.addOption(option);
  withValidateOption(withConnectionOptions(command));
  return command.action(async (video_id: string, flags: DownloadFlags) => {
    // Unset, the server's default applies; the saved file is reported as that variant.
    const variant = (query.values(flags).variant ?? DEFAULT_VARIANT) as VideoVariant;
    await checkOutputPath(flags.output, variant);
    await withSession(flags, io, async (session) => {
      await downloadWithProgress(session, video_id, flags.output, variant);
      await reportSaved(session, flags.output, variant);
    });
  });
}
