import { describe, expect, it } from "vitest";
import { type CreateVideoParams, TokenOpsValidationError } from "../src/index.js";
import { fixture, json, reference, testClient, video } from "./helpers.js";

const file = (bytes: Uint8Array<ArrayBuffer>, name: string, type: string) => new File([bytes], name, { type });
const base = { model: "sora-2", prompt: "a cat" };

/** Expects create to refuse the params before sending anything, naming the field. */
async function refuses(params: unknown, field: string, message: RegExp, options = {}) {
  const { client, requests } = testClient(() => json(video()));
  const error = await client.videos.create(params as CreateVideoParams, options).catch((e) => e);
  expect(error).toBeInstanceOf(TokenOpsValidationError);
  expect(error.field).toBe(field);
  expect(error.message).toMatch(message);
  expect(requests).toHaveLength(0);
  return error as TokenOpsValidationError;
}

describe("validation before any request", () => {
  it("refuses a missing or empty prompt or model", async () => {
    await refuses({ model: "sora-2" }, "prompt", /Invalid prompt: got undefined; expected a non-empty string/);
    await refuses({ model: "sora-2", prompt: "  " }, "prompt", /got " {2}"/);
    await refuses({ prompt: "a cat" }, "model", /Invalid model/);
    await refuses({ model: "", prompt: "a cat" }, "model", /Invalid model: got ""/);
    await refuses(undefined, "model", /Invalid model/);
  });

  it("refuses a size outside the spec's enum, listing the allowed ones", async () => {
    const error = await refuses(
      { ...base, size: "999x999" },
      "size",
      /got "999x999"; expected one of 720x1280, 1280x720/,
    );
    expect(error.value).toBe("999x999");
  });

  it('refuses seconds outside 4, 8 and 12, and takes the number 4 as "4"', async () => {
    await refuses({ ...base, seconds: "5" }, "seconds", /got "5"; expected one of 4, 8, 12/);
    await refuses({ ...base, seconds: 6 }, "seconds", /got "6"/);
    const { client, requests } = testClient(() => json(video()));
    await client.videos.create({ ...base, seconds: 4 });
    expect((await requests[0]?.formData())?.get("seconds")).toBe("4");
  });

  it("refuses an input_reference that is not file-like", async () => {
    await refuses({ ...base, input_reference: "https://example.com/cat.png" }, "input_reference", /toFile\(\)/);
    await refuses({ ...base, input_reference: new Uint8Array(8) }, "input_reference", /got a Uint8Array/);
  });

  it("refuses an input_reference that is not JPEG, PNG or WebP", async () => {
    await refuses(
      { ...base, input_reference: file(reference("720x1280"), "frame.gif", "image/gif") },
      "input_reference",
      /got "image\/gif"; expected one of image\/jpeg, image\/png, image\/webp/,
    );
    await refuses(
      { ...base, input_reference: new Blob([reference("720x1280")]) },
      "input_reference",
      /got ""; expected one of image\/jpeg/,
    );
  });

  it("refuses an image whose pixel size differs from size, read from its header", async () => {
    await refuses(
      { ...base, size: "720x1280", input_reference: file(reference("1280x720"), "f.png", "image/png") },
      "input_reference",
      /got 1280x720 pixels; expected 720x1280 pixels to match size/,
    );
    await refuses(
      { ...base, size: "1280x720", input_reference: file(reference("720x1280", "jpg"), "f.jpg", "image/jpeg") },
      "input_reference",
      /got 720x1280 pixels/,
    );
    await refuses(
      {
        ...base,
        size: "1280x720",
        input_reference: file(await fixture("frame-72x40-lossless.webp"), "f.webp", "image/webp"),
      },
      "input_reference",
      /got 72x40 pixels/,
    );
  });

  it("without size, refuses an image that is not the default size the server assumes", async () => {
    await refuses(
      { ...base, input_reference: file(reference("1280x720"), "f.png", "image/png") },
      "input_reference",
      /got 1280x720 pixels; expected 720x1280 pixels to match size \(its default\)/,
    );
  });

  it("without size, sends an image of the default size", async () => {
    const { client, requests } = testClient(() => json(video()));
    await client.videos.create({ ...base, input_reference: file(reference("720x1280"), "f.png", "image/png") });
    expect(requests).toHaveLength(1);
  });

  it("refuses bytes that are not an image, whatever the name and type claim", async () => {
    await refuses(
      { ...base, size: "720x1280", input_reference: file(new TextEncoder().encode("hello\n"), "x.png", "image/png") },
      "input_reference",
      /got bytes that are not an image, whatever the name says \(image\/png\); expected a JPEG, PNG or WebP image/,
    );
  });

  it("sends an image whose pixel size matches size, with its name and type", async () => {
    const { client, requests } = testClient(() => json(video()));
    const image = file(reference("1280x720", "webp"), "first.webp", "image/webp");
    await client.videos.create({ ...base, size: "1280x720", input_reference: image });
    const sent = (await requests[0]?.formData())?.get("input_reference") as File;
    expect([sent.name, sent.type, sent.size]).toEqual(["first.webp", "image/webp", image.size]);
  });

  it("lets values the spec does not know through with validate: false, on the client or the call", async () => {
    const params = {
      ...base,
      model: "sora-3",
      size: "1792x1024",
      seconds: "20",
      input_reference: file(reference("1280x720"), "f.png", "image/png"),
    } as unknown as CreateVideoParams;
    const onClient = testClient(() => json(video()), { validate: false });
    await onClient.client.videos.create(params);
    const form = await onClient.requests[0]?.formData();
    expect([form?.get("size"), form?.get("seconds")]).toEqual(["1792x1024", "20"]);
    const perCall = testClient(() => json(video()));
    await perCall.client.videos.create(params, { validate: false });
    expect(perCall.requests).toHaveLength(1);
  });

  it("still refuses an empty prompt with validate: false", async () => {
    await refuses({ model: "x", prompt: "" }, "prompt", /non-empty/, { validate: false });
  });

  it("checks remix, content and job ids too", async () => {
    const { client, requests } = testClient(() => json(video()));
    await expect(client.videos.remix("video_1", { model: "sora-2", prompt: "" })).rejects.toMatchObject({
      field: "prompt",
    });
    await expect(client.videos.remix("video_1", { model: "sora-9" as "sora-2", prompt: "x" })).rejects.toMatchObject({
      field: "model",
    });
    await expect(client.videos.content("video_1", { variant: "poster" as "video" })).rejects.toMatchObject({
      field: "variant",
    });
    await expect(client.videos.retrieve("")).rejects.toMatchObject({ field: "video_id" });
    await expect(client.videos.waitFor("")).rejects.toMatchObject({ field: "video_id" });
    expect(requests).toHaveLength(0);
  });
});
