import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const manifest = (path: string) =>
  JSON.parse(readFileSync(join(root, path, "package.json"), "utf8")) as { engines?: { node?: string } };

describe("supported Node versions", () => {
  it("are one statement: every package's engines.node is the root's, and the README states it", () => {
    const range = manifest(".").engines?.node;
    expect(range).toBe("^20.19.0 || ^22.12.0 || >=24");
    for (const name of readdirSync(join(root, "packages"))) {
      expect(manifest(`packages/${name}`).engines?.node, name).toBe(range);
    }
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(`\`${range}\``);
  });
});
