import { afterEach, describe, expect, it, vi } from "vitest";
import {
  APIUserAbortError,
  BadRequestError,
  NotFoundError,
  type Video,
  VideoFailedError,
  VideoWaitTimeoutError,
} from "../src/index.js";
import { API_KEY, BASE_URL, gatewayError, json, reference, testClient, video } from "./helpers.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("videos.create", () => {
  it("posts the params as multipart/form-data and resolves with the job", async () => {
    const { client, requests } = testClient(() => json(video({ id: "video_new", status: "queued" })));
    const input_reference = new File([reference("1280x720")], "first frame.png", { type: "image/png" });
    const created = await client.videos.create({
      model: "sora-2",
      prompt: "A paper boat — 纸船 — drifting down a rainy street",
      size: "1280x720",
      seconds: "8",
      input_reference,
    });
    expect(created).toMatchObject({ id: "video_new", status: "queued" });
    const request = requests[0] as Request;
    expect([request.method, request.url]).toEqual(["POST", `${BASE_URL}/v1/videos`]);
    expect(request.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
    const form = await request.formData();
    expect(Object.fromEntries([...form.entries()].filter(([k]) => k !== "input_reference"))).toEqual({
      model: "sora-2",
      prompt: "A paper boat — 纸船 — drifting down a rainy street",
      size: "1280x720",
      seconds: "8",
    });
    const file = form.get("input_reference") as File;
    expect([file.name, file.type]).toEqual(["first frame.png", "image/png"]);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(reference("1280x720"));
  });

  it("names a Blob without a name after the field and its type", async () => {
    const { client, requests } = testClient(() => json(video()));
    await client.videos.create({
      model: "sora-2",
      prompt: "x",
      size: "720x1280",
      input_reference: new Blob([reference("720x1280")], { type: "image/png" }),
    });
    const file = (await requests[0]?.formData())?.get("input_reference") as File;
    expect([file.name, file.type]).toEqual(["input_reference.png", "image/png"]);
  });

  it("throws the API's error", async () => {
    const { client } = testClient(() => gatewayError(400, "Inpaint image must match the requested width and height"));
    const error = await client.videos.create({ model: "sora-2", prompt: "x" }).catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toBe("400 Inpaint image must match the requested width and height");
  });
});

describe("videos.retrieve and remix", () => {
  it("gets a job by id", async () => {
    const { client, requests } = testClient(() => json(video({ id: "video_9", status: "in_progress", progress: 40 })));
    await expect(client.videos.retrieve("video_9")).resolves.toMatchObject({ status: "in_progress", progress: 40 });
    expect(requests[0]?.url).toBe(`${BASE_URL}/v1/videos/video_9`);
  });

  it("escapes the id in the path", async () => {
    const { client, requests } = testClient(() => json(video()));
    await client.videos.retrieve("a/b?c");
    expect(requests[0]?.url).toBe(`${BASE_URL}/v1/videos/a%2Fb%3Fc`);
  });

  it("throws NotFoundError for an unknown id", async () => {
    const { client } = testClient(() => gatewayError(404, "video not found"));
    await expect(client.videos.retrieve("video_x")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("remixes with a JSON body and an Idempotency-Key", async () => {
    const { client, requests } = testClient(() => json(video({ id: "video_2", remixed_from_video_id: "video_1" })));
    const remix = await client.videos.remix("video_1", { model: "sora-2", prompt: "Make it snow" });
    expect(remix.remixed_from_video_id).toBe("video_1");
    const request = requests[0] as Request;
    expect([request.method, request.url]).toEqual(["POST", `${BASE_URL}/v1/videos/video_1/remix`]);
    expect(await request.json()).toEqual({ model: "sora-2", prompt: "Make it snow" });
    expect(request.headers.get("idempotency-key")).toMatch(/^tokenops-/);
  });
});

describe("videos.content", () => {
  const mp4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]);

  it("resolves with the streaming Response of the bytes", async () => {
    const { client, requests } = testClient(
      () => new Response(mp4, { headers: { "content-type": "video/mp4", "content-length": String(mp4.length) } }),
    );
    const response = await client.videos.content("video_1");
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(response.bodyUsed).toBe(false);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(mp4);
    expect(requests[0]?.url).toBe(`${BASE_URL}/v1/videos/video_1/content`);
  });

  it("asks for a variant", async () => {
    const { client, requests } = testClient(() => new Response("webp", { headers: { "content-type": "image/webp" } }));
    await client.videos.content("video_1", { variant: "thumbnail" });
    expect(requests[0]?.url).toBe(`${BASE_URL}/v1/videos/video_1/content?variant=thumbnail`);
  });

  it("throws BadRequestError when the video is not ready", async () => {
    const { client } = testClient(() => gatewayError(400, "video is not ready"));
    await expect(client.videos.content("video_1")).rejects.toBeInstanceOf(BadRequestError);
  });

  it("follows a JSON {video_url} on another origin, without the Authorization header", async () => {
    const { client, requests } = testClient((request) =>
      request.url.startsWith(BASE_URL)
        ? json({ video_url: "http://127.0.0.2:9/files/v.mp4?sig=abc", expires_at: 1741570283 })
        : new Response(mp4, { headers: { "content-type": "video/mp4" } }),
    );
    const response = await client.videos.content("video_1");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(mp4);
    expect(requests.map((r) => r.url)).toEqual([
      `${BASE_URL}/v1/videos/video_1/content`,
      "http://127.0.0.2:9/files/v.mp4?sig=abc",
    ]);
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
    expect(requests[1]?.headers.get("authorization")).toBeNull();
  });

  it("follows a JSON {video_url} on the API's own origin with the Authorization header", async () => {
    const { client, requests } = testClient((request) =>
      request.url.endsWith("/content") ? json({ video_url: "/files/v.mp4" }) : new Response(mp4),
    );
    await client.videos.content("video_1");
    expect(requests[1]?.url).toBe(`${BASE_URL}/files/v.mp4`);
    expect(requests[1]?.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
  });

  it("retries the download URL and throws its error", async () => {
    const { client, requests } = testClient((request, n) =>
      request.url.endsWith("/content")
        ? json({ video_url: "http://127.0.0.2:9/v.mp4" })
        : n === 2
          ? new Response("busy", { status: 503, headers: { "retry-after": "0" } })
          : new Response("<Error>AccessDenied</Error>", { status: 403 }),
    );
    await expect(client.videos.content("video_1")).rejects.toThrow("403 AccessDenied");
    expect(requests).toHaveLength(3);
  });

  it("throws when the JSON has no video_url", async () => {
    const { client } = testClient(() => json({ url: "x" }));
    await expect(client.videos.content("video_1")).rejects.toThrow(/expected JSON with video_url/);
  });
});

describe("videos.waitFor", () => {
  /** A job that moves through `states`, one per poll, staying on the last one. */
  const job = (states: Partial<Video>[], headers: Record<string, string> = { "openai-poll-after-ms": "1" }) =>
    testClient((_, n) => json(video(states[Math.min(n, states.length) - 1]), { headers }));

  it("polls until completed, calling onProgress on each change", async () => {
    const { client, requests } = job([
      { status: "queued", progress: 0 },
      { status: "queued", progress: 0 },
      { status: "in_progress", progress: 30 },
      { status: "in_progress", progress: 30 },
      { status: "in_progress", progress: 70 },
      { status: "completed", progress: 100 },
    ]);
    const seen: string[] = [];
    const done = await client.videos.waitFor("video_123", {
      onProgress: (v) => seen.push(`${v.status} ${v.progress}`),
    });
    expect(done.status).toBe("completed");
    expect(seen).toEqual(["queued 0", "in_progress 30", "in_progress 70", "completed 100"]);
    expect(requests).toHaveLength(6);
  });

  it("treats pending, processing and unknown statuses as running", async () => {
    const { client, requests } = job([
      { status: "pending" },
      { status: "processing" },
      { status: "rendering" as Video["status"] },
      { status: "completed" },
    ]);
    await expect(client.videos.waitFor("video_123")).resolves.toMatchObject({ status: "completed" });
    expect(requests).toHaveLength(4);
  });

  it("throws VideoFailedError with the job and its error on failed, cancelled or expired", async () => {
    for (const status of ["failed", "cancelled", "expired"] as const) {
      const error = { code: "moderation_blocked", message: "The prompt was blocked" };
      const { client } = job([{ status: "in_progress" }, { status, error }]);
      const thrown = await client.videos.waitFor("video_123").catch((e) => e);
      expect(thrown).toBeInstanceOf(VideoFailedError);
      expect(thrown.video.status).toBe(status);
      expect(thrown.error).toEqual(error);
      expect(thrown.message).toBe(`Video video_123 ${status}: The prompt was blocked (moderation_blocked)`);
    }
  });

  it("waits openai-poll-after-ms between polls when the server sends it, else intervalMs", async () => {
    vi.useFakeTimers();
    const hinted = job([{ status: "queued" }, { status: "completed" }], { "openai-poll-after-ms": "3000" });
    const pending = hinted.client.videos.waitFor("video_123", { intervalMs: 10 });
    await vi.advanceTimersByTimeAsync(2900);
    expect(hinted.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await expect(pending).resolves.toMatchObject({ status: "completed" });

    const plain = job([{ status: "queued" }, { status: "completed" }], {});
    const waiting = plain.client.videos.waitFor("video_123", { intervalMs: 500 });
    await vi.advanceTimersByTimeAsync(450);
    expect(plain.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    await expect(waiting).resolves.toMatchObject({ status: "completed" });
  });

  it("keeps polling through a storm of 5xx, within the deadline", async () => {
    const { client, requests } = testClient((_, n) =>
      n < 8 ? gatewayError(503, "overloaded") : json(video({ status: "completed" })),
    );
    await expect(client.videos.waitFor("video_123", { intervalMs: 1 })).resolves.toMatchObject({ status: "completed" });
    expect(requests).toHaveLength(8);
  });

  it("gives up at the deadline with VideoWaitTimeoutError, keeping the id and last state", async () => {
    vi.useFakeTimers();
    const { client } = job([{ status: "in_progress", progress: 50 }], { "openai-poll-after-ms": "1000" });
    const pending = client.videos.waitFor("video_123", { deadlineMs: 5000 }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(5001);
    const error = await pending;
    expect(error).toBeInstanceOf(VideoWaitTimeoutError);
    expect(error.videoId).toBe("video_123");
    expect(error.video).toMatchObject({ status: "in_progress", progress: 50 });
  });

  it("stops at once when the caller aborts", async () => {
    const controller = new AbortController();
    const { client } = job([{ status: "queued" }], { "openai-poll-after-ms": "60000" });
    let polled!: () => void;
    const firstPoll = new Promise<void>((resolve) => {
      polled = resolve;
    });
    const pending = client.videos.waitFor("video_123", { signal: controller.signal, onProgress: () => polled() });
    // The job was seen: the wait now sleeps for the 60 s the server asked, which the abort must cut short.
    await firstPoll;
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("throws a non-transient error at once", async () => {
    const { client, requests } = testClient(() => gatewayError(404, "no such video"));
    await expect(client.videos.waitFor("video_x")).rejects.toBeInstanceOf(NotFoundError);
    expect(requests).toHaveLength(1);
  });

  it("leaves nothing registered on one signal across many polls and calls (no MaxListenersExceededWarning)", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const { client } = job([
        ...Array.from({ length: 15 }, () => ({ status: "in_progress" as const })),
        { status: "completed" },
      ]);
      const signal = new AbortController().signal;
      await client.videos.waitFor("video_123", { intervalMs: 1, signal });
      for (let i = 0; i < 15; i++) await client.videos.retrieve("video_123", { signal });
      // process.emitWarning emits on process.nextTick, and every tick queued so far runs before an immediate.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });
});

describe("videos.createAndWait", () => {
  it("creates, reports the new job first, then waits for it", async () => {
    const { client, requests } = testClient((request, n) =>
      request.method === "POST"
        ? json(video({ id: "video_new", status: "queued", progress: 0 }))
        : json(video({ id: "video_new", status: n < 3 ? "in_progress" : "completed", progress: n < 3 ? 50 : 100 }), {
            headers: { "openai-poll-after-ms": "1" },
          }),
    );
    const seen: string[] = [];
    const done = await client.videos.createAndWait(
      { model: "sora-2", prompt: "x" },
      { onProgress: (v) => seen.push(`${v.id} ${v.status}`) },
    );
    expect(done).toMatchObject({ id: "video_new", status: "completed" });
    expect(seen).toEqual(["video_new queued", "video_new in_progress", "video_new completed"]);
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "POST /v1/videos",
      "GET /v1/videos/video_new",
      "GET /v1/videos/video_new",
    ]);
  });
});
