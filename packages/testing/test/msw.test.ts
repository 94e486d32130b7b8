import { readFileSync } from "node:fs";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import OpenAI, { NotFoundError } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMockApi, fixtures, mediaPath, type Video } from "../src/index.js";
import { handlers } from "../src/msw.js";
import { auth, createForm, mp4Info, schemaValidator } from "./helpers.js";

// A base URL with a path prefix, on loopback: MSW answers in-process, and were it ever bypassed
// nothing would leave the machine.
const baseUrl = "http://127.0.0.1:9/tokenops";
const cdnBaseUrl = "http://127.0.0.1:9/cdn";
const mock = createMockApi({ timeScale: 0 });
const unhandled: string[] = [];
const server = setupServer(...handlers({ baseUrl, cdnBaseUrl, api: mock }));

beforeAll(() =>
  server.listen({
    onUnhandledRequest(request, print) {
      // The openai package probes fetch("data:,") to find the runtime's Response class.
      if (request.url.startsWith("data:")) return;
      unhandled.push(`${request.method} ${request.url}`);
      print.error();
    },
  }),
);
afterEach(() => {
  server.resetHandlers();
  mock.reset();
  unhandled.length = 0;
});
afterAll(() => server.close());

async function createVideo(fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Video> {
  const response = await fetch(`${baseUrl}/v1/videos`, {
    method: "POST",
    headers: { ...auth, ...headers },
    body: createForm(fields),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Video;
}

describe("handlers (msw)", () => {
  it("refuses to start without a base URL", () => {
    expect(() => handlers({} as never)).toThrow(/baseUrl undefined is not a URL/);
  });

  it("has one handler per spec operation, a preflight per path, and the download routes", () => {
    const list = handlers({ baseUrl });
    const described = list.map((handler) => `${handler.info.method} ${handler.info.path}`);
    expect(described).toEqual(
      expect.arrayContaining([
        `POST ${baseUrl}/v1/videos`,
        `GET ${baseUrl}/v1/videos`,
        `GET ${baseUrl}/v1/videos/:video_id`,
        `DELETE ${baseUrl}/v1/videos/:video_id`,
        `GET ${baseUrl}/v1/videos/:video_id/content`,
        `POST ${baseUrl}/v1/videos/:video_id/remix`,
        `OPTIONS ${baseUrl}/v1/videos`,
        `GET ${baseUrl}/_mock/files/*`,
        `GET https://cdn.tokenops-mock.invalid/_mock/files/*`,
      ]),
    );
  });

  it("runs the whole lifecycle with the same behaviour as the server", async () => {
    const created = await createVideo({ size: "1280x720", seconds: "8" }, {});
    expect(created.status).toBe("queued");
    mock.advance(3000);
    const running = (await (await fetch(`${baseUrl}/v1/videos/${created.id}`, { headers: auth })).json()) as Video;
    expect(running).toMatchObject({ status: "in_progress", progress: 50 });
    const early = await fetch(`${baseUrl}/v1/videos/${created.id}/content`, { headers: auth });
    expect(early.status).toBe(400);
    mock.advance(2000);
    const response = await fetch(`${baseUrl}/v1/videos/${created.id}/content`, { headers: auth });
    expect(response.headers.get("content-type")).toBe("video/mp4");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Number(response.headers.get("content-length"))).toBe(bytes.byteLength);
    expect(Buffer.from(bytes).equals(readFileSync(mediaPath("video-1280x720-8s.mp4")))).toBe(true);
    expect(mp4Info(bytes)).toMatchObject({ width: 1280, height: 720, duration: 8 });
    expect(mock.requests.map((request) => request.status)).toEqual([200, 200, 400, 200]);
  });

  it("validates uploads and answers errors with the spec's envelope", async () => {
    const wrongSize = await fetch(`${baseUrl}/v1/videos`, {
      method: "POST",
      headers: auth,
      body: createForm({ size: "720x1280" }, "reference-1280x720.webp"),
    });
    expect(wrongSize.status).toBe(400);
    const body = await wrongSize.json();
    expect(schemaValidator("ErrorResponse")(body)).toBe(true);
    expect(body.error.message).toContain("Inpaint image must match the requested width and height");
    const unauthorized = await fetch(`${baseUrl}/v1/videos/video_1`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("serves Range requests", async () => {
    const { id } = await createVideo();
    mock.advance(5000);
    const response = await fetch(`${baseUrl}/v1/videos/${id}/content`, { headers: { ...auth, range: "bytes=10-19" } });
    expect(response.status).toBe(206);
    const file = readFileSync(mediaPath("video-720x1280-4s.mp4"));
    expect(response.headers.get("content-range")).toBe(`bytes 10-19/${file.byteLength}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(file.subarray(10, 20))).toBe(true);
  });

  it("lists jobs in pages, newest first, with the same engine", async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) ids.push((await createVideo()).id);
    const first = await (await fetch(`${baseUrl}/v1/videos?limit=2`, { headers: auth })).json();
    expect(schemaValidator("VideoListResponse")(first)).toBe(true);
    expect(first).toMatchObject({ first_id: ids[2], last_id: ids[1], has_more: true });
    const next = await (await fetch(`${baseUrl}/v1/videos?limit=2&after=${first.last_id}`, { headers: auth })).json();
    expect(next).toMatchObject({ data: [{ id: ids[0] }], first_id: ids[0], last_id: ids[0], has_more: false });
    const bad = await fetch(`${baseUrl}/v1/videos?limit=101`, { headers: auth });
    expect([bad.status, (await bad.json()).error.param]).toEqual([400, "limit"]);
  });

  it("deletes a finished job (404 afterwards), refuses a running one, and allows DELETE in preflights", async () => {
    const { id } = await createVideo();
    const running = await fetch(`${baseUrl}/v1/videos/${id}`, { method: "DELETE", headers: auth });
    expect([running.status, (await running.json()).error.code]).toEqual([400, "video_not_finished"]);
    mock.advance(5000);
    const deleted = await fetch(`${baseUrl}/v1/videos/${id}`, { method: "DELETE", headers: auth });
    expect(await deleted.json()).toEqual({ id, object: "video.deleted", deleted: true });
    expect((await fetch(`${baseUrl}/v1/videos/${id}`, { headers: auth })).status).toBe(404);
    const preflight = await fetch(`${baseUrl}/v1/videos/${id}`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:9999", "access-control-request-method": "DELETE" },
    });
    expect(preflight.headers.get("access-control-allow-methods")).toContain("DELETE");
  });

  it("answers list and delete with 404 under no-list-delete", async () => {
    const header = { ...auth, "x-mock-scenario": "no-list-delete" };
    expect((await fetch(`${baseUrl}/v1/videos`, { headers: header })).status).toBe(404);
    expect((await fetch(`${baseUrl}/v1/videos/video_1`, { method: "DELETE", headers: header })).status).toBe(404);
  });

  it("refuses content after expires_at with 410 video_expired, the job still completed", async () => {
    const { id } = await createVideo();
    mock.advance(5000 + 3600 * 1000);
    const video = (await (await fetch(`${baseUrl}/v1/videos/${id}`, { headers: auth })).json()) as Video;
    expect(video.status).toBe("completed");
    const response = await fetch(`${baseUrl}/v1/videos/${id}/content`, { headers: auth });
    expect([response.status, (await response.json()).error.code]).toEqual([410, "video_expired"]);
  });

  it("works with the openai package: list, delete and download", async () => {
    const openai = new OpenAI({ apiKey: "sk-test", baseURL: `${baseUrl}/v1`, maxRetries: 0 });
    const ids: string[] = [];
    for (const prompt of ["one", "two"]) ids.push((await openai.videos.create({ model: "sora-2", prompt })).id);
    const listed: string[] = [];
    for await (const video of openai.videos.list({ limit: 1, order: "asc" })) listed.push(video.id);
    expect(listed).toEqual(ids);
    mock.advance(5000);
    await openai.videos.delete(ids[0] as string);
    await expect(openai.videos.retrieve(ids[0] as string)).rejects.toBeInstanceOf(NotFoundError);
    expect(unhandled).toEqual([]);
  });

  it("works with the openai package", async () => {
    const openai = new OpenAI({ apiKey: "sk-test", baseURL: `${baseUrl}/v1`, maxRetries: 0 });
    const video = await openai.videos.create({ model: "sora-2", prompt: "a fox", size: "720x1280" });
    mock.advance(5000);
    const response = await openai.videos.downloadContent(video.id);
    expect(mp4Info(new Uint8Array(await response.arrayBuffer()))).toMatchObject({ width: 720, height: 1280 });
    expect(unhandled).toEqual([]);
  });

  describe("scenarios", () => {
    it("idempotent create survives a dropped response", async () => {
      const headers = { ...auth, "x-mock-scenario": "drop-response", "idempotency-key": "k1" };
      const send = () => fetch(`${baseUrl}/v1/videos`, { method: "POST", headers, body: createForm() });
      await expect(send()).rejects.toThrow(TypeError);
      const retried = (await (await send()).json()) as Video;
      expect(mock.videos.list().map((job) => job.video.id)).toEqual([retried.id]);
    });

    it("drop-download cuts the body short of its Content-Length", async () => {
      const { id } = await createVideo();
      mock.advance(5000);
      const response = await fetch(`${baseUrl}/v1/videos/${id}/content`, {
        headers: { ...auth, "x-mock-scenario": "drop-download;after-bytes=100" },
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let received = 0;
      await expect(
        (async () => {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            received += value.byteLength;
          }
        })(),
      ).rejects.toThrow(/dropped the connection/);
      expect(received).toBe(100);
      expect(received).toBeLessThan(Number(response.headers.get("content-length")));
    });

    it("json-content on the CDN origin is served by the handlers too", async () => {
      const { id } = await createVideo();
      mock.advance(5000);
      const response = await fetch(`${baseUrl}/v1/videos/${id}/content?variant=spritesheet`, {
        headers: { ...auth, "x-mock-scenario": "json-content;origin=cdn" },
      });
      const { video_url } = (await response.json()) as { video_url: string };
      expect(video_url.startsWith(`${cdnBaseUrl}/_mock/files/${id}/spritesheet?`)).toBe(true);
      const file = await fetch(video_url);
      expect(file.headers.get("content-type")).toBe("image/jpeg");
      expect(Buffer.from(await file.arrayBuffer()).equals(readFileSync(mediaPath("spritesheet-720x1280.jpg")))).toBe(
        true,
      );
      expect(mock.requests.at(-1)).toMatchObject({ operation: "file", origin: "cdn", authorization: false });
    });

    it("hang answers nothing until the client aborts", async () => {
      const { id } = await createVideo();
      const pending = fetch(`${baseUrl}/v1/videos/${id}`, {
        headers: { ...auth, "x-mock-scenario": "hang" },
        signal: AbortSignal.timeout(100),
      });
      await expect(pending).rejects.toThrow(/aborted|timeout/i);
    });
  });

  it("lets a test override one operation with server.use", async () => {
    server.use(
      http.get(`${baseUrl}/v1/videos/:video_id`, () => HttpResponse.json(fixtures.video({ status: "failed" }))),
    );
    const video = (await (await fetch(`${baseUrl}/v1/videos/anything`, { headers: auth })).json()) as Video;
    expect(video.status).toBe("failed");
  });

  it("leaves requests it does not know to onUnhandledRequest, never passing them through", async () => {
    await expect(fetch(`${baseUrl}/v1/images`, { headers: auth })).rejects.toThrow();
    expect(unhandled).toEqual([`GET ${baseUrl}/v1/images`]);
  });
});
