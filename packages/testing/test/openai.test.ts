import { readFileSync } from "node:fs";
import OpenAI, { APIError, NotFoundError, toFile } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, mediaFile, mediaPath, startMockServer } from "../src/index.js";
import { mp4Info, openaiSchemaValidator, videoFields } from "./helpers.js";

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

  it("every video answer carries every field of the video object, null where unset (create, retrieve, remix, list)", async () => {
    const fields = [...videoFields].sort();
    const validate = openaiSchemaValidator("VideoResource");
    const created = await openai.videos.create({ model: "sora-2", prompt: "a fox" });
    expect(Object.keys(created).sort()).toEqual(fields);
    expect(created).toMatchObject({ completed_at: null, expires_at: null, error: null, remixed_from_video_id: null });
    expect(created.prompt).toBe("a fox");
    server.advance(5000);
    const done = await openai.videos.retrieve(created.id);
    expect(Object.keys(done).sort()).toEqual(fields);
    expect(done.error).toBeNull();
    expect(done.expires_at).toBe((done.completed_at ?? 0) + 3600);
    // @ts-expect-error The gateway requires `model` on remix; openai's VideoRemixParams does not list it.
    const remix = await openai.videos.remix(created.id, { prompt: "Make it snow", model: "sora-2" });
    expect(Object.keys(remix).sort()).toEqual(fields);
    expect(remix).toMatchObject({ remixed_from_video_id: created.id, prompt: "Make it snow", completed_at: null });
    const page = await openai.videos.list();
    for (const video of [created, done, remix, ...page.data]) {
      expect(validate(video), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(page.data.map((video) => Object.keys(video).sort())).toEqual([fields, fields]);
  });

  it.each(["asc", "desc"] as const)("videos.list({ limit: 1, order: %s }) pages through every job", async (order) => {
    const ids: string[] = [];
    for (const prompt of ["one", "two", "three"])
      ids.push((await openai.videos.create({ model: "sora-2", prompt })).id);
    const expected = order === "asc" ? ids : [...ids].reverse();
    const iterated: string[] = [];
    for await (const video of openai.videos.list({ limit: 1, order })) iterated.push(video.id);
    expect(iterated).toEqual(expected);
    const paged: string[] = [];
    let page = await openai.videos.list({ limit: 1, order });
    for (;;) {
      expect(page.data).toHaveLength(1);
      paged.push(...page.data.map((video) => video.id));
      if (!page.hasNextPage()) break;
      page = await page.getNextPage();
    }
    expect(paged).toEqual(expected);
    expect(server.requests.filter((request) => request.operation === "listVideos").map((r) => r.status)).toEqual(
      Array(6).fill(200), // three pages each way: the last says has_more: false, so nothing follows it
    );
  });

  it("videos.delete deletes a finished job; retrieve is then a NotFoundError", async () => {
    const { id } = await openai.videos.create({ model: "sora-2", prompt: "a fox" });
    server.advance(5000);
    expect(await openai.videos.delete(id)).toEqual({ id, object: "video.deleted", deleted: true });
    await expect(openai.videos.retrieve(id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(openai.videos.delete(id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("videos.delete of a running job is a 400 naming its status", async () => {
    const { id } = await openai.videos.create({ model: "sora-2", prompt: "a fox" });
    await expect(openai.videos.delete(id)).rejects.toMatchObject({
      status: 400,
      code: "video_not_finished",
      message: expect.stringContaining("is queued"),
    });
  });

  it("after expires_at the job stays completed and downloadContent is refused with 410 video_expired", async () => {
    const { id } = await openai.videos.create({ model: "sora-2", prompt: "a fox" });
    server.advance(5000);
    const { expires_at } = await openai.videos.retrieve(id);
    server.advance(3600 * 1000);
    expect(await openai.videos.retrieve(id)).toMatchObject({ status: "completed", expires_at });
    for (const variant of ["video", "thumbnail", "spritesheet"] as const) {
      const error = await openai.videos.downloadContent(id, { variant }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status: 410, code: "video_expired", type: "invalid_request_error" });
    }
    // 410 is not retried (openai retries 408, 409, 429 and 5xx).
    expect(server.requests.filter((request) => request.status === 410)).toHaveLength(3);
  });

  it("videos.downloadContent gets each variant's file and type despite Accept: application/binary", async () => {
    const { id } = await openai.videos.create({ model: "sora-2", prompt: "a fox", size: "1280x720" });
    server.advance(5000);
    for (const [variant, type] of [
      ["video", "video/mp4"],
      ["thumbnail", "image/webp"],
      ["spritesheet", "image/jpeg"],
    ] as const) {
      const response = await openai.videos.downloadContent(id, { variant });
      expect(response.headers.get("content-type")).toBe(type);
      const name =
        variant === "video"
          ? "video-1280x720-4s.mp4"
          : variant === "thumbnail"
            ? "thumbnail-1280x720.webp"
            : "spritesheet-1280x720.jpg";
      expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(mediaPath(name)))).toBe(true);
    }
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
