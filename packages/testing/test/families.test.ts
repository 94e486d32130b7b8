import { errorCodes, modelFamilies } from "@tokenops/contract";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMockApi, type Video } from "../src/index.js";
import { handlers } from "../src/msw.js";
import { auth, mockServerPerFile, mp4Info, schemaValidator } from "./helpers.js";

const mock = mockServerPerFile();

/** TokenOps' example bodies, one per family (the pages D1, J1, H1 of spec/extensions/README.md; the prompts shortened). */
const pageExamples = {
  // D1's answer names the model with dashes; its request example has no duration, resolution or ratio.
  seedance: {
    model: "doubao-seedance-1-0-pro-250528",
    content: [{ type: "text", text: "A detective walks into a dim room and looks at the camera." }],
  },
  jimeng: {
    model: "jimeng-video-3.0-pro",
    prompt: "A cat stretches on a sunny windowsill.",
    req_key: "jimeng_ti2v_v30_pro",
    seed: -1,
    frames: 121,
    aspect_ratio: "16:9",
  },
  hailuo: { model: "MiniMax-Hailuo-2.3", prompt: "A man picks up a book [推进], then reads it.", seconds: "6" },
} as const;

const createJson = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${mock.server.url}/v1/videos`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

async function created(body: unknown, headers: Record<string, string> = {}): Promise<Video> {
  const response = await createJson(body, headers);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Video;
}

async function poll(id: string): Promise<Video> {
  const response = await mock.api.retrieve(id);
  expect(response.status).toBe(200);
  const video = (await response.json()) as Video;
  const validate = schemaValidator("VideoStatusResponse");
  expect(validate(video), JSON.stringify(validate.errors)).toBe(true);
  return video;
}

/** The job's MP4, read back: its pixel size and how long its frames really play. */
async function downloaded(id: string) {
  const response = await mock.api.content(id);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("video/mp4");
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(Number(response.headers.get("content-length"))).toBe(bytes.byteLength);
  return mp4Info(bytes);
}

function expectVideo(info: Awaited<ReturnType<typeof downloaded>>, ratio: string, seconds: number) {
  const [a, b] = ratio.split(":").map(Number) as [number, number];
  expect(info.codec).toMatch(/^avc1\./);
  expect(info.width * b, `${info.width}x${info.height} is ${ratio}`).toBe(info.height * a);
  expect(info.duration).toBeCloseTo(seconds, 3);
  expect(info.trackDuration).toBeCloseTo(seconds, 3);
  expect(info.samples).toBe(seconds * 4);
}

describe("TokenOps' page examples, per family", () => {
  it("Seedance (D1): in_queue → processing → completed with usage, no progress, a 5 s 16:9 MP4", async () => {
    const video = await created(pageExamples.seedance);
    expect(Object.keys(video)).toEqual(["id", "object", "status"]);
    expect(video).toEqual({
      id: expect.stringMatching(/^cgt-\d{14}-[a-z0-9]{5}$/),
      object: "video",
      status: "in_queue",
    });

    expect(await poll(video.id)).toEqual({
      id: video.id,
      object: "video",
      created_at: expect.any(Number),
      model: pageExamples.seedance.model,
      status: "in_queue",
    });
    mock.server.advance(1_500);
    const running = await poll(video.id);
    expect(running.status).toBe("processing");
    expect(running).not.toHaveProperty("progress");
    mock.server.advance(4_000);
    const done = await poll(video.id);
    // D1's own numbers: 1-0-pro at its default 1080p, 16:9, 5 s.
    expect(done).toEqual({
      id: video.id,
      object: "video",
      created_at: expect.any(Number),
      model: pageExamples.seedance.model,
      status: "completed",
      usage: { completion_tokens: 246840, total_tokens: 246840 },
    });
    expectVideo(await downloaded(video.id), "16:9", 5);
  });

  it("Jimeng (J1): a numeric id, in_queue → processing → completed, no progress, a 5 s 16:9 MP4", async () => {
    const video = await created(pageExamples.jimeng);
    expect(video).toEqual({
      id: expect.stringMatching(/^[1-9]\d{19}$/),
      object: "video",
      created_at: Math.floor(mock.server.now() / 1000),
      status: "in_queue",
    });
    expect(await poll(video.id)).toEqual({ id: video.id, object: "video", status: "in_queue" });
    mock.server.advance(1_500);
    expect(await poll(video.id)).toEqual({ id: video.id, object: "video", status: "processing" });
    mock.server.advance(4_000);
    expect(await poll(video.id)).toEqual({ id: video.id, object: "video", status: "completed" });
    expectVideo(await downloaded(video.id), "16:9", 5);
  });

  it("Hailuo (H1): the family shape, in_queue → processing → completed, a 6 s MP4", async () => {
    const video = await created(pageExamples.hailuo);
    expect(video).toEqual({ id: expect.stringMatching(/^[1-9]\d{14}$/), object: "video", status: "in_queue" });
    mock.server.advance(1_500);
    expect(await poll(video.id)).toEqual({ id: video.id, object: "video", status: "processing" });
    mock.server.advance(4_000);
    expect(await poll(video.id)).toEqual({ id: video.id, object: "video", status: "completed" });
    expectVideo(await downloaded(video.id), "16:9", 6);
  });

  it("Sora stays as it was: a video_<32 hex> id, queued → in_progress with progress → completed", async () => {
    const video = await mock.api.createVideo({ size: "1280x720", seconds: "8" });
    expect(video).toMatchObject({ id: expect.stringMatching(/^video_[0-9a-f]{32}$/), status: "queued", progress: 0 });
    mock.server.advance(3_000);
    expect(await poll(video.id)).toMatchObject({ status: "in_progress", progress: 50 });
    mock.server.advance(2_000);
    expect(await poll(video.id)).toMatchObject({ status: "completed", progress: 100 });
    expect(await downloaded(video.id)).toMatchObject({ width: 1280, height: 720, duration: 8 });
  });
});

describe("the MP4 of each ratio and duration", () => {
  it.each([
    [{ ...pageExamples.seedance, ratio: "9:16", duration: 12 }, "9:16", 12],
    [{ ...pageExamples.seedance, model: "doubao-seedance-2-0-260128", ratio: "21:9", duration: 15 }, "21:9", 15],
    [{ ...pageExamples.seedance, ratio: "4:3", duration: 2, resolution: "480p" }, "4:3", 2],
    [{ ...pageExamples.seedance, ratio: "adaptive", duration: 7 }, "16:9", 7],
    [{ ...pageExamples.jimeng, aspect_ratio: "3:4", frames: 241 }, "3:4", 10],
    [{ ...pageExamples.jimeng, aspect_ratio: undefined, seconds: "10", frames: undefined, size: "720x720" }, "1:1", 10],
    [{ ...pageExamples.hailuo, seconds: "10" }, "16:9", 10],
    [{ model: "kling-v2", prompt: "a fox", aspect_ratio: "9:16", duration: 3 }, "9:16", 3],
  ])("%j plays %s for %i s", async (body, ratio, seconds) => {
    const video = await created(body);
    mock.server.advance(5_000);
    expect((await poll(video.id)).status).toBe("completed");
    expectVideo(await downloaded(video.id), ratio, seconds);
  });

  it("Seedance's usage follows resolution, ratio and duration: width × height × (24 × seconds + 1) / 1024", async () => {
    const video = await created({ ...pageExamples.seedance, resolution: "720p", duration: 10 });
    mock.server.advance(5_000);
    const tokens = Math.floor((1280 * 720 * 241) / 1024);
    expect((await poll(video.id)).usage).toEqual({ completion_tokens: tokens, total_tokens: tokens });
  });

  it("a JSON family's thumbnail is Sora's of the same orientation", async () => {
    const video = await created({ ...pageExamples.seedance, ratio: "9:16" });
    mock.server.advance(5_000);
    const response = await mock.api.content(video.id, "?variant=thumbnail");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
  });
});

/** A bad value of each family: the field TokenOps' 2004 names. */
const badValues: Array<[string, Record<string, unknown>, string]> = [
  ["seedance duration beyond 1-0-pro's 2–12 s", { ...pageExamples.seedance, duration: 20 }, "duration"],
  [
    "seedance duration under 2-0's 4 s",
    { ...pageExamples.seedance, model: "doubao-seedance-2-0-260128", duration: 3 },
    "duration",
  ],
  ["seedance duration as a string", { ...pageExamples.seedance, duration: "5" }, "duration"],
  [
    "seedance 1080p on 2-0-fast",
    { ...pageExamples.seedance, model: "doubao-seedance-2-0-fast-260128", resolution: "1080p" },
    "resolution",
  ],
  ["seedance ratio outside Ark's", { ...pageExamples.seedance, ratio: "5:4" }, "ratio"],
  ["seedance without content", { model: pageExamples.seedance.model }, "content"],
  [
    "seedance without a text item",
    {
      model: pageExamples.seedance.model,
      content: [{ type: "image_url", image_url: { url: "https://example.com/a.png" }, role: "first_frame" }],
    },
    "prompt",
  ],
  ["seedance sound on 1-0-pro", { ...pageExamples.seedance, generate_audio: true }, "generate_audio"],
  [
    "seedance last frame on 1-0-pro-fast",
    {
      model: "doubao-seedance-1-0-pro-fast-251015",
      content: [
        ...pageExamples.seedance.content,
        { type: "image_url", image_url: { url: "https://example.com/a.png" }, role: "last_frame" },
      ],
    },
    "content.1.role",
  ],
  [
    "seedance video reference on 1-5-pro",
    {
      model: "doubao-seedance-1-5-pro-251215",
      content: [
        ...pageExamples.seedance.content,
        { type: "video_url", video_url: { url: "https://example.com/a.mp4" }, role: "reference_video" },
      ],
    },
    "content.1.role",
  ],
  ["jimeng req_key of another model", { ...pageExamples.jimeng, req_key: "jimeng_t2v_v30" }, "req_key"],
  ["jimeng frames other than 121 or 241", { ...pageExamples.jimeng, frames: 120 }, "frames"],
  ["jimeng seconds other than 5 or 10", { ...pageExamples.jimeng, frames: undefined, seconds: 7 }, "seconds"],
  ["jimeng seconds against frames", { ...pageExamples.jimeng, seconds: 10 }, "frames"],
  ["jimeng without prompt", { ...pageExamples.jimeng, prompt: undefined }, "prompt"],
  [
    "jimeng first-frame key without an image",
    { ...pageExamples.jimeng, model: "jimeng-video-3.0-720P", req_key: "jimeng_i2v_first_v30" },
    "image_urls",
  ],
  ["jimeng size of no known ratio", { ...pageExamples.jimeng, aspect_ratio: undefined, size: "1000x700" }, "size"],
  ["hailuo seconds other than 6 or 10", { ...pageExamples.hailuo, seconds: "8" }, "seconds"],
  ["hailuo resolution it does not make", { ...pageExamples.hailuo, resolution: "720P" }, "resolution"],
  ["hailuo without a prompt", { model: "MiniMax-Hailuo-02" }, "prompt"],
  [
    "hailuo prompt and content text both",
    { ...pageExamples.hailuo, content: [{ type: "text", text: "a cat" }] },
    "prompt",
  ],
  [
    "hailuo prompt over 2000 characters",
    { ...pageExamples.hailuo, prompt: "x".repeat(modelFamilies.hailuo.promptMaxLength + 1) },
    "prompt",
  ],
  [
    "hailuo a last frame",
    { ...pageExamples.hailuo, last_frame_image: "https://example.com/a.png" },
    "last_frame_image",
  ],
  ["no model", { prompt: "a fox" }, "model"],
  ["an unknown family without a prompt", { model: "kling-v2" }, "prompt"],
];

describe("bad values: TokenOps' 2004, naming the field", () => {
  it.each(badValues)("%s → 400 2004 naming %s", async (_, body, field) => {
    const response = await createJson(body);
    expect(response.status).toBe(400);
    const envelope = await response.json();
    const validate = schemaValidator("ErrorResponse");
    expect(validate(envelope), JSON.stringify(validate.errors)).toBe(true);
    expect(envelope.error).toMatchObject({ code: 2004, type: errorCodes[2004].type, param: field });
    expect(envelope.error.message).toContain(field.split(".")[0]);
    expect(mock.server.videos.size).toBe(0);
  });

  it("sora-2 as JSON is a 400 (2005) saying it takes multipart/form-data", async () => {
    const response = await createJson({ model: "sora-2", prompt: "a fox" });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: 2005,
      message: expect.stringMatching(/multipart\/form-data/),
    });
  });

  it("a model of no known family is taken with a model and a prompt or text item", async () => {
    const video = await created({ model: "kling-v2", content: [{ type: "text", text: "a fox" }] });
    expect(video).toMatchObject({
      id: expect.stringMatching(/^video_[0-9a-f]{32}$/),
      model: "kling-v2",
      status: "in_queue",
    });
    expect(video).not.toHaveProperty("progress");
  });
});

describe("JSON jobs like any other", () => {
  it("a repeated Idempotency-Key returns the same job, in the create's shape", async () => {
    const headers = { "idempotency-key": "seedance-once" };
    const first = await created(pageExamples.seedance, headers);
    expect(await created(pageExamples.seedance, headers)).toEqual(first);
    expect(mock.server.videos.size).toBe(1);
    const other = await createJson({ ...pageExamples.seedance, duration: 6 }, headers);
    expect(other.status).toBe(400);
  });

  it("a prompt scenario in a content text item reaches the job; a failed job carries error and no progress", async () => {
    const video = await created({
      ...pageExamples.seedance,
      content: [{ type: "text", text: "a fox [mock: fail;code=content_blocked]" }],
    });
    mock.server.advance(5_000);
    const failed = await poll(video.id);
    expect(failed).toMatchObject({ status: "failed", error: { code: "content_blocked" } });
    expect(failed).not.toHaveProperty("progress");
    expect(failed).not.toHaveProperty("usage");
  });

  it("lists and deletes every family's jobs, each in its own shape", async () => {
    const seedance = await created(pageExamples.seedance);
    const jimeng = await created(pageExamples.jimeng);
    const sora = await mock.api.createVideo();
    mock.server.advance(5_000);
    const page = await (await mock.api.list({ order: "asc" })).json();
    expect(page.data.map((video: Video) => [video.id, video.status, "progress" in video])).toEqual([
      [seedance.id, "completed", false],
      [jimeng.id, "completed", false],
      [sora.id, "completed", true],
    ]);
    expect((await mock.api.delete(jimeng.id)).status).toBe(200);
    expect((await mock.api.retrieve(jimeng.id)).status).toBe(404);
  });

  it("videos.complete settles a running JSON job at once", async () => {
    const video = await created(pageExamples.hailuo);
    mock.server.videos.complete(video.id);
    expect((await poll(video.id)).status).toBe("completed");
  });

  it("remix of a non-Sora job is a 400 saying remix is documented for Sora only", async () => {
    const video = await created(pageExamples.seedance);
    mock.server.advance(5_000);
    const response = await mock.api.remix(video.id);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      param: "video_id",
      message: expect.stringMatching(/remix is documented for Sora \(sora-2\) only/),
    });
    expect(mock.server.videos.size).toBe(1);
  });
});

describe("error-code scenarios", () => {
  it.each(Object.entries(errorCodes))("error-code;code=%s answers its status, type and meaning", async (code, fact) => {
    const response = await createJson(pageExamples.jimeng, { "x-mock-scenario": `error-code;code=${code}` });
    expect(response.status).toBe(fact.status);
    const envelope = await response.json();
    expect(schemaValidator("ErrorResponse")(envelope)).toBe(true);
    expect(envelope.error).toEqual({ code: Number(code), type: fact.type, message: fact.meaning, param: null });
    // The per-minute limits say when to come back.
    expect(response.headers.get("retry-after")).toBe(fact.retry === "rate-limit" ? "1" : null);
    expect(mock.server.videos.size).toBe(0);
  });

  it("on any operation, once per request, with its own message and Retry-After; then the retry succeeds", async () => {
    const video = await created(pageExamples.seedance);
    const scenario = {
      "x-mock-scenario": 'error-code;code=2003;operation=getVideoStatus;retry-after=3;message="slow"',
    };
    const first = await mock.api.retrieve(video.id, scenario);
    expect(first.status).toBe(424);
    expect(first.headers.get("retry-after")).toBe("3");
    expect((await first.json()).error).toMatchObject({ code: 2003, message: "slow" });
    expect((await mock.api.retrieve(video.id, scenario)).status).toBe(200);
  });

  it("for the whole server, with times=always, and in the gateway's envelope", async () => {
    mock.server.scenarios.use("error-code;code=2102;times=always", "gateway-errors");
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await createJson(pageExamples.hailuo);
      expect(response.status).toBe(403);
      expect((await response.json()).error).toMatchObject({ code: 2102, message: errorCodes[2102].meaning });
    }
  });

  it("a code TokenOps does not document is a 400 naming the known ones", async () => {
    const response = await createJson(pageExamples.hailuo, { "x-mock-scenario": "error-code;code=2999" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(
      /code=2999 is not allowed; use one of TokenOps' codes 2001, .*2103/,
    );
  });
});

describe("over MSW", () => {
  const baseUrl = "http://127.0.0.1:9/tokenops";
  const inProcess = createMockApi({ timeScale: 0 });
  const msw = setupServer(...handlers({ baseUrl, api: inProcess }));
  beforeAll(() => msw.listen({ onUnhandledRequest: "error" }));
  afterEach(() => inProcess.reset());
  afterAll(() => msw.close());

  it.each(Object.entries(pageExamples))("%s's example runs to completed and serves its MP4", async (family, body) => {
    const response = await fetch(`${baseUrl}/v1/videos`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const video = (await response.json()) as Video;
    expect(video.status).toBe("in_queue");
    inProcess.advance(5_000);
    const done = await (await fetch(`${baseUrl}/v1/videos/${video.id}`, { headers: auth })).json();
    expect(done.status).toBe("completed");
    expect(done).not.toHaveProperty("progress");
    expect("usage" in done).toBe(family === "seedance");
    const content = await fetch(`${baseUrl}/v1/videos/${video.id}/content`, { headers: auth });
    const info = mp4Info(new Uint8Array(await content.arrayBuffer()));
    expect([info.width, info.height, info.duration]).toEqual([256, 144, family === "hailuo" ? 6 : 5]);
  });

  it("answers 2004 naming the field", async () => {
    const response = await fetch(`${baseUrl}/v1/videos`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ ...pageExamples.hailuo, seconds: "8" }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 2004, param: "seconds" });
  });
});
