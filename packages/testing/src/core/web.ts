import { type BodyLimits, FILE_HEAD_BYTES, type MockCall, type MockReply, type UploadedFile } from "./call.js";
import type { Bases, MockEngine } from "./engine.js";
import { MockError } from "./errors.js";

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
    readJson: (limits) => readJson(request, limits),
    readMultipart: (limits) => readMultipart(request, limits),
    signal: request.signal,
  };
  return toResponse(await engine.handle(call, bases), request.signal);
}

async function readJson(request: Request, limits: BodyLimits): Promise<unknown> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limits.fieldSize) {
    throw new MockError(413, `The JSON body is ${bytes.byteLength} bytes; the limit is ${limits.fieldSize}.`, {
      code: "request_too_large",
    });
  }
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MockError(400, `The body is not valid JSON (${(error as Error).message}).`, { code: "invalid_json" });
  }
}

async function readMultipart(request: Request, limits: BodyLimits) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    throw new MockError(400, `The multipart body cannot be parsed (${(error as Error).message}).`, {
      code: "invalid_multipart",
    });
  }
  const fields = new Map<string, string>();
  const files = new Map<string, UploadedFile>();
  let parts = 0;
  for (const [name, value] of form) {
    if (++parts > limits.parts) {
      throw new MockError(413, `The multipart body has more than ${limits.parts} parts.`, {
        code: "request_too_large",
      });
    }
    if (typeof value === "string") {
      if (new TextEncoder().encode(value).byteLength > limits.fieldSize) {
        throw new MockError(413, `Field '${name}' is larger than ${limits.fieldSize} bytes.`, {
          code: "request_too_large",
          param: name,
        });
      }
      fields.set(name, value);
    } else {
      if (value.size > limits.fileSize) {
        throw new MockError(413, `File '${name}' is ${value.size} bytes; the limit is ${limits.fileSize}.`, {
          code: "request_too_large",
          param: name,
        });
      }
      const head = new Uint8Array(await value.slice(0, FILE_HEAD_BYTES).arrayBuffer());
      files.set(name, { filename: value.name, type: value.type, bytes: value.size, head });
    }
  }
  return { fields, files };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The body as a stream that honours slow and cut-short faults: a cut ends in a stream error. */
function faultyStream(body: Blob, fault: { chunkBytes?: number; delayMs?: number; cutAfter?: number }) {
  const reader = body.stream().getReader();
  let sent = 0;
  let pending: Uint8Array | undefined;
  let cut = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Error only after the last bytes have gone on: erroring a stream discards what is still
      // queued, and MSW pipes the body through queues of its own, so wait a moment for them too.
      if (cut) {
        await sleep(10);
        controller.error(new TypeError("The mock server dropped the connection mid-download (drop-download)."));
        return;
      }
      if (pending === undefined || pending.byteLength === 0) {
        const next = await reader.read();
        if (next.done) {
          controller.close();
          return;
        }
        pending = next.value;
      }
      let chunk = pending.subarray(0, fault.chunkBytes ?? pending.byteLength);
      if (fault.cutAfter !== undefined && sent + chunk.byteLength >= fault.cutAfter) {
        chunk = chunk.subarray(0, fault.cutAfter - sent);
        cut = true;
        await reader.cancel();
        if (chunk.byteLength > 0) controller.enqueue(chunk);
        else controller.error(new TypeError("The mock server dropped the connection mid-download (drop-download)."));
        return;
      }
      pending = pending.subarray(chunk.byteLength);
      sent += chunk.byteLength;
      if (fault.delayMs !== undefined && sent > chunk.byteLength) await sleep(fault.delayMs);
      controller.enqueue(chunk);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

async function toResponse(reply: MockReply, signal: AbortSignal): Promise<Response> {
  const fault = reply.fault;
  if (fault?.kind === "drop") return Response.error();
  if (fault?.kind === "hang") {
    // Answer only when the client gives up; then there is nobody to answer.
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
    return Response.error();
  }
  let body: BodyInit | null = reply.body as BodyInit | null;
  if (fault?.kind === "stream" && reply.body !== null) {
    body = faultyStream(
      reply.body instanceof Blob ? reply.body : new Blob([reply.body as Uint8Array<ArrayBuffer>]),
      fault,
    );
  }
  return new Response(reply.status === 204 ? null : body, { status: reply.status, headers: reply.headers });
}
