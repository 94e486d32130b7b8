import { createMockApi, mediaFile, referenceImage } from "@tokenops/testing";
import { handlers } from "@tokenops/testing/msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../src/index.js";
import { API_KEY } from "./helpers.js";

// The MSW transport of the same mock, driven by the real client: in-process, no socket.
const baseUrl = "https://api.tokenops.test";
const api = createMockApi({ timeScale: 0, apiKey: API_KEY });
const msw = setupServer(...handlers({ baseUrl, api }));

beforeAll(() =>
  msw.listen({
    onUnhandledRequest: (request, print) => {
      if (!request.url.startsWith("data:")) print.error();
    },
  }),
);
afterEach(() => api.reset());
afterAll(() => msw.close());

describe("the client against the MSW handlers", () => {
  const client = createClient({ apiKey: API_KEY, baseUrl, logLevel: "off" });

  it("creates a video with a reference image: Authorization and the multipart body survive MSW's Headers", async () => {
    const video = await client.videos.create({
      model: "sora-2",
      prompt: "a paper boat",
      size: "1280x720",
      input_reference: mediaFile(referenceImage("1280x720", "png").name),
    });
    expect(video).toMatchObject({ object: "video", status: "queued", size: "1280x720" });
    expect(api.videos.get(video.id)).toMatchObject({ prompt: "a paper boat" });
  });

  it("follows a job to completion and downloads a real MP4", async () => {
    const video = await client.videos.create({ model: "sora-2", prompt: "a fox", size: "720x1280", seconds: "4" });
    api.advance(60_000);
    const done = await client.videos.retrieve(video.id);
    expect(done.status).toBe("completed");
    const bytes = new Uint8Array(await (await client.videos.content(video.id)).arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe("ftyp");
  });

  it("answers a wrong key with 401 through MSW, as the server does", async () => {
    const stranger = createClient({ apiKey: "sk-wrong", baseUrl, logLevel: "off", maxRetries: 0 });
    await expect(stranger.videos.retrieve("video_1")).rejects.toMatchObject({ status: 401 });
  });
});
