import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL("../src/", import.meta.url).pathname;

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat();
}

describe("the core entry runs in browsers, Deno, Bun and workers", () => {
  it("imports no node: module outside src/node", async () => {
    const offenders: string[] = [];
    for (const file of await files(src)) {
      const path = relative(src, file);
      if (path.startsWith("node/") || !path.endsWith(".ts")) continue;
      const text = await readFile(file, "utf8");
      if (/from\s+["']node:|import\(\s*["']node:|require\(\s*["']node:/.test(text)) offenders.push(path);
      // Nor a bare built-in name ("fs", "path", …) that bundlers would also have to stub.
      if (/from\s+["'](fs|path|stream|crypto|os|util|http|https|url|buffer)(\/[^"']*)?["']/.test(text))
        offenders.push(path);
    }
    expect(offenders).toEqual([]);
  });

  it("reads Node-only globals (process, Buffer) only through globalThis, where they may be missing, never directly", async () => {
    for (const file of await files(src)) {
      const path = relative(src, file);
      if (path.startsWith("node/")) continue;
      const code = (await readFile(file, "utf8")).replace(/\/\/.*|\/\*[\s\S]*?\*\//g, "");
      expect(code, path).not.toMatch(/(^|[^.\w])process\./);
      // `globalThis.Buffer`, or `Buffer?:` as the optional key of its type, but never a bare `Buffer.from(…)`.
      expect(code, path).not.toMatch(/(^|[^.\w])Buffer\b(?!\?:)/);
    }
  });
});
