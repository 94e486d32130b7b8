import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../lib/repo.ts";
import { sync } from "../spec/sync.ts";
import { copyOfRepo, docsFolder, serveFolder, vendoredPage } from "./helpers.ts";

/** Every file below spec/ (name → text), to compare before and after a sync. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files[path.slice(dir.length)] = await readFile(path, "utf8");
    }
  }
  return files;
}

describe("spec:sync", () => {
  it("reproduces spec/ byte for byte from a folder holding llms.txt and the vendored page", async () => {
    const root = await copyOfRepo();
    const docs = await docsFolder({ "videos-generations.md": await vendoredPage() });
    const report = await sync(docs, join(root, "spec"));
    expect(report.pages).toEqual(["videos-generations.md"]);
    expect(report).toMatchObject({ added: [], changed: [], removed: [], unchanged: 6 });
    expect(await snapshot(join(root, "spec"))).toEqual(await snapshot(join(repoRoot, "spec")));
  });

  it("reads the pages from the local server it was given, never from the hosts the index names", async () => {
    const root = await copyOfRepo();
    const docs = await docsFolder({ "videos-generations.md": await vendoredPage() });
    const server = await serveFolder(docs);
    const report = await sync(`${server.url}/llms.txt`, join(root, "spec"));
    expect(report.unchanged).toBe(6);
    expect(server.requested).toEqual(["/llms.txt", "/api-reference/endpoint/videos-generations.md"]);
    expect(await snapshot(join(root, "spec"))).toEqual(await snapshot(join(repoRoot, "spec")));
  });

  it("reports an added operation and an extension that upstream now documents", async () => {
    const root = await copyOfRepo();
    const page = await vendoredPage();
    const remixPage = page
      .replace("````yaml POST /v1/videos", "````yaml POST /v1/videos/{video_id}/remix")
      .replace("  /v1/videos:\n    post:", "  /v1/videos/{video_id}/remix:\n    post:")
      .replace("operationId: createVideo", "operationId: remixVideo");
    const docs = await docsFolder({ "videos-generations.md": page, "videos-remix.md": remixPage });
    const report = await sync(docs, join(root, "spec"));
    expect(report.pages).toEqual(["videos-generations.md", "videos-remix.md"]);
    expect(report.changed).toEqual(["POST /v1/videos/{video_id}/remix (remixVideo)"]);
    expect(report.redundantExtensions).toEqual([
      "extensions/videos-remix.yaml: POST /v1/videos/{video_id}/remix (now in upstream/videos-remix.md)",
    ]);
    expect(await readdir(join(root, "spec/upstream"))).toEqual(["videos-generations.md", "videos-remix.md"]);
  });

  it("leaves spec/ untouched and names the page when a page has no OpenAPI fence", async () => {
    const root = await copyOfRepo();
    const before = await snapshot(join(root, "spec"));
    const docs = await docsFolder({
      "videos-generations.md": await vendoredPage(),
      "videos-status.md": "# Status\n\nComing soon.\n",
    });
    await expect(sync(docs, join(root, "spec"))).rejects.toThrow(
      /nothing in spec\/ was changed:\n {2}.*api-reference\/endpoint\/videos-status\.md: no ````yaml fence/,
    );
    expect(await snapshot(join(root, "spec"))).toEqual(before);
  });

  it("leaves spec/ untouched and names the page when its YAML is invalid", async () => {
    const root = await copyOfRepo();
    const before = await snapshot(join(root, "spec"));
    const broken = (await vendoredPage()).replace("operationId: createVideo", "operationId: [createVideo");
    const docs = await docsFolder({ "videos-generations.md": broken });
    await expect(sync(docs, join(root, "spec"))).rejects.toThrow(/videos-generations\.md: invalid YAML/);
    expect(await snapshot(join(root, "spec"))).toEqual(before);
  });

  it("leaves spec/ untouched and names the URL when a page cannot be fetched", async () => {
    const root = await copyOfRepo();
    const before = await snapshot(join(root, "spec"));
    const docs = await docsFolder({ "videos-generations.md": await vendoredPage() });
    const server = await serveFolder(docs);
    const index = await readFile(join(docs, "llms.txt"), "utf8");
    await writeFile(
      join(docs, "llms.txt"),
      `${index}- [Missing](https://docs-model.skyengine.com.cn/api-reference/endpoint/videos-missing.md): gone\n`,
    );
    await expect(sync(`${server.url}/llms.txt`, join(root, "spec"))).rejects.toThrow(
      `${server.url}/api-reference/endpoint/videos-missing.md: fetch failed: HTTP 404`,
    );
    expect(await snapshot(join(root, "spec"))).toEqual(before);
  });

  it("fails when the index lists no API reference page", async () => {
    const root = await copyOfRepo();
    const docs = await docsFolder({});
    await expect(sync(docs, join(root, "spec"))).rejects.toThrow(/lists no API reference page/);
  });
});
