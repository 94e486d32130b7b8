/**
 * What a maintainer does when upstream adds to the contract, end to end on a copy of the repository: add an
 * enum field, a bounded integer field and a new operation under spec/, run `pnpm generate` and `pnpm build`,
 * and find that only spec/ and the contract package's generated files changed while the client, the mock and the
 * CLI all follow.
 */
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../lib/repo.ts";
import { changedFiles, copyWorkTree, pnpmIn } from "./helpers.ts";

const run = promisify(execFile);

const FIELDS_OVERLAY = `overlay: 1.0.0
info:
  title: Two new createVideo fields (test)
  version: 1.0.0
actions:
  - target: $.components.schemas.CreateVideoFormRequest.properties
    update:
      style:
        type: string
        enum: [cinematic, anime]
        description: The look of the video.
      fps:
        type: integer
        minimum: 12
        maximum: 60
        description: Frames per second.
`;

const CAPTIONS_EXTENSION = `openapi: 3.1.0
info:
  title: TokenOps AI API — getVideoCaptions (test)
  version: 1.0.0
paths:
  /v1/videos/{video_id}/captions:
    get:
      summary: A video's captions
      operationId: getVideoCaptions
      parameters:
        - $ref: '#/components/parameters/VideoId'
        - name: language
          in: query
          required: false
          description: The captions' language.
          schema:
            type: string
            enum: [en, fr]
      responses:
        '200':
          description: The captions.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/VideoCaptions'
              example:
                object: video.captions
                language: en
                text: A red fox runs through the snow.
      security:
        - OpenAIAuth: []
components:
  schemas:
    VideoCaptions:
      type: object
      required: [object, language, text]
      properties:
        object:
          type: string
        language:
          type: string
        text:
          type: string
`;

let root: string;
let changed: string[];

/**
 * The CLI built in the copy, run with the mock's address and a key. Asynchronously: the mock answers from
 * this process, which a synchronous spawn would block.
 */
async function cli(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TOKENOPS_")));
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, "packages/cli/bin/tokenops.js"), ...args], {
      env: { ...clean, NO_COLOR: "1", ...env },
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { status: code, stdout, stderr };
  }
}

beforeAll(async () => {
  root = await copyWorkTree();
  await writeFile(join(root, "spec/overlays/90-test-fields.yaml"), FIELDS_OVERLAY);
  await writeFile(join(root, "spec/extensions/videos-captions.yaml"), CAPTIONS_EXTENSION);
  pnpmIn(["generate"], root);
  pnpmIn(["build"], root);
  changed = await changedFiles(root);
}, 600_000);

afterAll(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

describe("a new field and a new operation in the spec reach every package with no hand edit", () => {
  it("changes only spec/ and generated files", () => {
    expect(
      // The Models guide's tables are generated too (scripts/docs-models.ts): a new Sora field is a new flag there.
      changed.filter(
        (path) =>
          !path.startsWith("spec/") &&
          !path.startsWith("packages/contract/src/generated/") &&
          path !== "docs/guides/models.md",
      ),
    ).toEqual([]);
    expect(changed).toEqual(
      expect.arrayContaining([
        "spec/openapi.yaml",
        "packages/contract/src/generated/openapi.ts",
        "packages/contract/src/generated/operations.ts",
        "packages/contract/src/generated/spec.ts",
        "packages/contract/src/generated/fields.ts",
      ]),
    );
  });

  it("the client refuses bad values before any request, and sends good ones as multipart text", async () => {
    const client = await import(join(root, "packages/client/dist/index.js"));
    const requests: Request[] = [];
    const api = client.createClient({
      apiKey: "test-key",
      baseUrl: "http://127.0.0.1:9",
      logLevel: "off",
      fetch: async (request: Request) => {
        requests.push(request);
        return Response.json({ id: "video_1", object: "video", status: "queued" });
      },
    });
    const base = { model: "sora-2", prompt: "a fox" };
    await expect(api.videos.create({ ...base, style: "watercolor" })).rejects.toMatchObject({
      name: "TokenOpsValidationError",
      field: "style",
      message: 'Invalid style: got "watercolor"; expected one of cinematic, anime.',
    });
    await expect(api.videos.create({ ...base, fps: 5 })).rejects.toMatchObject({
      field: "fps",
      message: "Invalid fps: got 5; expected an integer from 12 to 60.",
    });
    await expect(api.videos.create({ ...base, fps: 24.5 })).rejects.toMatchObject({ field: "fps" });
    expect(requests).toHaveLength(0);
    await api.videos.create({ ...base, style: "anime", fps: 24 });
    const form = await requests[0]?.formData();
    expect([form?.get("style"), form?.get("fps")]).toEqual(["anime", "24"]);
    expect(client.requestRules.getVideoCaptions.query.language).toEqual({ type: "string", enum: ["en", "fr"] });
  });

  describe("against the mock built in the copy", () => {
    let server: { url: string; close(): Promise<void>; requests: readonly { operation: string | null }[] };
    const auth = { authorization: "Bearer test-key" };

    beforeAll(async () => {
      const testing = await import(join(root, "packages/testing/dist/index.js"));
      server = await testing.startMockServer({ host: "127.0.0.1", timeScale: 0 });
    });
    afterAll(() => server?.close());

    const create = (fields: Record<string, string>) => {
      const form = new FormData();
      form.set("model", "sora-2");
      form.set("prompt", "a fox");
      for (const [name, value] of Object.entries(fields)) form.set(name, value);
      return fetch(`${server.url}/v1/videos`, { method: "POST", headers: auth, body: form });
    };

    it("accepts good values sent as multipart text, and refuses bad ones naming the field", async () => {
      expect((await create({ style: "anime", fps: "24" })).status).toBe(200);
      const tooSlow = await create({ fps: "5" });
      expect(tooSlow.status).toBe(400);
      expect((await tooSlow.json()).error.param).toBe("fps");
      const unknownStyle = await create({ style: "watercolor" });
      expect(unknownStyle.status).toBe(400);
      expect((await unknownStyle.json()).error.message).toContain('"cinematic", "anime"');
    });

    it("answers the new operation from the spec's example, through the raw typed client", async () => {
      const client = await import(join(root, "packages/client/dist/index.js"));
      const api = client.createClient({ apiKey: "test-key", baseUrl: server.url, logLevel: "off" });
      const { data, response } = await api.GET("/v1/videos/{video_id}/captions", {
        params: { path: { video_id: "video_1" }, query: { language: "en" } },
      });
      expect(response.status).toBe(200);
      expect(data).toEqual({ object: "video.captions", language: "en", text: "A red fox runs through the snow." });
      const refused = await fetch(`${server.url}/v1/videos/video_1/captions?language=de`, { headers: auth });
      expect(refused.status).toBe(400);
    });

    it("tokenops videos create --help shows the new flags with their descriptions and choices", async () => {
      const result = await cli(["videos", "create", "--help"]);
      expect(result.status).toBe(0);
      const help = result.stdout.replace(/\s+/g, " ");
      // A field of one family's schema (here Sora-2's form) is that family's flag, and its help says whose.
      expect(help).toContain('--style <style> [OpenAI Sora-2] The look of the video. (choices: "cinematic", "anime")');
      expect(help).toContain("--fps <fps> [OpenAI Sora-2] Frames per second. (12 to 60)");
    });

    it("the CLI sends good values and refuses bad ones with exit 2 before any request", async () => {
      const env = { TOKENOPS_BASE_URL: server.url, TOKENOPS_API_KEY: "test-key" };
      const create = ["videos", "create", "--model", "sora-2", "--prompt", "a fox"];
      const before = server.requests.length;
      for (const bad of [
        ["--fps", "5"],
        ["--fps", "fast"],
        ["--style", "watercolor"],
      ]) {
        const result = await cli([...create, ...bad], env);
        expect(result.status, result.stderr).toBe(2);
        expect(result.stderr).toContain(bad[0]);
      }
      expect(server.requests.length).toBe(before);
      const good = await cli([...create, "--style", "anime", "--fps", "24", "--json"], env);
      expect(good.status, good.stderr).toBe(0);
      expect(JSON.parse(good.stdout)).toMatchObject({ status: "queued" });
    });
  });
});

// The copy's sources are this work tree's: the test reads the same generator and packages.
it("copies this work tree, not a stale checkout", async () => {
  expect(await readFile(join(root, "scripts/generate.ts"), "utf8")).toBe(
    await readFile(join(repoRoot, "scripts/generate.ts"), "utf8"),
  );
});
