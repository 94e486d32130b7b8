import { fileURLToPath } from "node:url";

/** Where the pipeline reads and writes, below a repository root (tests use a copy). */
export function layout(root: string) {
  const base = root.endsWith("/") ? root : `${root}/`;
  return {
    root: base,
    specDir: `${base}spec`,
    bundlePath: `${base}spec/openapi.yaml`,
    /**
     * Everything generated from the bundle, in the one contract package (@tokenops/contract) that the client,
     * the mock and the CLI read: the types, the runtime tables, the spec module and the field descriptions.
     */
    generatedDir: `${base}packages/contract/src/generated`,
  };
}

/** This repository's root, wherever a script is run from. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const { specDir, bundlePath, generatedDir } = layout(repoRoot);
