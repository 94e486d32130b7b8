import type { MockReply, ReplyFault } from "./call.js";
import { sleep } from "./sleep.js";

/** A slow and/or cut-short body, as the core asks a transport to send it. */
export type StreamFault = Extract<ReplyFault, { kind: "stream" }>;

/** What a client sees when `drop-download` cuts its download (the fetch transport's stream error). */
export const DROPPED_MID_DOWNLOAD = "The mock server dropped the connection mid-download (drop-download).";

/** A reply's body as a Blob, so that both transports stream bytes and files alike. */
export function replyBlob(body: NonNullable<MockReply["body"]>): Blob {
  return body instanceof Blob ? body : new Blob([body as Uint8Array<ArrayBuffer>]);
}

/**
 * The chunks of a faulty download, in the order and at the pace the client gets them: pieces of
 * `chunkBytes` with `delayMs` between them, ending after `cutAfter` bytes when the fault cuts it.
 * Both transports send exactly these; the generator's result says whether the body was cut short,
 * so the transport then breaks the connection instead of ending the body.
 */
export async function* faultyChunks(body: Blob, fault: StreamFault): AsyncGenerator<Uint8Array, boolean, undefined> {
  // A reader rather than `for await`, which not every browser offers on a ReadableStream.
  const reader = body.stream().getReader();
  let sent = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) return false;
      const value = next.value;
      for (let offset = 0; offset < value.byteLength; ) {
        const chunk = value.subarray(offset, offset + (fault.chunkBytes ?? value.byteLength));
        if (fault.cutAfter !== undefined && sent + chunk.byteLength >= fault.cutAfter) {
          const last = chunk.subarray(0, fault.cutAfter - sent);
          if (last.byteLength > 0) yield last;
          return true;
        }
        if (fault.delayMs !== undefined && sent > 0) await sleep(fault.delayMs);
        yield chunk;
        sent += chunk.byteLength;
        offset += chunk.byteLength;
      }
    }
  } finally {
    // Cut short or abandoned by the transport: release the file's stream.
    await reader.cancel().catch(() => undefined);
  }
}
