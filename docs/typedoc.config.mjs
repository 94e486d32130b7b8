// @ts-check
import { OptionDefaults } from "typedoc";

/** `pnpm run docs`: one reference site for every public package, with the guides as project documents. */
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
  projectDocuments: ["guides/*.md"],
  readme: "index.md",
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
