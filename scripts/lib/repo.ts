import { fileURLToPath } from "node:url";

/** Where the pipeline reads and writes, below a repository root (tests use a copy). */
export function layout(root: string) {
  const base = root.endsWith("/") ? root : `${root}/`;
  return {
    root: base,
    specDir: `${base}spec`,
    bundlePath: `${base}spec/openapi.yaml`,
    generatedDir: `${base}packages/client/src/generated`,
    /** The bundled spec as a module, for @tokenops/testing's mock server and MSW handlers. */
    testingSpecPath: `${base}packages/testing/src/generated/spec.ts`,
    /** The spec's words for each request field, for the CLI's generated flags. */
    cliFieldsPath: `${base}packages/cli/src/generated/fields.ts`,
  };
}

/** This repository's root, wherever a script is run from. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const { specDir, bundlePath, generatedDir } = layout(repoRoot);
