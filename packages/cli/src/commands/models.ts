import { modelFamilies } from "@tokenops/contract";
import { Command } from "commander";
import { COMMON_PARAMS, commonFlagName, ownFlags } from "../family-flags.js";
import { type FamilyRow, modelRows } from "../model-table.js";
import { withJsonOption } from "../options.js";
import type { IO } from "../session.js";

/**
 * `tokenops models`: the model families `videos create --model` takes, each model's durations, resolutions or
 * sizes, inputs and sound, and each family's own flags — all read from the contract, so a model the spec gains is
 * listed after `pnpm generate`. No request is sent.
 *
 * @example
 * program.addCommand(modelsCommand(io));
 * // tokenops models --json | jq -r '.hailuo.models | keys[]'
 */
export function modelsCommand(io: IO): Command {
  const command = new Command("models").description(
    "list the video models, their durations, resolutions and inputs, and each family's own flags",
  );
  withJsonOption(command, "the contract's model families (by family key, each model's limits)");
  return command.action((flags: { json?: boolean }) => {
    io.stdout.write(flags.json ? `${JSON.stringify(modelFamilies, null, 2)}\n` : formatModels(modelRows()));
  });
}

/**
 * The families as text: a heading per family (its name, body type, whether upstream shut it down, its own
 * flags), then a table of its models.
 *
 * @example
 * formatModels(modelRows());
 * // MiniMax Hailuo — JSON body; own flags: --prompt-optimizer, …
 * //   MODEL               SECONDS  RESOLUTION   INPUTS       SOUND
 * //   MiniMax-Hailuo-2.3  6, 10    768P, 1080P  first_frame  -
 */
export function formatModels(families: readonly FamilyRow[]): string {
  const blocks = families.map((family) => {
    const body = family.encoding === "application/json" ? "JSON body" : "multipart form body";
    const own = ownFlags(family.family);
    const heading = [
      `${family.name} — ${body}${family.shutDown ? `; shut down upstream on ${family.shutDown}` : ""}`,
      `  own flags: ${own.length > 0 ? own.join(", ") : "none"}; ids starting ${family.prefixes.join(", ")} are this family`,
      `  source: ${family.source}`,
    ];
    const picture = family.models.some((model) => model.picture.includes("x")) ? "SIZE" : "RESOLUTION";
    const table = [
      ["MODEL", "SECONDS", picture, "INPUTS", "SOUND"],
      ...family.models.map((model) => [
        model.model,
        model.seconds,
        model.picture,
        model.inputs,
        model.audio ? "yes" : "-",
      ]),
    ];
    const widths = table[0]?.map((_, column) => Math.max(...table.map((row) => row[column]?.length ?? 0))) ?? [];
    const lines = table.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ")}`);
    return [...heading, ...lines.map((line) => line.trimEnd())].join("\n");
  });
  const footer = [
    `Common flags for every model: ${Object.keys(COMMON_PARAMS).map(commonFlagName).join(", ")}.`,
    "INPUTS besides the prompt: first_frame is --image, last_frame --last-frame.",
    "A value the model cannot take is refused before any request (exit 2); --no-validate sends it anyway.",
  ];
  return `${[...blocks, footer.join("\n")].join("\n\n")}\n`;
}
