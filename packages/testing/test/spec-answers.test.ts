import { createClient } from "@tokenops/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coerceFormFields } from "../src/core/coerce.js";
import { createMockApi, type MockServer, startMockServer } from "../src/index.js";
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

describe("an operation without a handler of its own is answered from the spec", () => {
  it("answers listVideos with the spec's example or schema, valid against the response schema", async () => {
    const response = await fetch(`${server.url}/v1/videos?limit=5&order=asc`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const validate = schemaValidator("VideoListResponse");
    const body = await response.json();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(server.requests.at(-1)).toMatchObject({ operation: "listVideos", status: 200 });
  });

  it("still validates the request first: a limit over 100 is a 400 naming it", async () => {
    const response = await fetch(`${server.url}/v1/videos?limit=500`, { headers: auth });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.param).toBe("limit");
    expect(error.message).toContain("limit");
  });

  it("still demands the API key", async () => {
    expect((await fetch(`${server.url}/v1/videos`)).status).toBe(401);
  });

  it("is reachable at once from the raw typed client: DELETE through client.DELETE", async () => {
    const client = createClient({ apiKey: "test-key", baseUrl: server.url, logLevel: "off" });
    const { data, response } = await client.DELETE("/v1/videos/{video_id}", {
      params: { path: { video_id: "video_123" } },
    });
    expect(response.status).toBe(200);
    const validate = schemaValidator("DeletedVideoResponse");
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  it("answers through the transport-free engine too (MSW uses it)", async () => {
    const api = createMockApi();
    const response = await api.fetch(new Request("https://api.tokenops.test/v1/videos?order=desc", { headers: auth }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: "list" });
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
