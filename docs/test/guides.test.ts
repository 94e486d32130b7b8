import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GUIDES_MARKER, homePage, orderedGuides } from "../guides.mjs";

const files = readdirSync(fileURLToPath(new URL("../guides/", import.meta.url))).filter((name) => name.endsWith(".md"));

describe("the list of guides", () => {
  it("holds every guide in docs/guides, each once, ordered by its front matter's order", () => {
    const guides = orderedGuides();
    expect(guides.map(({ file }) => file).sort()).toEqual(files.map((name) => `guides/${name}`).sort());
    const orders = guides.map(({ order }) => order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(guides[0]?.title).toBe("Getting started");
  });

  it("makes the home page's list from it, with every guide and Listing and deleting among them", () => {
    const home = homePage(`# Home\n\n## Guides\n\n${GUIDES_MARKER}\n`);
    const listed = [...home.matchAll(/^- \[(.+)\]\(\.\/(guides\/.+\.md)\)$/gm)].map((match) => match[2]);
    expect(listed).toEqual(orderedGuides().map(({ file }) => file));
    expect(home).toContain("- [Listing and deleting](./guides/listing-and-deleting.md)");
  });
});
