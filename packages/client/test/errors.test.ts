import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redact } from "../src/errors.js";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TokenOpsError,
  UnprocessableEntityError,
} from "../src/index.js";
import { json, testClient } from "./helpers.js";

describe("API errors", () => {
  it("reads the gateway's envelope: numeric code, message, details", async () => {
    const body = { error: { code: 400, message: "size is invalid", details: [{ field: "size" }] } };
    const { client } = testClient(() => json(body, { status: 400, headers: { "x-request-id": "req_abc" } }));
    const error = await client.videos.retrieve("video_123").catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(TokenOpsError);
    expect(error).toMatchObject({
      name: "BadRequestError",
      status: 400,
      code: 400,
      message: "400 size is invalid",
      details: [{ field: "size" }],
      requestId: "req_abc",
    });
    expect(error.headers.get("x-request-id")).toBe("req_abc");
    expect(error.body).toEqual(body);
  });

  it("reads OpenAI's envelope: string code, message, type", () => {
    const error = APIError.generate(400, {
      error: {
        code: "invalid_type",
        message: "input_reference must be a file",
        type: "invalid_request_error",
        param: "input_reference",
      },
    });
    expect(error).toMatchObject({
      status: 400,
      code: "invalid_type",
      type: "invalid_request_error",
      param: "input_reference",
      message: "400 input_reference must be a file",
    });
  });

  it("keeps OpenAI's null code and param as null, and leaves what an envelope lacks undefined", async () => {
    const body = { error: { message: "No video found", type: "invalid_request_error", param: null, code: null } };
    const { client } = testClient(() => json(body, { status: 404 }));
    const openai = await client.videos.retrieve("video_x").catch((e) => e);
    expect([openai.code, openai.param, openai.type]).toEqual([null, null, "invalid_request_error"]);
    const gateway = APIError.generate(400, { error: { code: 400, message: "bad", details: [] } });
    expect([gateway.code, gateway.param, gateway.type]).toEqual([400, undefined, undefined]);
  });

  it("shows no Bearer token that a proxy echoed back, in the message, the body or its excerpt", () => {
    const echoes = [
      "<html><body><pre>Authorization: Bearer sk-proxy.TOKEN_123/x+y=</pre></body></html>",
      JSON.stringify({ error: { message: "bad header: bearer sk-proxy.TOKEN_123/x+y=", code: 400 } }),
    ];
    for (const echo of echoes) {
      for (const body of [echo, JSON.parse(echo.startsWith("{") ? echo : JSON.stringify(echo))]) {
        const error = APIError.generate(400, body);
        const shown = `${error.message}\n${JSON.stringify(error.body)}`;
        expect(shown).not.toContain("TOKEN_123");
        expect(shown).toMatch(/bearer \*\*\*/i);
      }
    }
    expect(APIError.generate(400, JSON.parse(echoes[1] as string)).code).toBe(400);
  });

  it("picks the subclass by status", () => {
    const cases: [number, typeof APIError][] = [
      [400, BadRequestError],
      [401, AuthenticationError],
      [403, PermissionDeniedError],
      [404, NotFoundError],
      [409, ConflictError],
      [422, UnprocessableEntityError],
      [429, RateLimitError],
      [500, InternalServerError],
      [503, InternalServerError],
      [418, APIError],
    ];
    for (const [status, Class] of cases) {
      const error = APIError.generate(status, undefined);
      expect(error.constructor, `status ${status}`).toBe(Class);
      expect(error.name).toBe(Class.name);
    }
  });

  it("turns an HTML page from a proxy into an APIError with the status and a short excerpt", async () => {
    const html = `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>${"<p>x</p>".repeat(200)}</body></html>`;
    const { client } = testClient(() => new Response(html, { status: 502, headers: { "content-type": "text/html" } }), {
      maxRetries: 0,
    });
    const error = await client.videos.retrieve("video_123").catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toMatch(/^502 502 Bad Gateway 502 Bad Gateway x x/);
    expect(error.message.length).toBeLessThan(220);
  });

  it("says so when the body is empty", async () => {
    const { client } = testClient(() => new Response(null, { status: 500 }), { maxRetries: 0 });
    await expect(client.videos.retrieve("video_123")).rejects.toThrow("500 (empty body)");
  });

  it("takes a plain {error: string} or top-level {message}", () => {
    expect(APIError.generate(400, { error: "bad thing" }).message).toBe("400 bad thing");
    expect(APIError.generate(400, { message: "top-level" }).message).toBe("400 top-level");
    expect(APIError.generate(400, '{"error":{"message":"from text"}}').message).toBe("400 from text");
  });

  it("turns a 200 whose body is not JSON into an APIError", async () => {
    const { client } = testClient(() => new Response("{not json", { headers: { "content-type": "application/json" } }));
    const error = await client.videos.retrieve("video_123").catch((e) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(200);
    expect(error.message).toContain("{not json");
  });

  it("never throws while parsing, whatever the body and status", () => {
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue(),
      fc.constant(undefined),
      fc.anything(),
      fc.jsonValue().map((error) => ({ error })),
      fc.record({ error: fc.record({ code: fc.anything(), message: fc.anything(), details: fc.anything() }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), body, (status, b) => {
        const error = APIError.generate(status, b, new Headers({ "content-type": "application/json" }));
        expect(error).toBeInstanceOf(APIError);
        expect(error.status).toBe(status);
        expect(typeof error.message).toBe("string");
        expect(error.message.startsWith(`${status} `)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("redacting the key from a response body", () => {
  it("removes a real-length key wherever it appears, in every spelling", () => {
    const key = "sk-test/0123456789";
    const text = `echo: Bearer ${key} | x${key}y | ${encodeURIComponent(key)}`;
    expect(redact(text, key)).toBe("echo: Bearer *** | x***y | ***");
  });

  it("removes a short key only where it stands alone, leaving the words around it whole", () => {
    expect(redact('{"code":"unknown_url","key":"k"} k', "k")).toBe('{"code":"unknown_url","key":"***"} ***');
    expect(redact("the mock server said mock-ish things", "mock")).toBe("the *** server said mock-ish things");
  });
});
