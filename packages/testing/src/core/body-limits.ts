import type { BodyLimits } from "./call.js";
import { MockError } from "./errors.js";

/**
 * What both transports answer when a request body is too large or unreadable: one set of limits
 * and one set of messages, whether the body streams through node:http or arrives as a fetch Request.
 */

export const defaultLimits: BodyLimits = { fileSize: 50 * 1024 * 1024, fieldSize: 1024 * 1024, parts: 100 };

function tooLarge(message: string, param?: string): MockError {
  return new MockError(413, message, { code: "request_too_large", ...(param === undefined ? {} : { param }) });
}

export function jsonTooLarge(limits: BodyLimits): MockError {
  return tooLarge(`The JSON body is larger than ${limits.fieldSize} bytes.`);
}

export function fieldTooLarge(name: string, limits: BodyLimits): MockError {
  return tooLarge(`Field '${name}' is larger than ${limits.fieldSize} bytes.`, name);
}

export function fileTooLarge(name: string, limits: BodyLimits): MockError {
  return tooLarge(`File '${name}' is larger than ${limits.fileSize} bytes.`, name);
}

export function tooManyParts(limits: BodyLimits): MockError {
  return tooLarge(`The multipart body has more than ${limits.parts} parts.`);
}

export function invalidMultipart(error: unknown): MockError {
  return new MockError(400, `The multipart body cannot be parsed (${(error as Error).message}).`, {
    code: "invalid_multipart",
  });
}

/** A JSON body's bytes as a value; 400 `invalid_json` when they are not JSON. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new MockError(400, `The body is not valid JSON (${(error as Error).message}).`, { code: "invalid_json" });
  }
}
