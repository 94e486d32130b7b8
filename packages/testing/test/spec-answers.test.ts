import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coerceFormFields } from "../src/core/coerce.js";
import { SpecRouter } from "../src/core/router.js";
import { type MockServer, startMockServer } from "../src/index.js";
import { auth, schemaValidator } from "./helpers.js";

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ timeScale: 0 });
});
afterAll(() => server.close());

describe("multipart text read by the schema, as a server reads it", () => {
  const schema = {
    properties: {
      fps: { type: "integer" },
      ratio: { type: "number" },
      loop: { type: "boolean" },
      seconds: { type: "string" },
      strength: { type: ["number", "null"] },
    },
  };

  it("turns integer, number and boolean fields' text into values, and leaves string fields as text", () => {
    expect(
      coerceFormFields(schema, { fps: "24", ratio: "0.5", loop: "true", seconds: "8", strength: "1", other: "7" }),
    ).toEqual({ fps: 24, ratio: 0.5, loop: true, seconds: "8", strength: 1, other: "7" });
  });

  it("leaves text that is not such a value alone, for validation to refuse", () => {
    expect(coerceFormFields(schema, { fps: "24.5", ratio: "", loop: "yes" })).toEqual({
      fps: "24.5",
      ratio: "",
      loop: "yes",
    });
  });
});

describe("answers from the spec, for operations without a handler of their own", () => {
  // Every operation of today's spec has a handler; scripts/test/spec-change.test.ts adds one that has none
  // and calls it through the built mock. Here: the answer the mock would give, and the validation before it.
  const router = new SpecRouter();

  it("builds deleteVideo's and listVideos' answers from the spec, valid against their schemas", async () => {
    await router.ready();
    const deleted = router.example("deleteVideo");
    expect([deleted.status, deleted.contentType]).toEqual([200, "application/json"]);
    const validateDeleted = schemaValidator("DeletedVideoResponse");
    expect(validateDeleted(deleted.body), JSON.stringify(validateDeleted.errors)).toBe(true);
    const page = router.example("listVideos");
    const validatePage = schemaValidator("VideoListResponse");
    expect(validatePage(page.body), JSON.stringify(validatePage.errors)).toBe(true);
  });

  it("validates the request first: a limit over 100 is a 400 naming it", async () => {
    const response = await fetch(`${server.url}/v1/videos?limit=500`, { headers: auth });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.param).toBe("limit");
    expect(error.message).toContain("limit");
  });

  it("lets a browser preflight every method the spec uses", async () => {
    const preflight = await fetch(`${server.url}/v1/videos/video_1`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:9999", "access-control-request-method": "DELETE" },
    });
    expect(preflight.headers.get("access-control-allow-methods")?.split(", ")).toEqual(
      expect.arrayContaining(["GET", "POST", "DELETE", "OPTIONS"]),
    );
  });
});
