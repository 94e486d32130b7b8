import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "../../../src/index.js";
import {
  arrived,
  captureLogger,
  clientFor,
  rejection,
  startRawServer,
  startResettingProxy,
  statusesOf,
  useMock,
} from "../helpers.js";

const params = { model: "sora-2", prompt: "waves against a sea wall" } as const;

describe("a connection reset before the response", () => {
  const mock = useMock();
  let proxy: Awaited<ReturnType<typeof startResettingProxy>>;
  beforeAll(async () => {
    proxy = await startResettingProxy(mock().url);
  });
  afterAll(() => proxy.close());

  it("is retried for a GET, which then succeeds", async () => {
    const { id } = await clientFor(mock()).videos.create(params);
    proxy.resetNext(1);
    const video = await clientFor(proxy).videos.retrieve(id);
    expect(video.id).toBe(id);
    expect(proxy.resets).toBeGreaterThanOrEqual(1);
    // The server answered twice; the first answer never reached the client.
    expect(statusesOf(mock(), "getVideoStatus")).toEqual([200, 200]);
  });

  it("is retried for a create with the same Idempotency-Key, and the server returns the same job", async () => {
    proxy.resetNext(1);
    const video = await clientFor(proxy).videos.create(params);
    const creates = mock().requests.filter((request) => request.operation === "createVideo");
    expect(creates).toHaveLength(2);
    expect(creates[1]?.idempotency_key).toBe(creates[0]?.idempotency_key);
    expect(mock().videos.size).toBe(1);
    expect(mock().videos.list()[0]?.video.id).toBe(video.id);
  });

  it("is retried for a remix with the same Idempotency-Key: one new job", async () => {
    const source = await clientFor(mock()).videos.create(params);
    mock().advance(10_000);
    proxy.resetNext(1);
    const remix = await clientFor(proxy).videos.remix(source.id, { model: "sora-2", prompt: "at dusk" });
    expect(statusesOf(mock(), "remixVideo")).toEqual([200, 200]);
    expect(
      mock()
        .videos.list()
        .map((job) => job.video.id),
    ).toEqual([source.id, remix.id]);
  });

  it("on every attempt, throws APIConnectionError naming the reset, with still exactly one job", async () => {
    proxy.resetNext(2);
    const error = await rejection(clientFor(proxy, { maxRetries: 1 }).videos.create(params));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toMatch(/^POST \/v1\/videos failed: .*(ECONNRESET|reset|closed)/i);
    expect(statusesOf(mock(), "createVideo")).toEqual([200, 200]);
    expect(mock().videos.size).toBe(1);
  });

  it("is the same when the server drops the connection after doing the work (mock drop-response)", async () => {
    const video = await clientFor(mock()).videos.create(params, { headers: { "x-mock-scenario": "drop-response" } });
    const creates = mock().requests.filter((request) => request.operation === "createVideo");
    expect(creates.map((request) => request.fault)).toEqual(["drop", null]);
    expect(creates[1]?.idempotency_key).toBe(creates[0]?.idempotency_key);
    expect(
      mock()
        .videos.list()
        .map((job) => job.video.id),
    ).toEqual([video.id]);
  });
});

describe("a response that never comes", () => {
  const mock = useMock();

  it("throws APIConnectionTimeoutError when the attempt's timer fires, naming the timeout", async () => {
    mock().scenarios.use("hang;times=always");
    const error = await rejection(clientFor(mock(), { timeoutMs: 200, maxRetries: 0 }).videos.retrieve("video_x"));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    // The server never answers: only the client's timer can end the call, and the message names it.
    expect(error.message).toBe("GET /v1/videos/video_x timed out after 200 ms");
  });

  it("times out each attempt, retries, and succeeds when an answer comes", async () => {
    mock().scenarios.use("hang;times=1");
    // The timer ends the hung attempt and also bounds the retry, which must answer within it on a busy machine.
    const client = clientFor(mock(), { timeoutMs: 2_000, maxRetries: 1 });
    const video = await client.videos.create(params);
    expect(mock().requests.map((request) => request.fault ?? request.status)).toEqual(["hang", 200]);
    expect(
      mock()
        .videos.list()
        .map((job) => job.video.id),
    ).toEqual([video.id]);
  });

  it("from a raw server that accepts and stays silent, also times out", async () => {
    const server = await startRawServer(() => {});
    try {
      const error = await rejection(clientFor(server, { timeoutMs: 150, maxRetries: 1 }).videos.retrieve("video_x"));
      expect(error).toBeInstanceOf(APIConnectionTimeoutError);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe("the caller's abort", () => {
  const mock = useMock();

  // Each abort comes on an event (the request sent, the retry scheduled, the first poll answered), never after a
  // guessed delay; what was waited for is 60 s or 30 s, far past the test's timeout, so "at once" is what passes.
  it("rejects with APIUserAbortError while waiting for a response, and is not retried", async () => {
    mock().scenarios.use("hang;times=always");
    const controller = new AbortController();
    const client = clientFor(mock(), { timeoutMs: 60_000 });
    const call = rejection(client.videos.retrieve("video_x", { signal: controller.signal }));
    await arrived(mock(), 1); // the server has the request, and will never answer it
    controller.abort();
    expect(await call).toBeInstanceOf(APIUserAbortError);
    expect(mock().requests.map((request) => request.fault)).toEqual(["hang"]);
  });

  it("rejects while waiting to retry", async () => {
    mock().scenarios.use("rate-limit;retry-after=30");
    const controller = new AbortController();
    const { logger, details } = captureLogger(() => controller.abort());
    const client = clientFor(mock(), { logger, logLevel: "warn" });
    const error = await rejection(client.videos.create(params, { signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(details).toEqual([expect.objectContaining({ status: 429, delayMs: 30_000 })]);
    expect(statusesOf(mock(), "createVideo")).toEqual([429]);
  });

  it("stops waitFor between polls; the job goes on", async () => {
    const client = clientFor(mock());
    const { id } = await client.videos.create(params);
    const controller = new AbortController();
    const waiting = client.videos.waitFor(id, {
      intervalMs: 60_000,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(await rejection(waiting)).toBeInstanceOf(APIUserAbortError);
    expect(statusesOf(mock(), "getVideoStatus")).toEqual([200]);
    expect(mock().videos.get(id)?.video.status).toBe("queued");
  });
});
