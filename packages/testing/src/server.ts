import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { DEFAULT_MOCK_HOST } from "@tokenops/contract";
import { controlsFor, type MockControls } from "./core/api.js";
import type { Bases } from "./core/call.js";
import { MockEngine } from "./core/engine.js";
import type { MockOptions } from "./core/options.js";
import { nodeCall, writeReply } from "./transports/node.js";

/**
 * Options for {@link startMockServer}.
 *
 * @example
 * ```ts
 * import { startMockServer } from "@tokenops/testing";
 *
 * // Fixed ports, e.g. for a browser app whose dev server proxies to the mock:
 * const server = await startMockServer({ port: 4010, cdnPort: 4011, timeScale: 0 });
 * server.url; // "http://127.0.0.1:4010"
 * ```
 */
export interface MockServerOptions extends MockOptions {
  /** Port for the API (default 0: any free port). */
  port?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port for the second, CDN-like origin that JSON content URLs can point at (default 0). */
  cdnPort?: number;
}

/**
 * A running mock TokenOps server.
 *
 * @example
 * const server = await startMockServer({ timeScale: 0 });
 * const client = createClient({ apiKey: "test", baseUrl: server.url });
 * // …
 * await server.close();
 */
export interface MockServer extends MockControls {
  /** The base URL to give a client, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The base URL of the second origin, for JSON content URLs on another origin (`json-content;origin=cdn`). */
  readonly cdnUrl: string;
  /** Stop listening and drop open connections (hanging requests included). */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function baseUrl(host: string, port: number): string {
  const shown = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;
}

/**
 * Start a mock TokenOps server: a real node:http server on 127.0.0.1 that implements every
 * operation in the bundled spec, validates each request against it, and runs jobs through
 * queued → in_progress → completed on a clock you control. Scenarios (see the README) inject
 * failures, rate limits, dropped connections and the API's other answers.
 *
 * @example
 * import { startMockServer } from "@tokenops/testing";
 * import { createClient } from "@tokenops/client";
 *
 * const server = await startMockServer({ timeScale: 0 });
 * const client = createClient({ apiKey: "test", baseUrl: server.url });
 * const video = await client.videos.create({ model: "sora-2", prompt: "a red fox" });
 * server.advance(10_000);
 * await client.videos.retrieve(video.id); // status "completed"
 * await server.close();
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = DEFAULT_MOCK_HOST, cdnPort = 0 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port: ${port} is not allowed; use an integer from 0 to 65535 (0 = any free port).`);
  }
  const engine = new MockEngine(options);
  await engine.router.ready();
  const bases: Bases = { api: "", cdn: "" };
  const sockets = new Set<Socket>();
  const serve = (origin: "api" | "cdn") => (request: IncomingMessage, response: ServerResponse) => {
    engine
      .handle(nodeCall(request, response, origin), bases)
      .then((reply) => writeReply(request, response, reply))
      .catch(() => {
        // The client went away mid-answer; nothing is left to tell it.
        response.destroy();
      });
  };
  const servers = [createServer(serve("api")), createServer(serve("cdn"))] as const;
  for (const server of servers) {
    server.on("connection", (socket: Socket) => {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    });
  }
  const api = await listen(servers[0], port, host);
  const cdn = await listen(servers[1], cdnPort, host).catch(async (error: unknown) => {
    await new Promise((resolve) => servers[0].close(resolve));
    throw error;
  });
  bases.api = baseUrl(host, api.port);
  bases.cdn = baseUrl(host, cdn.port);

  let closing: Promise<void> | undefined;
  const transport = {
    url: bases.api,
    cdnUrl: bases.cdn,
    close(): Promise<void> {
      closing ??= Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              for (const socket of sockets) socket.destroy();
            }),
        ),
      ).then(() => undefined);
      return closing;
    },
  };
  return controlsFor(engine, transport);
}
