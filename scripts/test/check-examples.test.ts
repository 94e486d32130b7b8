import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  checkExamples,
  collectExamples,
  docExamples,
  formatFailure,
  headerFor,
  workspacePackages,
} from "../check-examples.ts";

// A repository in miniature: packages/demo/src/sum.ts with a good, a shell and a wrong example, a generated
// file with the spec's example value, and a README with a TypeScript and a shell block.
const root = fileURLToPath(new URL("./fixtures/examples/", import.meta.url));
const sum = join(root, "packages/demo/src/sum.ts");

describe("check:examples", () => {
  it("finds the TypeScript examples of doc comments and READMEs, and nothing else", () => {
    const examples = collectExamples(root);
    expect(examples.map(({ file, line, code }) => ({ file: file.slice(root.length), line, code }))).toEqual([
      { file: "packages/demo/src/sum.ts", line: 6, code: "const total: number = sum(1, 2);\n" },
      { file: "packages/demo/src/sum.ts", line: 14, code: "\nconst label: string = sum(1, 2);" },
      { file: "README.md", line: 4, code: "const answer: number = 6 * 7;\n" },
    ]);
  });

  it("names the file, the line and the compiler's message of a wrong example", () => {
    const failures = checkExamples(collectExamples(root), { root });
    expect(failures).toEqual([
      {
        file: "packages/demo/src/sum.ts",
        line: 15,
        message: "Type 'number' is not assignable to type 'string'. (TS2322)",
      },
    ]);
    expect(failures.map(formatFailure)).toEqual([
      "packages/demo/src/sum.ts:15: Type 'number' is not assignable to type 'string'. (TS2322)",
    ]);
  });

  it("passes once the wrong example is put right", () => {
    const examples = collectExamples(root).map((example) => ({
      ...example,
      code: example.code.replace("const label: string", "const label: number"),
    }));
    expect(checkExamples(examples, { root })).toEqual([]);
  });

  it("imports what an example uses from its module, and declares the free names it uses", () => {
    const example = { file: sum, line: 1, code: "const video = await client.videos.retrieve(id);\nsum(1, 2);" };
    const header = headerFor({ ...example, packageDir: join(root, "packages/demo") }, workspacePackages(root));
    expect(header.split("\n")).toEqual([
      'import { sum } from "./sum.js";',
      'declare const client: import("@tokenops/client").TokenOpsClient;',
      "declare const id: string;",
      "",
    ]);
  });

  it("refuses an @example the compiler does not attach to a declaration", () => {
    const loose = "const sizes = [\n  /**\n   * @example\n   * 1;\n   */\n  1,\n];\n";
    expect(() => docExamples("loose.ts", loose)).toThrow(/loose.ts: 1 @example tags written, 0 attached/);
  });
});
