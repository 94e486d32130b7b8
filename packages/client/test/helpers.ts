/**
 * Shared test helpers: a recording fetch, JSON responses, video objects, real image bytes (@tokenops/testing's
 * media and test/fixtures), a local server, a multipart parser.
 */
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Busboy } from "@fastify/busboy";
import { mediaBytes, type ReferenceFormat, referenceImage } from "@tokenops/testing";
import { type ClientOptions, createClient, type Logger, type Video, type VideoSize } from "../src/index.js";

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

/**
 * A logger that keeps what it received: each line with its details serialized (`lines`), and each call's level,
 * message and details as one object (`details`). `onLine` runs after each, e.g. to abort when a retry is logged.
 */
export function captureLogger(onLine?: () => void) {
  const lines: string[] = [];
  const details: Record<string, unknown>[] = [];
  const write =
    (level: string) =>
    (message: string, ...rest: unknown[]) => {
      lines.push(`${level} ${message} ${rest.map((d) => JSON.stringify(d)).join(" ")}`);
      details.push({ level, message, ...(rest[0] as object) });
      onLine?.();
    };
  const logger: Logger = { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
  return { logger, lines, details };
}

// --- Real image bytes -------------------------------------------------------------------------------

/**
 * A reference image from @tokenops/testing's media (made by ffmpeg, the mock's own first frames): a PNG of that
 * pixel size unless another format is asked for (the JPEG is baseline, the WebP lossy VP8).
 */
export const reference = (size: VideoSize, format: ReferenceFormat = "png"): Uint8Array<ArrayBuffer> =>
  mediaBytes(referenceImage(size, format).name);

/**
 * A file from test/fixtures: the image variants @tokenops/testing's media lacks (lossless and alpha WebP, a
 * progressive JPEG, a JPEG with a 60 kB segment before its frame), each 72×40. See test/fixtures/README.md.
 */
export const fixture = async (name: string): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(await readFile(new URL(`./fixtures/${name}`, import.meta.url)));

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
