import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../src/index.js";
import { codePoint } from "../code-point.js";
import { testClient } from "../helpers.js";

const subclass: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};
const classFor = (status: number) => subclass[status] ?? (status >= 500 ? InternalServerError : APIError);

const encoder = new TextEncoder();

/** Bodies a gateway, a proxy or a broken server could send: envelopes of both kinds with odd members, JSON, HTML, bytes. */
const body = fc.oneof(
  fc
    .record({
      error: fc.record(
        {
          code: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.jsonValue()),
          message: fc.oneof(fc.string({ unit: codePoint }), fc.jsonValue()),
          type: fc.jsonValue(),
          param: fc.jsonValue(),
          details: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
    })
    .map((envelope) => encoder.encode(JSON.stringify(envelope))),
  fc.jsonValue().map((value) => encoder.encode(JSON.stringify(value))),
  fc.string({ unit: codePoint, maxLength: 2000 }).map((text) => encoder.encode(text)),
  fc.string({ maxLength: 500 }).map((text) => encoder.encode(`<html><body><h1>${text}</h1></body></html>`)),
  fc.uint8Array({ maxLength: 2000 }),
  fc.constant(new Uint8Array()),
);

/** Content-Type values as servers send them, right or wrong. */
const contentType = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "application/problem+json",
    "text/html",
    "text/plain",
    "application/octet-stream",
    "video/mp4",
  ),
  fc.stringMatching(/^[\x20-\x7e]{0,60}$/).map((value) => value.trim()),
);

/** A status the client treats as an error (retried ones included; retries are off here). */
const errorStatus = fc.oneof(
  fc.constantFrom(400, 401, 403, 404, 409, 422, 429, 500, 502, 503),
  fc.integer({ min: 300, max: 599 }),
);

describe("the error parser", () => {
  it("turns any error answer into the APIError subclass for its status, with a message, and never throws anything else", async () => {
    await fc.assert(
      fc.asyncProperty(errorStatus, body, contentType, fc.boolean(), async (status, bytes, type, withLength) => {
        const headers: Record<string, string> = { "x-request-id": "req_property" };
        if (type) headers["content-type"] = type;
        // Content-Length: 0 makes openapi-fetch skip the body; without it the body is read.
        // 304 is a status that cannot carry a body.
        const empty = bytes.byteLength === 0 || status === 304;
        if (withLength) headers["content-length"] = String(empty ? 0 : bytes.byteLength);
        const respond = () => new Response(empty ? null : bytes, { status, headers });
        const { client } = testClient(respond, { maxRetries: 0 });
        const calls = [
          client.videos.retrieve("video_1"),
          client.videos.create({ model: "sora-2", prompt: "p" }),
          client.videos.remix("video_1", { model: "sora-2", prompt: "p" }),
          client.videos.content("video_1"),
        ];
        for (const outcome of await Promise.allSettled(calls)) {
          expect(outcome.status).toBe("rejected");
          const error = (outcome as PromiseRejectedResult).reason;
          expect(error).toBeInstanceOf(classFor(status));
          const apiError = error as APIError;
          expect(apiError.status).toBe(status);
          expect(apiError.requestId).toBe("req_property");
          expect(typeof apiError.message).toBe("string");
          expect(apiError.message.startsWith(`${status} `)).toBe(true);
          expect(apiError.message.length).toBeGreaterThan(`${status} `.length);
          expect(apiError.message).not.toBe(`${status} undefined`);
        }
      }),
      { numRuns: 150 },
    );
    // 600 calls through the whole client: 9-12 s here at a load of 17-20. The work is bounded; the timeout only
    // catches a hang.
  }, 120_000);

  it("turns any 2xx answer to a job request into a job with an id, or an APIError saying what came instead", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200, max: 299 }), body, contentType, async (status, bytes, type) => {
        const noBody = status === 204 || status === 205;
        const respond = () =>
          new Response(noBody || bytes.byteLength === 0 ? null : bytes, {
            status,
            headers: type ? { "content-type": type } : {},
          });
        const { client } = testClient(respond, { maxRetries: 0 });
        const outcome = await client.videos.retrieve("video_1").then(
          (video) => video,
          (e: unknown) => e,
        );
        if (outcome instanceof Error) {
          expect(outcome).toBeInstanceOf(APIError);
          expect((outcome as APIError).status).toBe(status);
          expect(outcome.message.startsWith(`${status} expected JSON with id, got: `)).toBe(true);
        } else {
          expect((outcome as { id?: unknown }).id).toBeTruthy();
        }
      }),
      { numRuns: 150 },
    );
  });

  it("APIError.generate() builds an APIError from any value at all", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.anything({ withBigInt: true, withMap: true }),
        (status, value) => {
          const error = APIError.generate(status, value);
          expect(error).toBeInstanceOf(APIError);
          expect(error.message.startsWith(`${status} `)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
