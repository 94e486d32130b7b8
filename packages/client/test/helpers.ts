/**
 * Shared test helpers: a recording fetch, JSON responses, video objects, real image bytes, a local server,
 * a multipart parser.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { deflateSync } from "node:zlib";
import { Busboy } from "@fastify/busboy";
import { type ClientOptions, createClient, type Logger, type Video } from "../src/index.js";

export const API_KEY = "sk-test-0123456789abcdef";
/** A base URL nothing listens on: every test that uses it injects fetch. */
export const BASE_URL = "http://127.0.0.1:9";

export type Handler = (request: Request, attempt: number) => Response | Promise<Response>;

/**
 * A fetch that answers with `handler` and keeps a copy of every request it got, in order.
 * The copies can be read as the server would (`await requests[0].formData()`).
 */
export function recordingFetch(handler: Handler) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request.clone());
    return handler(request, requests.length);
  };
  return { fetch, requests };
}

/** A client for tests: the test key, a loopback base URL, quick retries, and the given fetch. */
export function testClient(handler: Handler, options: ClientOptions = {}) {
  const recorder = recordingFetch(handler);
  const client = createClient({
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    fetch: recorder.fetch,
    logLevel: "off",
    ...options,
  });
  return { client, ...recorder };
}

export const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    ...init,
    headers: { "content-type": "application/json", ...(init.headers as Record<string, string>) },
  });

/** An error response in the gateway's envelope. */
export const gatewayError = (status: number, message: string, headers: Record<string, string> = {}) =>
  json({ error: { code: status, message, details: [] } }, { status, headers: { "retry-after": "0", ...headers } });

export const video = (overrides: Partial<Video> = {}): Video => ({
  id: "video_123",
  object: "video",
  created_at: 1741570283,
  model: "sora-2",
  status: "queued",
  progress: 0,
  seconds: "4",
  size: "720x1280",
  ...overrides,
});

/** Lines a logger received, each with its details serialized, for asserting what logs contain. */
export function captureLogger() {
  const lines: string[] = [];
  const write =
    (level: string) =>
    (message: string, ...details: unknown[]) =>
      lines.push(`${level} ${message} ${details.map((d) => JSON.stringify(d)).join(" ")}`);
  const logger: Logger = { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
  return { logger, lines };
}

// --- Real image bytes -------------------------------------------------------------------------------

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array) => {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Uint8Array) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};

/** Buffers joined into a plain Uint8Array (what a browser user would have). */
const plain = (parts: Uint8Array[]): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.concat(parts));

/** A complete, decodable grey PNG of the given size. */
export function png(width: number, height: number): Uint8Array<ArrayBuffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter: none
  return plain([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", new Uint8Array()),
  ]);
}

/**
 * JPEG headers as encoders write them: SOI, APP0 (JFIF), an APP1 (Exif) segment of `exifBytes`, a
 * quantization table, then the start of frame (SOF0 baseline, or SOF2 progressive) with the size.
 */
export function jpeg(
  width: number,
  height: number,
  { exifBytes = 32, progressive = false } = {},
): Uint8Array<ArrayBuffer> {
  const segment = (marker: number, payload: Uint8Array) => {
    const out = Buffer.alloc(4 + payload.length);
    out.set([0xff, marker], 0);
    out.writeUInt16BE(payload.length + 2, 2);
    Buffer.from(payload).copy(out, 4);
    return out;
  };
  const sof = Buffer.alloc(15);
  sof.writeUInt8(8, 0);
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof.set([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 5);
  return plain([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from("JFIF\0\x01\x02\0\0\x01\0\x01\0\0", "latin1")),
    segment(0xe1, Buffer.concat([Buffer.from("Exif\0\0", "latin1"), Buffer.alloc(exifBytes)])),
    segment(0xdb, Buffer.alloc(65)),
    segment(progressive ? 0xc2 : 0xc0, sof),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** WebP headers for the three bitstream kinds: lossy (VP8), lossless (VP8L), extended (VP8X). */
export function webp(width: number, height: number, kind: "VP8 " | "VP8L" | "VP8X" = "VP8 "): Uint8Array<ArrayBuffer> {
  const payload = Buffer.alloc(20);
  if (kind === "VP8 ") {
    payload.set([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a], 0); // key frame tag, start code
    payload.writeUInt16LE(width, 6);
    payload.writeUInt16LE(height, 8);
  } else if (kind === "VP8L") {
    payload.writeUInt8(0x2f, 0);
    payload.writeUInt32LE(((width - 1) | ((height - 1) << 14)) >>> 0, 1);
  } else {
    payload.writeUIntLE(width - 1, 4, 3);
    payload.writeUIntLE(height - 1, 7, 3);
  }
  const body = Buffer.concat([Buffer.from(`WEBP${kind}`, "latin1"), Buffer.alloc(4), payload]);
  body.writeUInt32LE(payload.length, 8);
  const riff = Buffer.alloc(8);
  riff.write("RIFF", 0, "latin1");
  riff.writeUInt32LE(body.length, 4);
  return plain([riff, body]);
}

// --- A local HTTP server on 127.0.0.1 -----------------------------------------------------------------

/** Starts a node:http server on 127.0.0.1 (a free port) for the test; `close` stops it. */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- Multipart, read as a server reads it ----------------------------------------------------------------

/** A multipart body's parts as a server sees them: text fields, and files with their name, type and bytes. */
export interface ParsedMultipart {
  fields: Record<string, string>;
  files: Record<string, { filename: string; type: string; bytes: Uint8Array }>;
}

/**
 * Parses a request's multipart/form-data body with @fastify/busboy — a streaming parser written apart from
 * the runtime's FormData encoder, so a round trip through it checks the bytes on the wire, not one
 * implementation against itself. Paths in file names are kept (`preservePath`).
 */
export async function parseMultipart(request: Request): Promise<ParsedMultipart> {
  const contentType = request.headers.get("content-type") ?? "";
  const body = new Uint8Array(await request.arrayBuffer());
  return new Promise((resolve, reject) => {
    const parsed: ParsedMultipart = { fields: {}, files: {} };
    const parser = Busboy({
      headers: { "content-type": contentType },
      preservePath: true,
      limits: { fieldSize: 64 * 1024 * 1024, fileSize: 64 * 1024 * 1024 },
    });
    parser.on("field", (name, value) => {
      parsed.fields[name] = value;
    });
    parser.on("file", (name, stream, filename, _encoding, type) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        parsed.files[name] = { filename, type, bytes: new Uint8Array(Buffer.concat(chunks)) };
      });
    });
    parser.on("error", reject);
    parser.on("finish", () => resolve(parsed));
    parser.end(body);
  });
}
