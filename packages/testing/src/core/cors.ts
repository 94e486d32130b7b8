import { specMethods } from "@tokenops/contract";
import type { MockCall, MockReply } from "./call.js";

/** On every answer, so browser pages on any origin can call the mock and read what clients read. */
export const corsHeaders: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers":
    "x-request-id, openai-poll-after-ms, retry-after, retry-after-ms, content-length, content-range, accept-ranges",
};

/** The answer to a CORS preflight (`OPTIONS`): every method the spec uses, and the headers asked for. */
export function preflightReply(call: MockCall): MockReply {
  return {
    status: 204,
    headers: {
      "access-control-allow-methods": [...specMethods, "OPTIONS"].join(", "),
      "access-control-allow-headers":
        call.header("access-control-request-headers") ??
        "authorization, content-type, idempotency-key, x-mock-scenario, range",
      "access-control-max-age": "600",
    },
    body: null,
  };
}
