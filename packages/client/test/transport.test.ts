import { afterEach, describe, expect, it, vi } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  InternalServerError,
  RateLimitError,
} from "../src/index.js";
import { retryDelayMs } from "../src/transport/retry.js";
import { gatewayError, json, reference, testClient, video } from "./helpers.js";

afterEach(() => {
  vi.useRealTimers();
});

const image = () => new File([reference("720x1280")], "frame.png", { type: "image/png" });

describe("retries", () => {
  it("retries a 429 after Retry-After", async () => {
    const { client, requests } = testClient((_, attempt) =>
      attempt === 1 ? gatewayError(429, "slow down", { "retry-after": "0" }) : json(video()),
    );
    await expect(client.videos.retrieve("video_123")).resolves.toMatchObject({ id: "video_123" });
    expect(requests).toHaveLength(2);
  });

  it("retries 408, 409 and every 5xx, not other 4xx", async () => {
    for (const status of [408, 409, 500, 502, 503, 504]) {
      const { client, requests } = testClient((_, n) => (n === 1 ? gatewayError(status, "x") : json(video())));
      await client.videos.retrieve("video_123");
      expect(requests, `status ${status}`).toHaveLength(2);
    }
    for (const status of [400, 401, 403, 404, 422]) {
      const { client, requests } = testClient(() => gatewayError(status, "x"));
      await expect(client.videos.retrieve("video_123")).rejects.toMatchObject({ status });
      expect(requests, `status ${status}`).toHaveLength(1);
    }
  });

  it("retries a status it would not, when the server says x-should-retry: true", async () => {
    const { client, requests } = testClient((_, n) =>
      n === 1 ? gatewayError(400, "try again", { "x-should-retry": "true" }) : json(video()),
    );
    await expect(client.videos.retrieve("video_123")).resolves.toMatchObject({ id: "video_123" });
    expect(requests).toHaveLength(2);
  });

  it("never retries when the server says x-should-retry: false, not even a 503 or 429", async () => {
    for (const status of [503, 429]) {
      const { client, requests } = testClient(() => gatewayError(status, "do not", { "x-should-retry": "false" }));
      await expect(client.videos.retrieve("video_123")).rejects.toMatchObject({ status });
      expect(requests, `status ${status}`).toHaveLength(1);
    }
  });

  it("ignores x-should-retry on a success, and falls back to the status for any other value", async () => {
    const ok = testClient(() => json(video(), { headers: { "x-should-retry": "true" } }));
    await ok.client.videos.retrieve("video_123");
    expect(ok.requests).toHaveLength(1);
    const odd = testClient((_, n) => (n === 1 ? gatewayError(503, "x", { "x-should-retry": "maybe" }) : json(video())));
    await odd.client.videos.retrieve("video_123");
    expect(odd.requests).toHaveLength(2);
  });

  it("stops polling at an error the server says not to retry", async () => {
    const { client, requests } = testClient(() => gatewayError(503, "gone for good", { "x-should-retry": "false" }));
    await expect(client.videos.waitFor("video_123", { pollIntervalMs: 1 })).rejects.toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
  });

  it("gives up after maxRetries and throws the last error with its request id", async () => {
    const { client, requests } = testClient((_, n) => gatewayError(503, `busy ${n}`, { "x-request-id": `req_${n}` }));
    const error = await client.videos.retrieve("video_123").catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe("503 busy 3");
    expect(error.requestId).toBe("req_3");
    expect(requests).toHaveLength(3); // maxRetries defaults to 2
  });

  it("honours maxRetries from the client and from the call", async () => {
    const fail = () => gatewayError(500, "x");
    const none = testClient(fail, { maxRetries: 0 });
    await expect(none.client.videos.retrieve("video_123")).rejects.toBeInstanceOf(InternalServerError);
    expect(none.requests).toHaveLength(1);
    const perCall = testClient(fail, { maxRetries: 0 });
    await expect(perCall.client.videos.retrieve("video_123", { maxRetries: 3 })).rejects.toThrow();
    expect(perCall.requests).toHaveLength(4);
  });

  it("shows each retry to the call's onRetry, and makes no more attempts once it answers false", async () => {
    const seen: unknown[] = [];
    const busy = testClient((_, n) => (n < 3 ? gatewayError(503, "busy", { "retry-after-ms": "0" }) : json(video())));
    await busy.client.videos.retrieve("video_123", { onRetry: (retry) => void seen.push(retry) });
    expect(busy.requests).toHaveLength(3);
    expect(seen).toEqual(
      [1, 2].map((attempt) => ({ attempt, delayMs: 0, status: 503, message: "GET /v1/videos/video_123 503" })),
    );
    const limited = testClient(() => gatewayError(429, "slow down", { "retry-after-ms": "0" }));
    const error = await limited.client.videos.retrieve("video_123", { onRetry: () => false }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(limited.requests).toHaveLength(1);
  });

  it("retries a connection error, then throws APIConnectionError with the cause", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: new Error("connect ECONNREFUSED") });
    const { client, requests } = testClient(() => Promise.reject(refused), { maxRetries: 1 });
    vi.useFakeTimers();
    const pending = client.videos.retrieve("video_123").catch((e) => e);
    await vi.runAllTimersAsync();
    const error = await pending;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.cause).toBe(refused);
    expect(requests).toHaveLength(2);
  });

  it("backs off 0.5 s × 2^n with jitter when the server gives no Retry-After", async () => {
    const { client, requests } = testClient((_, n) => (n < 3 ? new Response("busy", { status: 503 }) : json(video())));
    vi.useFakeTimers();
    const pending = client.videos.retrieve("video_123");
    await vi.advanceTimersByTimeAsync(370); // less than 0.5 s × 0.75 (the most jitter takes off)
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(140); // past 0.5 s
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000); // past 1 s more
    expect(requests).toHaveLength(3);
    await expect(pending).resolves.toMatchObject({ id: "video_123" });
  });

  it("sends a create's Idempotency-Key on every attempt, one key per call", async () => {
    const { client, requests } = testClient((_, n) => (n % 2 === 1 ? gatewayError(500, "x") : json(video())));
    await client.videos.create({ model: "sora-2", prompt: "a cat" });
    await client.videos.create({ model: "sora-2", prompt: "a cat" });
    const keys = requests.map((r) => r.headers.get("idempotency-key"));
    expect(keys[0]).toMatch(/^tokenops-[0-9a-f-]{32,36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[3]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("uses the caller's Idempotency-Key when given", async () => {
    const { client, requests } = testClient((_, n) => (n === 1 ? gatewayError(502, "x") : json(video())));
    await client.videos.create({ model: "sora-2", prompt: "a cat" }, { idempotencyKey: "order-42" });
    expect(requests.map((r) => r.headers.get("idempotency-key"))).toEqual(["order-42", "order-42"]);
  });

  it("rebuilds a multipart upload for each attempt from its FormData, with a fresh boundary", async () => {
    const { client, requests } = testClient((_, n) => (n === 1 ? gatewayError(503, "x") : json(video())));
    await client.videos.create({ model: "sora-2", prompt: "a cat", size: "720x1280", input_reference: image() });
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      const form = await request.formData(); // parses only if the boundary in the header matches the body
      expect((form.get("input_reference") as File).size).toBe(image().size);
      expect(form.get("prompt")).toBe("a cat");
    }
  });

  it("retries raw openapi-fetch calls too", async () => {
    const { client, requests } = testClient((_, n) => (n === 1 ? gatewayError(500, "x") : json(video())));
    const { data } = await client.GET("/v1/videos/{video_id}", { params: { path: { video_id: "video_123" } } });
    expect(data?.id).toBe("video_123");
    expect(requests).toHaveLength(2);
  });

  it("does not retry a body it cannot send again (a stream)", async () => {
    const { client, requests } = testClient(() => gatewayError(500, "x"));
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"model":"sora-2","prompt":"x"}'));
        controller.close();
      },
    });
    const { response } = await client.POST("/v1/videos/{video_id}/remix", {
      params: { path: { video_id: "video_1" } },
      // A body serializer that returns a stream: the transport cannot replay it.
      body: { model: "sora-2", prompt: "x" },
      bodySerializer: () => body,
      duplex: "half",
    } as never);
    expect(response.status).toBe(500);
    expect(requests).toHaveLength(1);
  });
});

describe("timeouts and aborts", () => {
  const never = (request: Request) =>
    new Promise<Response>((_, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason));
    });

  it("throws APIConnectionTimeoutError when no response comes within timeoutMs, after retrying", async () => {
    const { client, requests } = testClient(never, { timeoutMs: 50, maxRetries: 1 });
    vi.useFakeTimers();
    const pending = client.videos.retrieve("video_123").catch((e) => e);
    await vi.runAllTimersAsync();
    const error = await pending;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toContain("timed out after 50 ms");
    expect(requests).toHaveLength(2);
  });

  it("applies a per-call timeoutMs", async () => {
    const { client } = testClient(never, { maxRetries: 0 });
    vi.useFakeTimers();
    const pending = client.videos.retrieve("video_123", { timeoutMs: 20 }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(25);
    expect(await pending).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("times each call out at its own deadline when calls with different timeouts wait together", async () => {
    const { client } = testClient(never, { maxRetries: 0 });
    vi.useFakeTimers();
    const ended: string[] = [];
    const call = (name: string, timeoutMs: number) =>
      client.videos.retrieve("video_123", { timeoutMs }).catch((error: unknown) => {
        ended.push(`${name} ${(error as Error).constructor.name}`);
      });
    const calls = [call("long", 1_000), call("short", 100), call("middle", 500)];
    await vi.advanceTimersByTimeAsync(99);
    expect(ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ended).toEqual(["short APIConnectionTimeoutError"]);
    await vi.advanceTimersByTimeAsync(400);
    expect(ended).toEqual(["short APIConnectionTimeoutError", "middle APIConnectionTimeoutError"]);
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(calls);
    expect(ended).toEqual([
      "short APIConnectionTimeoutError",
      "middle APIConnectionTimeoutError",
      "long APIConnectionTimeoutError",
    ]);
  });

  it("an answer in time cancels its deadline, and a later call still gets its own", async () => {
    let answer = true;
    const { client } = testClient((request) => (answer ? json(video()) : never(request)), { maxRetries: 0 });
    vi.useFakeTimers();
    await client.videos.retrieve("video_123", { timeoutMs: 50 });
    await vi.advanceTimersByTimeAsync(100);
    answer = false;
    const pending = client.videos.retrieve("video_123", { timeoutMs: 1_000 }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toBeInstanceOf(APIConnectionTimeoutError);
  });

  it("timeoutMs: Infinity never times out (no timer fires at once, as one past 2^31 ms would)", async () => {
    const { client } = testClient(never, { timeoutMs: Number.POSITIVE_INFINITY, maxRetries: 0 });
    vi.useFakeTimers();
    const controller = new AbortController();
    const pending = client.videos.retrieve("video_123", { signal: controller.signal }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(2 ** 31);
    controller.abort();
    expect(await pending).toBeInstanceOf(APIUserAbortError);
  });

  it("throws APIUserAbortError at once when the caller aborts, and does not retry", async () => {
    const controller = new AbortController();
    const { client, requests } = testClient(never);
    const pending = client.videos.retrieve("video_123", { signal: controller.signal });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(requests).toHaveLength(1);
  });

  it("stops waiting between retries when the caller aborts", async () => {
    const controller = new AbortController();
    const { client, requests } = testClient(() => gatewayError(429, "x", { "retry-after": "30" }));
    const pending = client.videos.retrieve("video_123", { signal: controller.signal });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const { client, requests } = testClient(() => json(video()));
    await expect(client.videos.retrieve("video_123", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(requests).toHaveLength(0);
  });

  it("throws RateLimitError when 429s outlast the retries", async () => {
    const { client } = testClient(() => gatewayError(429, "slow down"));
    await expect(client.videos.retrieve("video_123")).rejects.toBeInstanceOf(RateLimitError);
  });
});

describe("retryDelayMs", () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it("doubles from 0.5 s up to 8 s", () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, undefined, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it("takes off at most a quarter for jitter", () => {
    expect(retryDelayMs(1, undefined, () => 0.999)).toBeGreaterThan(375);
    expect(retryDelayMs(1, undefined, () => 0.999)).toBeLessThanOrEqual(500);
  });

  it("honours Retry-After in seconds, as an HTTP date, and retry-after-ms", () => {
    expect(retryDelayMs(1, headers({ "retry-after": "3" }))).toBe(3000);
    expect(retryDelayMs(1, headers({ "retry-after-ms": "1500", "retry-after": "3" }))).toBe(1500);
    // A fixed "now" (only Date is faked): an HTTP date 10 s ahead is exactly 10 s away, and one 10 s ahead of a
    // now 400 ms into its second is 9.6 s away (HTTP dates have whole seconds).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2025, 0, 1, 12, 0, 0) });
    expect(retryDelayMs(1, headers({ "retry-after": "Wed, 01 Jan 2025 12:00:10 GMT" }))).toBe(10_000);
    vi.setSystemTime(Date.UTC(2025, 0, 1, 12, 0, 0, 400));
    expect(retryDelayMs(1, headers({ "retry-after": "Wed, 01 Jan 2025 12:00:10 GMT" }))).toBe(9600);
  });

  it("ignores a Retry-After over 60 s or unreadable, and backs off instead", () => {
    const noJitter = () => 0;
    expect(retryDelayMs(2, headers({ "retry-after": "120" }), noJitter)).toBe(1000);
    expect(retryDelayMs(2, headers({ "retry-after": "soon" }), noJitter)).toBe(1000);
    expect(retryDelayMs(2, headers({ "retry-after-ms": "-5" }), noJitter)).toBe(1000);
  });
});
