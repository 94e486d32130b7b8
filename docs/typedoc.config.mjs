// @ts-check
import { readFileSync, writeFileSync } from "node:fs";
import { OptionDefaults } from "typedoc";
import { homePage, orderedGuides } from "./guides.mjs";

// The home page with its list of guides, written beside index.md so that its links resolve the same.
const HOME = "home.generated.md";
writeFileSync(new URL(HOME, import.meta.url), homePage(readFileSync(new URL("index.md", import.meta.url), "utf8")));

/** `pnpm docs:build`: one reference site for every public package, with the guides as project documents. */
/** @type {Partial<import("typedoc").TypeDocOptions>} */
const config = {
  name: "TokenOps video SDK",
  entryPointStrategy: "packages",
  entryPoints: ["../packages/client", "../packages/testing", "../packages/queue"],
  packageOptions: {
    // openapi-typescript writes @description on the generated types.
    blockTags: [...OptionDefaults.blockTags, "@description"],
    excludePrivate: true,
    excludeInternal: true,
    disableSources: true,
    includeVersion: false,
  },
  // In reading order: typedoc keeps the documents' order (its default sort leaves documents unsorted).
  projectDocuments: orderedGuides().map(({ file }) => file),
  readme: HOME,
  out: "site",
  // The same project as JSON, for the test that every public export has an example.
  json: "site/api.json",
  disableSources: true,
  treatWarningsAsErrors: true,
  // typedoc's defaults, and the input formats the Batches guide shows.
  highlightLanguages: [
    "bash",
    "console",
    "css",
    "html",
    "javascript",
    "json",
    "jsonc",
    "json5",
    "yaml",
    "tsx",
    "typescript",
    "jsonl",
    "csv",
  ],
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true, notDocumented: true },
  searchInComments: true,
  searchInDocuments: true,
  navigation: { includeCategories: false, includeGroups: true, includeFolders: true },
  githubPages: false,
  hideGenerator: true,
};

export default config;
