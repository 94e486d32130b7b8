import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { repoRoot } from "../lib/repo.ts";

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
