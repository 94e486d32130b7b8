import { execFile, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterEach } from "vitest";
import { repoRoot } from "../lib/repo.ts";

const run = promisify(execFile);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A throwaway copy of the repository's spec/ and the contract package's generated code, to run the pipeline on. */
export async function copyOfRepo(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "tokenops-spec-"));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  await cp(join(repoRoot, "spec"), join(root, "spec"), { recursive: true });
  await cp(join(repoRoot, "packages/contract/src/generated"), join(root, "packages/contract/src/generated"), {
    recursive: true,
  });
  return root;
}

/** A docs folder like the site: llms.txt linking to pages under api-reference/endpoint/. */
export async function docsFolder(pages: Record<string, string>, extraIndex = ""): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tokenops-docs-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, "api-reference/endpoint"), { recursive: true });
  const links = Object.keys(pages).map(
    (name) => `- [${name}](https://docs-model.skyengine.com.cn/api-reference/endpoint/${name}): reference`,
  );
  await writeFile(
    join(dir, "llms.txt"),
    `# TokenOps AI API\n\n> Docs.\n\n## Guides\n\n- [Quick start](https://docs-model.skyengine.com.cn/quickstart.md): start here\n${extraIndex}\n## API reference\n\n${links.join("\n")}\n`,
  );
  for (const [name, text] of Object.entries(pages)) {
    await writeFile(join(dir, "api-reference/endpoint", name), text);
  }
  return dir;
}

/** Serves a folder over HTTP on 127.0.0.1, and records every path asked for. */
export async function serveFolder(dir: string): Promise<{ url: string; requested: string[] }> {
  const requested: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    requested.push(path);
    try {
      res.end(await readFile(join(dir, decodeURIComponent(path))));
    } catch {
      res.statusCode = 404;
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { url: `http://127.0.0.1:${address.port}`, requested };
}

export const vendoredPage = () => readFile(join(repoRoot, "spec/upstream/videos-generations.md"), "utf8");

/**
 * The folders whose node_modules hold only links (pnpm's), copied as links so the copy uses its own packages:
 * every workspace package, so that a new one needs no edit here.
 */
const LINKED = [
  "scripts",
  "docs",
  "e2e",
  "bench",
  ...readdirSync(join(repoRoot, "packages")).map((name) => `packages/${name}`),
];

/** A copy of the work tree (tracked and new files, not ignored ones), sharing the installed packages. */
export async function copyWorkTree(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), "tokenops-spec-change-"));
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const path of stdout.split("\0").filter(Boolean)) {
    await mkdir(dirname(join(copy, path)), { recursive: true });
    await cp(join(repoRoot, path), join(copy, path), { verbatimSymlinks: true }).catch((error) => {
      // A file deleted in the work tree but not yet in the index.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    });
  }
  await symlink(join(repoRoot, "node_modules"), join(copy, "node_modules"));
  for (const folder of LINKED) {
    await cp(join(repoRoot, folder, "node_modules"), join(copy, folder, "node_modules"), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  const git = (...args: string[]) =>
    run("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args], { cwd: copy });
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-q", "-m", "copy");
  return copy;
}

/** Runs pnpm in `cwd` with telemetry off; throws with its output when it fails. */
export function pnpmIn(args: string[], cwd: string) {
  const result = spawnSync("pnpm", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", REDOCLY_TELEMETRY: "off", FORCE_COLOR: "0" },
  });
  if (result.status !== 0) throw new Error(`pnpm ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
}

/** The paths a copy's pipeline changed or added since `copyWorkTree` committed it. */
export async function changedFiles(copy: string): Promise<string[]> {
  const { stdout } = await run("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: copy });
  return stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3));
}
