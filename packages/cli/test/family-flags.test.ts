import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { modelFamilies } from "@tokenops/contract";
import { spec } from "@tokenops/contract/spec";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BATCH_FIELDS, readBatchInput } from "../src/batch-input.js";
import { COMMON_PARAMS, familyFields, familyFlags, otherFamilyField, ownFlags } from "../src/family-flags.js";
import { tempDir } from "./helpers.js";

const schemas = spec.components.schemas as unknown as Record<string, { properties: Record<string, unknown> }>;

describe("each family's own fields, from its request schema", () => {
  it("takes every property of every family's schema that is not a common parameter, with the families that have it", () => {
    const expected = new Set(
      Object.values(modelFamilies).flatMap((family) =>
        Object.keys(schemas[family.schema]?.properties ?? {}).filter((field) => !(field in COMMON_PARAMS)),
      ),
    );
    expect(new Set(familyFields().map(({ field }) => field))).toEqual(expected);
    expect(familyFields().find(({ field }) => field === "seed")?.families).toEqual(["seedance", "jimeng"]);
    expect(familyFields().find(({ field }) => field === "size")?.families).toEqual(["sora", "jimeng"]);
  });

  it("makes a flag of each, except files and lists, and reads the given ones back by field name", () => {
    const flags = familyFlags();
    const longs = flags.options.map((option) => option.long);
    expect(longs).toContain("--prompt-optimizer");
    expect(longs).toContain("--req-key");
    expect(longs).not.toContain("--input-reference");
    expect(longs).not.toContain("--content");
    expect(longs).not.toContain("--image-urls");
    expect(flags.values({ promptOptimizer: true, reqKey: "jimeng_t2v_v30", seed: undefined })).toEqual({
      prompt_optimizer: true,
      req_key: "jimeng_t2v_v30",
    });
  });

  it("lists a family's own flags, its file field included", () => {
    expect(ownFlags("sora")).toEqual(["--size", "--input-reference"]);
    expect(ownFlags("hailuo")).toEqual(["--prompt-optimizer", "--first-frame-image", "--last-frame-image"]);
  });

  it("finds a field of another family, and lets a model of no known family take any", () => {
    expect(otherFamilyField("MiniMax-Hailuo-2.3", { prompt_optimizer: true })).toBeUndefined();
    expect(otherFamilyField("MiniMax-Hailuo-2.5", { req_key: "x" }, (field) => field)?.message).toMatch(
      /^req_key is a field of Jimeng; MiniMax-Hailuo-2\.5 is a MiniMax Hailuo model/,
    );
    expect(otherFamilyField("kling-v2", { watermark: true, mode: "pro" })).toBeUndefined();
  });
});

describe("batch input columns", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it("are the name, the common parameters and every family's fields", () => {
    expect(BATCH_FIELDS.slice(0, 9)).toEqual([
      "name",
      "model",
      "prompt",
      "seconds",
      "image",
      "lastFrame",
      "ratio",
      "resolution",
      "audio",
    ]);
    for (const { field } of familyFields()) expect(BATCH_FIELDS).toContain(field);
  });

  it("reads a CSV's headers whatever their case, and its cells as their fields' types", async () => {
    const path = join(dir.path, "shots.csv");
    writeFileSync(
      path,
      [
        "Name,Model,Prompt,Seconds,LastFrame,Audio,Watermark,Seed",
        "boat,doubao-seedance-1-5-pro-251215,a boat,8,https://example.com/last.png,true,false,42",
      ].join("\n"),
    );
    const [item] = await readBatchInput(path, { validate: false });
    expect(item).toEqual({
      name: "boat",
      line: 2,
      params: {
        model: "doubao-seedance-1-5-pro-251215",
        prompt: "a boat",
        seconds: "8",
        lastFrame: "https://example.com/last.png",
        audio: true,
        watermark: false,
        seed: 42,
      },
    });
  });
});
