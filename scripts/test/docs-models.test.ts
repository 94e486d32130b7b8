import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODELS_GUIDE, modelsGuideIsCurrent, modelsTables } from "../docs-models.ts";
import { repoRoot } from "../lib/repo.ts";
import { copyOfRepo } from "./helpers.ts";

describe("docs-models: the Models guide's tables from the contract", () => {
  it("finds the committed guide current", async () => {
    expect(await modelsGuideIsCurrent(repoRoot)).toBe(true);
  });

  it("writes a row per model with its seconds, resolutions, inputs and sound, and Sora as shut down", () => {
    const tables = modelsTables();
    expect(tables).toContain("| `MiniMax-Hailuo-2.3` | 6, 10 | `768P`, `1080P` | `first_frame` | - |");
    expect(tables).toContain(
      "| `doubao-seedance-1-5-pro-251215` | 4–12 | `480p`, `720p`, `1080p` | `first_frame`, `last_frame` | yes |",
    );
    expect(tables).toContain("| `jimeng-video-3.0-pro` | 5, 10 | set by the model id | `first_frame` | - |");
    expect(tables).toMatch(/\| OpenAI Sora-2 \| `multipart\/form-data` \| .* \| shut down upstream on 2026-09-24 \|/);
  });

  it("finds a hand-edited table stale, and a guide that lost its markers an error", async () => {
    const root = await copyOfRepo();
    await mkdir(join(root, "docs/guides"), { recursive: true });
    await cp(join(repoRoot, MODELS_GUIDE), join(root, MODELS_GUIDE));
    expect(await modelsGuideIsCurrent(root)).toBe(true);
    const guide = join(root, MODELS_GUIDE);
    const text = await readFile(guide, "utf8");
    await writeFile(guide, text.replace("| `MiniMax-Hailuo-2.3` | 6, 10 |", "| `MiniMax-Hailuo-2.3` | 6, 8, 10 |"));
    expect(await modelsGuideIsCurrent(root)).toBe(false);
    await writeFile(guide, text.replace(/<!-- models:start[^>]*-->/, ""));
    await expect(modelsGuideIsCurrent(root)).rejects.toThrow(/lost its markers/);
  });
});
