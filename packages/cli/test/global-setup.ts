import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// The suite runs the built bin, so build it from the current source first (tsdown takes
// about a second). The client and testing packages it imports must be built already:
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
  execFileSync(process.execPath, [require.resolve("tsdown/run"), "--logLevel", "warn"], {
    cwd: packageRoot,
    stdio: "inherit",
  });
}
