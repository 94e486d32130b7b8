import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { contentMedia, mediaBytes, mediaFile, mediaPath, referenceImage } from "@tokenops/testing";
import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  NotFoundError,
  TokenOpsValidationError,
  type Video,
  type VideoVariant,
} from "../../src/index.js";
import { downloadTo, fileFromPath } from "../../src/node/index.js";
import { clientFor, clockedFetch, filesIn, rejection, useMock, useTempDir } from "./helpers.js";

/** Default job timing in the mock: 1 s queued, then 4 s in progress. */
const RUN_MS = 5_000;

describe("videos against the mock server", () => {
  const mock = useMock();
  const dir = useTempDir();

  it("creates a job from a prompt alone, with the spec's defaults", async () => {
    const client = clientFor(mock());
    const video = await client.videos.create({ model: "sora-2", prompt: "A paper boat on a rainy street" });
    expect(video).toMatchObject({ object: "video", model: "sora-2", status: "queued", progress: 0 });
    expect(video.id).toMatch(/^video_/);
    const job = mock().videos.get(video.id);
    expect(job?.prompt).toBe("A paper boat on a rainy street");
    expect(job?.input_reference).toBeNull();
    expect(job?.video).toMatchObject({ size: video.size, seconds: video.seconds });
  });

  it("uploads a real PNG input_reference whose pixel size matches size, with its name and type", async () => {
    const client = clientFor(mock());
    const png = mediaFile(referenceImage("1280x720", "png").name);
    const video = await client.videos.create({
      model: "sora-2",
      prompt: "The scene comes alive",
      size: "1280x720",
      seconds: 8,
      input_reference: png,
    });
    expect(video).toMatchObject({ size: "1280x720", seconds: "8" });
    expect(mock().videos.get(video.id)?.input_reference).toEqual({
      filename: "reference-1280x720.png",
      type: "image/png",
      bytes: png.size,
      width: 1280,
      height: 720,
    });
  });

  it("uploads JPEG and WebP references from disk with fileFromPath", async () => {
    const client = clientFor(mock());
    for (const format of ["jpg", "webp"] as const) {
      const path = mediaPath(referenceImage("720x1280", format).name);
      const video = await client.videos.create({
        model: "sora-2",
        prompt: `first frame from a ${format}`,
        size: "720x1280",
        input_reference: await fileFromPath(path),
      });
      expect(mock().videos.get(video.id)?.input_reference).toMatchObject({
        filename: `reference-720x1280.${format}`,
        type: format === "jpg" ? "image/jpeg" : "image/webp",
        bytes: (await stat(path)).size,
        width: 720,
        height: 1280,
      });
    }
  });

  it("refuses a reference image of the wrong pixel size before sending anything", async () => {
    const client = clientFor(mock());
    const error = await rejection(
      client.videos.create({
        model: "sora-2",
        prompt: "portrait frame for a landscape video",
        size: "1280x720",
        input_reference: mediaFile("reference-720x1280.png"),
      }),
    );
    expect(error).toBeInstanceOf(TokenOpsValidationError);
    expect(error.message).toContain("720x1280");
    expect(mock().requests).toHaveLength(0);
  });

  it("retrieves a job as it runs: queued, in_progress with progress, completed", async () => {
    const client = clientFor(mock());
    const { id } = await client.videos.create({ model: "sora-2", prompt: "a fox in the snow" });
    expect(await client.videos.retrieve(id)).toMatchObject({ id, status: "queued", progress: 0 });
    mock().advance(3_000);
    const running = await client.videos.retrieve(id);
    expect(running.status).toBe("in_progress");
    expect(running.progress).toBeGreaterThan(0);
    expect(running.progress).toBeLessThan(100);
    mock().advance(RUN_MS);
    const done = await client.videos.retrieve(id);
    expect(done).toMatchObject({ status: "completed", progress: 100 });
    expect(done.completed_at).toEqual(expect.any(Number));
    expect(done.expires_at).toEqual(expect.any(Number));
  });

  it("throws NotFoundError with the request id for an unknown job", async () => {
    const error = await rejection(clientFor(mock()).videos.retrieve("video_nope"));
    expect(error).toBeInstanceOf(NotFoundError);
    const notFound = error as NotFoundError;
    expect(notFound.status).toBe(404);
    expect(notFound.requestId).toBe(mock().requests.at(-1)?.request_id);
  });

  it("remixes a completed job into a new job that names its source", async () => {
    const client = clientFor(mock());
    const source = await client.videos.create({ model: "sora-2", prompt: "a quiet harbour", size: "1280x720" });
    mock().advance(RUN_MS);
    const remix = await client.videos.remix(source.id, { model: "sora-2", prompt: "now at night" });
    expect(remix.id).not.toBe(source.id);
    expect(remix.status).toBe("queued");
    expect(mock().videos.get(remix.id)?.video).toMatchObject({ remixed_from_video_id: source.id, size: "1280x720" });
    expect(mock().videos.size).toBe(2);
  });

  it("downloads each content variant with its type and the fixture's bytes", async () => {
    const client = clientFor(mock());
    const { id } = await client.videos.create({
      model: "sora-2",
      prompt: "a lighthouse",
      size: "720x1280",
      seconds: 4,
    });
    mock().advance(RUN_MS);
    const types: Record<VideoVariant, string> = {
      video: "video/mp4",
      thumbnail: "image/webp",
      spritesheet: "image/jpeg",
    };
    for (const variant of ["video", "thumbnail", "spritesheet"] as const) {
      const response = await client.videos.content(id, { variant });
      const expected = mediaBytes(contentMedia(variant, "720x1280", "4").name);
      expect(response.headers.get("content-type")).toBe(types[variant]);
      expect(Number(response.headers.get("content-length"))).toBe(expected.byteLength);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(expected);
    }
    // No variant: the MP4 of the job's size and duration.
    const mp4 = new Uint8Array(await (await client.videos.content(id)).arrayBuffer());
    expect(mp4).toEqual(mediaBytes("video-720x1280-4s.mp4"));
    expect(Buffer.from(mp4.subarray(4, 8)).toString("latin1")).toBe("ftyp");
  });

  it("waitFor reports rising progress and resolves with the completed job", async () => {
    const client = clientFor(mock(), { fetch: clockedFetch(mock(), 600) });
    const { id } = await client.videos.create({ model: "sora-2", prompt: "a hot air balloon" });
    const seen: Video[] = [];
    const done = await client.videos.waitFor(id, { pollIntervalMs: 1, onProgress: (video) => seen.push(video) });
    expect(done).toMatchObject({ id, status: "completed", progress: 100 });
    expect(seen.at(-1)).toEqual(done);
    const running = seen.filter((video) => video.status === "in_progress");
    expect(running.length).toBeGreaterThanOrEqual(3);
    const progress = seen.map((video) => video.progress ?? 0);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1] as number);
  });

  it("createAndWait reports the created job first, then waits for it", async () => {
    const client = clientFor(mock(), { fetch: clockedFetch(mock(), 1_000) });
    const seen: Video[] = [];
    const done = await client.videos.createAndWait(
      { model: "sora-2", prompt: "a city from above", size: "1280x720", seconds: "12" },
      { pollIntervalMs: 1, onProgress: (video) => seen.push(video) },
    );
    expect(seen[0]).toMatchObject({ id: done.id, status: "queued" });
    expect(done).toMatchObject({ status: "completed", size: "1280x720", seconds: "12" });
    expect(mock().videos.size).toBe(1);
  });

  it("downloadTo writes the finished MP4 to disk, reporting progress, from a job made with fileFromPath", async () => {
    const client = clientFor(mock(), { fetch: clockedFetch(mock(), 2_000) });
    const video = await client.videos.createAndWait(
      {
        model: "sora-2",
        prompt: "the first frame wakes up",
        size: "1280x720",
        seconds: 8,
        input_reference: await fileFromPath(mediaPath("reference-1280x720.png")),
      },
      { pollIntervalMs: 1 },
    );
    const path = join(dir(), "video.mp4");
    const progress: number[] = [];
    const bytes = await downloadTo(client, video.id, path, { onProgress: ({ bytes }) => progress.push(bytes) });
    const expected = mediaBytes("video-1280x720-8s.mp4");
    expect(bytes).toBe(expected.byteLength);
    expect(progress.at(-1)).toBe(bytes);
    expect(new Uint8Array(await readFile(path))).toEqual(expected);
    expect(await filesIn(dir())).toEqual(["video.mp4"]);

    const thumbnail = join(dir(), "thumbnail.webp");
    await downloadTo(client, video.id, thumbnail, { variant: "thumbnail" });
    expect(new Uint8Array(await readFile(thumbnail))).toEqual(mediaBytes("thumbnail-1280x720.webp"));
  });

  it("downloadTo of an unfinished job throws the API's 400 and leaves no file", async () => {
    const client = clientFor(mock());
    const { id } = await client.videos.create({ model: "sora-2", prompt: "not done yet" });
    const error = await rejection(downloadTo(client, id, join(dir(), "early.mp4")));
    expect(error).toMatchObject({ status: 400, code: "video_not_ready" });
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect(await filesIn(dir())).toEqual([]);
  });
});
