import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

interface Reflection {
  name: string;
  variant?: string;
  comment?: { blockTags?: Array<{ tag: string }> };
  signatures?: Reflection[];
  children?: Reflection[];
}

const hasExample = (node: Reflection): boolean =>
  [node, ...(node.signatures ?? [])].some((part) => part.comment?.blockTags?.some((tag) => tag.tag === "@example"));

describe("the reference site's API pages", () => {
  it("show an example for every public export of every package", async () => {
    const project = JSON.parse(
      await readFile(fileURLToPath(new URL("../site/api.json", import.meta.url)), "utf8"),
    ) as Reflection;
    const exports = (project.children ?? []).flatMap((pkg) =>
      (pkg.children ?? []).flatMap((entry) =>
        (entry.children ?? [])
          .filter((node) => node.variant !== "reference")
          .map((node) => ({ name: `${pkg.name}/${entry.name}: ${node.name}`, node })),
      ),
    );
    expect(exports.length).toBeGreaterThan(50);
    expect(exports.filter(({ node }) => !hasExample(node)).map(({ name }) => name)).toEqual([]);
  });
});
