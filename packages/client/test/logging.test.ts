import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "../src/index.js";
import { API_KEY, BASE_URL, captureLogger, gatewayError, json, testClient, video } from "./helpers.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("logging", () => {
  it("logs method, path, status, attempt, duration and request id at info", async () => {
    const { logger, lines } = captureLogger();
    const { client } = testClient(() => json(video(), { headers: { "x-request-id": "req_42" } }), {
      logger,
      logLevel: "info",
    });
    await client.videos.retrieve("video_123");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^info \[tokenops\] GET \/v1\/videos\/video_123 200 /);
    expect(lines[0]).toContain('"attempt":1');
    expect(lines[0]).toMatch(/"durationMs":\d+/);
    expect(lines[0]).toContain('"requestId":"req_42"');
  });

  it("logs retries at warn, which is the default level", async () => {
    const { logger, lines } = captureLogger();
    const client = createClient({
      apiKey: API_KEY,
      baseUrl: BASE_URL,
      logger,
      fetch: async () => (lines.length ? json(video()) : gatewayError(503, "busy")),
    });
    await client.videos.retrieve("video_123");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn \[tokenops\] GET \/v1\/videos\/video_123 503: retrying /);
    expect(lines[0]).toContain('"delayMs":0');
  });

  it("names the request once when a connection failure is retried", async () => {
    const { logger, lines } = captureLogger();
    let calls = 0;
    const client = createClient({
      apiKey: API_KEY,
      baseUrl: BASE_URL,
      logger,
      fetch: async () => (calls++ ? json(video()) : Promise.reject(new TypeError("fetch failed"))),
    });
    await client.videos.retrieve("video_123");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn \[tokenops\] GET \/v1\/videos\/video_123 failed: fetch failed: retrying /);
  });

  it("logs requests at debug with the Authorization header redacted", async () => {
    const { logger, lines } = captureLogger();
    const { client } = testClient(() => json(video()), { logger, logLevel: "debug" });
    await client.videos.create({ model: "sora-2", prompt: "x" });
    const request = lines.find((l) => l.startsWith("debug"));
    expect(request).toContain('"authorization":"***"');
    expect(request).toContain('"idempotency-key":"tokenops-');
    expect(lines.join("\n")).not.toContain(API_KEY);
  });

  it("logs a request that failed without a response at error", async () => {
    const { logger, lines } = captureLogger();
    const { client } = testClient(() => Promise.reject(new TypeError("fetch failed")), {
      logger,
      logLevel: "error",
      maxRetries: 0,
    });
    await expect(client.videos.retrieve("video_123")).rejects.toThrow();
    expect(lines).toEqual([
      expect.stringMatching(/^error \[tokenops\] GET \/v1\/videos\/video_123 failed: fetch failed/),
    ]);
  });

  it("takes the level from TOKENOPS_LOG, and off silences it", async () => {
    // One retried request: 2 requests (debug), 2 responses (info), 1 retry (warn).
    for (const [level, count] of [
      ["debug", 5],
      ["info", 3],
      ["warn", 1],
      ["error", 0],
      ["off", 0],
    ] as const) {
      vi.stubEnv("TOKENOPS_LOG", level);
      const { logger, lines } = captureLogger();
      let calls = 0;
      const client = createClient({
        apiKey: API_KEY,
        baseUrl: BASE_URL,
        logger,
        fetch: async () => (calls++ ? json(video()) : gatewayError(503, "x")),
      });
      await client.videos.retrieve("video_123");
      expect(lines, level).toHaveLength(count);
    }
  });

  it("ignores an unknown TOKENOPS_LOG and keeps the default", async () => {
    vi.stubEnv("TOKENOPS_LOG", "verbose");
    const { logger, lines } = captureLogger();
    const client = createClient({ apiKey: API_KEY, baseUrl: BASE_URL, logger, fetch: async () => json(video()) });
    await client.videos.retrieve("video_123");
    expect(lines).toEqual([]);
  });
});
