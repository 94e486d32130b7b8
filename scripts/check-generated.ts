import { readFile } from "node:fs/promises";
import { relative } from "node:path";
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
  if (stale.length > 0) {
    console.error(
      `Stale generated files — run \`pnpm generate\` and commit the result:\n${stale.map((p) => `  ${p}`).join("\n")}`,
    );
    process.exit(1);
  }
  console.log("check:generated: spec/openapi.yaml and every generated file are up to date");
}
