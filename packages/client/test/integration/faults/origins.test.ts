import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { mediaBytes } from "@tokenops/testing";
import { describe, expect, it } from "vitest";
import { downloadTo } from "../../../src/node/index.js";
import { API_KEY, clientFor, filesIn, rejection, reply, startRawServer, useMock, useTempDir } from "../helpers.js";

describe("content served from another origin", () => {
  const mock = useMock();
  const dir = useTempDir();

  async function finishedJob() {
    const client = clientFor(mock(), { headers: { "X-Team": "video" } });
    const { id } = await client.videos.create({ model: "sora-2", prompt: "fireflies", size: "1280x720", seconds: 8 });
    mock().advance(10_000);
    return { client, id };
  }

  it("JSON {video_url} on another origin: the file is fetched there, and no Authorization reaches it", async () => {
    const { client, id } = await finishedJob();
    mock().scenarios.use("json-content;origin=cdn");
    const path = join(dir(), "cdn.mp4");
    expect(await downloadTo(client, id, path)).toBe(mediaBytes("video-1280x720-8s.mp4").byteLength);
    expect(new Uint8Array(await readFile(path))).toEqual(mediaBytes("video-1280x720-8s.mp4"));
    const [content, file] = mock().requests.slice(-2);
    expect(new URL(mock().cdnUrl).origin).not.toBe(new URL(mock().url).origin);
    expect(content).toMatchObject({ operation: "getVideoContent", origin: "api", authorization: true, status: 200 });
    expect(file).toMatchObject({ operation: "file", origin: "cdn", authorization: false, status: 200 });
  });

  it("JSON {video_url} on the API's own origin keeps Authorization", async () => {
    const { client, id } = await finishedJob();
    mock().scenarios.use("json-content;origin=self");
    const response = await client.videos.content(id, { variant: "thumbnail" });
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(mediaBytes("thumbnail-1280x720.webp"));
    expect(mock().requests.at(-1)).toMatchObject({ operation: "file", origin: "api", authorization: true });
  });

  it("JSON {video_url} whose download is cut: no file is left, and the next try succeeds", async () => {
    const { client, id } = await finishedJob();
    mock().scenarios.use("json-content;origin=cdn", "drop-download");
    const path = join(dir(), "cut.mp4");
    await rejection(downloadTo(client, id, path));
    expect(await filesIn(dir())).toEqual([]);
    expect(mock().requests.at(-1)).toMatchObject({ operation: "file", origin: "cdn", fault: "stream" });
    await downloadTo(client, id, path);
    expect(new Uint8Array(await readFile(path))).toEqual(mediaBytes("video-1280x720-8s.mp4"));
  });

  it("a redirect to another origin: the file is fetched there, and no Authorization reaches it", async () => {
    const mp4 = mediaBytes("video-720x1280-4s.mp4");
    const other = await startRawServer((_request, socket) => reply(socket, 200, { "content-type": "video/mp4" }, mp4));
    const api = await startRawServer((_request, socket) =>
      reply(socket, 302, { location: `${other.url}/signed/video_r.mp4?sig=abc` }),
    );
    try {
      const client = clientFor(api, { headers: { "X-Team": "video" } });
      const path = join(dir(), "redirected.mp4");
      expect(await downloadTo(client, "video_r", path)).toBe(mp4.byteLength);
      expect(new Uint8Array(await readFile(path))).toEqual(mp4);
      expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(other.requests).toHaveLength(1);
      expect(other.requests[0]?.path).toBe("/signed/video_r.mp4?sig=abc");
      expect(other.requests[0]?.headers).not.toHaveProperty("authorization");
    } finally {
      await Promise.all([api.close(), other.close()]);
    }
  });

  it("a redirect within the API's origin keeps Authorization", async () => {
    const mp4 = mediaBytes("video-720x1280-4s.mp4");
    const api = await startRawServer((request, socket) => {
      if (request.path.startsWith("/v1/")) reply(socket, 307, { location: "/files/video_s.mp4" });
      else reply(socket, 200, { "content-type": "video/mp4" }, mp4);
    });
    try {
      const response = await clientFor(api).videos.content("video_s");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(mp4);
      expect(api.requests.map((request) => [request.path, request.headers.authorization])).toEqual([
        ["/v1/videos/video_s/content", `Bearer ${API_KEY}`],
        ["/files/video_s.mp4", `Bearer ${API_KEY}`],
      ]);
    } finally {
      await api.close();
    }
  });
});
