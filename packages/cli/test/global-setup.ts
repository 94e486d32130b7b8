import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// The suite runs the built bin, so build it when the source is newer (tsdown takes about a
// second). Only then: under turbo the bin is already built, and rebuilding it (tsdown cleans
// dist/) could race a packing of this package by the e2e tests. The client and testing packages it imports must be built already:
// `turbo run test` does that (test depends on build); by hand, run the turbo build once.
export default function setup(): void {
  const packageRoot = fileURLToPath(new URL("..", import.meta.url));
  const require = createRequire(import.meta.url);
  for (const dependency of ["@tokenops/client", "@tokenops/testing"]) {
    let entry: string;
    try {
      entry = require.resolve(dependency);
    } catch {
      throw new Error(`${dependency} is not built: run \`pnpm exec turbo run build --filter=@tokenops/cli...\` first.`);
    }
    if (!existsSync(entry)) throw new Error(`${dependency} is not built (${entry} is missing).`);
  }
  const bin = join(packageRoot, "dist/bin.js");
  const newestSource = Math.max(
    ...readdirSync(join(packageRoot, "src"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs),
  );
  if (existsSync(bin) && statSync(bin).mtimeMs >= newestSource) return;
  execFileSync(process.execPath, [require.resolve("tsdown/run"), "--logLevel", "warn"], {
    cwd: packageRoot,
    stdio: "inherit",
  });
}
