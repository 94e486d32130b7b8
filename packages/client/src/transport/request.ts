/** Per-call settings that reach the transport with the request. */
export interface CallOptions {
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

/** The init key under which a call passes its CallOptions through openapi-fetch to the transport. */
export const callOptions = Symbol("tokenops.callOptions");

interface Source {
  body: RequestInit["body"];
  options: CallOptions | undefined;
}

const sources = new WeakMap<Request, Source>();

/**
 * The Request constructor given to openapi-fetch: a plain Request, remembered with the body it was made
 * from (a FormData of Blobs, a JSON string) so that a retry can build a fresh request from that body
 * instead of `clone()`, which tees the stream and buffers a whole upload in memory.
 */
export const SourcedRequest = function SourcedRequest(
  input: RequestInfo | URL,
  init?: RequestInit & { [callOptions]?: CallOptions },
) {
  const request = new Request(input, init);
  sources.set(request, { body: init?.body, options: init?.[callOptions] });
  return request;
} as unknown as typeof Request;

export const sourceOf = (request: Request): Source | undefined => sources.get(request);

/** Whether a body can be sent again: anything but a stream. */
export const isReplayable = (body: RequestInit["body"]): boolean =>
  !(body instanceof ReadableStream) && !(typeof body === "object" && body !== null && Symbol.asyncIterator in body);
