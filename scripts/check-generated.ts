import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { MODELS_GUIDE, modelsGuideIsCurrent } from "./docs-models.ts";
import { expectedOutputs } from "./generate.ts";
import { repoRoot } from "./lib/repo.ts";

/** The outputs (spec/openapi.yaml and the generated code) that are stale against spec/ and the generator. */
export async function staleOutputs(root = repoRoot): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, expected] of await expectedOutputs(root)) {
    const actual = await readFile(path, "utf8").catch(() => undefined);
    if (actual !== expected) stale.push(relative(root, path) + (actual === undefined ? " (missing)" : ""));
  }
  return stale;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stale = await staleOutputs();
  // The Models guide's tables, which scripts/docs-models.ts writes from the contract (after the contract's generate).
  if (!(await modelsGuideIsCurrent())) stale.push(MODELS_GUIDE);
  if (stale.length > 0) {
    console.error(
      `Stale generated files — run \`pnpm generate\` and commit the result:\n${stale.map((p) => `  ${p}`).join("\n")}`,
    );
    process.exit(1);
  }
  console.log("check:generated: spec/openapi.yaml, every generated file and the Models guide's tables are up to date");
}
