import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { MockCall, MockReply } from "../core/call.js";
import { faultyChunks, replyBlob, type StreamFault } from "../core/fault-stream.js";
import { readJsonBody, readMultipartBody } from "./node-body.js";

/** The node:http transport: an IncomingMessage as the core's call, and the core's reply written out. */
export function nodeCall(request: IncomingMessage, response: ServerResponse, origin: "api" | "cdn"): MockCall {
  const url = new URL(request.url ?? "/", "http://mock");
  let aborted: AbortController | undefined;
  return {
    method: (request.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    header(name) {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    origin,
    readJson: (limits) => readJsonBody(request, limits),
    readMultipart: (limits) => readMultipartBody(request, limits),
    // Made on first use: only delays and hangs need to know that the client went away.
    get signal() {
      if (aborted === undefined) {
        const controller = new AbortController();
        aborted = controller;
        if (response.destroyed) controller.abort();
        response.once("close", () => {
          if (!response.writableFinished) controller.abort();
        });
      }
      return aborted.signal;
    },
  };
}

/** Write one chunk and wait until it has left (so a cut that follows cannot swallow it). */
function flush(response: ServerResponse, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve) => response.write(chunk, () => resolve()));
}

/** Send the faulty download's chunks; a cut breaks the connection short of Content-Length. */
async function writeFaulty(response: ServerResponse, body: Blob, fault: StreamFault): Promise<void> {
  const chunks = faultyChunks(body, fault);
  for (;;) {
    const next = await chunks.next();
    if (next.done) {
      if (next.value) response.socket?.destroy();
      else response.end();
      return;
    }
    if (response.destroyed) {
      await chunks.return(false);
      return;
    }
    await flush(response, next.value);
  }
}

/** Write the core's reply, carrying out its fault: drop the connection, hang, or stream the body faultily. */
export async function writeReply(request: IncomingMessage, response: ServerResponse, reply: MockReply): Promise<void> {
  const fault = reply.fault;
  if (fault?.kind === "drop") {
    request.socket.destroy();
    return;
  }
  if (fault?.kind === "hang") return; // close() or the client ends it
  response.writeHead(reply.status, reply.headers);
  const body = reply.body;
  if (body === null) response.end();
  else if (fault?.kind === "stream") await writeFaulty(response, replyBlob(body), fault);
  else if (body instanceof Blob) await pipeline(Readable.fromWeb(body.stream() as NodeReadableStream), response);
  else response.end(body);
}
