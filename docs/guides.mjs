// @ts-check
// The guides in reading order, from the `order:` in each guide's front matter: the one list that the
// site's sidebar and its home page are made from, so that adding a guide is adding its file.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const folder = fileURLToPath(new URL("./guides/", import.meta.url));

/**
 * Every guide in `docs/guides/`, sorted by its front matter's `order` (a number).
 *
 * @throws Error naming a guide without `title` or `order`, or two guides with the same `order`.
 * @returns {{ file: string, title: string, order: number }[]} `file` relative to `docs/`.
 * @example
 * orderedGuides()[0]; // { file: "guides/getting-started.md", title: "Getting started", order: 1 }
 */
export function orderedGuides() {
  const guides = readdirSync(folder)
    .filter((name) => name.endsWith(".md"))
    .map((name) => {
      const text = readFileSync(join(folder, name), "utf8");
      const front = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? "";
      const field = (/** @type {string} */ key) => new RegExp(`^${key}:\\s*(.+)$`, "m").exec(front)?.[1]?.trim();
      const title = field("title");
      const order = Number(field("order"));
      if (!title || !Number.isFinite(order)) {
        throw new Error(
          `docs/guides/${name}: its front matter needs a title and an order (a number: where it comes in the list)`,
        );
      }
      return { file: `guides/${name}`, title, order };
    })
    .sort((a, b) => a.order - b.order);
  for (const [index, guide] of guides.entries()) {
    const next = guides[index + 1];
    if (next && next.order === guide.order)
      throw new Error(`${guide.file} and ${next.file} have the same order ${guide.order}`);
  }
  return guides;
}

/** The marker in `index.md` that the list of guides replaces. */
export const GUIDES_MARKER = "<!-- guides: made from each guide's front matter by docs/guides.mjs -->";

/**
 * `index.md` with the list of guides in place of its marker: the home page typedoc renders.
 *
 * @param {string} home - the text of `index.md`
 * @returns {string}
 */
export function homePage(home) {
  if (!home.includes(GUIDES_MARKER)) throw new Error(`index.md has no ${GUIDES_MARKER}`);
  const list = orderedGuides()
    .map(({ file, title }) => `- [${title}](./${file})`)
    .join("\n");
  return home.replace(GUIDES_MARKER, list);
}
