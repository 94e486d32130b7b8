import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { DEMO_BUILD_ARGS } from "../scripts/demo-build.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));

describe("pnpm demo's build step", () => {
  it("prints a line for each package it builds, instead of staying silent until the end", async () => {
    const { stdout } = await run("pnpm", DEMO_BUILD_ARGS, {
      cwd: root,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
    });
    for (const pkg of ["contract", "client", "testing", "cli"]) {
      expect(stdout).toMatch(new RegExp(`^@tokenops/${pkg}:(build|generate): `, "m"));
    }
  }, 300_000);
});
