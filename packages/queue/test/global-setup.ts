import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// The worker processes run the built package, so build it when the source is newer. Under turbo it is
// built already (test depends on build). The client and testing packages must be built too.
export default function setup(): void {
  const packageRoot = fileURLToPath(new URL("..", import.meta.url));
  const require = createRequire(import.meta.url);
  for (const dependency of ["@tokenops/client", "@tokenops/testing"]) {
    let entry: string;
    try {
      entry = require.resolve(dependency);
    } catch {
      throw new Error(
        `${dependency} is not built: run \`pnpm exec turbo run build --filter=@tokenops/queue...\` first.`,
      );
    }
    if (!existsSync(entry)) throw new Error(`${dependency} is not built (${entry} is missing).`);
  }
  const built = join(packageRoot, "dist/index.js");
  const newestSource = Math.max(
    ...readdirSync(join(packageRoot, "src"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource) return;
  execFileSync(process.execPath, [require.resolve("tsdown/run"), "--logLevel", "warn"], {
    cwd: packageRoot,
    stdio: "inherit",
  });
}
