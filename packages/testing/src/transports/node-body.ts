import type { IncomingMessage } from "node:http";
import { Busboy, type BusboyHeaders } from "@fastify/busboy";
import * as bodyLimits from "../core/body-limits.js";
import { type BodyLimits, FILE_HEAD_BYTES, type MultipartBody, type UploadedFile } from "../core/call.js";
import type { MockError } from "../core/errors.js";

/** Wait until the rest of the request has been read and dropped, so an early error still reaches the client. */
function drain(request: IncomingMessage): Promise<void> {
  if (request.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    request.once("end", resolve);
    request.once("close", resolve);
    request.resume();
  });
}

/** Read a JSON body of at most `limits.fieldSize` bytes. */
export async function readJsonBody(request: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limits.fieldSize) {
      await drain(request);
      throw bodyLimits.jsonTooLarge(limits);
    }
    chunks.push(chunk);
  }
  return bodyLimits.parseJsonBody(Buffer.concat(chunks));
}

/**
 * Parse a multipart body as it streams in, with @fastify/busboy: text fields whole, files counted
 * and dropped but for their first bytes (enough for an image header), so a 200 MB upload costs
 * no memory. A limit crossed is a 413 once the body has been read; a malformed body a 400.
 */
export function readMultipartBody(request: IncomingMessage, limits: BodyLimits): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    const fields = new Map<string, string>();
    const files = new Map<string, UploadedFile>();
    let failure: MockError | undefined;
    // The first refusal wins; the body is still read to its end before it is answered.
    const keepFirstFailure = (error: MockError) => {
      failure ??= error;
    };
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: request.headers as BusboyHeaders,
        limits: { fileSize: limits.fileSize, fieldSize: limits.fieldSize, parts: limits.parts },
      });
    } catch (error) {
      drain(request).then(() => reject(bodyLimits.invalidMultipart(error)));
      return;
    }
    parser.on("file", (name, stream, filename, _encoding, mimeType) => {
      const head: Buffer[] = [];
      let kept = 0;
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.byteLength;
        if (kept < FILE_HEAD_BYTES) {
          const part = chunk.subarray(0, FILE_HEAD_BYTES - kept);
          head.push(part);
          kept += part.byteLength;
        }
      });
      stream.on("limit", () => keepFirstFailure(bodyLimits.fileTooLarge(name, limits)));
      stream.on("end", () => {
        files.set(name, {
          filename: filename ?? "",
          type: mimeType ?? "",
          bytes,
          head: new Uint8Array(Buffer.concat(head)),
        });
      });
    });
    parser.on("field", (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) keepFirstFailure(bodyLimits.fieldTooLarge(name, limits));
      else fields.set(name, value);
    });
    parser.on("partsLimit", () => keepFirstFailure(bodyLimits.tooManyParts(limits)));
    parser.on("error", (error: unknown) => {
      keepFirstFailure(bodyLimits.invalidMultipart(error));
      request.unpipe(parser);
      drain(request).then(() => reject(failure));
    });
    parser.on("finish", () => {
      if (failure === undefined) resolve({ fields, files });
      else drain(request).then(() => reject(failure));
    });
    request.pipe(parser);
  });
}
