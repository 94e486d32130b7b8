import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIUserAbortError,
  createClient,
  NotFoundError,
  VideoContentTypeError,
  VideoExpiredError,
} from "../../src/index.js";
import { downloadTo } from "../../src/node/index.js";
import { API_KEY, gatewayError, json, startServer, testClient } from "../helpers.js";

let dir: string;
let server: Awaited<ReturnType<typeof startServer>>;
/** 3 MiB of bytes that are not all the same, so a misplaced chunk shows. */
const payload = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31 + (i >> 10)) & 0xff);
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tokenops-download-"));
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const id = url.pathname.split("/")[3];
    if (id === "ok") {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": payload.length, "x-variant": url.search });
      res.end(payload);
    } else if (id === "chunked") {
      res.writeHead(200, { "content-type": "video/mp4" });
      res.write(payload.subarray(0, 1000));
      res.end(payload.subarray(1000));
    } else if (id === "dropped") {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": payload.length });
      res.write(payload.subarray(0, 256 * 1024), () => res.socket?.destroy());
    } else if (id === "slow") {
      res.writeHead(200, { "content-type": "video/mp4", "content-length": payload.length });
      res.write(payload.subarray(0, 64 * 1024)); // then nothing: the test aborts
    } else if (id === "expired" && url.pathname.endsWith("/content")) {
      res
        .writeHead(410, { "content-type": "application/json" })
        .end('{"error":{"message":"expired","type":"invalid_request_error","param":null,"code":"video_expired"}}');
    } else {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end('{"error":{"code":404,"message":"no such video"}}');
    }
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  // Whatever happened, no temporary file stays behind.
  expect((await readdir(dir)).filter((name) => name.endsWith(".part"))).toEqual([]);
});

const client = () => createClient({ apiKey: API_KEY, baseUrl: server.url, logLevel: "off", maxRetries: 0 });
const exists = async (path: string) => (await readdir(dir)).includes(path.slice(dir.length + 1));

describe("downloadTo", () => {
  it("saves nothing when the file is not of the variant asked for (a server that ignores variant)", async () => {
    const path = join(dir, "thumb.webp");
    await expect(downloadTo(client(), "ok", path, { variant: "thumbnail" })).rejects.toBeInstanceOf(
      VideoContentTypeError,
    );
    expect(await exists(path)).toBe(false);
  });

  it("saves nothing when the files expired, and says so", async () => {
    const path = join(dir, "expired.mp4");
    await expect(downloadTo(client(), "expired", path)).rejects.toBeInstanceOf(VideoExpiredError);
    expect(await exists(path)).toBe(false);
  });

  it("streams the file to the path and returns the bytes written, reporting progress", async () => {
    const path = join(dir, "ok.mp4");
    const progress: { bytes: number; total: number | undefined }[] = [];
    const bytes = await downloadTo(client(), "ok", path, { onProgress: (p) => progress.push(p) });
    expect(bytes).toBe(payload.length);
    expect(sha(await readFile(path))).toBe(sha(payload));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ bytes: payload.length, total: payload.length });
    expect(progress.every((p, i) => i === 0 || p.bytes > (progress[i - 1] as { bytes: number }).bytes)).toBe(true);
  });

  it("downloads a body without Content-Length", async () => {
    const path = join(dir, "chunked.mp4");
    const progress: (number | undefined)[] = [];
    expect(await downloadTo(client(), "chunked", path, { onProgress: (p) => progress.push(p.total) })).toBe(
      payload.length,
    );
    expect(sha(await readFile(path))).toBe(sha(payload));
    expect(new Set(progress)).toEqual(new Set([undefined]));
  });

  it("asks for the variant", async () => {
    const seen: string[] = [];
    const { client } = testClient((request) => {
      seen.push(request.url);
      return new Response("webp-bytes", { headers: { "content-type": "image/webp" } });
    });
    await downloadTo(client, "v", join(dir, "thumb.webp"), { variant: "thumbnail" });
    expect(seen[0]).toMatch(/\/v1\/videos\/v\/content\?variant=thumbnail$/);
    expect(await readFile(join(dir, "thumb.webp"), "utf8")).toBe("webp-bytes");
  });

  it("leaves nothing at the path when the connection drops mid-body", async () => {
    const path = join(dir, "dropped.mp4");
    const error = await downloadTo(client(), "dropped", path).catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(/Download of dropped failed after \d+ bytes/);
    expect(await exists(path)).toBe(false);
  });

  it("leaves nothing at the path when the body is shorter than its Content-Length", async () => {
    const path = join(dir, "short.mp4");
    const { client } = testClient(
      () =>
        new Response(payload.subarray(0, 500), { headers: { "content-type": "video/mp4", "content-length": "1000" } }),
    );
    const error = await downloadTo(client, "short", path).catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toBe("Download of short ended after 500 of 1000 bytes.");
    expect(await exists(path)).toBe(false);
  });

  it("leaves nothing at the path when aborted mid-stream", async () => {
    const path = join(dir, "slow.mp4");
    const controller = new AbortController();
    const pending = downloadTo(client(), "slow", path, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(await exists(path)).toBe(false);
  });

  it("throws the API's error and leaves nothing", async () => {
    const path = join(dir, "missing.mp4");
    await expect(downloadTo(client(), "missing", path)).rejects.toBeInstanceOf(NotFoundError);
    expect(await exists(path)).toBe(false);
  });

  it("fails before any request when the destination folder does not exist", async () => {
    const { client, requests } = testClient(() => json({}));
    await expect(downloadTo(client, "ok", join(dir, "no-such-dir", "x.mp4"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(requests).toHaveLength(0);
  });

  it("keeps a file already at the path when a download fails", async () => {
    const path = join(dir, "keep.mp4");
    await downloadTo(client(), "ok", path);
    await expect(downloadTo(client(), "dropped", path)).rejects.toThrow();
    expect(sha(await readFile(path))).toBe(sha(payload));
    const { client: failing } = testClient(() => gatewayError(404, "gone"));
    await expect(downloadTo(failing, "x", path)).rejects.toThrow();
    expect(sha(await readFile(path))).toBe(sha(payload));
  });
});
