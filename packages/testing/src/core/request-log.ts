import type { ScenarioOperation } from "./scenarios.js";

/**
 * One request the mock answered, for tests to inspect. Never holds the API key.
 *
 * @example
 * ```ts
 * await client.videos.create({ model: "sora-2", prompt: "a fox" });
 * const [record] = server.requests;
 * expect(record).toMatchObject({ method: "POST", path: "/v1/videos", operation: "createVideo", status: 200 });
 * ```
 */
export interface MockRequestRecord {
  /** The `x-request-id` the mock answered with. */
  request_id: string;
  method: string;
  /** Path and query, below the base URL. */
  path: string;
  /** The spec operation, `"file"` for download URLs, or null when nothing matched. */
  operation: ScenarioOperation | null;
  status: number;
  /** Which origin the request came to: the API, or the CDN-like second origin. */
  origin: "api" | "cdn";
  /** Whether the request carried an Authorization header. */
  authorization: boolean;
  idempotency_key: string | null;
  /** The scenarios that applied, in header syntax. */
  scenarios: string[];
  /** A transport fault the answer had: the connection dropped, hung, or streamed slowly or cut short. */
  fault: "drop" | "hang" | "stream" | null;
}

/** The answered requests, oldest first, keeping the newest `limit`. */
export class RequestLog {
  readonly #records: MockRequestRecord[] = [];

  constructor(readonly limit: number) {}

  get records(): readonly MockRequestRecord[] {
    return this.#records;
  }

  add(record: MockRequestRecord): void {
    this.#records.push(record);
    if (this.#records.length > this.limit) this.#records.splice(0, this.#records.length - this.limit);
  }

  clear(): void {
    this.#records.length = 0;
  }
}
