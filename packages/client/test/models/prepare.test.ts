import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { TokenOpsValidationError } from "../../src/errors.js";
import { prepareCreate } from "../../src/models/index.js";

const png = async () =>
  new File([await readFile(new URL("../fixtures/frame-72x40.png", import.meta.url))], "frame.png", {
    type: "image/png",
  });

// biome-ignore lint/suspicious/noExplicitAny: refusal tests feed params the types reject.
const refusal = async (params: any, options?: { validate?: boolean }) => {
  const error = await prepareCreate(params, options).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TokenOpsValidationError);
  return (error as TokenOpsValidationError).message;
};

describe("prepareCreate: each TokenOps page's example body, given as native params, is sent exactly", () => {
  it("Seedance (D1): content with one text item, no prompt field", async () => {
    const body = {
      model: "doubao-seedance-1-0-pro-250528",
      content: [{ type: "text" as const, text: "A cat in a garden" }],
    };
    expect(await prepareCreate(body)).toStrictEqual({ contentType: "application/json", body });
  });

  it("Seedance (D1's dotted id): a newer id of the family, checked against the family only", async () => {
    const body = { model: "doubao-seedance-1.0-pro-250528", content: [{ type: "text" as const, text: "A cat" }] };
    expect(await prepareCreate(body as never)).toStrictEqual({ contentType: "application/json", body });
  });

  it("Seedance (D2): every parameter a field", async () => {
    const body = {
      model: "doubao-seedance-2-0-260128",
      content: [
        { type: "text" as const, text: "A paper boat on a rainy street" },
        {
          type: "image_url" as const,
          image_url: { url: "https://example.com/first.png" },
          role: "first_frame" as const,
        },
      ],
      ratio: "16:9" as const,
      duration: 5,
      resolution: "720p" as const,
      watermark: false,
      generate_audio: true,
    };
    expect(await prepareCreate(body)).toStrictEqual({ contentType: "application/json", body });
  });

  it("Jimeng (J1): flat fields with req_key, seed, frames and aspect_ratio", async () => {
    const body = {
      model: "jimeng-video-3.0-pro",
      prompt: "A cat in a garden",
      req_key: "jimeng_ti2v_v30_pro" as const,
      seed: -1,
      frames: 121 as const,
      aspect_ratio: "16:9" as const,
    };
    expect(await prepareCreate(body)).toStrictEqual({ contentType: "application/json", body });
  });

  it("Hailuo (H1): a prompt and seconds, or a content text item and an image item", async () => {
    const body = { model: "MiniMax-Hailuo-2.3", prompt: "A cat [推进]", seconds: "6" as const };
    expect(await prepareCreate(body)).toStrictEqual({ contentType: "application/json", body });
    const content = {
      model: "MiniMax-Hailuo-02",
      content: [
        { type: "text" as const, text: "A cat" },
        { type: "image_url" as const, image_url: { url: "https://example.com/cat.jpg" } },
      ],
    };
    expect(await prepareCreate(content)).toStrictEqual({ contentType: "application/json", body: content });
  });

  it("Sora-2 (S1): multipart fields, seconds as the string the form carries", async () => {
    const params = { model: "sora-2" as const, prompt: "A cat", size: "1280x720" as const, seconds: 8 as const };
    expect(await prepareCreate(params)).toStrictEqual({
      contentType: "multipart/form-data",
      body: { model: "sora-2", prompt: "A cat", size: "1280x720", seconds: "8" },
    });
  });

  it("a model of no known family: JSON, as given", async () => {
    const body = { model: "kling-v2", prompt: "A cat", mode: "pro", cfg_scale: 0.5 };
    expect(await prepareCreate(body)).toStrictEqual({ contentType: "application/json", body });
  });
});

describe("prepareCreate: the common params, mapped to each family's fields", () => {
  it("Seedance: prompt a text item, seconds duration, image and lastFrame image items by role, audio generate_audio", async () => {
    const { body } = await prepareCreate({
      model: "doubao-seedance-1-5-pro-251215",
      prompt: "A cat",
      seconds: "6",
      image: "https://example.com/first.png",
      lastFrame: "https://example.com/last.png",
      ratio: "9:16",
      resolution: "1080p",
      audio: true,
    });
    expect(body).toStrictEqual({
      model: "doubao-seedance-1-5-pro-251215",
      content: [
        { type: "text", text: "A cat" },
        { type: "image_url", image_url: { url: "https://example.com/first.png" }, role: "first_frame" },
        { type: "image_url", image_url: { url: "https://example.com/last.png" }, role: "last_frame" },
      ],
      duration: 6,
      ratio: "9:16",
      resolution: "1080p",
      generate_audio: true,
    });
  });

  it("Seedance: a File becomes a base64 data URL", async () => {
    const image = await png();
    const { body } = await prepareCreate({ model: "doubao-seedance-1-0-pro-fast-251015", prompt: "A cat", image });
    const base64 = Buffer.from(await image.arrayBuffer()).toString("base64");
    expect(body.content).toStrictEqual([
      { type: "text", text: "A cat" },
      { type: "image_url", image_url: { url: `data:image/png;base64,${base64}` }, role: "first_frame" },
    ]);
  });

  it("Jimeng: image URLs to image_urls, ratio to aspect_ratio, req_key chosen by the model and the images", async () => {
    expect(
      (await prepareCreate({ model: "jimeng-video-3.0-720P", prompt: "A cat", seconds: 10, ratio: "1:1" })).body,
    ).toStrictEqual({
      model: "jimeng-video-3.0-720P",
      prompt: "A cat",
      seconds: 10,
      aspect_ratio: "1:1",
      req_key: "jimeng_t2v_v30",
    });
    const first = await prepareCreate({
      model: "jimeng-video-3.0-1080P",
      prompt: "A cat",
      image: "https://example.com/a.png",
    });
    expect(first.body).toStrictEqual({
      model: "jimeng-video-3.0-1080P",
      prompt: "A cat",
      image_urls: ["https://example.com/a.png"],
      req_key: "jimeng_i2v_first_v30_1080",
    });
    const both = await prepareCreate({
      model: "jimeng-video-3.0-720P",
      prompt: "A cat",
      image: "https://example.com/a.png",
      lastFrame: "https://example.com/b.png",
    });
    expect(both.body).toMatchObject({
      image_urls: ["https://example.com/a.png", "https://example.com/b.png"],
      req_key: "jimeng_i2v_first_tail_v30",
    });
  });

  it("Jimeng: a File goes as a content image item (a data URL)", async () => {
    const { body } = await prepareCreate({ model: "jimeng-video-3.0-pro", prompt: "A cat", image: await png() });
    expect(body.req_key).toBe("jimeng_ti2v_v30_pro");
    expect(body.content).toStrictEqual([
      {
        type: "image_url",
        image_url: { url: expect.stringMatching(/^data:image\/png;base64,iVBOR/) },
        role: "first_frame",
      },
    ]);
  });

  it("Hailuo: prompt, seconds as a string, image a content image_url item", async () => {
    const { body } = await prepareCreate({
      model: "MiniMax-Hailuo-2.3",
      prompt: "A cat",
      seconds: 10,
      image: "https://example.com/a.png",
      resolution: "1080P",
    });
    expect(body).toStrictEqual({
      model: "MiniMax-Hailuo-2.3",
      prompt: "A cat",
      seconds: "10",
      resolution: "1080P",
      content: [{ type: "image_url", image_url: { url: "https://example.com/a.png" } }],
    });
  });

  it("Sora-2: image to input_reference, ratio to size", async () => {
    const image = await png();
    const { contentType, body } = await prepareCreate(
      { model: "sora-2", prompt: "A cat", ratio: "9:16", seconds: 4, image },
      { validate: false },
    );
    expect(contentType).toBe("multipart/form-data");
    expect(body).toStrictEqual({
      model: "sora-2",
      prompt: "A cat",
      size: "720x1280",
      seconds: "4",
      input_reference: image,
    });
  });

  it("validate: false skips the checks but still maps and encodes", async () => {
    const { contentType, body } = await prepareCreate(
      { model: "MiniMax-Hailuo-02", prompt: "A cat", seconds: 8, resolution: "4K" } as never,
      { validate: false },
    );
    expect(contentType).toBe("application/json");
    expect(body).toStrictEqual({ model: "MiniMax-Hailuo-02", prompt: "A cat", seconds: "8", resolution: "4K" });
  });
});

describe("prepareCreate refuses, naming the model, the field, the value and what is allowed", () => {
  it("a duration out of the model's range, or not in its list", async () => {
    expect(await refusal({ model: "doubao-seedance-1-5-pro-251215", prompt: "x", seconds: 15 })).toBe(
      "Invalid seconds for doubao-seedance-1-5-pro-251215: got 15; expected a whole number of seconds from 4 to 12.",
    );
    expect(await refusal({ model: "doubao-seedance-2-0-260128", prompt: "x", duration: 3 })).toBe(
      "Invalid duration for doubao-seedance-2-0-260128: got 3; expected a whole number of seconds from 4 to 15.",
    );
    expect(await refusal({ model: "MiniMax-Hailuo-2.3", prompt: "x", seconds: 8 })).toBe(
      "Invalid seconds for MiniMax-Hailuo-2.3: got 8; expected one of 6, 10 seconds.",
    );
    expect(await refusal({ model: "jimeng-video-3.0-pro", prompt: "x", seconds: 7 })).toBe(
      "Invalid seconds for jimeng-video-3.0-pro: got 7; expected one of 5, 10 seconds.",
    );
  });

  it("a resolution the model does not make, naming the models that do", async () => {
    expect(await refusal({ model: "doubao-seedance-2-0-fast-260128", prompt: "x", resolution: "1080p" })).toBe(
      'Invalid resolution for doubao-seedance-2-0-fast-260128: got "1080p"; expected one of 480p, 720p (models that can: doubao-seedance-2-0-260128, doubao-seedance-1-5-pro-251215, doubao-seedance-1-0-pro-250528, doubao-seedance-1-0-pro-fast-251015).',
    );
  });

  it("a last frame, a reference or sound on a model without it, naming the models with it", async () => {
    expect(
      await refusal({ model: "doubao-seedance-1-0-pro-fast-251015", prompt: "x", lastFrame: "https://e.com/b.png" }),
    ).toBe(
      'Invalid lastFrame for doubao-seedance-1-0-pro-fast-251015: got "https://e.com/b.png"; expected no last_frame on this model (models that can: doubao-seedance-2-0-260128, doubao-seedance-2-0-fast-260128, doubao-seedance-1-5-pro-251215, doubao-seedance-1-0-pro-250528, jimeng-video-3.0-720P, jimeng-video-3.0-1080P).',
    );
    expect(await refusal({ model: "sora-2", prompt: "x", lastFrame: await png() })).toMatch(
      /^Invalid lastFrame for sora-2: got a File; expected no last_frame on this model \(models that can: doubao-seedance-2-0-260128, /,
    );
    expect(
      await refusal({
        model: "doubao-seedance-1-0-pro-250528",
        content: [
          { type: "text", text: "x" },
          { type: "video_url", video_url: { url: "https://e.com/v.mp4" }, role: "reference_video" },
        ],
      }),
    ).toMatch(
      /^Invalid content for doubao-seedance-1-0-pro-250528: got \{"type":"video_url","video_url":\{"url":"https:\/\/e.com\/v.mp4"\},"role":"reference_video"\}; expected no reference_video on this model \(models that can: doubao-seedance-2-0-260128, doubao-seedance-2-0-fast-260128\)\.$/,
    );
    expect(await refusal({ model: "doubao-seedance-1-0-pro-250528", prompt: "x", audio: true })).toBe(
      "Invalid audio for doubao-seedance-1-0-pro-250528: got true; expected no sound on this model (models that can: doubao-seedance-2-0-260128, doubao-seedance-2-0-fast-260128, doubao-seedance-1-5-pro-251215).",
    );
    expect(await refusal({ model: "jimeng-video-3.0-1080P", prompt: "x", req_key: "jimeng_i2v_recamera_v30" })).toBe(
      'Invalid req_key for jimeng-video-3.0-1080P: got "jimeng_i2v_recamera_v30"; expected one of jimeng_t2v_v30_1080p, jimeng_i2v_first_v30_1080, jimeng_i2v_first_tail_v30_1080.',
    );
  });

  it("a missing or too long prompt", async () => {
    expect(await refusal({ model: "doubao-seedance-2-0-260128", content: [] })).toBe(
      "Invalid prompt for doubao-seedance-2-0-260128: got undefined; expected a prompt (or a text item in content).",
    );
    expect(await refusal({ model: "MiniMax-Hailuo-2.3", prompt: "x".repeat(2001) })).toBe(
      "Invalid prompt for MiniMax-Hailuo-2.3: got a string of 2001 characters; expected a non-empty prompt of at most 2000 characters.",
    );
    expect(await refusal({ model: "jimeng-video-3.0-pro" })).toBe(
      "Invalid prompt for jimeng-video-3.0-pro: got undefined; expected a prompt (or a text item in content).",
    );
  });

  it("a param given twice, natively and as a common param, even without validation", async () => {
    expect(
      await refusal(
        { model: "doubao-seedance-2-0-260128", prompt: "x", content: [{ type: "text", text: "y" }] },
        { validate: false },
      ),
    ).toBe(
      'Invalid prompt for doubao-seedance-2-0-260128: got "x"; expected either prompt or a text item in content, not both.',
    );
    expect(await refusal({ model: "doubao-seedance-2-0-260128", prompt: "x", seconds: 5, duration: 5 })).toBe(
      "Invalid seconds for doubao-seedance-2-0-260128: got 5; expected either seconds or duration, not both.",
    );
    expect(await refusal({ model: "MiniMax-Hailuo-2.3", prompt: "x", ratio: "16:9" })).toBe(
      'Invalid ratio for MiniMax-Hailuo-2.3: got "16:9"; expected no ratio on MiniMax Hailuo.',
    );
  });

  it("an image over the family's size limit (Hailuo: 10 MB)", async () => {
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], "big.png", { type: "image/png" });
    expect(await refusal({ model: "MiniMax-Hailuo-2.3", prompt: "x", image: big })).toBe(
      "Invalid image for MiniMax-Hailuo-2.3: got 10485761 bytes; expected an image of at most 10485760 bytes.",
    );
  });

  it("Sora-2 keeps checkCreate's checks: the reference image's size must match", async () => {
    expect(await refusal({ model: "sora-2", prompt: "x", image: await png() })).toBe(
      "Invalid input_reference: got 72x40 pixels; expected 720x1280 pixels to match size (its default).",
    );
  });
});
