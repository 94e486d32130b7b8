import type { MockReply } from "./call.js";

const encoder = new TextEncoder();

/** A JSON answer with its Content-Type and Content-Length. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): MockReply {
  const body = encoder.encode(JSON.stringify(value));
  return {
    status,
    headers: { "content-type": "application/json", "content-length": String(body.byteLength), ...headers },
    body,
  };
}
