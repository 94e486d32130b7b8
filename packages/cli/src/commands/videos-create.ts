import type { CreateVideoParams } from "@tokenops/client";
import { Command, Option } from "commander";
import { UsageError } from "../errors.js";
import { commonFlags, familyFlags, refuseOtherFamilies } from "../family-flags.js";
import { openImage } from "../image-input.js";
import { openInputReference } from "../input-reference.js";
import { exampleModel } from "../model-table.js";
import { withConnectionOptions, withJsonOption, withPollOption, withValidateOption } from "../options.js";
import { type IO, type SessionFlags, withSession } from "../session.js";
import { checkOutputPath, waitDownloadAndPrint } from "../wait-and-download.js";

/** The hand-written flags; the common ones and each family's own fields are made in family-flags.ts. */
interface CreateFlags extends SessionFlags {
  model?: string;
  image?: string;
  lastFrame?: string;
  inputReference?: string;
  wait?: boolean;
  output?: string;
  pollInterval?: number;
}

/**
 * Why `--model` has no default: each model has its own price, durations and inputs, TokenOps names none as the
 * default, and the one this CLI used to default to (sora-2) was shut down upstream. An example from the contract.
 */
export function modelRequired(): UsageError {
  const example = exampleModel();
  return new UsageError(
    `--model is required: each model has its own price, durations and inputs, and none is the default. ` +
      `tokenops models lists them${example ? ` (e.g. --model ${example})` : ""}.`,
  );
}

/**
 * `tokenops videos create --model ID --prompt TEXT`: starts a job with any model TokenOps serves — the common
 * flags (`--seconds`, `--image`, `--last-frame`, `--ratio`, `--resolution`, `--audio`) mapped by the client to the
 * model's family, and that family's own fields as flags — and with `--wait` or `--output` follows it to the end.
 *
 * @example
 * program.addCommand(videosCreateCommand(io));
 * // tokenops videos create --model MiniMax-Hailuo-2.3 --prompt "a red fox" --seconds 10 --output fox.mp4
 */
export function videosCreateCommand(io: IO): Command {
  // Only what needs more than parsing is written by hand: a file to read, waiting, a file to write.
  const own = [
    new Option(
      "--input-reference <file>",
      "[OpenAI Sora-2] first frame: a JPEG, PNG or WebP image of exactly --size pixels",
    ),
    new Option("--wait", "wait for the job to finish, showing progress"),
    new Option("--output <file>", "download the finished video to this file (implies --wait)"),
  ];
  const common = commonFlags();
  const native = familyFlags({ besides: [...common.options, ...own] });
  const command = new Command("create").description("create a video with any model (tokenops models lists them)");
  for (const option of [...common.options, ...native.options, ...own]) command.addOption(option);
  withValidateOption(withPollOption(withJsonOption(withConnectionOptions(command))));
  return command.action(async (flags: CreateFlags) => {
    // Everything that can be refused locally is refused before the first request.
    const model = flags.model;
    if (model === undefined) throw modelRequired();
    const fields = native.values(flags as Record<string, unknown>);
    refuseOtherFamilies(model, {
      ...fields,
      ...(flags.inputReference === undefined ? {} : { input_reference: flags.inputReference }),
    });
    if (flags.output !== undefined) await checkOutputPath(flags.output);
    const files = {
      ...(flags.image === undefined ? {} : { image: await openImage("--image", flags.image) }),
      ...(flags.lastFrame === undefined ? {} : { lastFrame: await openImage("--last-frame", flags.lastFrame) }),
      ...(flags.inputReference === undefined
        ? {}
        : { input_reference: await openInputReference(flags.inputReference) }),
    };
    const params = { ...common.values(flags as Record<string, unknown>), ...fields, ...files };
    await withSession(flags, io, async (session) => {
      const uploads = Object.values(files).some((file) => typeof file !== "string");
      session.output.note(uploads ? "Uploading the images and creating a video job…" : "Creating a video job…");
      const video = await session.guard.shield(() => session.client.videos.create(params as CreateVideoParams));
      session.output.note(`Created ${video.id} (${video.status}).`);
      await waitDownloadAndPrint(session, video, {
        wait: flags.wait === true,
        output: flags.output,
        pollIntervalMs: flags.pollInterval,
      });
    });
  });
}
