/**
 * The contract between the transport-free core and a transport (node:http, or fetch's
 * Request/Response for MSW): what the core reads from a request and what it answers.
 */

/** An uploaded file as the core sees it: its declared name and type, its size, and its first bytes. */
export interface UploadedFile {
  filename: string;
  type: string;
  bytes: number;
  /** The first bytes (up to {@link FILE_HEAD_BYTES}), enough to read an image's header. */
  head: Uint8Array;
}

/** How many leading bytes of an upload the core keeps; the rest is counted and dropped. */
export const FILE_HEAD_BYTES = 64 * 1024;

/** A parsed multipart body: text fields and files, by field name. */
export interface MultipartBody {
  fields: Map<string, string>;
  files: Map<string, UploadedFile>;
}

/**
 * Size limits for request bodies; exceeding one is a 413. Pass the ones to change as `limits`.
 *
 * @example
 * ```ts
 * import { startMockServer } from "@tokenops/testing";
 *
 * // Uploads over 1 MiB get a 413, as a tighter gateway would answer:
 * const server = await startMockServer({ limits: { fileSize: 1024 * 1024 } });
 * ```
 */
export interface BodyLimits {
  /** Largest uploaded file, in bytes (default 50 MiB). */
  fileSize: number;
  /** Largest text field, and largest JSON body, in bytes (default 1 MiB). */
  fieldSize: number;
  /** Most parts in a multipart body (default 100). */
  parts: number;
}

/** The base URLs a transport serves the API and the CDN-like origin at. */
export interface Bases {
  api: string;
  cdn: string;
}

/** One request, as a transport hands it to the core. */
export interface MockCall {
  /** Upper-case method. */
  method: string;
  /** The path below the API's base URL, e.g. `/v1/videos/video_1/content`. */
  path: string;
  query: URLSearchParams;
  /** A header's value (case-insensitive name), or undefined. */
  header(name: string): string | undefined;
  /** Which listener the request came to: the API's origin or the CDN-like second origin. */
  origin: "api" | "cdn";
  /** Read the body as JSON; a malformed body is a 400 and one over `limits.fieldSize` a 413. */
  readJson(limits: BodyLimits): Promise<unknown>;
  /** Read a multipart body, streaming files; limits are 413s, a malformed body a 400. */
  readMultipart(limits: BodyLimits): Promise<MultipartBody>;
  /** Aborted when the client goes away (ends a `hang`). */
  signal: AbortSignal;
}

/** A transport-level fault the core asks for. */
export type ReplyFault =
  /** Close the connection without answering. */
  | { kind: "drop" }
  /** Never answer (until the client aborts or the server closes). */
  | { kind: "hang" }
  /** Send the body slowly and/or cut it after `cutAfter` bytes (headers keep the full length). */
  | { kind: "stream"; chunkBytes?: number; delayMs?: number; cutAfter?: number };

/** The core's answer. */
export interface MockReply {
  status: number;
  headers: Record<string, string>;
  /** Bytes, or a Blob (files: streamed, sliced for ranges), or nothing. */
  body: Uint8Array | Blob | null;
  fault?: ReplyFault;
}
