import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { mediaBytes } from "@tokenops/testing";
import { describe, expect, it } from "vitest";
import { APIConnectionError, APIUserAbortError } from "../../../src/index.js";
import { downloadTo } from "../../../src/node/index.js";
import { clientFor, filesIn, head, rejection, reply, startRawServer, useMock, useTempDir } from "../helpers.js";

describe("a download that breaks", () => {
  const mock = useMock();
  const dir = useTempDir();

  /** A completed 720x1280, 4 s job on the mock. */
  async function finishedJob() {
    const client = clientFor(mock());
    const { id } = await client.videos.create({ model: "sora-2", prompt: "rain on a window", seconds: 4 });
    mock().advance(10_000);
    return { client, id, mp4: mediaBytes(`video-720x1280-4s.mp4`) };
  }

  it("cut mid-body: throws, leaves no file at the destination, and a retry then succeeds", async () => {
    const { client, id, mp4 } = await finishedJob();
    mock().scenarios.use("drop-download");
    const path = join(dir(), "out.mp4");
    const error = await rejection(downloadTo(client, id, path));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain(id);
    expect(mock().requests.at(-1)?.fault).toBe("stream");
    expect(await filesIn(dir())).toEqual([]);

    expect(await downloadTo(client, id, path)).toBe(mp4.byteLength);
    expect(new Uint8Array(await readFile(path))).toEqual(mp4);
    expect(await filesIn(dir())).toEqual(["out.mp4"]);
  });

  it("cut mid-body: a caller reading content() itself gets an error, not a short file", async () => {
    const { client, id } = await finishedJob();
    mock().scenarios.use("drop-download;after-bytes=1000");
    const response = await client.videos.content(id);
    await expect(response.arrayBuffer()).rejects.toThrow();
  });

  it("shorter than its Content-Length, closed cleanly: throws and leaves no file; the retry succeeds", async () => {
    const body = mediaBytes("video-720x1280-4s.mp4");
    const server = await startRawServer((_request, socket, index) => {
      const headers = { "content-type": "video/mp4", "content-length": String(body.byteLength) };
      if (index === 1) socket.end(Buffer.concat([head(200, headers), body.subarray(0, body.byteLength / 2)]));
      else reply(socket, 200, headers, body);
    });
    try {
      const client = clientFor(server);
      const path = join(dir(), "short.mp4");
      const error = await rejection(downloadTo(client, "video_short", path));
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(error.message).toContain("video_short");
      expect(await filesIn(dir())).toEqual([]);

      expect(await downloadTo(client, "video_short", path)).toBe(body.byteLength);
      expect(new Uint8Array(await readFile(path))).toEqual(body);
      expect(server.requests.map((request) => request.path)).toEqual([
        "/v1/videos/video_short/content",
        "/v1/videos/video_short/content",
      ]);
    } finally {
      await server.close();
    }
  });

  it("aborted by the caller mid-body: APIUserAbortError and no file", async () => {
    const { client, id } = await finishedJob();
    mock().scenarios.use("slow-download;chunk-bytes=512;delay-ms=40");
    const controller = new AbortController();
    const error = await rejection(
      downloadTo(client, id, join(dir(), "aborted.mp4"), {
        signal: controller.signal,
        onProgress: ({ bytes }) => {
          if (bytes >= 1024) controller.abort();
        },
      }),
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(await filesIn(dir())).toEqual([]);
  });
});
