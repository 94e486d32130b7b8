// The same user's program as CommonJS: `require` of every entry point resolves the CJS builds and their
// .d.cts types.
import fs = require("node:fs/promises");
import os = require("node:os");
import path = require("node:path");
import tokenops = require("@tokenops/client");
import tokenopsNode = require("@tokenops/client/node");
import testing = require("@tokenops/testing");
import type { CreateVideoParams, Video, VideoSize } from "@tokenops/client";

// @ts-expect-error: not a size the spec allows
const badSize: VideoSize = "999x999";
void badSize;

async function main(): Promise<void> {
  const server = await testing.startMockServer({ timeScale: 20 });
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), "tokenops-usage-cjs-"));
  try {
    const client = tokenops.createClient({ apiKey: "consumer-test-key", baseUrl: server.url });
    const params: CreateVideoParams = {
      model: "sora-2",
      prompt: "A paper boat drifting down a rainy street",
      size: "720x1280",
      seconds: "4",
      input_reference: await tokenopsNode.fileFromPath(testing.mediaPath("reference-720x1280.png")),
    };
    const done: Video = await client.videos.createAndWait(params, { pollIntervalMs: 20 });
    if (done.status !== "completed") throw new Error(`createAndWait ended with ${done.status}`);

    const response = await client.videos.content(done.id);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (new TextDecoder().decode(bytes.subarray(4, 8)) !== "ftyp") throw new Error("content is not an MP4");

    const target = path.join(folder, "video.mp4");
    const written = await tokenopsNode.downloadTo(client, done.id, target);
    if (written !== bytes.byteLength) throw new Error(`downloadTo wrote ${written} bytes, content had ${bytes.byteLength}`);

    const missing = await client.videos.retrieve("video_missing").catch((e: unknown) => e);
    if (!(missing instanceof tokenops.APIError) || missing.status !== 404) throw new Error("expected a 404 APIError");

    console.log(JSON.stringify({ format: "cjs", status: done.status, bytes: written, requests: server.requests.length }));
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
