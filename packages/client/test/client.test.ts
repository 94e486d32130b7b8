import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient, DEFAULT_BASE_URL, TokenOpsError } from "../src/index.js";
import { API_KEY, gatewayError, json, recordingFetch, reference, testClient, video } from "./helpers.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createClient", () => {
  it("refuses to start without an API key, naming the option and the variable", () => {
    vi.stubEnv("TOKENOPS_API_KEY", "");
    expect(() => createClient({ fetch: recordingFetch(() => json({})).fetch })).toThrow(TokenOpsError);
    expect(() => createClient()).toThrow(/apiKey.*TOKENOPS_API_KEY/);
  });

  it("reads the key and base URL from TOKENOPS_API_KEY and TOKENOPS_BASE_URL", async () => {
    vi.stubEnv("TOKENOPS_API_KEY", "sk-from-env");
    vi.stubEnv("TOKENOPS_BASE_URL", "http://127.0.0.1:7/");
    const { fetch, requests } = recordingFetch(() => json(video()));
    const client = createClient({ fetch });
    await client.videos.retrieve("video_123");
    expect(requests[0]?.url).toBe("http://127.0.0.1:7/v1/videos/video_123");
    expect(requests[0]?.headers.get("authorization")).toBe("Bearer sk-from-env");
    expect(client.baseUrl).toBe("http://127.0.0.1:7");
  });

  it("takes baseURL, the openai package's spelling, as the same option as baseUrl", async () => {
    const { fetch, requests } = recordingFetch(() => json(video()));
    const client = createClient({ apiKey: API_KEY, baseURL: "http://127.0.0.1:8", fetch });
    await client.videos.retrieve("video_123");
    expect(requests[0]?.url).toBe("http://127.0.0.1:8/v1/videos/video_123");
    expect(() =>
      createClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:8", baseURL: "http://127.0.0.1:9" }),
    ).toThrow(TypeError);
  });

  it("refuses an option it does not know, naming it, rather than ignore it", () => {
    // @ts-expect-error not an option
    expect(() => createClient({ apiKey: API_KEY, baseurl: "http://127.0.0.1:8" })).toThrow(/unknown option "baseurl"/);
  });

  it("defaults the base URL to the TokenOps API", () => {
    vi.stubEnv("TOKENOPS_BASE_URL", "");
    const client = createClient({ apiKey: API_KEY, fetch: recordingFetch(() => json({})).fetch });
    expect(client.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(DEFAULT_BASE_URL).toBe("https://model-api.skyengine.com.cn");
  });

  it("prefers options to the environment", async () => {
    vi.stubEnv("TOKENOPS_API_KEY", "sk-from-env");
    const { client, requests } = testClient(() => json(video()), { apiKey: "sk-option" });
    await client.videos.retrieve("video_123");
    expect(requests[0]?.headers.get("authorization")).toBe("Bearer sk-option");
  });

  it("sends the client's headers with every request", async () => {
    const { client, requests } = testClient(() => json(video()), { headers: { "X-Team": "video" } });
    await client.videos.retrieve("video_123");
    expect(requests[0]?.headers.get("x-team")).toBe("video");
  });
});

describe("the client is an openapi-fetch client", () => {
  it("keeps the { data, error, response } shape for raw calls", async () => {
    const { client } = testClient((request) =>
      request.url.endsWith("/missing")
        ? json({ error: { code: 404, message: "no such video" } }, { status: 404 })
        : json(video({ id: "video_raw" })),
    );
    const ok = await client.GET("/v1/videos/{video_id}", { params: { path: { video_id: "video_raw" } } });
    expect(ok.data?.id).toBe("video_raw");
    const missing = await client.GET("/v1/videos/{video_id}", { params: { path: { video_id: "missing" } } });
    expect(missing.data).toBeUndefined();
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ error: { code: 404, message: "no such video" } });
  });

  it("sends a raw POST /v1/videos as multipart/form-data, because the spec says so", async () => {
    const { client, requests } = testClient(() => json(video()));
    const input_reference = new File([reference("720x1280")], "frame.png", { type: "image/png" });
    await client.POST("/v1/videos", { body: { model: "sora-2", prompt: "a cat", seconds: "8", input_reference } });
    const request = requests[0] as Request;
    expect(request.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request.formData();
    expect(form.get("model")).toBe("sora-2");
    expect(form.get("seconds")).toBe("8");
    const file = form.get("input_reference") as File;
    expect([file.name, file.type, file.size]).toEqual(["frame.png", "image/png", input_reference.size]);
  });

  it("sends remix as JSON, because the spec says so", async () => {
    const { client, requests } = testClient(() => json(video()));
    await client.POST("/v1/videos/{video_id}/remix", {
      params: { path: { video_id: "video_1" } },
      body: { model: "sora-2", prompt: "snow" },
    });
    expect(requests[0]?.headers.get("content-type")).toBe("application/json");
    expect(await requests[0]?.json()).toEqual({ model: "sora-2", prompt: "snow" });
  });

  it("routes request(method, …) through the same serializers", async () => {
    const { client, requests } = testClient(() => json(video()));
    await client.request("post", "/v1/videos", { body: { model: "sora-2", prompt: "a cat" } });
    expect(requests[0]?.headers.get("content-type")).toMatch(/^multipart\/form-data/);
  });

  it("runs middleware registered with use()", async () => {
    const { client, requests } = testClient(() => json(video()));
    const seen: string[] = [];
    client.use({
      onRequest: ({ request }) => {
        request.headers.set("x-trace", "abc");
      },
      onResponse: ({ response }) => {
        seen.push(String(response.status));
      },
    });
    await client.videos.retrieve("video_123");
    expect(requests[0]?.headers.get("x-trace")).toBe("abc");
    expect(seen).toEqual(["200"]);
  });

  it("keeps what the videos methods send when middleware is registered: multipart, keys, per-call settings", async () => {
    const { client, requests } = testClient((request) =>
      request.url.endsWith("/video_bad") ? gatewayError(503, "busy") : json(video()),
    );
    client.use({ onRequest: ({ request }) => request.headers.set("x-trace", "abc") });
    const input_reference = new File([reference("720x1280")], "frame.png", { type: "image/png" });
    await client.videos.create({ model: "sora-2", prompt: "a cat", input_reference }, { idempotencyKey: "order-1" });
    const created = requests[0] as Request;
    expect(created.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    expect([created.headers.get("idempotency-key"), created.headers.get("x-trace")]).toEqual(["order-1", "abc"]);
    expect(((await created.formData()).get("input_reference") as File).name).toBe("frame.png");
    await expect(client.videos.retrieve("video_bad", { maxRetries: 0 })).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(2);
  });
});
