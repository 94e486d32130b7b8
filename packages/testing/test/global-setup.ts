import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * The bin, packaging and browser-bundle tests run the built dist/. turbo builds before it tests;
 * a bare `vitest run` after editing src/ builds here, so those tests never run stale code.
 */
export default function setup(): void {
  const built = join(root, "dist", "bin.js");
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(root, "src"))) return;
  execFileSync("pnpm", ["exec", "tsdown", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
}
