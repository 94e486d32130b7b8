const sources = new WeakMap<Request, RequestInit["body"]>();

/**
 * The Request constructor given to openapi-fetch: a plain Request, remembered with the body it was made
 * from (a FormData of Blobs, a JSON string) so that a retry can build a fresh request from that body
 * instead of `clone()`, which tees the stream and buffers a whole upload in memory.
 */
export class SourcedRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    sources.set(this, init?.body);
  }
}

/**
 * Whether `request` can be sent again, and the body to send it with: its source, when that is not a stream.
 * A request with no body can be sent again too; one whose stream was its source, only once.
 */
export function replayableBody(request: Request): [replayable: boolean, body?: RequestInit["body"]] {
  const body = sources.get(request);
  if (!sources.has(request)) return [!request.body];
  return body instanceof ReadableStream || (typeof body === "object" && body && Symbol.asyncIterator in body)
    ? [false]
    : [true, body];
}
