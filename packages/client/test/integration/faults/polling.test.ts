import { describe, expect, it } from "vitest";
import { type Video, VideoFailedError, VideoWaitTimeoutError } from "../../../src/index.js";
import { clientFor, clockedFetch, rejection, startResettingProxy, statusesOf, useMock } from "../helpers.js";

const params = { model: "sora-2", prompt: "a train crossing a bridge" } as const;

describe("waitFor against a misbehaving service", () => {
  const mock = useMock();

  it("waits the server's openai-poll-after-ms instead of pollIntervalMs when it is shorter", async () => {
    mock().scenarios.use("poll-after;ms=5");
    const client = clientFor(mock(), { fetch: clockedFetch(mock(), 700) });
    const { id } = await client.videos.create(params);
    // Polling every pollIntervalMs (60 s) would miss this deadline by far.
    const done = await client.videos.waitFor(id, { pollIntervalMs: 60_000, deadlineMs: 5_000 });
    expect(done.status).toBe("completed");
    expect(statusesOf(mock(), "getVideoStatus").length).toBeGreaterThanOrEqual(7);
  });

  it("waits the server's openai-poll-after-ms instead of pollIntervalMs when it is longer", async () => {
    mock().scenarios.use("poll-after;ms=60000");
    const client = clientFor(mock());
    const { id } = await client.videos.create(params);
    const error = await rejection(client.videos.waitFor(id, { pollIntervalMs: 1, deadlineMs: 300 }));
    expect(error).toBeInstanceOf(VideoWaitTimeoutError);
    expect(statusesOf(mock(), "getVideoStatus")).toEqual([200]);
  });

  it("keeps polling through a storm of 500, 502 and 503, and resolves within its deadline", async () => {
    mock().scenarios.use(
      "error;status=500;retry-after=0;times=3;operation=getVideoStatus",
      "error;status=502;retry-after=0;times=3;operation=getVideoStatus",
      "error;status=503;retry-after=0;times=3;operation=getVideoStatus",
    );
    const client = clientFor(mock(), { fetch: clockedFetch(mock(), 1_000) });
    const { id } = await client.videos.create(params);
    const seen: Video[] = [];
    const done = await client.videos.waitFor(id, {
      pollIntervalMs: 1,
      deadlineMs: 10_000,
      onProgress: (v) => seen.push(v),
    });
    expect(done).toMatchObject({ id, status: "completed" });
    const statuses = statusesOf(mock(), "getVideoStatus");
    // maxRetries 2: three failed polls of three attempts each, then answers.
    expect(statuses.slice(0, 9)).toEqual([500, 500, 500, 502, 502, 502, 503, 503, 503]);
    expect(statuses.slice(9).every((status) => status === 200)).toBe(true);
    expect(seen.at(-1)).toEqual(done);
  });

  it("keeps polling through connection resets", async () => {
    const proxy = await startResettingProxy(mock().url);
    try {
      const client = clientFor(proxy, { fetch: clockedFetch(mock(), 1_000) });
      const { id } = await clientFor(mock()).videos.create(params);
      proxy.resetNext(3);
      const done = await client.videos.waitFor(id, { pollIntervalMs: 1, deadlineMs: 15_000 });
      expect(done.status).toBe("completed");
      expect(proxy.resets).toBe(3);
    } finally {
      await proxy.close();
    }
  });

  it("gives up at its deadline in a storm that never ends, keeping the job's id and last state", async () => {
    mock().scenarios.use("error;status=503;retry-after=0;times=always;operation=getVideoStatus");
    const client = clientFor(mock(), { maxRetries: 0 });
    const error = await rejection(client.videos.createAndWait(params, { pollIntervalMs: 20, deadlineMs: 300 }));
    expect(error).toBeInstanceOf(VideoWaitTimeoutError);
    const [job] = mock().videos.list();
    expect(error).toMatchObject({ videoId: job?.video.id, video: { id: job?.video.id, status: "queued" } });
    // Every poll met the storm (how many fit before the deadline depends on the machine, so it is not counted).
    const polls = statusesOf(mock(), "getVideoStatus");
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(new Set(polls)).toEqual(new Set([503]));
  });

  it("treats the gateway's pending and processing as running", async () => {
    mock().scenarios.use("gateway-statuses");
    const client = clientFor(mock(), { fetch: clockedFetch(mock(), 800) });
    const seen: string[] = [];
    const done = await client.videos.createAndWait(params, {
      pollIntervalMs: 1,
      onProgress: (v) => seen.push(v.status),
    });
    expect(done.status).toBe("completed");
    expect(seen).toContain("pending");
    expect(seen).toContain("processing");
  });
});

describe("a job that does not complete", () => {
  const mock = useMock();

  it("fails: waitFor throws VideoFailedError with the job's code and message", async () => {
    const client = clientFor(mock(), { fetch: clockedFetch(mock(), 1_000) });
    const { id } = await client.videos.create(params, {
      headers: { "x-mock-scenario": 'fail;code=moderation_blocked;message="Your prompt was blocked."' },
    });
    const error = await rejection(client.videos.waitFor(id, { pollIntervalMs: 1 }));
    expect(error).toBeInstanceOf(VideoFailedError);
    const failed = error as VideoFailedError;
    expect(failed.video).toMatchObject({ id, status: "failed" });
    expect(failed.error).toMatchObject({ code: "moderation_blocked", message: "Your prompt was blocked." });
    expect(failed.message).toBe(`Video ${id} failed: Your prompt was blocked. (moderation_blocked)`);
  });

  it("fails by a [mock: …] directive in the prompt: createAndWait throws VideoFailedError", async () => {
    const client = clientFor(mock(), { fetch: clockedFetch(mock(), 1_000) });
    const error = await rejection(
      client.videos.createAndWait(
        { model: "sora-2", prompt: 'a storm [mock: fail;code=generation_failed;message="GPU on fire"]' },
        { pollIntervalMs: 1 },
      ),
    );
    expect(error).toBeInstanceOf(VideoFailedError);
    expect((error as VideoFailedError).error).toMatchObject({ code: "generation_failed", message: "GPU on fire" });
    expect((error as VideoFailedError).video.id).toBe(mock().videos.list()[0]?.video.id);
  });

  it("is cancelled: VideoFailedError with that status", async () => {
    const client = clientFor(mock());
    const cancelled = await client.videos.create(params);
    mock().videos.cancel(cancelled.id);
    expect(await rejection(client.videos.waitFor(cancelled.id))).toMatchObject({
      name: "VideoFailedError",
      video: { id: cancelled.id, status: "cancelled" },
    });
  });

  it("is reported expired by a gateway: VideoFailedError with that status", async () => {
    // OpenAI keeps such a job completed; gateways that say `expired` are the gateway-statuses scenario.
    mock().scenarios.use("gateway-statuses");
    const client = clientFor(mock());
    const expired = await client.videos.create(params);
    mock().advance(2 * 60 * 60 * 1000); // past the hour a finished video's files are kept
    expect(await rejection(client.videos.waitFor(expired.id))).toMatchObject({
      name: "VideoFailedError",
      video: { id: expired.id, status: "expired" },
    });
  });

  it("completed, and its files expired since: waitFor resolves with the completed job", async () => {
    const client = clientFor(mock());
    const video = await client.videos.create(params);
    mock().advance(2 * 60 * 60 * 1000);
    expect(await client.videos.waitFor(video.id)).toMatchObject({ id: video.id, status: "completed" });
  });
});
