import * as bodyLimits from "../core/body-limits.js";
import {
  type Bases,
  type BodyLimits,
  FILE_HEAD_BYTES,
  type MockCall,
  type MockReply,
  type MultipartBody,
  type UploadedFile,
} from "../core/call.js";
import type { MockEngine } from "../core/engine.js";
import { DROPPED_MID_DOWNLOAD, faultyChunks, replyBlob, type StreamFault } from "../core/fault-stream.js";
import { sleep, untilAborted } from "../core/sleep.js";

/**
 * The fetch-API transport: a `Request` in, a `Response` out, over the same engine as node:http.
 * MSW handlers and `MockApi.fetch` use it; it imports nothing from Node, so it runs in browsers.
 */
export async function handleRequest(engine: MockEngine, request: Request, bases: Bases): Promise<Response> {
  const url = new URL(request.url);
  const cdn = url.href.startsWith(bases.cdn);
  const basePath = new URL(cdn ? bases.cdn : bases.api).pathname.replace(/\/$/, "");
  const path =
    basePath !== "" && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
  const call: MockCall = {
    method: request.method.toUpperCase(),
    path: path === "" ? "/" : path,
    query: url.searchParams,
    header: (name) => request.headers.get(name) ?? undefined,
    origin: cdn ? "cdn" : "api",
    readJson: (limits) => readJsonRequest(request, limits),
    readMultipart: (limits) => readMultipartRequest(request, limits),
    signal: request.signal,
  };
  return toResponse(await engine.handle(call, bases), request.signal);
}

async function readJsonRequest(request: Request, limits: BodyLimits): Promise<unknown> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limits.fieldSize) throw bodyLimits.jsonTooLarge(limits);
  return bodyLimits.parseJsonBody(bytes);
}

async function readMultipartRequest(request: Request, limits: BodyLimits): Promise<MultipartBody> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    throw bodyLimits.invalidMultipart(error);
  }
  const fields = new Map<string, string>();
  const files = new Map<string, UploadedFile>();
  let parts = 0;
  for (const [name, value] of form) {
    if (++parts > limits.parts) throw bodyLimits.tooManyParts(limits);
    if (typeof value === "string") {
      if (new TextEncoder().encode(value).byteLength > limits.fieldSize) throw bodyLimits.fieldTooLarge(name, limits);
      fields.set(name, value);
    } else {
      if (value.size > limits.fileSize) throw bodyLimits.fileTooLarge(name, limits);
      const head = new Uint8Array(await value.slice(0, FILE_HEAD_BYTES).arrayBuffer());
      files.set(name, { filename: value.name, type: value.type, bytes: value.size, head });
    }
  }
  return { fields, files };
}

/** The faulty download as a stream: a cut ends in a stream error, as a dropped connection does for fetch. */
function faultyStream(body: Blob, fault: StreamFault): ReadableStream<Uint8Array> {
  const chunks = faultyChunks(body, fault);
  let enqueued = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (!next.done) {
        controller.enqueue(next.value);
        enqueued = true;
        return;
      }
      if (!next.value) {
        controller.close();
        return;
      }
      // Error only after the last bytes have gone on: erroring a stream discards what is still
      // queued, and MSW pipes the body through queues of its own, so wait a moment for them too.
      if (enqueued) await sleep(10);
      controller.error(new TypeError(DROPPED_MID_DOWNLOAD));
    },
    async cancel() {
      await chunks.return(false);
    },
  });
}

async function toResponse(reply: MockReply, signal: AbortSignal): Promise<Response> {
  const fault = reply.fault;
  if (fault?.kind === "drop") return Response.error();
  if (fault?.kind === "hang") {
    // Answer only when the client gives up; then there is nobody to answer.
    await untilAborted(signal);
    return Response.error();
  }
  let body: BodyInit | null = reply.body as BodyInit | null;
  if (fault?.kind === "stream" && reply.body !== null) body = faultyStream(replyBlob(reply.body), fault);
  return new Response(reply.status === 204 ? null : body, { status: reply.status, headers: reply.headers });
}
