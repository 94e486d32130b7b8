// The benchmarks' server, run in its own process: as little work per request as
// node:http allows, so that what the figures show is the client side.
import { createServer } from "node:http";

const video = JSON.stringify({
  id: "video_bench",
  object: "video",
  status: "completed",
  model: "sora-2",
  progress: 100,
  created_at: 1_700_000_000,
  completed_at: 1_700_000_060,
  size: "1280x720",
  seconds: "4",
});
const CHUNK = Buffer.alloc(1 << 20, 0x61); // 1 MiB of bytes, written repeatedly

const server = createServer((req, res) => {
  const url = req.url ?? "/";
  if (req.method === "POST") {
    // An upload: count the bytes, answer when they are all in.
    let received = 0;
    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
    });
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "x-received-bytes": String(received) }).end(video);
    });
    return;
  }
  const content = /^\/v1\/videos\/[^/]+\/content/.exec(url);
  if (content) {
    const size = Number(process.env.BENCH_CONTENT_BYTES ?? 2 ** 30);
    res.writeHead(200, { "content-type": "video/mp4", "content-length": String(size) });
    let left = size;
    const write = () => {
      while (left > 0) {
        const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) return void res.once("drain", write);
      }
      res.end();
    };
    write();
    return;
  }
  res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_bench" }).end(video);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
