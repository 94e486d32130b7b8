import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { repoRoot } from "./lib/repo.ts";

const git = (...args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
}

/** The package names each pending changeset (.changeset/*.md) bumps. */
export async function pendingChangesets(dir = join(repoRoot, ".changeset")): Promise<Map<string, string[]>> {
  const covered = new Map<string, string[]>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith(".md") && n !== "README.md")) {
    const front = /^---\n([\s\S]*?)\n---/.exec(await readFile(join(dir, name), "utf8"))?.[1];
    for (const pkg of Object.keys((front ? parse(front) : null) ?? {}))
      covered.set(pkg, [...(covered.get(pkg) ?? []), name]);
  }
  return covered;
}

/** The paths whose changes reach a package's published files: its `files` (dist is built from src), and the manifest. */
export function publishedSources(manifest: Manifest): string[] {
  const files = (manifest.files ?? []).map((f) => (f === "dist" ? "src" : f));
  return [...new Set([...files, "package.json", "README.md", "LICENSE"])];
}

/** The last release of a package: its `name@version` tag, else nothing (never released). */
function lastRelease(manifest: Manifest): string | undefined {
  const tag = `${manifest.name}@${manifest.version}`;
  return git("tag", "--list", tag) === tag ? tag : undefined;
}

const problems: string[] = [];
const covered = await pendingChangesets();
for (const dir of await readdir(join(repoRoot, "packages"))) {
  const manifest = JSON.parse(await readFile(join(repoRoot, "packages", dir, "package.json"), "utf8")) as Manifest;
  if (manifest.private) continue;
  const paths = publishedSources(manifest).map((p) => `packages/${dir}/${p}`);
  const since = lastRelease(manifest);
  const changed = since ? git("diff", "--name-only", since, "--", ...paths) : git("ls-files", "--", ...paths); // never released: everything it would publish is new
  if (changed === "") continue;
  if (!covered.has(manifest.name)) {
    const count = changed.split("\n").length;
    problems.push(
      `${manifest.name}: ${count} published file(s) changed since ${since ?? "the start (never released)"} and no changeset names it — run \`pnpm changeset\``,
    );
  }
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(
  `check:changesets: every changed package has a changeset (${[...covered.keys()].join(", ") || "none pending"})`,
);
