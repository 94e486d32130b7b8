import { describe, expect, it } from "vitest";
import { InternalServerError, RateLimitError } from "../../../src/index.js";
import { captureLogger, clientFor, rejection, replyJson, startRawServer, statusesOf, useMock } from "../helpers.js";

const params = { model: "sora-2", prompt: "a red kite over a beach" } as const;

describe("rate limits and server errors", () => {
  const mock = useMock();

  it("retries a 429 after the server's retry-after-ms, not its own backoff", async () => {
    mock().scenarios.use("rate-limit;retry-after-ms=150");
    const { logger, details } = captureLogger();
    const client = clientFor(mock(), { logger, logLevel: "warn" });
    const video = await client.videos.create(params);
    expect(statusesOf(mock(), "createVideo")).toEqual([429, 200]);
    expect(details).toEqual([expect.objectContaining({ level: "warn", status: 429, delayMs: 150 })]);
    expect(mock().videos.size).toBe(1);
    expect(mock().videos.get(video.id)).toBeDefined();
  });

  it("retries a 429 after Retry-After in seconds when that is all the server sends", async () => {
    const server = await startRawServer((_request, socket, index) => {
      if (index === 1) replyJson(socket, 429, { error: { message: "slow down" } }, { "retry-after": "1" });
      else replyJson(socket, 200, { id: "video_1", object: "video", status: "queued", model: "sora-2" });
    });
    try {
      const { logger, details } = captureLogger();
      const video = await clientFor(server, { logger, logLevel: "warn" }).videos.retrieve("video_1");
      expect(video.id).toBe("video_1");
      expect(details).toEqual([expect.objectContaining({ status: 429, delayMs: 1000 })]);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("gets through a 503 and a 500 on every operation, once each, then succeeds", async () => {
    mock().scenarios.use("unavailable;retry-after=0", "error;status=500;retry-after=0");
    const client = clientFor(mock());
    const created = await client.videos.create(params);
    mock().advance(10_000);
    expect((await client.videos.retrieve(created.id)).status).toBe("completed");
    const remix = await client.videos.remix(created.id, { model: "sora-2", prompt: "in autumn" });
    const content = await client.videos.content(created.id);
    expect(content.headers.get("content-type")).toBe("video/mp4");
    await content.arrayBuffer();
    for (const operation of ["createVideo", "getVideoStatus", "remixVideo", "getVideoContent"]) {
      expect(statusesOf(mock(), operation), operation).toEqual([503, 500, 200]);
    }
    expect(
      mock()
        .videos.list()
        .map((job) => job.video.id),
    ).toEqual([created.id, remix.id]);
  });

  it("retries a failed create with the same Idempotency-Key, and exactly one job exists", async () => {
    mock().scenarios.use("error;status=502;retry-after=0;operation=createVideo");
    const video = await clientFor(mock()).videos.create(params);
    const creates = mock().requests.filter((request) => request.operation === "createVideo");
    expect(creates.map((request) => request.status)).toEqual([502, 200]);
    expect(creates[0]?.idempotency_key).toMatch(/^tokenops-/);
    expect(creates[1]?.idempotency_key).toBe(creates[0]?.idempotency_key);
    expect(mock().videos.list()).toEqual([expect.objectContaining({ idempotency_key: creates[0]?.idempotency_key })]);
    expect(mock().videos.list()[0]?.video.id).toBe(video.id);
  });

  it("makes one job per call: two calls with the same params are two jobs", async () => {
    const client = clientFor(mock());
    const [a, b] = await Promise.all([client.videos.create(params), client.videos.create(params)]);
    expect(a.id).not.toBe(b.id);
    expect(
      new Set(
        mock()
          .videos.list()
          .map((job) => job.idempotency_key),
      ).size,
    ).toBe(2);
  });

  it("with the caller's Idempotency-Key, a repeated call returns the job the first one made", async () => {
    const client = clientFor(mock());
    const first = await client.videos.create(params, { idempotencyKey: "order-42" });
    const again = await client.videos.create(params, { idempotencyKey: "order-42" });
    expect(again.id).toBe(first.id);
    expect(mock().videos.size).toBe(1);
  });

  it("when the retries run out, throws the last error with its request id", async () => {
    mock().scenarios.use('error;status=503;retry-after=0;times=always;message="Overloaded, try later"');
    const error = await rejection(clientFor(mock(), { maxRetries: 2 }).videos.retrieve("video_any"));
    const answers = mock().requests;
    expect(answers.map((request) => request.status)).toEqual([503, 503, 503]);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, requestId: answers[2]?.request_id });
    expect(error.message).toBe("503 Overloaded, try later");
    expect(new Set(answers.map((request) => request.request_id)).size).toBe(3);
  });

  it("when 429s outlast the retries, throws RateLimitError carrying Retry-After", async () => {
    mock().scenarios.use("rate-limit;retry-after-ms=0;times=always");
    const error = await rejection(clientFor(mock(), { maxRetries: 1 }).videos.create(params));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers.get("retry-after")).toBe("0");
    expect(statusesOf(mock(), "createVideo")).toEqual([429, 429]);
    expect(mock().videos.size).toBe(0);
  });
});
