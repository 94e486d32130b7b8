import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { repoRoot } from "../lib/repo.ts";
import { bundle, readSources } from "./bundle.ts";
import { diffSpecs, type SpecChange } from "./diff.ts";
import type { OpenAPIDocument } from "./extract.ts";

/** The changeset text for a set of spec changes, or undefined when nothing changed. */
export function changesetFor(changes: SpecChange[], packageName = "@tokenops/client"): string | undefined {
  if (changes.length === 0) return undefined;
  const breaking = changes.some((c) => c.breaking);
  const byPlace = new Map<string, string[]>();
  for (const change of changes) {
    const line = `${change.breaking ? "**breaking:** " : ""}${change.what}`;
    byPlace.set(change.where, [...(byPlace.get(change.where) ?? []), line]);
  }
  const operations = [...byPlace.keys()].filter((w) => !w.startsWith("schema "));
  const summary = breaking
    ? "Regenerated from the TokenOps API spec, with breaking changes"
    : "Regenerated from the TokenOps API spec";
  const detail = [...byPlace].map(([where, lines]) => `- ${where}: ${lines.join("; ")}`).join("\n");
  return `---
"${packageName}": ${breaking ? "major" : "minor"}
---

${summary}${operations.length > 0 ? ` (operations changed: ${operations.join(", ")})` : ""}.

${detail}
`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { base: { type: "string" }, "dry-run": { type: "boolean" } } });
  // The committed bundle is the baseline, unless a file is given.
  const baseText = values.base
    ? await readFile(values.base, "utf8")
    : execFileSync("git", ["show", "HEAD:spec/openapi.yaml"], { cwd: repoRoot, encoding: "utf8" });
  const current = await bundle(await readSources());
  const changes = diffSpecs(parse(baseText) as OpenAPIDocument, current.document);
  const text = changesetFor(changes);
  if (text === undefined) {
    console.log("spec:changeset: the spec's types did not change; no changeset written");
    return;
  }
  if (values["dry-run"]) {
    process.stdout.write(text);
    return;
  }
  const id = createHash("sha256").update(current.text).digest("hex").slice(0, 8);
  const path = join(repoRoot, ".changeset", `spec-${id}.md`);
  await writeFile(path, text);
  console.log(
    `spec:changeset: wrote .changeset/spec-${id}.md (${changes.some((c) => c.breaking) ? "major" : "minor"})`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`spec:changeset failed: ${error.message}`);
    process.exitCode = 1;
  });
}
