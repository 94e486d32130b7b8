import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APIError, VideoExpiredError } from "../../src/index.js";
import { downloadTo } from "../../src/node/index.js";
import { clientFor, filesIn, rejection, useMock, useTempDir } from "./helpers.js";

const RUN_MS = 5_000;

describe("a finished job's files expire at expires_at", () => {
  const mock = useMock();
  const dir = useTempDir();

  /** A completed job, and the clock moved just past its expires_at. */
  async function expiredJob() {
    const client = clientFor(mock());
    const { id } = await client.videos.create({ model: "sora-2", prompt: "a glacier calving", size: "1280x720" });
    mock().advance(RUN_MS);
    const done = await client.videos.retrieve(id);
    expect(done.status).toBe("completed");
    expect(typeof done.expires_at).toBe("number");
    // Downloadable until then.
    expect((await client.videos.content(id)).status).toBe(200);
    mock().advance(((done.expires_at ?? 0) - (done.completed_at ?? 0)) * 1000 + 1_000);
    return { client, id, expiresAt: done.expires_at ?? 0 };
  }

  it("the job stays completed, with its expires_at", async () => {
    const { client, id, expiresAt } = await expiredJob();
    expect(await client.videos.retrieve(id)).toMatchObject({
      status: "completed",
      progress: 100,
      expires_at: expiresAt,
    });
  });

  it.each(["video", "thumbnail", "spritesheet"] as const)(
    "content(%s) throws VideoExpiredError: 410 video_expired, saying how to get the video again",
    async (variant) => {
      const { client, id, expiresAt } = await expiredJob();
      const error = await rejection(client.videos.content(id, { variant }));
      expect(error).toBeInstanceOf(VideoExpiredError);
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status: 410, code: "video_expired", videoId: id });
      expect((error as VideoExpiredError).expiresAt).toBe(expiresAt);
      expect(error.message).toMatch(/expired/i);
      expect(error.message).toMatch(/remix/i);
      expect(error.message).toMatch(/creat/i);
      // The client asks for the job once more afterwards, only to say when the files expired.
      const contents = mock().requests.filter((request) => request.operation === "getVideoContent");
      expect(contents.at(-1)).toMatchObject({ status: 410 });
    },
  );

  it("downloadTo throws VideoExpiredError and leaves no file", async () => {
    const { client, id } = await expiredJob();
    const error = await rejection(downloadTo(client, id, join(dir(), "late.mp4")));
    expect(error).toBeInstanceOf(VideoExpiredError);
    expect(await filesIn(dir())).toEqual([]);
  });

  it("a remix of the expired job makes a new one whose files download", async () => {
    const { client, id } = await expiredJob();
    const remix = await client.videos.remix(id, { model: "sora-2", prompt: "the same glacier, again" });
    mock().advance(RUN_MS);
    expect((await client.videos.retrieve(remix.id)).status).toBe("completed");
    expect((await client.videos.content(remix.id)).status).toBe(200);
  });
});

describe("expiry is decided by the server's answer, never by the local clock", () => {
  // expires_at lies years in the past by this machine's clock: the client still asks, and the mock serves.
  const past = useMock({ startTime: Date.UTC(2020, 0, 1) });
  // expires_at lies decades ahead by this machine's clock: the client still believes the mock's 410.
  const future = useMock({ startTime: Date.UTC(2100, 0, 1) });

  it("a job whose expires_at passed by the local clock still downloads while the server serves it", async () => {
    const client = clientFor(past());
    const { id } = await client.videos.create({ model: "sora-2", prompt: "an old clock" });
    past().advance(RUN_MS);
    const done = await client.videos.retrieve(id);
    expect((done.expires_at ?? 0) * 1000).toBeLessThan(Date.now());
    expect((await client.videos.content(id)).headers.get("content-type")).toBe("video/mp4");
  });

  it("a job whose expires_at is ahead by the local clock is VideoExpiredError once the server says so", async () => {
    const client = clientFor(future());
    const { id } = await client.videos.create({ model: "sora-2", prompt: "a fast clock" });
    future().advance(RUN_MS);
    const done = await client.videos.retrieve(id);
    future().advance(((done.expires_at ?? 0) - (done.completed_at ?? 0)) * 1000 + 1_000);
    expect((done.expires_at ?? 0) * 1000).toBeGreaterThan(Date.now());
    expect(await rejection(client.videos.content(id))).toBeInstanceOf(VideoExpiredError);
  });
});

describe("the gateway-statuses scenario", () => {
  const mock = useMock({ scenarios: ["gateway-statuses"] });

  it("reports a completed job whose files expired as expired, as some gateways do", async () => {
    const client = clientFor(mock());
    const { id } = await client.videos.create({ model: "sora-2", prompt: "a gateway's words" });
    mock().advance(RUN_MS);
    const done = await client.videos.retrieve(id);
    expect(done.status).toBe("completed");
    mock().advance(((done.expires_at ?? 0) - (done.completed_at ?? 0)) * 1000 + 1_000);
    expect((await client.videos.retrieve(id)).status).toBe("expired");
  });
});
