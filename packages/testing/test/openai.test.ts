import { readFileSync } from "node:fs";
import OpenAI, { NotFoundError, toFile } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, mediaFile, mediaPath, startMockServer } from "../src/index.js";
import { mp4Info } from "./helpers.js";

// The official `openai` package (v6), pointed at the mock's /v1, must work unchanged.
let server: MockServer;
let openai: OpenAI;

beforeAll(async () => {
  server = await startMockServer({ timeScale: 0 });
  openai = new OpenAI({ apiKey: "sk-test", baseURL: `${server.url}/v1`, maxRetries: 2 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

describe("the openai package against the mock", () => {
  it("videos.create without input_reference", async () => {
    const video = await openai.videos.create({ model: "sora-2", prompt: "a red fox", size: "1280x720", seconds: "8" });
    expect(video).toMatchObject({ object: "video", status: "queued", model: "sora-2", size: "1280x720", seconds: "8" });
    expect(server.videos.get(video.id)?.prompt).toBe("a red fox");
  });

  it("videos.create with input_reference (openai's toFile and a plain File)", async () => {
    const bytes = readFileSync(mediaPath("reference-720x1280.jpg"));
    const viaToFile = await openai.videos.create({
      model: "sora-2",
      prompt: "a fox",
      size: "720x1280",
      input_reference: await toFile(bytes, "first-frame.jpg", { type: "image/jpeg" }),
    });
    expect(server.videos.get(viaToFile.id)?.input_reference).toMatchObject({
      filename: "first-frame.jpg",
      type: "image/jpeg",
      bytes: bytes.byteLength,
      width: 720,
      height: 1280,
    });
    const viaFile = await openai.videos.create({
      model: "sora-2",
      prompt: "a fox",
      size: "1280x720",
      input_reference: mediaFile("reference-1280x720.webp"),
    });
    expect(server.videos.get(viaFile.id)?.input_reference).toMatchObject({ type: "image/webp", width: 1280 });
  });

  it("videos.retrieve follows the job to completion", async () => {
    const { id } = await openai.videos.create({ model: "sora-2", prompt: "a fox" });
    server.advance(3000);
    expect(await openai.videos.retrieve(id)).toMatchObject({ id, status: "in_progress", progress: 50 });
    server.advance(2000);
    const done = await openai.videos.retrieve(id);
    expect(done).toMatchObject({ status: "completed", progress: 100 });
    expect(done.completed_at).toBeTypeOf("number");
  });

  it("videos.downloadContent returns the MP4 and the variants", async () => {
    const { id } = await openai.videos.create({ model: "sora-2", prompt: "a fox", size: "1280x720", seconds: "12" });
    server.advance(5000);
    const response = await openai.videos.downloadContent(id);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(mp4Info(bytes)).toMatchObject({ width: 1280, height: 720, duration: 12 });
    const thumbnail = await openai.videos.downloadContent(id, { variant: "thumbnail" });
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
  });

  it("videos.remix with the gateway's model as an extra body field", async () => {
    const { id } = await openai.videos.create({ model: "sora-2", prompt: "a fox", seconds: "4" });
    server.advance(5000);
    const remix = await openai.videos.remix(id, {
      prompt: "Make it snow",
      // @ts-expect-error The gateway requires `model`, which openai's VideoRemixParams does not list (its documented way to send an undocumented field).
      model: "sora-2",
    });
    expect(remix).toMatchObject({ remixed_from_video_id: id, status: "queued", seconds: "4" });
    expect(server.videos.get(remix.id)?.prompt).toBe("Make it snow");
  });

  it("without the extra model field the remix is refused with a 400 naming it", async () => {
    const { id } = await openai.videos.create({ model: "sora-2", prompt: "a fox" });
    server.advance(5000);
    await expect(openai.videos.remix(id, { prompt: "snow" })).rejects.toMatchObject({ status: 400, param: "model" });
  });

  it("turns the mock's errors into openai's typed errors, with the request id", async () => {
    const error = await openai.videos.retrieve("video_missing").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    const notFound = error as NotFoundError;
    expect(notFound.code).toBe("video_not_found");
    expect(notFound.requestID).toBe(server.requests.at(-1)?.request_id);
  });

  it("openai's retries get past a 429 (retry-after-ms) and a 503 from the scenarios", async () => {
    const { id } = await openai.videos.create({ model: "sora-2", prompt: "a fox" });
    const video = await openai.videos.retrieve(id, {
      headers: { "x-mock-scenario": "rate-limit;retry-after-ms=10, unavailable;retry-after=0" },
    });
    expect(video.id).toBe(id);
    expect(server.requests.slice(1).map((request) => request.status)).toEqual([429, 503, 200]);
  });
});
