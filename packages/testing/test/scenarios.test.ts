import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, mediaPath, startMockServer, type Video } from "../src/index.js";
import { auth, createForm, schemaValidator } from "./helpers.js";

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ timeScale: 0 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const mp4 = readFileSync(mediaPath("video-720x1280-4s.mp4"));

function create(fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/v1/videos`, {
    method: "POST",
    headers: { ...auth, ...headers },
    body: createForm(fields),
  });
}

async function createVideo(fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Video> {
  const response = await create(fields, headers);
  expect(response.status).toBe(200);
  return (await response.json()) as Video;
}

function retrieve(id: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/v1/videos/${id}`, { headers: { ...auth, ...headers } });
}

function content(id: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/v1/videos/${id}/content`, { headers: { ...auth, ...headers } });
}

async function completedVideo(fields: Record<string, string> = {}): Promise<Video> {
  const video = await createVideo(fields);
  server.advance(5000);
  return video;
}

/** Reads a body until it ends or breaks; returns the bytes that arrived and how it ended. */
async function readAll(response: Response): Promise<{ bytes: Buffer; chunks: number; error: unknown }> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const parts: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
    return { bytes: Buffer.concat(parts), chunks: parts.length, error: undefined };
  } catch (error) {
    return { bytes: Buffer.concat(parts), chunks: parts.length, error };
  }
}

describe("scenarios", () => {
  describe("fail", () => {
    it("from the header: the job fails halfway with the given code and message", async () => {
      const { id } = await createVideo(
        {},
        { "x-mock-scenario": 'fail;code=moderation_blocked;message="Blocked by moderation."' },
      );
      server.advance(2000);
      expect(((await (await retrieve(id)).json()) as Video).status).toBe("in_progress");
      server.advance(1000);
      const failed = (await (await retrieve(id)).json()) as Video;
      expect(failed).toMatchObject({
        status: "failed",
        progress: 50,
        error: { code: "moderation_blocked", message: "Blocked by moderation." },
      });
      expect(schemaValidator("VideoStatusResponse")(failed)).toBe(true);
    });

    it("from a prompt keyword, with default code and message", async () => {
      const { id } = await createVideo({ prompt: "a fox [mock: fail]" });
      server.advance(5000);
      expect(await (await retrieve(id)).json()).toMatchObject({
        status: "failed",
        error: { code: "video_generation_failed" },
      });
    });

    it("from the server's options: every job fails", async () => {
      const failing = await startMockServer({ timeScale: 0, scenarios: [{ name: "fail", code: "quota" }] });
      try {
        const created = await fetch(`${failing.url}/v1/videos`, { method: "POST", headers: auth, body: createForm() });
        const { id } = (await created.json()) as Video;
        failing.advance(5000);
        expect(failing.videos.get(id)?.video).toMatchObject({ status: "failed", error: { code: "quota" } });
      } finally {
        await failing.close();
      }
    });
  });

  describe("error statuses", () => {
    it("rate-limit: 429 with Retry-After and retry-after-ms once, then success for the same request", async () => {
      const first = await create({}, { "x-mock-scenario": "rate-limit;retry-after=2" });
      expect(first.status).toBe(429);
      expect(first.headers.get("retry-after")).toBe("2");
      expect(first.headers.get("retry-after-ms")).toBe("2000");
      expect((await first.json()).error).toMatchObject({ code: "rate_limit_exceeded", type: "rate_limit_error" });
      expect(server.videos.size).toBe(0);
      expect((await create({}, { "x-mock-scenario": "rate-limit;retry-after=2" })).status).toBe(200);
    });

    it("counts once per Idempotency-Key, so each logical request gets its own fault", async () => {
      const header = { "x-mock-scenario": "server-error" };
      expect((await create({}, { ...header, "idempotency-key": "a" })).status).toBe(500);
      expect((await create({}, { ...header, "idempotency-key": "b" })).status).toBe(500);
      expect((await create({}, { ...header, "idempotency-key": "a" })).status).toBe(200);
      expect((await create({}, { ...header, "idempotency-key": "b" })).status).toBe(200);
    });

    it("unavailable: 503 with Retry-After; times=2 fails twice", async () => {
      const header = { "x-mock-scenario": "unavailable;times=2;retry-after=1" };
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const response = await create({}, header);
        statuses.push([response.status, response.headers.get("retry-after")]);
      }
      expect(statuses).toEqual([
        [503, "1"],
        [503, "1"],
        [200, null],
      ]);
    });

    it("error: any status, code and message; times=always never stops", async () => {
      const header = {
        "x-mock-scenario": 'error;status=403;code=model_not_allowed;message="No sora-2-pro here.";times=always',
      };
      for (let i = 0; i < 3; i++) {
        const response = await create({}, header);
        expect(response.status).toBe(403);
        expect((await response.json()).error).toMatchObject({
          code: "model_not_allowed",
          message: "No sora-2-pro here.",
        });
      }
    });

    it("operation: a server-wide fault limited to one operation", async () => {
      const limited = await startMockServer({
        timeScale: 0,
        scenarios: [{ name: "rate-limit", operation: "getVideoStatus", retryAfterMs: 10 }],
      });
      try {
        const created = await fetch(`${limited.url}/v1/videos`, { method: "POST", headers: auth, body: createForm() });
        expect(created.status).toBe(200);
        const { id } = (await created.json()) as Video;
        const first = await fetch(`${limited.url}/v1/videos/${id}`, { headers: auth });
        expect([first.status, first.headers.get("retry-after-ms")]).toEqual([429, "10"]);
        expect((await fetch(`${limited.url}/v1/videos/${id}`, { headers: auth })).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });

  describe("connection faults", () => {
    it("drop-response: the job is made but no answer comes; a retry with the same key gets that job", async () => {
      const headers = { "x-mock-scenario": "drop-response", "idempotency-key": "create-1" };
      await expect(create({}, headers)).rejects.toThrow(TypeError);
      expect(server.videos.size).toBe(1);
      const [made] = server.videos.list();
      const retried = (await (await create({}, headers)).json()) as Video;
      expect(retried.id).toBe(made?.video.id);
      expect(server.videos.size).toBe(1);
      expect(server.requests.map((request) => request.fault)).toEqual(["drop", null]);
    });

    it("hang: no answer until the client gives up; the next request is answered", async () => {
      const { id } = await createVideo();
      const header = { "x-mock-scenario": "hang" };
      const hung = fetch(`${server.url}/v1/videos/${id}`, {
        headers: { ...auth, ...header },
        signal: AbortSignal.timeout(100),
      });
      await expect(hung).rejects.toThrow(/aborted|timeout/i);
      expect((await retrieve(id, header)).status).toBe(200);
    });

    it("delay: the answer waits", async () => {
      const { id } = await createVideo();
      const header = { "x-mock-scenario": "delay;ms=5000" };
      const slow = fetch(`${server.url}/v1/videos/${id}`, {
        headers: { ...auth, ...header },
        signal: AbortSignal.timeout(100),
      });
      await expect(slow).rejects.toThrow(/aborted|timeout/i);
      expect((await retrieve(id, header)).status).toBe(200);
    });
  });

  describe("downloads", () => {
    it("drop-download: the connection closes after N bytes, short of Content-Length; a retry succeeds", async () => {
      const { id } = await completedVideo();
      const header = { "x-mock-scenario": "drop-download;after-bytes=1000" };
      const broken = await content(id, header);
      expect(broken.status).toBe(200);
      expect(Number(broken.headers.get("content-length"))).toBe(mp4.byteLength);
      const read = await readAll(broken);
      expect(read.error).toBeDefined();
      expect(read.bytes.byteLength).toBe(1000);
      expect(read.bytes.equals(mp4.subarray(0, 1000))).toBe(true);
      const retried = await readAll(await content(id, header));
      expect(retried.error).toBeUndefined();
      expect(retried.bytes.equals(mp4)).toBe(true);
    });

    it("drop-download without after-bytes cuts at half the file", async () => {
      const { id } = await completedVideo();
      const read = await readAll(await content(id, { "x-mock-scenario": "drop-download" }));
      expect(read.error).toBeDefined();
      expect(read.bytes.byteLength).toBe(Math.floor(mp4.byteLength / 2));
    });

    it("slow-download: the file arrives whole, in many small pieces", async () => {
      const { id } = await completedVideo();
      const read = await readAll(await content(id, { "x-mock-scenario": "slow-download;chunk-bytes=512;delay-ms=5" }));
      expect(read.error).toBeUndefined();
      expect(read.bytes.equals(mp4)).toBe(true);
      expect(read.chunks).toBeGreaterThan(2);
      expect(server.requests.at(-1)?.fault).toBe("stream");
    });

    it("json-content: answers {video_url, expires_at} pointing at the mock's own file route", async () => {
      const { id } = await completedVideo();
      const response = await content(id, { "x-mock-scenario": "json-content" });
      expect(response.headers.get("content-type")).toBe("application/json");
      const body = (await response.json()) as { video_url: string; expires_at: number };
      expect(schemaValidator("VideoContentResponse")(body)).toBe(true);
      expect(body.video_url.startsWith(`${server.url}/_mock/files/${id}/video?expires=`)).toBe(true);
      expect(body.expires_at).toBe(Math.floor(server.now() / 1000) + 3600);
      const file = await fetch(body.video_url);
      expect(file.headers.get("content-type")).toBe("video/mp4");
      expect(Buffer.from(await file.arrayBuffer()).equals(mp4)).toBe(true);
    });

    it("json-content;origin=cdn: the URL is on another origin, which records whether Authorization arrived", async () => {
      const { id } = await completedVideo();
      const response = await content(id, { "x-mock-scenario": "json-content;origin=cdn" });
      const { video_url } = (await response.json()) as { video_url: string };
      expect(new URL(video_url).origin).toBe(server.cdnUrl);
      const file = await fetch(`${video_url.replace("/video?", "/thumbnail?")}`);
      expect(file.headers.get("content-type")).toBe("image/webp");
      await file.arrayBuffer();
      expect(server.requests.at(-1)).toMatchObject({
        operation: "file",
        origin: "cdn",
        authorization: false,
        status: 200,
      });
    });

    it("json-content: once the video's files expire, its download URL answers 410 video_expired", async () => {
      const { id } = await completedVideo();
      const { video_url, expires_at } = (await (await content(id, { "x-mock-scenario": "json-content" })).json()) as {
        video_url: string;
        expires_at: number;
      };
      expect(expires_at).toBe(server.videos.get(id)?.video.expires_at);
      server.advance(3600 * 1000);
      const response = await fetch(video_url);
      expect(response.status).toBe(410);
      expect((await response.json()).error).toMatchObject({ code: "video_expired", type: "invalid_request_error" });
      expect(server.requests.at(-1)).toMatchObject({ operation: "file", status: 410 });
    });

    it("json-content: a download URL that expires before the files is refused with 403 url_expired", async () => {
      const kept = await startMockServer({ timeScale: 0, timing: { retentionMs: 3 * 3600 * 1000 } });
      try {
        const created = await fetch(`${kept.url}/v1/videos`, { method: "POST", headers: auth, body: createForm() });
        const { id } = (await created.json()) as Video;
        kept.advance(5000);
        const response = await fetch(`${kept.url}/v1/videos/${id}/content`, {
          headers: { ...auth, "x-mock-scenario": "json-content" },
        });
        const { video_url, expires_at } = (await response.json()) as { video_url: string; expires_at: number };
        expect(expires_at).toBe(Math.floor(kept.now() / 1000) + 3600);
        kept.advance(3601 * 1000);
        const file = await fetch(video_url);
        expect(file.status).toBe(403);
        expect((await file.json()).error.code).toBe("url_expired");
      } finally {
        await kept.close();
      }
    });
  });

  describe("the API's other answers", () => {
    it("poll-after: openai-poll-after-ms on status responses while the job runs", async () => {
      const { id } = await createVideo();
      const header = { "x-mock-scenario": "poll-after;ms=250" };
      expect((await retrieve(id, header)).headers.get("openai-poll-after-ms")).toBe("250");
      expect((await retrieve(id)).headers.get("openai-poll-after-ms")).toBeNull();
      server.advance(5000);
      expect((await retrieve(id, header)).headers.get("openai-poll-after-ms")).toBeNull();
    });

    it("gateway-errors: the gateway's envelope with an integer code", async () => {
      const response = await retrieve("video_missing", { "x-mock-scenario": "gateway-errors" });
      const body = await response.json();
      expect(response.status).toBe(404);
      expect(body.error).toMatchObject({ code: 404, details: [{ code: "video_not_found", param: "video_id" }] });
      expect(schemaValidator("ErrorResponse")(body)).toBe(true);
    });

    it("gateway-statuses: pending and processing instead of queued and in_progress", async () => {
      const header = { "x-mock-scenario": "gateway-statuses" };
      const { id, status } = await createVideo({}, header);
      expect(status).toBe("pending");
      server.advance(2000);
      expect(((await (await retrieve(id, header)).json()) as Video).status).toBe("processing");
      server.advance(3000);
      expect(((await (await retrieve(id, header)).json()) as Video).status).toBe("completed");
      server.advance(3600 * 1000);
      expect(((await (await retrieve(id, header)).json()) as Video).status).toBe("expired");
    });
  });

  describe("no-list-delete: a gateway without list and delete", () => {
    const list = (headers: Record<string, string> = {}) =>
      fetch(`${server.url}/v1/videos?limit=500`, { headers: { ...auth, ...headers } });
    const remove = (id: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/v1/videos/${id}`, { method: "DELETE", headers: { ...auth, ...headers } });

    it("from the header: list and delete are 404 unknown_url, before validation; the rest works", async () => {
      const header = { "x-mock-scenario": "no-list-delete" };
      const { id } = await completedVideo();
      for (const response of [await list(header), await remove(id, header)]) {
        expect(response.status).toBe(404);
        const { error } = await response.json();
        expect(error).toMatchObject({ code: "unknown_url", type: "invalid_request_error", param: null });
        expect(error.message).toMatch(/^Invalid URL \((GET \/v1\/videos|DELETE \/v1\/videos\/video_\w+)\)\.$/);
      }
      expect((await retrieve(id, header)).status).toBe(200);
      expect((await content(id, header)).status).toBe(200);
      expect((await create({}, header)).status).toBe(200);
      expect(server.videos.get(id)).toBeDefined();
      expect(server.requests.slice(1, 3)).toMatchObject([
        { operation: "listVideos", status: 404, scenarios: ["no-list-delete"] },
        { operation: "deleteVideo", status: 404, scenarios: ["no-list-delete"] },
      ]);
      expect((await list()).status).toBe(400); // without it, limit=500 is checked against the spec
    });

    it("answers 404 even without an API key, as for any URL the gateway does not serve", async () => {
      const response = await fetch(`${server.url}/v1/videos`, { headers: { "x-mock-scenario": "no-list-delete" } });
      expect(response.status).toBe(404);
    });

    it("from the options (and scenarios.use): every list and delete is 404", async () => {
      const gateway = await startMockServer({ timeScale: 0, scenarios: ["no-list-delete"] });
      try {
        const created = await fetch(`${gateway.url}/v1/videos`, { method: "POST", headers: auth, body: createForm() });
        const { id } = (await created.json()) as Video;
        gateway.advance(5000);
        expect((await fetch(`${gateway.url}/v1/videos`, { headers: auth })).status).toBe(404);
        const deleted = await fetch(`${gateway.url}/v1/videos/${id}`, { method: "DELETE", headers: auth });
        expect(deleted.status).toBe(404);
        expect(gateway.videos.size).toBe(1);
      } finally {
        await gateway.close();
      }
      server.scenarios.use({ name: "no-list-delete" });
      expect((await list()).status).toBe(404);
    });

    it("from a prompt: deleting that job is 404; other jobs and the list are not affected", async () => {
      const marked = await completedVideo({ prompt: "a fox [mock: no-list-delete]" });
      const plain = await completedVideo();
      expect((await remove(marked.id)).status).toBe(404);
      expect(server.videos.get(marked.id)).toBeDefined();
      expect((await remove(plain.id)).status).toBe(200);
      expect((await fetch(`${server.url}/v1/videos`, { headers: auth })).status).toBe(200);
    });

    it("in the gateway's envelope with gateway-errors", async () => {
      const response = await list({ "x-mock-scenario": "no-list-delete, gateway-errors" });
      expect(response.status).toBe(404);
      expect((await response.json()).error).toMatchObject({ code: 404, details: [{ code: "unknown_url" }] });
    });
  });

  describe("operation=", () => {
    it("limits a scenario to listVideos or deleteVideo", async () => {
      const { id } = await completedVideo();
      server.scenarios.use("server-error;operation=listVideos;times=always");
      expect((await fetch(`${server.url}/v1/videos`, { headers: auth })).status).toBe(500);
      expect((await retrieve(id)).status).toBe(200);
      server.scenarios.use("rate-limit;operation=deleteVideo");
      expect((await fetch(`${server.url}/v1/videos/${id}`, { method: "DELETE", headers: auth })).status).toBe(429);
      expect((await fetch(`${server.url}/v1/videos/${id}`, { method: "DELETE", headers: auth })).status).toBe(200);
    });

    it("names every operation when the value is unknown", async () => {
      const response = await create({}, { "x-mock-scenario": "server-error;operation=listJobs" });
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toContain(
        "use one of createVideo, listVideos, deleteVideo, getVideoStatus, getVideoContent, remixVideo, file",
      );
    });
  });

  describe("how scenarios are given", () => {
    it("a prompt's scenarios stay with its job for every later request, and only that job", async () => {
      const special = await createVideo({ prompt: "a fox [mock: json-content, poll-after;ms=100]" });
      const plain = await createVideo({ prompt: "a cat" });
      expect((await retrieve(special.id)).headers.get("openai-poll-after-ms")).toBe("100");
      expect((await retrieve(plain.id)).headers.get("openai-poll-after-ms")).toBeNull();
      server.advance(5000);
      expect((await content(special.id)).headers.get("content-type")).toBe("application/json");
      expect((await content(plain.id)).headers.get("content-type")).toBe("video/mp4");
    });

    it("scenarios.use adds scenarios while running; scenarios.reset takes them away", async () => {
      server.scenarios.use("rate-limit;operation=createVideo", { name: "poll-after", ms: 50 });
      expect(server.scenarios.active.map((scenario) => scenario.name)).toEqual(["rate-limit", "poll-after"]);
      expect((await create()).status).toBe(429);
      const { id } = await createVideo();
      expect((await retrieve(id)).headers.get("openai-poll-after-ms")).toBe("50");
      server.scenarios.reset();
      expect(server.scenarios.active).toEqual([]);
      expect((await retrieve(id)).headers.get("openai-poll-after-ms")).toBeNull();
    });

    it("logs which scenarios applied to each request", async () => {
      await create({}, { "x-mock-scenario": "rate-limit;retry-after=3" });
      expect(server.requests.at(-1)?.scenarios).toEqual(["rate-limit;retry-after=3"]);
    });

    it.each([
      ["rate-limt", /unknown scenario "rate-limit?"|unknown scenario "rate-limt"; known: fail, error, rate-limit/],
      [
        "rate-limit;retry=2",
        /scenario "rate-limit": unknown parameter "retry"; known: retry-after, retry-after-ms, times, operation/,
      ],
      ["rate-limit;retry-after=soon", /retry-after="soon" is not allowed; use an integer >= 0/],
      ["error", /scenario "error": parameter "status" is required/],
      ["json-content;origin=mars", /origin="mars" is not allowed; use "self" or "cdn"/],
      ["fail;;", /cannot parse/],
    ])("answers a bad x-mock-scenario %j with 400 naming the problem", async (header, message) => {
      const response = await create({}, { "x-mock-scenario": header });
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("invalid_mock_scenario");
      expect(error.message).toMatch(message);
      expect(server.videos.size).toBe(0);
    });

    it("answers a bad prompt keyword with 400 naming the prompt", async () => {
      const response = await create({ prompt: "a fox [mock: explode]" });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: "invalid_mock_scenario", param: "prompt" });
    });

    it("refuses a bad scenario in the options at start", async () => {
      await expect(startMockServer({ scenarios: [{ name: "delay" } as never] })).rejects.toThrow(/"ms" is required/);
      await expect(startMockServer({ scenarios: "rate-limit;times=0" })).rejects.toThrow(/times=0 is not allowed/);
    });
  });
});
