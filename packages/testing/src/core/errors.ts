import { type ErrorCode, errorCodes } from "@tokenops/contract";

/** What an error answer carries besides its status and message. */
export interface MockErrorInfo {
  /** OpenAI's string code, or one of TokenOps' numeric codes (E1, the contract's `errorCodes`). */
  code?: string | number;
  type?: string;
  param?: string | null;
  details?: Array<Record<string, unknown>>;
  headers?: Record<string, string>;
}

/**
 * A request the mock refuses: becomes the spec's ErrorResponse envelope with `status`. Thrown
 * anywhere in the core; the engine turns it into the answer.
 */
export class MockError extends Error {
  override name = "MockError";

  constructor(
    readonly status: number,
    message: string,
    readonly info: MockErrorInfo = {},
  ) {
    super(message);
  }
}

/** A refusal with one of TokenOps' error codes: its HTTP status and type come from the contract's `errorCodes`. */
export function tokenOpsError(
  code: ErrorCode,
  message: string = errorCodes[code].meaning,
  info: Omit<MockErrorInfo, "code" | "type"> = {},
): MockError {
  const { status, type } = errorCodes[code];
  return new MockError(status, message, { param: null, ...info, code, type });
}

/** The 405 for a method a path does not take, naming the ones it does (`allow`, comma-separated). */
export function methodNotAllowed(method: string, path: string, allow: string): MockError {
  return new MockError(405, `Method ${method} is not allowed on ${path}; use ${allow}.`, {
    code: "method_not_allowed",
    headers: { allow },
  });
}
