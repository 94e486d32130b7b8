import { Command, CommanderError, Option } from "commander";
import { describe, expect, it } from "vitest";
import { flagName, flagsFor } from "../src/flags.js";

/** Parses `args` with the generated flags of an operation, and returns what the client would get. */
function parse(flags: ReturnType<typeof flagsFor>, args: string[]) {
  const command = new Command("test").exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  for (const option of flags.options) command.addOption(option);
  command.parse(args, { from: "user" });
  return flags.values(command.opts());
}

describe("flags generated from the spec", () => {
  it("names a flag after its field: input_reference is --input-reference", () => {
    expect(flagName("input_reference")).toBe("--input-reference");
  });

  it("makes one flag per query parameter of listVideos, with description, server default and choices", () => {
    const flags = flagsFor("listVideos", "query");
    expect(flags.options.map((option) => option.flags)).toEqual([
      "--limit <limit>",
      "--order <order>",
      "--after <after>",
    ]);
    const [limit, order] = flags.options as [Option, Option];
    expect(limit.description).toBe("How many jobs a page holds. (0 to 100) (server default: 20)");
    expect(order.argChoices).toEqual(["asc", "desc"]);
  });

  it("parses an integer flag to a number and leaves out flags not given", () => {
    expect(parse(flagsFor("listVideos", "query"), ["--limit", "50"])).toEqual({ limit: 50 });
    expect(parse(flagsFor("listVideos", "query"), [])).toEqual({});
  });

  it("refuses text that is not an integer, naming the flag", () => {
    const error = (() => {
      try {
        parse(flagsFor("listVideos", "query"), ["--limit", "ten"]);
      } catch (caught) {
        return caught as CommanderError;
      }
    })();
    expect(error).toBeInstanceOf(CommanderError);
    expect(error?.message).toContain("option '--limit <limit>' argument 'ten' is invalid. Expected an integer.");
  });

  it("leaves enums and bounds to the client's checks, so --no-validate can send what the spec does not know", () => {
    expect(parse(flagsFor("listVideos", "query"), ["--order", "random", "--limit", "500"])).toEqual({
      order: "random",
      limit: 500,
    });
  });

  it("makes required fields mandatory unless the CLI gives a default, and leaves files to hand-written flags", () => {
    const flags = flagsFor("createVideo", "body", { defaults: { model: "sora-2" } });
    expect(flags.options.map((option) => [option.long, option.mandatory])).toEqual([
      ["--model", false],
      ["--prompt", true],
      ["--size", false],
      ["--seconds", false],
    ]);
    expect(parse(flags, ["--prompt", "a fox", "--seconds", "8"])).toEqual({
      model: "sora-2",
      prompt: "a fox",
      seconds: "8",
    });
  });

  it("keeps a field whose flag is written by hand, or shared by every command, to that flag", () => {
    const own = [new Option("--prompt <text>", "hand-written")];
    expect(flagsFor("createVideo", "body", { besides: own }).options.map((option) => option.long)).toEqual([
      "--model",
      "--size",
      "--seconds",
    ]);
  });
});
