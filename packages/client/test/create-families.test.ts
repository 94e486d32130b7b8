import { afterEach, describe, expect, it, vi } from "vitest";
import { prepareCreate, TokenOpsValidationError } from "../src/index.js";
import { json, reference, testClient, video } from "./helpers.js";

/** What the server got: the media type and the exact body text. */
const sent = async (request: Request | undefined) => ({
  type: request?.headers.get("content-type"),
  text: await request?.text(),
});

/** A created job as a JSON family answers it (D1: no created_at, model or progress). */
const created = () => json({ id: "cgt-20251110203910-nmfp7", object: "video", status: "in_queue" });

describe("videos.create sends each TokenOps page's example body byte for byte, as JSON", () => {
  const examples = {
    "Seedance (D1)": {
      model: "doubao-seedance-1-0-pro-250528",
      content: [{ type: "text", text: "A cat in a garden" }],
    },
    "Seedance (D2)": {
      model: "doubao-seedance-2-0-260128",
      content: [
        { type: "text", text: "A paper boat on a rainy street" },
        { type: "image_url", image_url: { url: "https://example.com/first.png" }, role: "first_frame" },
      ],
      ratio: "16:9",
      duration: 5,
      resolution: "720p",
      watermark: false,
      generate_audio: true,
    },
    "Jimeng (J1)": {
      model: "jimeng-video-3.0-pro",
      prompt: "A cat in a garden",
      req_key: "jimeng_ti2v_v30_pro",
      seed: -1,
      frames: 121,
      aspect_ratio: "16:9",
    },
    "Hailuo (H1)": { model: "MiniMax-Hailuo-2.3", prompt: "A cat [推进]", seconds: "6" },
  } as const;

  for (const [page, body] of Object.entries(examples)) {
    it(page, async () => {
      const { client, requests } = testClient(created);
      const job = await client.videos.create(body as never);
      expect(job).toStrictEqual({ id: "cgt-20251110203910-nmfp7", object: "video", status: "in_queue" });
      expect(requests).toHaveLength(1);
      expect(requests[0]?.method).toBe("POST");
      expect(new URL(requests[0]?.url ?? "").pathname).toBe("/v1/videos");
      expect(await sent(requests[0])).toStrictEqual({ type: "application/json", text: JSON.stringify(body) });
    });
  }
});

describe("videos.create maps the common params to each family's native body", () => {
  const common = { prompt: "A cat", seconds: 10, ratio: "16:9" } as const;

  it("Seedance: a text item, duration, ratio, resolution, generate_audio, image items by role", async () => {
    const { client, requests } = testClient(created);
    await client.videos.create({
      model: "doubao-seedance-1-5-pro-251215",
      ...common,
      resolution: "1080p",
      audio: true,
      image: "https://example.com/a.png",
      lastFrame: "https://example.com/b.png",
    });
    const { type, text } = await sent(requests[0]);
    expect(type).toBe("application/json");
    expect(JSON.parse(text ?? "")).toStrictEqual({
      model: "doubao-seedance-1-5-pro-251215",
      content: [
        { type: "text", text: "A cat" },
        { type: "image_url", image_url: { url: "https://example.com/a.png" }, role: "first_frame" },
        { type: "image_url", image_url: { url: "https://example.com/b.png" }, role: "last_frame" },
      ],
      duration: 10,
      ratio: "16:9",
      resolution: "1080p",
      generate_audio: true,
    });
  });

  it("Jimeng: prompt, aspect_ratio, seconds and the req_key for text", async () => {
    const { client, requests } = testClient(created);
    await client.videos.create({ model: "jimeng-video-3.0-1080P", ...common });
    expect(JSON.parse((await sent(requests[0])).text ?? "")).toStrictEqual({
      model: "jimeng-video-3.0-1080P",
      aspect_ratio: "16:9",
      prompt: "A cat",
      req_key: "jimeng_t2v_v30_1080p",
      seconds: 10,
    });
  });

  it("Hailuo: prompt, seconds as a string, a File as a base64 image item", async () => {
    const { client, requests } = testClient(created);
    const bytes = reference("1280x720");
    const image = new File([bytes], "first.png", { type: "image/png" });
    await client.videos.create({ model: "MiniMax-Hailuo-02", prompt: "A cat", seconds: 10, image });
    const { type, text } = await sent(requests[0]);
    expect(type).toBe("application/json");
    expect(JSON.parse(text ?? "")).toStrictEqual({
      model: "MiniMax-Hailuo-02",
      prompt: "A cat",
      seconds: "10",
      content: [
        { type: "image_url", image_url: { url: `data:image/png;base64,${Buffer.from(bytes).toString("base64")}` } },
      ],
    });
  });

  describe("a File's data URL is the same whichever encoder the runtime has", () => {
    afterEach(() => vi.unstubAllGlobals());
    // Longer than btoa's chunk of 32 KiB and not a multiple of 3, with every byte value.
    const bytes = Uint8Array.from({ length: 0x8000 * 2 + 7 }, (_, i) => (i * 7919) % 256);
    const expected = `data:image/png;base64,${Buffer.from(bytes).toString("base64")}`;
    const urlOf = async () => {
      const image = new File([bytes], "first.png", { type: "image/png" });
      const { body } = await prepareCreate({ model: "MiniMax-Hailuo-02", image }, { validate: false });
      return (body.content as Array<{ image_url: { url: string } }>)[0]?.image_url.url;
    };

    it("Buffer (Node, Bun)", async () => {
      expect(await urlOf()).toBe(expected);
    });

    it("btoa, where there is no Buffer (a browser without Uint8Array#toBase64)", async () => {
      vi.stubGlobal("Buffer", undefined);
      expect(await urlOf()).toBe(expected);
    });
  });

  it("Sora-2: multipart, ratio to size, seconds to the form's string, image to input_reference", async () => {
    const { client, requests } = testClient(() => json(video()));
    const image = new File([reference("1280x720")], "first.png", { type: "image/png" });
    await client.videos.create({ model: "sora-2", prompt: "A cat", seconds: 8, ratio: "16:9", image });
    expect(requests[0]?.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const form = await requests[0]?.formData();
    expect([...(form?.keys() ?? [])]).toStrictEqual(["model", "prompt", "size", "seconds", "input_reference"]);
    expect([
      form?.get("size"),
      form?.get("seconds"),
      (form?.get("input_reference") as File | undefined)?.size,
    ]).toStrictEqual(["1280x720", "8", image.size]);
  });

  it("createAndWait creates a JSON family's job and waits through in_queue and processing (no progress)", async () => {
    const statuses = ["in_queue", "processing", "processing", "completed"];
    const seen: unknown[] = [];
    const { client, requests } = testClient((request) =>
      request.method === "POST"
        ? created()
        : json({ id: "cgt-20251110203910-nmfp7", object: "video", status: statuses.shift() }),
    );
    const done = await client.videos.createAndWait(
      { model: "doubao-seedance-1-0-pro-250528", prompt: "A cat" },
      { pollIntervalMs: 0, onProgress: (job) => seen.push(job) },
    );
    expect(done.status).toBe("completed");
    expect(requests[0]?.headers.get("content-type")).toBe("application/json");
    // The created job, then each change of status; no invented progress.
    expect(seen).toStrictEqual([
      { id: "cgt-20251110203910-nmfp7", object: "video", status: "in_queue" },
      { id: "cgt-20251110203910-nmfp7", object: "video", status: "processing" },
      { id: "cgt-20251110203910-nmfp7", object: "video", status: "completed" },
    ]);
  });
});

describe("videos.create before sending", () => {
  it("refuses what the model cannot do, naming the model, and sends nothing", async () => {
    const { client, requests } = testClient(created);
    const error = await client.videos
      .create({ model: "doubao-seedance-2-0-fast-260128", prompt: "A cat", resolution: "1080p" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenOpsValidationError);
    expect(error).toMatchObject({ field: "resolution", model: "doubao-seedance-2-0-fast-260128" });
    expect(requests).toHaveLength(0);
  });

  it("validate: false sends anything, as JSON for a JSON family", async () => {
    const { client, requests } = testClient(created);
    const params = { model: "MiniMax-Hailuo-02", prompt: "A cat", seconds: 8, resolution: "4K" } as never;
    await client.videos.create(params, { validate: false });
    expect(await sent(requests[0])).toStrictEqual({
      type: "application/json",
      text: '{"model":"MiniMax-Hailuo-02","prompt":"A cat","seconds":"8","resolution":"4K"}',
    });
  });

  it("a model of no known family: its params as given, JSON, no family checks", async () => {
    const { client, requests } = testClient(created);
    await client.videos.create({ model: "kling-v2", prompt: "A cat", mode: "pro", duration: 99, cfg_scale: 0.5 });
    expect(await sent(requests[0])).toStrictEqual({
      type: "application/json",
      text: '{"model":"kling-v2","prompt":"A cat","mode":"pro","duration":99,"cfg_scale":0.5}',
    });
  });
});
