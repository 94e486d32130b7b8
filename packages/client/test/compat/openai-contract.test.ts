/**
 * Our client against a server generated from OpenAI's published videos contract, as Prism serves it in dynamic
 * mode: every answer is random data that fits the contract (nulls, extra fields, any model and size, a random
 * has_more), and Prism checks each request against the contract (422 with `sl-violations` when it does not fit).
 * The assertions hold for any such data.
 */
import { schemaEnums } from "@tokenops/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type TokenOpsClient, TokenOpsError, type Video, type VideoPage } from "../../src/index.js";
import { reference } from "../helpers.js";
import { type Prism, startPrism } from "./prism.js";

let prism: Prism;
let client: TokenOpsClient;

/** Every exchange with Prism, in order: the request as sent, and a copy of the answer to read again. */
const exchanges: { request: Request; response: Response }[] = [];
const recorder = {
  fetch: async (request: Request) => {
    const sent = request.clone();
    const response = await fetch(request);
    exchanges.push({ request: sent, response: response.clone() });
    return response;
  },
  get requests() {
    return exchanges.map((exchange) => exchange.request);
  },
};

beforeAll(async () => {
  prism = await startPrism();
  client = createClient({
    apiKey: "sk-compat-test",
    baseUrl: prism.url,
    fetch: recorder.fetch,
    logLevel: "off",
    maxRetries: 0,
  });
}, 120_000);

afterAll(async () => {
  await prism?.stop();
});

/** What OpenAI's contract promises of every video, whatever values Prism picked. */
function expectContractVideo(video: Video) {
  expect(typeof video.id).toBe("string");
  expect(video.object).toBe("video");
  expect(["queued", "in_progress", "completed", "failed"]).toContain(video.status);
  for (const field of ["completed_at", "expires_at", "prompt", "remixed_from_video_id", "error"] as const) {
    expect(video, field).toHaveProperty(field);
  }
  expect(typeof video.size).toBe("string");
  // A model or size TokenOps' pages do not list is still a Video (responses keep them open).
  expect(video.error === null || typeof video.error === "object").toBe(true);
}

describe("the client against OpenAI's contract served by Prism", () => {
  it("creates a video (multipart, with a reference image) and gets a video back", async () => {
    const video = await client.videos.create({
      model: "sora-2",
      prompt: "A paper boat drifting down a rainy street",
      size: "1280x720",
      seconds: "8",
      input_reference: new File([reference("1280x720")], "first-frame.png", { type: "image/png" }),
    });
    expectContractVideo(video);
    const request = recorder.requests.at(-1) as Request;
    expect(request.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("retrieves a video, whatever model and size OpenAI's data has", async () => {
    const video = await client.videos.retrieve("video_123");
    expectContractVideo(video);
    expect(schemaEnums.VideoStatus).toContain(video.status);
  });

  it("remixes with TokenOps' {model, prompt} body, which OpenAI's contract accepts", async () => {
    const video = await client.videos.remix("video_123", { model: "sora-2", prompt: "Make it snow" });
    expectContractVideo(video);
    expect(await (recorder.requests.at(-1) as Request).json()).toEqual({ model: "sora-2", prompt: "Make it snow" });
  });

  it("downloads the video as video/mp4 and the thumbnail as image/webp", async () => {
    // Prism's bytes are random text that fits `format: binary`: the caller gets exactly what Prism sent.
    const sent = async () =>
      new Uint8Array(await (exchanges.at(-1) as (typeof exchanges)[number]).response.arrayBuffer());
    const mp4 = await client.videos.content("video_123", { variant: "video" });
    expect(mp4.headers.get("content-type")).toBe("video/mp4");
    expect(new URL((recorder.requests.at(-1) as Request).url).searchParams.get("variant")).toBe("video");
    const mp4Bytes = new Uint8Array(await mp4.arrayBuffer());
    expect(mp4Bytes.byteLength).toBeGreaterThan(0);
    expect(mp4Bytes).toEqual(await sent());
    const webp = await client.videos.content("video_123", { variant: "thumbnail" });
    expect(webp.headers.get("content-type")).toBe("image/webp");
    expect(new URL((recorder.requests.at(-1) as Request).url).searchParams.get("variant")).toBe("thumbnail");
    const webpBytes = new Uint8Array(await webp.arrayBuffer());
    expect(webpBytes.byteLength).toBeGreaterThan(0);
    expect(webpBytes).toEqual(await sent());
  });

  it("lists one page as Prism sent it", async () => {
    const page = await client.videos.list({ limit: 5, order: "desc" });
    expect(page.object).toBe("list");
    expect(typeof page.has_more).toBe("boolean");
    for (const video of page.data) expectContractVideo(video);
    expect(new URL((recorder.requests.at(-1) as Request).url).search).toBe("?limit=5&order=desc");
  });

  it("iterates with for await, following has_more and the cursor, until a break after a few videos", async () => {
    // Prism's has_more is random, so the loop breaks after a few videos. Its ids are random lorem words, so two
    // pages can end on the same id by chance: then the client's guard against a server that ignores `after`
    // rightly stops with a TokenOpsError. The assertions below hold for whatever pages Prism made up.
    const first = exchanges.length;
    const seen: string[] = [];
    let stopped: unknown;
    try {
      for await (const video of client.videos.list({ limit: 2 })) {
        expectContractVideo(video);
        seen.push(video.id);
        if (seen.length === 5) break;
      }
    } catch (error) {
      stopped = error;
    }
    const pages = await Promise.all(
      exchanges.slice(first).map(async ({ request, response }) => ({
        after: new URL(request.url).searchParams.get("after"),
        page: (await response.json()) as VideoPage,
      })),
    );
    const cursor = ({ page }: { page: VideoPage }) => page.last_id ?? page.data.at(-1)?.id;
    // The first page has no cursor; each next one asks for what follows the previous page's.
    expect(pages.map(({ after }) => after)).toEqual([null, ...pages.slice(0, -1).map(cursor)]);
    // Every video of every page fetched, in order, up to where the loop stopped.
    const all = pages.flatMap(({ page }) => page.data.map((video) => video.id));
    const last = pages.at(-1) as (typeof pages)[number];
    if (stopped !== undefined) {
      expect(stopped).toBeInstanceOf(TokenOpsError);
      expect(pages.slice(0, -1).map(cursor)).toContain(cursor(last));
      expect(seen).toEqual(all.slice(0, all.length - last.page.data.length));
    } else {
      expect(seen).toEqual(all.slice(0, seen.length));
      // Ended by the break, or where the list says it ends (no more, or an empty page).
      expect(seen.length === 5 || !last.page.has_more || last.page.data.length === 0).toBe(true);
    }
  });

  it("stops with a TokenOpsError, not a loop, where Prism's static answers ignore after", async () => {
    // `Prefer: dynamic=false` makes Prism answer from the schema alone: every page is the same one, ending at
    // "string" with has_more true — a server that ignores `after`.
    const first = exchanges.length;
    const seen: string[] = [];
    const error = await (async () => {
      for await (const video of client.videos.list({}, { headers: { Prefer: "dynamic=false" } })) seen.push(video.id);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(TokenOpsError);
    expect(error.message).toMatch(/a page ending at string came back again/);
    expect(seen).toEqual(["string"]);
    expect(exchanges.slice(first).map(({ request }) => new URL(request.url).search)).toEqual(["", "?after=string"]);
  });

  it("deletes a video", async () => {
    const deleted = await client.videos.delete("video_123");
    expect(deleted.object).toBe("video.deleted");
    expect(typeof deleted.deleted).toBe("boolean");
    expect((recorder.requests.at(-1) as Request).method).toBe("DELETE");
  });
});
