/**
 * Helpers for the integration tests (the client against @tokenops/testing's mock server, and raw TCP servers
 * for the faults an HTTP server will not make on request: resets, short bodies, silence), on top of the
 * client's own test helpers (the test key, the capturing logger). Everything listens on 127.0.0.1.
 */
import { once } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { STATUS_CODES } from "node:http";
import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MockServer, type MockServerOptions, startMockServer } from "@tokenops/testing";
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import { type ClientOptions, createClient, type Fetch, type TokenOpsClient } from "../../src/index.js";
import { API_KEY } from "../helpers.js";

export { API_KEY, captureLogger } from "../helpers.js";

/**
 * One mock server for the test file, on a manual clock (`timeScale: 0`, time moves only with `advance`)
 * and demanding {@link API_KEY}; its jobs, keys, request log and scenarios are forgotten after each test.
 */
export function useMock(options: MockServerOptions = {}): () => MockServer {
  let server: MockServer | undefined;
  beforeAll(async () => {
    server = await startMockServer({ timeScale: 0, apiKey: API_KEY, ...options });
  });
  afterEach(() => server?.reset());
  afterAll(() => server?.close());
  return () => {
    if (server === undefined) throw new Error("useMock: the server starts in beforeAll");
    return server;
  };
}

/** A client for a server (or a base URL): the test key, logging off, and the given options. */
export function clientFor(target: { url: string } | string, options: ClientOptions = {}): TokenOpsClient {
  const baseUrl = typeof target === "string" ? target : target.url;
  return createClient({ apiKey: API_KEY, baseUrl, logLevel: "off", ...options });
}

const statusPath = /^\/v1\/videos\/[^/]+$/;

/**
 * The runtime's fetch, but every status poll first moves the mock's clock `stepMs` forward: a job
 * advances by the same amount per poll, whatever the machine's speed.
 */
export function clockedFetch(server: MockServer, stepMs: number): Fetch {
  return (request) => {
    if (request.method === "GET" && statusPath.test(new URL(request.url).pathname)) server.advance(stepMs);
    return fetch(request);
  };
}

/** The statuses the mock answered for one operation, in order. */
export const statusesOf = (server: MockServer, operation: string): number[] =>
  server.requests.filter((request) => request.operation === operation).map((request) => request.status);

/**
 * Resolves once the mock has received `count` requests: an event to act on (abort, collect garbage) instead of
 * a guessed delay. The wait is only a deadline for a request that never comes.
 */
export const arrived = (server: MockServer, count: number) =>
  vi.waitFor(() => expect(server.requests).toHaveLength(count), { timeout: 20_000, interval: 5 });

/** The rejection of a promise that must reject (a resolution fails the test). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, and it succeeded");
}

/** A fresh temp folder per test, removed afterwards. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "tokenops-integration-"));
  });
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (dir === undefined) throw new Error("useTempDir: the folder is made in beforeEach");
    return dir;
  };
}

/** The names in a folder (temporary download files included). */
export const filesIn = (dir: string): Promise<string[]> => readdir(dir);

// --- Raw TCP servers -------------------------------------------------------------------------------------

/** An HTTP request as a raw server read it. */
export interface RawRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Answers one request on its socket however it likes: a full response, half of one, a reset, or nothing. */
export type RawHandler = (request: RawRequest, socket: Socket, index: number) => void;

/** A chunked body decoded, or undefined while incomplete. */
function dechunk(buffer: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = buffer.indexOf("\r\n", at);
    if (end < 0) return undefined;
    const size = Number.parseInt(buffer.subarray(at, end).toString("latin1"), 16);
    if (size === 0) return buffer.length >= end + 4 ? Buffer.concat(parts) : undefined;
    if (buffer.length < end + 2 + size + 2) return undefined;
    parts.push(buffer.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
}

/** Reads one request (head and body) from a socket; undefined when the client hangs up first. */
function readRequest(socket: Socket): Promise<RawRequest | undefined> {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    let head: Omit<RawRequest, "body"> | undefined;
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (head === undefined) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const [line = "", ...fields] = buffer.subarray(0, end).toString("latin1").split("\r\n");
        const [method = "", path = ""] = line.split(" ");
        const headers: Record<string, string> = {};
        for (const field of fields) {
          const colon = field.indexOf(":");
          headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
        }
        head = { method, path, headers };
        buffer = buffer.subarray(end + 4);
      }
      const length = head.headers["content-length"];
      const body =
        length !== undefined
          ? buffer.length >= Number(length)
            ? buffer.subarray(0, Number(length))
            : undefined
          : /chunked/i.test(head.headers["transfer-encoding"] ?? "")
            ? dechunk(buffer)
            : Buffer.alloc(0);
      if (body === undefined) return;
      socket.off("data", onData);
      resolve({ ...head, body });
    };
    socket.on("data", onData);
    socket.once("close", () => resolve(undefined));
  });
}

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server, sockets: Set<Socket>) {
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

/**
 * A node:net server on 127.0.0.1 that reads each request and hands it, with its socket, to `handler`
 * (one request per connection: answer with {@link reply}, which closes it). `requests` keeps them all.
 */
export async function startRawServer(handler: RawHandler) {
  const sockets = new Set<Socket>();
  const requests: RawRequest[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => {}); // the client hung up: nothing to do
    void readRequest(socket).then((request) => {
      if (request === undefined) return;
      requests.push(request);
      handler(request, socket, requests.length);
    });
  });
  const url = await listen(server);
  return { url, requests, close: closer(server, sockets) };
}

/** The status line and headers of a response (Connection: close), as bytes. */
export function head(status: number, headers: Record<string, string> = {}): Buffer {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Status"}`];
  for (const [name, value] of Object.entries({ connection: "close", ...headers })) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
}

/** Writes a whole response with its Content-Length and closes the connection. */
export function reply(
  socket: Socket,
  status: number,
  headers: Record<string, string> = {},
  body: string | Uint8Array = "",
) {
  const bytes = Buffer.from(body);
  socket.end(Buffer.concat([head(status, { "content-length": String(bytes.length), ...headers }), bytes]));
}

/** A JSON answer on a raw socket. */
export const replyJson = (socket: Socket, status: number, value: unknown, headers: Record<string, string> = {}) =>
  reply(socket, status, { "content-type": "application/json", ...headers }, JSON.stringify(value));

/**
 * A TCP proxy in front of `target`: requests go through, so the server does the work, but after
 * `resetNext(n)` the next `n` responses are answered with a TCP reset (RST) instead of their bytes — a
 * connection reset before the response, as a load balancer or a flaky network makes it.
 */
export async function startResettingProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let pending = 0;
  let resets = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  };
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      if (pending > 0) {
        pending -= 1;
        resets += 1;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.once("close", () => client.end());
    client.once("close", () => upstream.destroy());
  });
  const url = await listen(server);
  return {
    url,
    /** Reset the next `n` responses. */
    resetNext(n: number) {
      pending = n;
    },
    /** How many responses were reset so far. */
    get resets() {
      return resets;
    },
    close: closer(server, sockets),
  };
}
