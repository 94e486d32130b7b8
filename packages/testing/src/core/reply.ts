import { errorResponse } from "../fixtures/errors.js";
import type { MockReply } from "./call.js";
import { MockError } from "./errors.js";

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

/** A refusal as the spec's error envelope: OpenAI's style, or the gateway's with `gateway-errors`. */
export function errorReply(error: unknown, gateway: boolean): MockReply {
  const failure =
    error instanceof MockError
      ? error
      : new MockError(500, `The mock server failed: ${(error as Error)?.message ?? String(error)}`, {
          code: "mock_internal_error",
        });
  const { code, type, param, details, headers } = failure.info;
  const envelope = errorResponse({
    status: failure.status,
    message: failure.message,
    style: gateway ? "gateway" : "openai",
    ...(code === undefined ? {} : { code }),
    ...(type === undefined ? {} : { type }),
    ...(param === undefined ? {} : { param }),
    ...(details === undefined ? {} : { details }),
  });
  return json(failure.status, envelope, headers);
}
