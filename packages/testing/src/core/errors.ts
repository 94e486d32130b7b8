/** What an error answer carries besides its status and message. */
export interface MockErrorInfo {
  code?: string;
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
