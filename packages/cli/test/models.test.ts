import { modelFamilies } from "@tokenops/contract";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

describe("tokenops models", () => {
  it("prints each live family with its body, own flags and models, and Sora last as shut down upstream", async () => {
    const result = await runCli(["models"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    const headings = result.stdout.split("\n").filter((line) => /^\S/.test(line) && line.includes(" — "));
    expect(headings).toEqual([
      "Doubao Seedance — JSON body",
      "Jimeng — JSON body",
      "MiniMax Hailuo — JSON body",
      "OpenAI Sora-2 — multipart form body; shut down upstream on 2026-09-24",
    ]);
    // The Hailuo block exactly as a user reads it.
    expect(result.stdout).toContain(
      [
        "MiniMax Hailuo — JSON body",
        "  own flags: --prompt-optimizer, --first-frame-image, --last-frame-image; ids starting MiniMax-Hailuo- are this family",
        "  source: https://docs-model.skyengine.com.cn/api-reference/examples/videos/hailuo",
        "  MODEL               SECONDS  RESOLUTION   INPUTS       SOUND",
        "  MiniMax-Hailuo-2.3  6, 10    768P, 1080P  first_frame  -",
        "  MiniMax-Hailuo-02   6, 10    768P, 1080P  first_frame  -",
        "",
      ].join("\n"),
    );
    expect(result.stdout).toMatch(
      /^ {2}doubao-seedance-2-0-260128 +4–15 +480p, 720p, 1080p +first_frame, last_frame, reference_image, reference_video, reference_audio +yes$/m,
    );
    expect(result.stdout).toMatch(
      /^ {2}jimeng-video-3\.0-720P +5, 10 +set by the model id +first_frame, last_frame, camera +-$/m,
    );
    expect(result.stdout).toMatch(/^ {2}sora-2 +4, 8, 12 +720x1280, 1280x720 +first_frame +-$/m);
    expect(result.stdout).toContain("own flags: --size, --input-reference;");
    expect(result.stdout).toContain(
      "Common flags for every model: --model, --prompt, --seconds, --image, --last-frame, --ratio, --resolution, --audio.",
    );
  });

  it("lists every model id of the contract, and nothing else", async () => {
    const { stdout } = await runCli(["models"]);
    const listed = [...stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((match) => match[1]).filter((id) => id !== "MODEL");
    expect(listed.sort()).toEqual(
      Object.values(modelFamilies)
        .flatMap((family) => Object.keys(family.models))
        .sort(),
    );
  });

  it("prints the contract's families as JSON with --json", async () => {
    const result = await runCli(["models", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(modelFamilies)));
  });
});
