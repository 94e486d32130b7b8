import type { MockReply } from "../call.js";
import { json } from "../reply.js";
import type { HandlerContext, HandlerEngine } from "./context.js";

/**
 * An operation the mock has no behaviour for, such as one just added to the spec: its request was
 * validated like any other, and the answer is its success response's example, or one made from the
 * schema — as Prism does — so a new operation is reachable at once, never a 404 or 405.
 */
export function answerFromSpec(context: HandlerContext, engine: HandlerEngine): MockReply {
  const { status, contentType, body } = engine.router.example(context.route.operation.operationId);
  if (contentType === undefined) return { status, headers: {}, body: null };
  if (/json/.test(contentType)) return json(status, body, { "content-type": contentType });
  const bytes = new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body ?? ""));
  return {
    status,
    headers: { "content-type": contentType, "content-length": String(bytes.byteLength) },
    body: bytes,
  };
}
