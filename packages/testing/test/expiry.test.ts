import { describe, expect, it } from "vitest";
import { contentVariants } from "../src/core/spec.js";
import { startMockServer, type Video } from "../src/index.js";
import { expectError, mockServerPerFile, schemaValidator, videosApi } from "./helpers.js";

const mock = mockServerPerFile();

const HOUR = 3600 * 1000;

async function retrieve(id: string, headers: Record<string, string> = {}): Promise<Video> {
  const response = await mock.api.retrieve(id, headers);
  expect(response.status).toBe(200);
  return (await response.json()) as Video;
}

/** A job completed now, and its expires_at. */
async function completed(): Promise<{ id: string; expiresAt: number }> {
  const { id } = await mock.api.createVideo();
  mock.server.advance(5000);
  const video = await retrieve(id);
  expect(video.status).toBe("completed");
  return { id, expiresAt: video.expires_at as number };
}

describe("expiry: a completed job's files expire at expires_at, the job stays completed", () => {
  it("sets expires_at an hour after completed_at, on the mock's clock", async () => {
    const { id, expiresAt } = await completed();
    const video = await retrieve(id);
    expect(expiresAt).toBe((video.completed_at as number) + 3600);
    expect(video.completed_at).toBe(Math.floor(mock.server.now() / 1000));
  });

  it("keeps status completed after expires_at", async () => {
    const { id } = await completed();
    mock.server.advance(HOUR);
    const video = await retrieve(id);
    expect(video).toMatchObject({ status: "completed", progress: 100 });
    expect(schemaValidator("VideoStatusResponse")(video)).toBe(true);
    mock.server.advance(24 * HOUR);
    expect((await retrieve(id)).status).toBe("completed");
  });

  it("serves content until expires_at, and refuses it from then on", async () => {
    const { id } = await completed();
    mock.server.advance(HOUR - 1);
    expect((await mock.api.content(id)).status).toBe(200);
    mock.server.advance(1);
    expect((await mock.api.content(id)).status).toBe(410);
  });

  it.each(contentVariants)(
    "refuses the %s variant after expiry with 410 and OpenAI's envelope, naming when and what to do",
    async (variant) => {
      const { id, expiresAt } = await completed();
      mock.server.advance(HOUR);
      const response = await mock.api.content(id, `?variant=${variant}`, { accept: "application/binary" });
      expect(response.status).toBe(410);
      expect(response.headers.get("content-type")).toBe("application/json");
      const at = new Date(expiresAt * 1000).toISOString();
      expect(await response.json()).toEqual({
        error: {
          message: `The files of video '${id}' expired at ${at}; remix or create it again`,
          type: "invalid_request_error",
          param: null,
          code: "video_expired",
        },
      });
    },
  );

  it("still remixes an expired video (what the message tells the user to do)", async () => {
    const { id } = await completed();
    mock.server.advance(2 * HOUR);
    const response = await mock.api.remix(id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ remixed_from_video_id: id, status: "queued" });
  });

  it("follows retentionMs from the timing option", async () => {
    const short = await startMockServer({ timeScale: 0, timing: { retentionMs: 60_000 } });
    try {
      const shortApi = videosApi(short.url);
      const { id } = await shortApi.createVideo();
      short.advance(5000);
      const video = (await (await shortApi.retrieve(id)).json()) as Video;
      expect(video.expires_at).toBe((video.completed_at as number) + 60);
      short.advance(60_000);
      await expectError(await shortApi.content(id), 410, "video_expired");
    } finally {
      await short.close();
    }
  });

  it("counts expiry from when a test completed the job (videos.complete)", async () => {
    const { id } = await mock.api.createVideo();
    mock.server.advance(500);
    mock.server.videos.complete(id);
    const video = await retrieve(id);
    expect(video.completed_at).toBe(Math.floor(mock.server.now() / 1000));
    mock.server.advance(HOUR);
    await expectError(await mock.api.content(id), 410, "video_expired");
  });

  it("with gateway-errors, sends the gateway's envelope with the same message", async () => {
    const { id, expiresAt } = await completed();
    mock.server.advance(HOUR);
    const response = await mock.api.content(id, "", { "x-mock-scenario": "gateway-errors" });
    expect(response.status).toBe(410);
    const body = await response.json();
    expect(schemaValidator("ErrorResponse")(body)).toBe(true);
    expect(body).toEqual({
      error: {
        code: 410,
        message: `The files of video '${id}' expired at ${new Date(expiresAt * 1000).toISOString()}; remix or create it again`,
        details: [{ type: "invalid_request_error", code: "video_expired", param: null }],
      },
    });
  });

  it("with gateway-statuses, reports a completed job whose files expired as expired", async () => {
    const header = { "x-mock-scenario": "gateway-statuses" };
    const { id } = await completed();
    expect((await retrieve(id, header)).status).toBe("completed");
    mock.server.advance(HOUR);
    const video = await retrieve(id, header);
    expect(video).toMatchObject({ status: "expired", progress: 100 });
    expect(schemaValidator("VideoStatusResponse")(video)).toBe(true);
    expect((await retrieve(id)).status).toBe("completed");
    await expectError(await mock.api.content(id, "", header), 410, "video_expired");
  });
});
