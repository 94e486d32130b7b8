import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

interface Reflection {
  name: string;
  /** typedoc's ReflectionKind: 2 is a module (an entry point of a package with several). */
  kind?: number;
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
    // A package with several entry points has a module for each; a package with one has its exports itself.
    const entriesOf = (pkg: Reflection) =>
      (pkg.children ?? []).some((child) => child.kind === 2) ? (pkg.children ?? []) : [{ ...pkg, name: "index" }];
    const exports = (project.children ?? []).flatMap((pkg) =>
      entriesOf(pkg).flatMap((entry) =>
        (entry.children ?? [])
          .filter((node) => node.variant !== "reference")
          .map((node) => ({ name: `${pkg.name}/${entry.name}: ${node.name}`, node })),
      ),
    );
    expect(exports.length).toBeGreaterThan(50);
    expect(exports.filter(({ node }) => !hasExample(node)).map(({ name }) => name)).toEqual([]);
  });
});
