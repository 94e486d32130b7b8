// One transfer benchmark run in its own process:
//   tsx cases/transfer.ts upload <fetch|client> <baseUrl> <file>
//   tsx cases/transfer.ts json <fetch|client> <baseUrl> <file>   (a JSON family's create, the file a data URL)
//   tsx cases/transfer.ts download <fetch|client> <baseUrl> - <destination>   (the server decides the size)
import { createWriteStream, openAsBlob } from "node:fs";
import { open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createClient } from "@tokenops/client";
import { downloadTo, fileFromPath } from "@tokenops/client/node";

const [kind, variant, baseUrl, arg, destination] = process.argv.slice(2) as [string, string, string, string, string];
const apiKey = "sk-bench";

/** Peak RSS is sampled as well as read from the kernel at exit: the sample shows the baseline before the transfer. */
const rssBefore = process.memoryUsage().rss;
let bytes = 0;
const started = performance.now();

if (kind === "upload") {
  bytes = (await stat(arg)).size;
  if (variant === "fetch") {
    const form = new FormData();
    form.append("model", "sora-2");
    form.append("prompt", "benchmark");
    form.append("size", "1280x720");
    form.append("input_reference", await openAsBlob(arg, { type: "image/png" }), basename(arg));
    const res = await fetch(`${baseUrl}/v1/videos`, {
      method: "POST",
      body: form,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    await res.json();
  } else {
    const client = createClient({ apiKey, baseUrl, maxRetries: 0 });
    await client.videos.create({
      model: "sora-2",
      prompt: "benchmark",
      size: "1280x720",
      input_reference: await fileFromPath(arg),
    });
  }
} else if (kind === "json") {
  bytes = (await stat(arg)).size;
  const model = "doubao-seedance-1-0-pro-250528";
  if (variant === "fetch") {
    const url = `data:image/png;base64,${(await readFile(arg)).toString("base64")}`;
    const content = [
      { type: "text", text: "benchmark" },
      { type: "image_url", image_url: { url }, role: "first_frame" },
    ];
    const res = await fetch(`${baseUrl}/v1/videos`, {
      method: "POST",
      body: JSON.stringify({ model, content }),
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    });
    await res.json();
  } else {
    const client = createClient({ apiKey, baseUrl, maxRetries: 0 });
    await client.videos.create({ model, prompt: "benchmark", image: await fileFromPath(arg) });
  }
} else {
  const url = `${baseUrl}/v1/videos/video_bench/content`;
  if (variant === "fetch") {
    // The same guarantee downloadTo gives, so that like is compared with like: a temporary file, flushed
    // to disk, renamed into place once whole.
    const temp = `${destination}.part`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(temp));
    const handle = await open(temp, "r+");
    await handle.sync().finally(() => handle.close());
    await rename(temp, destination);
  } else {
    const client = createClient({ apiKey, baseUrl, maxRetries: 0 });
    await downloadTo(client, "video_bench", destination);
  }
  bytes = (await stat(destination)).size;
  await rm(destination, { force: true });
}

const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ bytes, seconds, mbPerSecond: bytes / 2 ** 20 / seconds, rssBeforeMB: rssBefore / 2 ** 20, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
