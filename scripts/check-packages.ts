import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { repoRoot } from "./lib/repo.ts";

/**
 * Every public package must be publishable as it stands: publint's rules, and
 * attw's check that its types resolve under every module resolution, on the
 * tarball `npm pack` makes. Run after `pnpm build`.
 */
let failed = false;
for (const dir of (await readdir(join(repoRoot, "packages"))).sort()) {
  const pkgDir = join(repoRoot, "packages", dir);
  const manifest = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8")) as {
    name: string;
    private?: boolean;
    exports?: Record<string, unknown>;
  };
  if (manifest.private) continue;
  const { messages, pkg } = await publint({ pkgDir, level: "suggestion", strict: true });
  for (const message of messages) {
    console.error(`${manifest.name}: publint ${message.type}: ${formatMessage(message, pkg)}`);
  }
  if (messages.length > 0) failed = true;
  // A package with nothing to import (a CLI) has no types for attw to check.
  const entries = Object.keys(manifest.exports ?? {}).filter((key) => key !== "./package.json");
  if (entries.length === 0) {
    console.log(`${manifest.name}: publint clean; no importable entry for attw`);
    continue;
  }
  try {
    execFileSync("attw", ["--pack", pkgDir, "--format", "table-flipped"], {
      cwd: repoRoot,
      stdio: "pipe",
      encoding: "utf8",
    });
    console.log(`${manifest.name}: publint and attw clean`);
  } catch (error) {
    failed = true;
    console.error(`${manifest.name}: attw found problems:\n${(error as { stdout?: string }).stdout ?? error}`);
  }
}
if (failed) process.exit(1);
