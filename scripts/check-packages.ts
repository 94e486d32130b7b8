import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { repoRoot } from "./lib/repo.ts";

interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const packageDirs = (await readdir(join(repoRoot, "packages"))).sort().map((dir) => join(repoRoot, "packages", dir));
const manifests = new Map<string, Manifest>();
for (const pkgDir of packageDirs) {
  manifests.set(pkgDir, JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8")) as Manifest);
}
/** Workspace packages that are never published (@tokenops/contract): a published package must inline them. */
const privateNames = [...manifests.values()].filter((m) => m.private).map((m) => m.name);

/** Where a published package would make its users install a private one: its manifest, or an import left in dist/. */
async function privateReferences(pkgDir: string, manifest: Manifest): Promise<string[]> {
  const found: string[] = [];
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"] as const) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      if (privateNames.includes(name)) found.push(`package.json ${field} names ${name}`);
    }
  }
  const dist = join(pkgDir, "dist");
  const files = await readdir(dist, { recursive: true }).catch(() => [] as string[]);
  for (const file of files.filter((f) => /\.(c|m)?(js|ts)$/.test(f))) {
    const text = await readFile(join(dist, file), "utf8");
    for (const name of privateNames) {
      // An import, dynamic import or require of the package or one of its entries.
      if (new RegExp(`(from\\s*|import\\s*\\(\\s*|require\\(\\s*)["']${name}(/[^"']*)?["']`).test(text)) {
        found.push(`dist/${file} imports ${name}`);
      }
    }
  }
  return found;
}

/**
 * Every public package must be publishable as it stands: publint's rules, and
 * attw's check that its types resolve under every module resolution, on the
 * tarball `npm pack` makes; and it must not name a private workspace package,
 * which users could not install. Run after `pnpm build`.
 */
let failed = false;
for (const pkgDir of packageDirs) {
  const manifest = manifests.get(pkgDir) as Manifest;
  if (manifest.private) continue;
  const references = await privateReferences(pkgDir, manifest);
  for (const reference of references) console.error(`${manifest.name}: ${reference} (private: inline it instead)`);
  if (references.length > 0) failed = true;
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
