/**
 * The Request constructor given to openapi-fetch: a plain Request, remembered with the init it was made
 * from (a FormData of Blobs, a JSON string as body) so that a retry can build a fresh request from that body
 * instead of `clone()`, which tees the stream and buffers a whole upload in memory.
 */
export class SourcedRequest extends Request {
  readonly #init: RequestInit;

  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this.#init = init ?? {};
  }

  /** The init `request` was made from, if this class made it (a middleware may hand on a Request of its own). */
  static initOf(request: Request): RequestInit | undefined {
    return #init in request ? (request as SourcedRequest).#init : undefined;
  }
}

/** What an init may hold for its URL, method, headers and body alone to make the same request again. */
const PLAIN: ReadonlySet<string> = new Set(["method", "headers", "body", "redirect", "signal", "duplex"]);

/** How a Request from openapi-fetch is sent, once or on every attempt. */
export interface Sendable {
  /** Whether it can be sent again: its body came from something other than a stream, or it has none. */
  replayable: boolean;
  /** The body to send each attempt with; undefined sends the Request's own. */
  body?: RequestInit["body"];
  /**
   * The URL to send to, when the URL with the method, headers and body is the same request: no caller's
   * signal, no setting beyond those. Sending it spares the runtime's fetch a copy of the Request and the
   * signal that copy would follow (what makes a call cost more than bare openapi-fetch's).
   */
  url?: string;
}

/** How `request` is sent: see {@link Sendable}. */
export function sendable(request: Request): Sendable {
  const init = SourcedRequest.initOf(request);
  if (init === undefined) return { replayable: !request.body };
  const { body } = init;
  if (body instanceof ReadableStream || (typeof body === "object" && body && Symbol.asyncIterator in body)) {
    return { replayable: false };
  }
  let plain = init.signal == null && (init.redirect ?? "follow") === "follow";
  for (const key in init) plain &&= PLAIN.has(key);
  return plain ? { replayable: true, body, url: request.url } : { replayable: true, body };
}
