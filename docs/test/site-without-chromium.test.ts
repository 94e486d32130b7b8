import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const docs = fileURLToPath(new URL("../", import.meta.url));

describe("the browser test without Chromium", () => {
  it("fails at once naming what is missing; its afterAll waits on no server that never started", async () => {
    // The hook limit is far above what a close takes: only a wait on a server that never started reaches it.
    const result = await run(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", "test/site.test.ts", "--hookTimeout", "30000"],
      { cwd: docs, env: { ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" } },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    const output = `${result.stdout}${result.stderr}`;
    expect("code" in result && result.code, output).toBe(1);
    expect(output).toMatch(/no Chromium at \/nonexistent\/chromium|no site at /);
    expect(output).not.toContain("Hook timed out");
  }, 120_000);
});
