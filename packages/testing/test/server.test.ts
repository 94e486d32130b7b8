import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { videoSeconds, videoSizes } from "../src/core/spec.js";
import { contentMedia, type MockServer, mediaFile, mediaPath, startMockServer, type Video } from "../src/index.js";
import { auth, bundledSpec, createForm, expectError, mp4Info, schemaValidator } from "./helpers.js";

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ timeScale: 0 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

async function create(form: FormData = createForm(), headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/v1/videos`, { method: "POST", headers: { ...auth, ...headers }, body: form });
}

async function createVideo(fields: Record<string, string> = {}): Promise<Video> {
  const response = await create(createForm(fields));
  expect(response.status).toBe(200);
  return (await response.json()) as Video;
}

async function retrieve(id: string): Promise<Video> {
  const response = await fetch(`${server.url}/v1/videos/${id}`, { headers: auth });
  expect(response.status).toBe(200);
  return (await response.json()) as Video;
}

function content(id: string, query = "", headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/v1/videos/${id}/content${query}`, { headers: { ...auth, ...headers } });
}

describe("startMockServer", () => {
  it("listens on 127.0.0.1 and gives its base URL", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.cdnUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.cdnUrl).not.toBe(server.url);
  });

  it("implements every operation in spec/openapi.yaml, answering each with a 200 its spec allows", async () => {
    const { id } = await createVideo();
    server.advance(5000);
    const paths = bundledSpec.paths as Record<string, Record<string, { operationId: string; requestBody?: unknown }>>;
    const answered: string[] = [];
    // Delete last: the job is gone afterwards.
    const calls = Object.entries(paths)
      .flatMap(([template, item]) =>
        Object.entries(item).map(([method, operation]) => ({ template, method, operation })),
      )
      .sort((a, b) => Number(a.method === "delete") - Number(b.method === "delete"));
    for (const { template, method, operation } of calls) {
      const url = `${server.url}${template.replace("{video_id}", id)}`;
      const media = Object.keys((operation.requestBody as { content?: object } | undefined)?.content ?? {})[0];
      const init: RequestInit = { method: method.toUpperCase(), headers: { ...auth } };
      if (media === "multipart/form-data") init.body = createForm();
      if (media === "application/json") {
        init.body = JSON.stringify({ model: "sora-2", prompt: "snow" });
        init.headers = { ...auth, "content-type": "application/json" };
      }
      const response = await fetch(url, init);
      await response.arrayBuffer();
      expect(response.status, operation.operationId).toBe(200);
      answered.push(operation.operationId);
    }
    expect(answered.sort()).toEqual([
      "createVideo",
      "deleteVideo",
      "getVideoContent",
      "getVideoStatus",
      "listVideos",
      "remixVideo",
    ]);
  });

  it("answers create with a queued job that validates against the spec", async () => {
    const video = await createVideo({ size: "1280x720", seconds: "8" });
    expect(video).toMatchObject({ object: "video", status: "queued", progress: 0, size: "1280x720", seconds: "8" });
    expect(video.id).toMatch(/^video_[0-9a-f]{32}$/);
    expect(video.completed_at).toBeNull();
    expect(schemaValidator("VideoGenerationResponse")(video)).toBe(true);
  });

  it("fills in the spec's defaults for size and seconds", async () => {
    expect(await createVideo()).toMatchObject({ size: "720x1280", seconds: "4" });
  });

  it("runs a job queued → in_progress with rising progress → completed on the manual clock", async () => {
    const created = await createVideo();
    server.advance(999);
    expect((await retrieve(created.id)).status).toBe("queued");
    server.advance(1);
    const started = await retrieve(created.id);
    expect(started).toMatchObject({ status: "in_progress", progress: 0 });
    server.advance(1000);
    const quarter = await retrieve(created.id);
    server.advance(2000);
    const threeQuarters = await retrieve(created.id);
    expect(quarter.progress).toBe(25);
    expect(threeQuarters.progress).toBe(75);
    server.advance(1000);
    const done = await retrieve(created.id);
    expect(done).toMatchObject({ status: "completed", progress: 100 });
    expect(done.completed_at).toBe((created.created_at ?? 0) + 5);
    expect(done.expires_at).toBe((done.completed_at ?? 0) + 3600);
    expect(schemaValidator("VideoStatusResponse")(done)).toBe(true);
  });

  it("moves jobs on real time scaled by timeScale", async () => {
    // The clock reads real time from performance.now(): faking only that moves real time by exactly what the
    // test says, whatever the machine's load, while the server and fetch keep their real timers.
    vi.useFakeTimers({ toFake: ["performance"] });
    const fast = await startMockServer({ timeScale: 1000 });
    try {
      const response = await fetch(`${fast.url}/v1/videos`, { method: "POST", headers: auth, body: createForm() });
      const { id, status } = (await response.json()) as Video;
      expect(status).toBe("queued");
      const now = async () => (await (await fetch(`${fast.url}/v1/videos/${id}`, { headers: auth })).json()) as Video;
      vi.advanceTimersByTime(3); // 3 simulated seconds: 1 s queued, then 2 s of the 4 s in progress
      expect(await now()).toMatchObject({ status: "in_progress", progress: 50 });
      vi.advanceTimersByTime(2);
      expect(await now()).toMatchObject({ status: "completed", progress: 100 });
    } finally {
      vi.useRealTimers();
      await fast.close();
    }
  });

  it("refuses content before completion with 400, as upstream does", async () => {
    const { id } = await createVideo();
    const error = await expectError(await content(id), 400, "video_not_ready");
    expect(error.message).toContain("not ready");
    server.advance(2000);
    await expectError(await content(id), 400, "video_not_ready");
  });

  describe.each(videoSizes.flatMap((size) => videoSeconds.map((seconds) => [size, seconds] as const)))(
    "content of a %s, %s-second job",
    (size, seconds) => {
      it("is the MP4 of that size and duration, with Content-Type and Content-Length", async () => {
        const { id } = await createVideo({ size, seconds });
        server.advance(5000);
        const response = await content(id);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("video/mp4");
        const bytes = new Uint8Array(await response.arrayBuffer());
        expect(Number(response.headers.get("content-length"))).toBe(bytes.byteLength);
        expect(Buffer.from(bytes).equals(readFileSync(mediaPath(`video-${size}-${seconds}s.mp4`)))).toBe(true);
        const info = mp4Info(bytes);
        expect(`${info.width}x${info.height}`).toBe(size);
        expect(info.duration).toBeCloseTo(Number(seconds), 2);
      });
    },
  );

  it.each([
    ["video", "video/mp4"],
    ["thumbnail", "image/webp"],
    ["spritesheet", "image/jpeg"],
  ] as const)("serves the %s variant as %s whatever Accept asks for", async (variant, type) => {
    const { id } = await createVideo();
    server.advance(5000);
    const expected = readFileSync(mediaPath(contentMedia(variant, "720x1280", "4").name));
    for (const accept of ["application/binary", "application/json", "video/mp4", "image/webp, image/jpeg", "*/*"]) {
      const response = await content(id, `?variant=${variant}`, { accept });
      expect([response.status, response.headers.get("content-type")], accept).toEqual([200, type]);
      expect(Buffer.from(await response.arrayBuffer()).equals(expected), accept).toBe(true);
    }
  });

  it("serves the thumbnail as WebP and the spritesheet as JPEG", async () => {
    const { id } = await createVideo({ size: "1280x720" });
    server.advance(5000);
    const thumbnail = await content(id, "?variant=thumbnail");
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect(Buffer.from(await thumbnail.arrayBuffer()).equals(readFileSync(mediaPath("thumbnail-1280x720.webp")))).toBe(
      true,
    );
    const spritesheet = await content(id, "?variant=spritesheet");
    expect(spritesheet.headers.get("content-type")).toBe("image/jpeg");
    expect(
      Buffer.from(await spritesheet.arrayBuffer()).equals(readFileSync(mediaPath("spritesheet-1280x720.jpg"))),
    ).toBe(true);
  });

  it("rejects an unknown variant, naming the allowed ones", async () => {
    const { id } = await createVideo();
    server.advance(5000);
    const error = await expectError(await content(id, "?variant=poster"), 400, "invalid_value");
    expect(error.param).toBe("variant");
    expect(error.message).toContain('"thumbnail"');
  });

  describe("Range", () => {
    let id: string;
    let file: Buffer;
    beforeAll(() => {
      file = readFileSync(mediaPath("video-720x1280-4s.mp4"));
    });
    afterEach(() => server.reset());

    async function completed(): Promise<string> {
      ({ id } = await createVideo());
      server.advance(5000);
      return id;
    }

    it("answers a byte range with 206 and Content-Range", async () => {
      const response = await content(await completed(), "", { range: "bytes=0-99" });
      expect(response.status).toBe(206);
      expect(response.headers.get("content-range")).toBe(`bytes 0-99/${file.byteLength}`);
      expect(response.headers.get("content-length")).toBe("100");
      expect(Buffer.from(await response.arrayBuffer()).equals(file.subarray(0, 100))).toBe(true);
    });

    it("answers an open and a suffix range", async () => {
      const video = await completed();
      const open = await content(video, "", { range: "bytes=1000-" });
      expect(Buffer.from(await open.arrayBuffer()).equals(file.subarray(1000))).toBe(true);
      const suffix = await content(video, "", { range: "bytes=-16" });
      expect(suffix.headers.get("content-range")).toBe(
        `bytes ${file.byteLength - 16}-${file.byteLength - 1}/${file.byteLength}`,
      );
      expect(Buffer.from(await suffix.arrayBuffer()).equals(file.subarray(-16))).toBe(true);
    });

    it("answers a range past the end with 416 and the file's size", async () => {
      const response = await content(await completed(), "", { range: `bytes=${file.byteLength}-` });
      expect(response.headers.get("content-range")).toBe(`bytes */${file.byteLength}`);
      await expectError(response, 416, "range_not_satisfiable");
    });

    it("advertises Accept-Ranges and ignores a malformed Range", async () => {
      const response = await content(await completed(), "", { range: "pages=1-2" });
      expect(response.status).toBe(200);
      expect(response.headers.get("accept-ranges")).toBe("bytes");
      expect((await response.arrayBuffer()).byteLength).toBe(file.byteLength);
    });
  });

  it("remixes a completed video into a new job with remixed_from_video_id and the same size and seconds", async () => {
    const source = await createVideo({ size: "1280x720", seconds: "12" });
    server.advance(5000);
    const response = await fetch(`${server.url}/v1/videos/${source.id}/remix`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ model: "sora-2", prompt: "Make it snow" }),
    });
    expect(response.status).toBe(200);
    const remix = (await response.json()) as Video;
    expect(remix).toMatchObject({
      status: "queued",
      remixed_from_video_id: source.id,
      size: "1280x720",
      seconds: "12",
    });
    expect(remix.id).not.toBe(source.id);
    expect(schemaValidator("VideoStatusResponse")(remix)).toBe(true);
    expect(server.videos.get(remix.id)?.prompt).toBe("Make it snow");
  });

  it("refuses to remix a video that is not completed, or with a model the spec does not list", async () => {
    const source = await createVideo();
    const remix = (body: unknown) =>
      fetch(`${server.url}/v1/videos/${source.id}/remix`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    await expectError(await remix({ model: "sora-2", prompt: "snow" }), 400, "video_not_ready");
    server.advance(5000);
    const error = await expectError(await remix({ model: "sora-3", prompt: "snow" }), 400, "invalid_value");
    expect(error.param).toBe("model");
    expect((await expectError(await remix({ model: "sora-2" }), 400, "missing_required_parameter")).param).toBe(
      "prompt",
    );
  });

  it("answers 404 with the envelope for an unknown video id on every video operation", async () => {
    await expectError(await fetch(`${server.url}/v1/videos/video_nope`, { headers: auth }), 404, "video_not_found");
    await expectError(await content("video_nope"), 404, "video_not_found");
    const remix = await fetch(`${server.url}/v1/videos/video_nope/remix`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ model: "sora-2", prompt: "x" }),
    });
    await expectError(remix, 404, "video_not_found");
    const deleted = await fetch(`${server.url}/v1/videos/video_nope`, { method: "DELETE", headers: auth });
    await expectError(deleted, 404, "video_not_found");
  });

  it("answers 404 for an unknown URL and 405 with Allow for a wrong method", async () => {
    await expectError(await fetch(`${server.url}/v1/images`, { headers: auth }), 404, "unknown_url");
    const response = await fetch(`${server.url}/v1/videos/video_1`, { method: "PUT", headers: auth });
    expect(response.headers.get("allow")).toBe("GET, DELETE");
    await expectError(response, 405, "method_not_allowed");
  });

  describe("auth", () => {
    it("requires a bearer token", async () => {
      await expectError(await fetch(`${server.url}/v1/videos/video_1`), 401, "missing_api_key");
      const basic = await fetch(`${server.url}/v1/videos/video_1`, { headers: { authorization: "Basic dXNlcg==" } });
      await expectError(basic, 401, "missing_api_key");
    });

    it("with apiKey, demands that key and never echoes the one given", async () => {
      const strict = await startMockServer({ apiKey: "sk-right" });
      try {
        const wrong = await fetch(`${strict.url}/v1/videos/video_1`, {
          headers: { authorization: "Bearer sk-wrong-secret" },
        });
        const text = await wrong.clone().text();
        expect(text).not.toContain("sk-wrong-secret");
        expect(text).not.toContain("sk-right");
        await expectError(wrong, 401, "invalid_api_key");
        const right = await fetch(`${strict.url}/v1/videos/video_1`, { headers: { authorization: "Bearer sk-right" } });
        await expectError(right, 404, "video_not_found");
        expect(JSON.stringify(strict.requests)).not.toContain("sk-");
      } finally {
        await strict.close();
      }
    });
  });

  describe("request validation", () => {
    it("names every invalid field, its value and what is allowed", async () => {
      const form = new FormData();
      form.set("model", "sora-2");
      form.set("size", "999x999");
      form.set("seconds", "5");
      const error = await expectError(await create(form), 400);
      expect(error.message).toContain("Missing required parameter: 'prompt'");
      expect(error.message).toContain(`'size': "999x999". Allowed: "720x1280", "1280x720"`);
      expect(error.message).toContain(`'seconds': "5". Allowed: "4", "8", "12"`);
      expect(error.param).toBe("prompt");
    });

    it("refuses a URL string as input_reference with invalid_type", async () => {
      const form = createForm();
      form.set("input_reference", "https://example.com/frame.png");
      const error = await expectError(await create(form), 400, "invalid_type");
      expect(error.param).toBe("input_reference");
    });

    it("refuses a file type the spec's encoding does not allow", async () => {
      const bytes = readFileSync(mediaPath("reference-720x1280.png"));
      const form = createForm({}, new File([bytes], "frame.bin", { type: "application/octet-stream" }));
      const error = await expectError(await create(form), 400, "invalid_file_type");
      expect(error.message).toContain("image/jpeg, image/png, image/webp");
    });

    it("refuses a reference image whose pixel size differs from size, in upstream's words", async () => {
      const error = await expectError(await create(createForm({ size: "720x1280" }, "reference-1280x720.png")), 400);
      expect(error.message).toContain("Inpaint image must match the requested width and height");
      expect(error.param).toBe("input_reference");
    });

    it("refuses bytes that are not the declared image type, or no image at all", async () => {
      const jpeg = readFileSync(mediaPath("reference-720x1280.jpg"));
      await expectError(
        await create(createForm({}, new File([jpeg], "frame.png", { type: "image/png" }))),
        400,
        "invalid_image",
      );
      const text = new File(["not an image"], "frame.png", { type: "image/png" });
      await expectError(await create(createForm({}, text)), 400, "invalid_image");
    });

    it.each(["png", "jpg", "webp"] as const)("accepts a matching %s reference image and records it", async (format) => {
      const response = await create(createForm({ size: "1280x720" }, `reference-1280x720.${format}`));
      expect(response.status).toBe(200);
      const { id } = (await response.json()) as Video;
      expect(server.videos.get(id)?.input_reference).toMatchObject({
        filename: `reference-1280x720.${format}`,
        width: 1280,
        height: 720,
        bytes: mediaFile(`reference-1280x720.${format}`).size,
      });
    });

    it("answers 415 for a body in the wrong Content-Type", async () => {
      const text = await fetch(`${server.url}/v1/videos`, {
        method: "POST",
        headers: { ...auth, "content-type": "text/plain" },
        body: "model=sora-2",
      });
      // createVideo takes Sora's form and the other families' JSON.
      expect((await expectError(text, 415, "unsupported_media_type")).message).toContain(
        "multipart/form-data or application/json",
      );
      const { id } = await createVideo();
      const form = await fetch(`${server.url}/v1/videos/${id}/remix`, {
        method: "POST",
        headers: auth,
        body: createForm(),
      });
      await expectError(form, 415, "unsupported_media_type");
    });

    it("answers 400 for malformed JSON and a malformed multipart body", async () => {
      const { id } = await createVideo();
      server.advance(5000);
      const json = await fetch(`${server.url}/v1/videos/${id}/remix`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: "{not json",
      });
      await expectError(json, 400, "invalid_json");
      const multipart = await fetch(`${server.url}/v1/videos`, {
        method: "POST",
        headers: { ...auth, "content-type": "multipart/form-data" },
        body: "no boundary",
      });
      await expectError(multipart, 400, "invalid_multipart");
    });

    it("answers 413 beyond the upload limits, after reading the body", async () => {
      const small = await startMockServer({ limits: { fileSize: 1000, fieldSize: 64 } });
      try {
        const big = await fetch(`${small.url}/v1/videos`, {
          method: "POST",
          headers: auth,
          body: createForm({ size: "1280x720" }, "reference-1280x720.png"),
        });
        expect((await expectError(big, 413, "request_too_large")).param).toBe("input_reference");
        const longPrompt = createForm({ prompt: "x".repeat(100) });
        await expectError(
          await fetch(`${small.url}/v1/videos`, { method: "POST", headers: auth, body: longPrompt }),
          413,
        );
        expect(small.videos.size).toBe(0);
      } finally {
        await small.close();
      }
    });
  });

  it("streams a large upload without holding it, and still reads its header", async () => {
    const png = readFileSync(mediaPath("reference-1280x720.png"));
    const padded = new File([png, new Uint8Array(20 * 1024 * 1024)], "big.png", { type: "image/png" });
    // Its own server, so a new connection: fetch may otherwise send the 20 MB on a keep-alive connection idle
    // since the tests above (seconds, on a busy machine), which the server closes at its 5 s keep-alive timeout.
    const fresh = await startMockServer({ timeScale: 0 });
    try {
      const response = await fetch(`${fresh.url}/v1/videos`, {
        method: "POST",
        headers: auth,
        body: createForm({ size: "1280x720" }, padded),
      });
      expect(response.status).toBe(200);
      const { id } = (await response.json()) as Video;
      expect(fresh.videos.get(id)?.input_reference?.bytes).toBe(padded.size);
    } finally {
      await fresh.close();
    }
  });

  it("puts a unique x-request-id on every response, errors included, and logs it", async () => {
    const ok = await create();
    const missing = await fetch(`${server.url}/v1/videos/video_x`, { headers: auth });
    const unauthorized = await fetch(`${server.url}/v1/videos/video_x`);
    const ids = [ok, missing, unauthorized].map((response) => response.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(3);
    expect(server.requests.map((request) => request.request_id)).toEqual(ids);
    expect(server.requests.map((request) => [request.operation, request.status])).toEqual([
      ["createVideo", 200],
      ["getVideoStatus", 404],
      ["getVideoStatus", 401],
    ]);
  });

  describe("Idempotency-Key", () => {
    it("returns the same job for a repeated create with the same key", async () => {
      const first = (await (await create(createForm(), { "idempotency-key": "key-1" })).json()) as Video;
      server.advance(1500);
      const again = (await (await create(createForm(), { "idempotency-key": "key-1" })).json()) as Video;
      expect(again.id).toBe(first.id);
      expect(again.status).toBe("in_progress");
      expect(server.videos.size).toBe(1);
      expect(server.videos.get(first.id)?.idempotency_key).toBe("key-1");
      const other = (await (await create(createForm(), { "idempotency-key": "key-2" })).json()) as Video;
      expect(other.id).not.toBe(first.id);
    });

    it("returns the same job for a repeated remix with the same key", async () => {
      const { id } = await createVideo();
      server.advance(5000);
      const remix = () =>
        fetch(`${server.url}/v1/videos/${id}/remix`, {
          method: "POST",
          headers: { ...auth, "content-type": "application/json", "idempotency-key": "remix-1" },
          body: JSON.stringify({ model: "sora-2", prompt: "snow" }),
        }).then((response) => response.json() as Promise<Video>);
      const [a, b] = await Promise.all([remix(), remix()]);
      expect(a.id).toBe(b.id);
      expect(server.videos.size).toBe(2);
    });

    it("refuses a key reused for a different request", async () => {
      await create(createForm({ prompt: "a fox" }), { "idempotency-key": "key-x" });
      const error = await expectError(
        await create(createForm({ prompt: "a cat" }), { "idempotency-key": "key-x" }),
        400,
      );
      expect(error.code).toBe("idempotency_key_reused");
      expect(server.videos.size).toBe(1);
    });
  });

  describe("videos (test controls)", () => {
    it("lists and inspects jobs with what their request carried", async () => {
      const a = await createVideo({ prompt: "first" });
      const b = await createVideo({ prompt: "second" });
      expect(server.videos.list().map((job) => [job.video.id, job.prompt])).toEqual([
        [a.id, "first"],
        [b.id, "second"],
      ]);
      expect(server.videos.get("video_missing")).toBeUndefined();
    });

    it("completes, fails and cancels a running job now", async () => {
      const [a, b, c] = await Promise.all([createVideo(), createVideo(), createVideo()]);
      server.videos.complete(a.id);
      server.videos.fail(b.id, { code: "moderation_blocked", message: "Blocked." });
      server.videos.cancel(c.id);
      expect((await retrieve(a.id)).status).toBe("completed");
      expect(await retrieve(b.id)).toMatchObject({
        status: "failed",
        error: { code: "moderation_blocked", message: "Blocked." },
      });
      expect((await retrieve(c.id)).status).toBe("cancelled");
      expect((await content(a.id)).status).toBe(200);
      await expectError(await content(b.id), 400, "video_failed");
      await expectError(await content(c.id), 400, "video_cancelled");
      expect(() => server.videos.complete(b.id)).toThrow(/is failed; only a running job can change/);
      expect(() => server.videos.fail("video_missing")).toThrow(/no video "video_missing"/);
    });

    it("reset forgets jobs, keys and requests", async () => {
      await create(createForm(), { "idempotency-key": "k" });
      server.reset();
      expect(server.videos.size).toBe(0);
      expect(server.requests).toEqual([]);
      const again = await create(createForm({ prompt: "different" }), { "idempotency-key": "k" });
      expect(again.status).toBe(200);
    });
  });

  it("answers CORS preflights so browser pages can call it", async () => {
    const preflight = await fetch(`${server.url}/v1/videos`, {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:9999",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, idempotency-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization, idempotency-key");
    const response = await create();
    expect(response.headers.get("access-control-expose-headers")).toContain("x-request-id");
  });

  it("allows DELETE in CORS preflights, for deleting from a browser page", async () => {
    const preflight = await fetch(`${server.url}/v1/videos/video_1`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:9999", "access-control-request-method": "DELETE" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")?.split(", ")).toEqual(
      expect.arrayContaining(["GET", "POST", "DELETE", "OPTIONS"]),
    );
  });

  it("refuses a bad port and a busy one", async () => {
    await expect(startMockServer({ port: 70000 })).rejects.toThrow(/port: 70000 is not allowed/);
    const port = Number(new URL(server.url).port);
    await expect(startMockServer({ port })).rejects.toThrow(/EADDRINUSE/);
  });

  it("close() stops listening and ends open connections", async () => {
    const temporary = await startMockServer({ scenarios: ["hang"] });
    const hanging = fetch(`${temporary.url}/v1/videos/video_1`, { headers: auth });
    // The mock logs a request once it has decided to hang it: from then on the connection is open.
    await vi.waitFor(() => expect(temporary.requests).toMatchObject([{ fault: "hang" }]), { timeout: 10_000 });
    await temporary.close();
    await expect(hanging).rejects.toThrow();
    await expect(fetch(`${temporary.url}/v1/videos/video_1`, { headers: auth })).rejects.toThrow();
  });
});
