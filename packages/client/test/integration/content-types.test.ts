import { join } from "node:path";
import { mediaBytes } from "@tokenops/testing";
import { describe, expect, it } from "vitest";
import { VideoContentTypeError, type VideoVariant } from "../../src/index.js";
import { downloadTo } from "../../src/node/index.js";
import { clientFor, filesIn, rejection, reply, replyJson, startRawServer, useMock, useTempDir } from "./helpers.js";

const RUN_MS = 5_000;
const mp4 = mediaBytes("video-1280x720-4s.mp4");

describe("content is the variant asked for", () => {
  const mock = useMock();

  async function finishedJob() {
    const client = clientFor(mock());
    const { id } = await client.videos.create({ model: "sora-2", prompt: "a heron", size: "1280x720" });
    mock().advance(RUN_MS);
    return { client, id };
  }

  it.each([
    ["video", "video/mp4", "video-1280x720-4s.mp4"],
    ["thumbnail", "image/webp", "thumbnail-1280x720.webp"],
    ["spritesheet", "image/jpeg", "spritesheet-1280x720.jpg"],
  ] as const)("the %s variant comes back as %s", async (variant, type, file) => {
    const { client, id } = await finishedJob();
    const response = await client.videos.content(id, { variant });
    expect(response.headers.get("content-type")).toBe(type);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(mediaBytes(file));
  });

  it.each([
    ["thumbnail", "image/webp", "self"],
    ["spritesheet", "image/jpeg", "cdn"],
  ] as const)("the %s variant through a JSON {video_url} link (origin %s) is %s too", async (variant, type, origin) => {
    const { client, id } = await finishedJob();
    mock().scenarios.use(`json-content;origin=${origin}`);
    const response = await client.videos.content(id, { variant });
    expect(response.headers.get("content-type")).toBe(type);
    expect(mock().requests.at(-1)).toMatchObject({ operation: "file", status: 200 });
  });

  it("asks for the variant's media type first, and JSON after it", async () => {
    const server = await startRawServer((_request, socket) =>
      reply(socket, 200, { "content-type": "image/webp" }, mediaBytes("thumbnail-1280x720.webp")),
    );
    try {
      await (await clientFor(server).videos.content("video_a", { variant: "thumbnail" })).arrayBuffer();
      const accept = server.requests[0]?.headers.accept ?? "";
      expect(accept.split(",")[0]?.trim()).toBe("image/webp");
      expect(accept).toMatch(/application\/json;\s*q=0\.\d/);
    } finally {
      await server.close();
    }
  });
});

describe("a server that ignores the variant", () => {
  const dir = useTempDir();

  /** Answers every content request with the MP4, whatever variant was asked for. */
  const ignoringVariant = () =>
    startRawServer((_request, socket) => reply(socket, 200, { "content-type": "video/mp4" }, mp4));

  it.each([
    ["thumbnail", "image/webp"],
    ["spritesheet", "image/jpeg"],
  ] as const)(
    "content(%s) throws VideoContentTypeError naming the variant and the type received",
    async (variant, expected) => {
      const server = await ignoringVariant();
      try {
        const error = await rejection(clientFor(server).videos.content("video_a", { variant }));
        expect(error).toBeInstanceOf(VideoContentTypeError);
        expect(error).toMatchObject({ variant, expected, contentType: "video/mp4" });
        expect(error.message).toContain(variant);
        expect(error.message).toContain("video/mp4");
        expect(server.requests[0]?.path).toBe(`/v1/videos/video_a/content?variant=${variant}`);
      } finally {
        await server.close();
      }
    },
  );

  it("downloadTo refuses it and leaves nothing at the destination", async () => {
    const server = await ignoringVariant();
    try {
      const path = join(dir(), "thumb.webp");
      const error = await rejection(downloadTo(clientFor(server), "video_a", path, { variant: "thumbnail" }));
      expect(error).toBeInstanceOf(VideoContentTypeError);
      expect(await filesIn(dir())).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("the video variant is still accepted from it", async () => {
    const server = await ignoringVariant();
    try {
      const path = join(dir(), "video.mp4");
      expect(await downloadTo(clientFor(server), "video_a", path)).toBe(mp4.byteLength);
    } finally {
      await server.close();
    }
  });

  it("a JSON {video_url} link to a file of the wrong type is refused too", async () => {
    const files = await ignoringVariant();
    const api = await startRawServer((_request, socket) =>
      replyJson(socket, 200, { video_url: `${files.url}/files/video_a.mp4`, expires_at: 1_900_000_000 }),
    );
    try {
      const variant: VideoVariant = "thumbnail";
      const error = await rejection(clientFor(api).videos.content("video_a", { variant }));
      expect(error).toBeInstanceOf(VideoContentTypeError);
      expect(error).toMatchObject({ variant, contentType: "video/mp4" });
      expect(files.requests).toHaveLength(1);
    } finally {
      await Promise.all([api.close(), files.close()]);
    }
  });
});
