import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

beforeAll(() => {
  // turbo builds before testing; a bare `vitest run` on a fresh clone builds here.
  if (!existsSync(`${root}/dist/node.cjs`)) execFileSync("npx", ["tsdown"], { cwd: root, stdio: "ignore" });
}, 60_000);

/** Runs a script in a fresh Node process in the package folder, so that it resolves `@tokenops/client` as a user would. */
const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" }).trim();

const script = (load: string) => `
  ${load}
  const fetch = async () => new Response(JSON.stringify({ id: "video_1", object: "video", status: "completed" }), {
    headers: { "content-type": "application/json" },
  });
  const client = createClient({ apiKey: "k", baseUrl: "http://127.0.0.1:9", fetch });
  client.videos.retrieve("video_1").then((video) => {
    const error = new NotFoundError(404, {});
    console.log([video.status, error instanceof APIError, typeof fileFromPath, typeof downloadTo, typeof runBatch, typeof runBatchToFolder].join(" "));
  });
`;

describe("the built package", () => {
  it("works when required as CommonJS", () => {
    const load = `const { createClient, APIError, NotFoundError } = require("@tokenops/client");
      const { fileFromPath, downloadTo, runBatchToFolder } = require("@tokenops/client/node");
      const { runBatch } = require("@tokenops/client/batch");`;
    expect(run(["-e", script(load)])).toBe("completed true function function function function");
  });

  it("works when imported as ESM", () => {
    const load = `import { createClient, APIError, NotFoundError } from "@tokenops/client";
      import { fileFromPath, downloadTo, runBatchToFolder } from "@tokenops/client/node";
      import { runBatch } from "@tokenops/client/batch";`;
    expect(run(["--input-type=module", "-e", script(load)])).toBe("completed true function function function function");
  });
});
