import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../lib/repo.ts";
import { bundle, readSources } from "../spec/bundle.ts";
import { copyOfRepo } from "./helpers.ts";

type Doc = {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
  components: {
    schemas: Record<
      string,
      {
        enum?: string[];
        properties?: Record<string, { enum?: string[]; $ref?: string; type?: string | string[]; anyOf?: unknown[] }>;
      }
    >;
  };
};

describe("bundle", () => {
  it("reproduces the committed spec/openapi.yaml byte for byte, every time", async () => {
    const sources = await readSources(join(repoRoot, "spec"));
    const first = await bundle(sources);
    const second = await bundle(await readSources(join(repoRoot, "spec")));
    expect(second.text).toBe(first.text);
    expect(first.text).toBe(await readFile(join(repoRoot, "spec/openapi.yaml"), "utf8"));
  });

  it("holds the vendored operation, the five extensions, and the overlays' corrections", async () => {
    const doc = parse(await readFile(join(repoRoot, "spec/openapi.yaml"), "utf8")) as Doc;
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.sort()).toEqual([
      "createVideo",
      "deleteVideo",
      "getVideoContent",
      "getVideoStatus",
      "listVideos",
      "remixVideo",
    ]);
    expect(doc.components.schemas.VideoStatus?.enum).toEqual(
      expect.arrayContaining(["queued", "processing", "cancelled", "expired"]),
    );
    expect(doc.components.schemas.VideoGenerationResponse?.properties?.status?.$ref).toBe(
      "#/components/schemas/VideoStatus",
    );
    expect(doc.components.schemas.CreateVideoFormRequest?.properties?.seconds?.enum).toEqual(["4", "8", "12"]);
    // OpenAI's video object: unset fields are null, and response sizes are open strings.
    for (const name of ["VideoGenerationResponse", "VideoStatusResponse"]) {
      const video = doc.components.schemas[name]?.properties ?? {};
      for (const field of ["completed_at", "expires_at", "prompt", "remixed_from_video_id"]) {
        expect(video[field]?.type, `${name}.${field}`).toContain("null");
      }
      expect(video.error?.anyOf).toContainEqual({ type: "null" });
      expect(video.size?.enum, `${name}.size`).toBeUndefined();
    }
    for (const name of ["CreateVideoFormRequest", "RemixVideoRequest"]) {
      expect(doc.components.schemas[name]?.properties?.prompt).toMatchObject({ minLength: 1, maxLength: 32000 });
    }
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        expect(Object.keys(op.responses ?? {})).toEqual(expect.arrayContaining(["401", "403", "404", "429", "5XX"]));
      }
    }
  });

  it("fails, naming the overlay, when an overlay action no longer matches the spec", async () => {
    const root = await copyOfRepo();
    await writeFile(
      join(root, "spec/overlays/99-stale.yaml"),
      "overlay: 1.0.0\ninfo: {title: stale, version: 1.0.0}\nactions:\n  - target: $.components.schemas.Gone.properties\n    update: {x: {type: string}}\n",
    );
    await expect(bundle(await readSources(join(root, "spec")))).rejects.toThrow(
      /overlays\/99-stale\.yaml: overlay actions matched nothing in the spec: \$\.components\.schemas\.Gone\.properties/,
    );
  });

  it("lets a vendored page win over an extension for the same operation, and reports the extension as redundant", async () => {
    const root = await copyOfRepo();
    const page = await readFile(join(root, "spec/upstream/videos-generations.md"), "utf8");
    // A vendored page for the status operation, as upstream might publish it.
    const statusPage = page
      .replace("````yaml POST /v1/videos", "````yaml GET /v1/videos/{video_id}")
      .replace(
        /paths:\n[\s\S]*?\ncomponents:/,
        "paths:\n  /v1/videos/{video_id}:\n    get:\n      operationId: getVideoStatus\n      parameters:\n        - {name: video_id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/VideoGenerationResponse'\ncomponents:",
      );
    await writeFile(join(root, "spec/upstream/videos-status.md"), statusPage);
    const result = await bundle(await readSources(join(root, "spec"))).catch((error: Error) => error);
    // The overlay still targets the extension's VideoStatusResponse schema, which stays in the bundle.
    expect(result).not.toBeInstanceOf(Error);
    if (result instanceof Error) return;
    expect(result.redundantExtensions).toEqual([
      "extensions/videos-status.yaml: GET /v1/videos/{video_id} (now in upstream/videos-status.md)",
    ]);
    const op = (result.document as unknown as Doc).paths["/v1/videos/{video_id}"]?.get;
    expect(op?.operationId).toBe("getVideoStatus");
    expect(op).not.toHaveProperty("x-tokenops-source");
  });
});
