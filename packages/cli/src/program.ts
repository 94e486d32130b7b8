import { Command } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { mockCommand } from "./commands/mock.js";
import { modelsCommand } from "./commands/models.js";
import { videosBatchCommand } from "./commands/videos-batch.js";
import { videosCreateCommand } from "./commands/videos-create.js";
import { videosDeleteCommand } from "./commands/videos-delete.js";
import { videosDownloadCommand } from "./commands/videos-download.js";
import { videosGetCommand } from "./commands/videos-get.js";
import { videosListCommand } from "./commands/videos-list.js";
import { videosRemixCommand } from "./commands/videos-remix.js";
import { videosWaitCommand } from "./commands/videos-wait.js";
import { workerCommand } from "./commands/worker.js";
import { exampleModel } from "./model-table.js";
import type { IO } from "./session.js";
import { ExitCode } from "./usage-error.js";

/**
 * The `tokenops` command tree. Commander never exits the process itself (`exitOverride`):
 * it throws, and the bin maps every outcome to one exit code.
 *
 * @example
 * const program = createProgram({ stdout: process.stdout, stderr: process.stderr, env: process.env });
 * await program.parseAsync(["videos", "get", "video_123", "--mock"], { from: "user" });
 */
export function createProgram(io: IO): Command {
  const program = new Command("tokenops")
    .description("Make videos with the TokenOps AI API from the terminal.")
    .version(packageJson.version, "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText(
      "after",
      [
        "",
        `Exit codes: ${ExitCode.ok} ok, ${ExitCode.apiError} API or network error, ${ExitCode.usage} usage or validation error, ${ExitCode.jobFailed} the job (or a batch's item) failed, ${ExitCode.interrupted} interrupted.`,
        `Try it without a key: tokenops videos create --mock --model ${exampleModel()} --prompt "a red fox in the snow" --output fox.mp4`,
        "The models, and what each takes: tokenops models",
      ].join("\n"),
    );

  const videos = addWithSettings(
    program,
    new Command("videos").description("create, follow, list, download and delete video jobs"),
  );
  for (const command of [
    videosCreateCommand(io),
    videosGetCommand(io),
    videosListCommand(io),
    videosWaitCommand(io),
    videosDownloadCommand(io),
    videosRemixCommand(io),
    videosDeleteCommand(io),
    videosBatchCommand(io),
  ]) {
    addWithSettings(videos, command);
  }
  addWithSettings(program, modelsCommand(io));
  addWithSettings(program, mockCommand(io));
  addWithSettings(program, workerCommand(io));
  return program;
}

// addCommand() does not pass settings down the way command() does; copy them so that every
// level throws instead of exiting and writes to the same streams.
function addWithSettings(parent: Command, child: Command): Command {
  child.copyInheritedSettings(parent);
  parent.addCommand(child);
  return child;
}
