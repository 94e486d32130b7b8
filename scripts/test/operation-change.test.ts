/**
 * Issue 17's done-when, end to end on a copy of the repository: add an operation (`cancelVideo`) under spec/,
 * run `pnpm spec:bundle && pnpm generate && pnpm build`, and find a typed `client.videos.cancel(id)` that reaches
 * the mock's spec-sampled answer, with only spec/ and the contract package's generated files changed.
 */
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedFiles, copyWorkTree, pnpmIn } from "./helpers.ts";

const run = promisify(execFile);

const CANCEL_EXTENSION = `openapi: 3.1.0
info:
  title: TokenOps AI API — cancelVideo (test)
  version: 1.0.0
paths:
  /v1/videos/{video_id}/cancel:
    post:
      summary: Cancel a video job
      operationId: cancelVideo
      parameters:
        - $ref: '#/components/parameters/VideoId'
      responses:
        '200':
          description: The job, cancelled.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/VideoStatusResponse'
      security:
        - OpenAIAuth: []
`;

/** Type-checked in the copy: the new method's argument and answer come from the spec. */
const CANCEL_TYPES = `import { createClient, type Video } from "../src/index.js";

const client = createClient({ apiKey: "k", baseUrl: "http://127.0.0.1:9" });
export const cancelled: Promise<Video> = client.videos.cancel("video_1");
// @ts-expect-error the path parameter is a string
client.videos.cancel(1);
// @ts-expect-error cancel takes no body
client.videos.cancel("video_1", { prompt: "x" }, {});
`;

let root: string;
let changed: string[];

beforeAll(async () => {
  root = await copyWorkTree();
  await writeFile(join(root, "spec/extensions/videos-cancel.yaml"), CANCEL_EXTENSION);
  pnpmIn(["spec:bundle"], root);
  pnpmIn(["generate"], root);
  pnpmIn(["build"], root);
  changed = await changedFiles(root);
}, 1_500_000); // a full `pnpm build` of the copy, docs included, on a loaded machine

afterAll(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

describe("a new operation in the spec becomes a typed client.videos method with no hand edit", () => {
  it("changes only spec/ and generated files", () => {
    expect(
      changed.filter((path) => !path.startsWith("spec/") && !path.startsWith("packages/contract/src/generated/")),
    ).toEqual([]);
    expect(changed).toEqual(
      expect.arrayContaining([
        "spec/openapi.yaml",
        "spec/extensions/videos-cancel.yaml",
        "packages/contract/src/generated/methods.ts",
        "packages/contract/src/generated/operations.ts",
      ]),
    );
  });

  it("describes cancelVideo, named cancel from its operationId", async () => {
    const client = await import(join(root, "packages/client/dist/index.js"));
    expect(client.operations.cancelVideo).toMatchObject({
      name: "cancel",
      method: "POST",
      path: "/v1/videos/{video_id}/cancel",
      pathParams: ["video_id"],
      body: null,
      response: { status: 200, json: true, schema: "VideoStatusResponse" },
    });
  });

  it("client.videos.cancel(id) reaches the mock built in the copy and answers its sampled video", async () => {
    const client = await import(join(root, "packages/client/dist/index.js"));
    const testing = await import(join(root, "packages/testing/dist/index.js"));
    const server = await testing.startMockServer({ host: "127.0.0.1", timeScale: 0 });
    try {
      const api = client.createClient({ apiKey: "test-key", baseUrl: server.url, logLevel: "off" });
      const created = await api.videos.create({ model: "sora-2", prompt: "a fox" });
      const answer = await api.videos.cancel(created.id);
      expect(answer).toMatchObject({ object: "video", id: expect.any(String), status: expect.any(String) });
      const sent = server.requests.at(-1);
      expect(sent).toMatchObject({ operation: "cancelVideo" });
      await expect(api.videos.cancel("")).rejects.toMatchObject({ name: "TokenOpsValidationError", field: "video_id" });
    } finally {
      await server.close();
    }
  });

  it("types cancel from the spec: a wrong argument fails to compile", async () => {
    await writeFile(join(root, "packages/client/test/cancel.test-d.ts"), CANCEL_TYPES);
    await expect(
      run("pnpm", ["exec", "tsc", "--noEmit", "-p", "."], { cwd: join(root, "packages/client") }),
    ).resolves.toBeDefined();
  }, 600_000); // tsc over the client package and its tests: 10 s alone, past 30 s beside two busy loops
});
