import { parameterEnums } from "@tokenops/contract";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  PermissionDeniedError,
  TokenOpsError,
  VideoContentTypeError,
  VideoExpiredError,
  type VideoVariant,
  variantMediaTypes,
} from "../src/index.js";
import { BASE_URL, gatewayError, json, testClient, video } from "./helpers.js";

afterEach(() => {
  vi.useRealTimers();
});

/** A file answer; bytes, so that without a type the Response has no Content-Type at all. */
const file = (type: string | undefined, text = "bytes") =>
  new Response(new TextEncoder().encode(text), type === undefined ? {} : { headers: { "content-type": type } });

/** A body that records whether it was cancelled. */
const watchedBody = () => {
  const state = { cancelled: false };
  const body = new ReadableStream({
    pull: (controller) => controller.enqueue(new Uint8Array(1024)),
    cancel: () => {
      state.cancelled = true;
    },
  });
  return { body, state };
};

/** The mock's answer for an expired job's content (OpenAI's envelope). */
const expiredAnswer = () =>
  json(
    {
      error: {
        message: "The files of video_1 have expired.",
        type: "invalid_request_error",
        param: null,
        code: "video_expired",
      },
    },
    { status: 410, headers: { "x-request-id": "req_gone" } },
  );

describe("content asks for the variant's media type", () => {
  it("maps every variant the spec lists to a media type", () => {
    expect(Object.keys(variantMediaTypes).sort()).toEqual([...parameterEnums.getVideoContent.variant].sort());
    expect(variantMediaTypes).toEqual({ video: "video/mp4", thumbnail: "image/webp", spritesheet: "image/jpeg" });
  });

  it("sends Accept with the variant's type first and application/json;q=0.9 after", async () => {
    for (const variant of parameterEnums.getVideoContent.variant) {
      const { client, requests } = testClient(() => file(variantMediaTypes[variant]));
      await client.videos.content("video_1", { variant });
      expect(requests[0]?.headers.get("accept"), variant).toBe(`${variantMediaTypes[variant]}, application/json;q=0.9`);
      expect(requests[0]?.url).toBe(`${BASE_URL}/v1/videos/video_1/content?variant=${variant}`);
    }
  });

  it("asks for the default variant's type, video/mp4, when no variant is given (and sends no variant)", async () => {
    const { client, requests } = testClient(() => file("video/mp4"));
    await client.videos.content("video_1");
    expect(requests[0]?.headers.get("accept")).toBe("video/mp4, application/json;q=0.9");
    expect(requests[0]?.url).toBe(`${BASE_URL}/v1/videos/video_1/content`);
  });

  it("lets the caller's own Accept header win, and still checks the answer", async () => {
    const { client, requests } = testClient(() => file("video/mp4"));
    await client.videos.content("video_1", { headers: { Accept: "application/binary" } });
    expect(requests[0]?.headers.get("accept")).toBe("application/binary");
    const wrong = testClient(() => file("text/html"));
    await expect(wrong.client.videos.content("video_1", { headers: { Accept: "*/*" } })).rejects.toBeInstanceOf(
      VideoContentTypeError,
    );
  });

  it("sends a variant the spec does not know with validate: false, asking for and checking no type", async () => {
    const { client, requests } = testClient(() => file("image/gif"));
    const response = await client.videos.content("video_1", { variant: "poster" as VideoVariant, validate: false });
    expect(await response.text()).toBe("bytes");
    expect(requests[0]?.headers.get("accept")).toBeNull();
  });
});

describe("content checks that the answer is the variant asked for", () => {
  it("refuses an MP4 answered for a thumbnail with VideoContentTypeError, and cancels the body", async () => {
    const { body, state } = watchedBody();
    const { client } = testClient(() => new Response(body, { headers: { "content-type": "video/mp4" } }));
    const error = await client.videos.content("video_1", { variant: "thumbnail" }).catch((e) => e);
    expect(error).toBeInstanceOf(VideoContentTypeError);
    expect(error).toBeInstanceOf(TokenOpsError);
    expect(error).toMatchObject({
      name: "VideoContentTypeError",
      videoId: "video_1",
      variant: "thumbnail",
      expected: "image/webp",
      contentType: "video/mp4",
    });
    expect(error.message).toBe(
      "Asked for the thumbnail (image/webp) of video video_1, got video/mp4: the server may not support variant=thumbnail; nothing was downloaded.",
    );
    expect(state.cancelled).toBe(true);
  });

  it("refuses it whatever validate says (it checks the answer, not the input)", async () => {
    const { client } = testClient(() => file("image/jpeg"));
    await expect(client.videos.content("video_1", { variant: "thumbnail", validate: false })).rejects.toMatchObject({
      expected: "image/webp",
      contentType: "image/jpeg",
    });
  });

  it("accepts the variant's type with parameters and in any case", async () => {
    const { client } = testClient(() => file("Video/MP4; codecs=avc1"));
    await expect(client.videos.content("video_1")).resolves.toBeInstanceOf(Response);
  });

  it("lets a file through whose type names no format: none, or octet-stream (as CDNs often serve files)", async () => {
    for (const type of [undefined, "application/octet-stream", "binary/octet-stream"]) {
      const { client } = testClient(() => file(type));
      const response = await client.videos.content("video_1", { variant: "spritesheet" });
      expect(await response.text(), String(type)).toBe("bytes");
    }
  });

  it("checks the file behind a JSON {video_url} too", async () => {
    const { client, requests } = testClient((request) =>
      request.url.endsWith("/content?variant=thumbnail")
        ? json({ video_url: "http://127.0.0.2:9/thumb", expires_at: 1 })
        : file("image/jpeg"),
    );
    const error = await client.videos.content("video_1", { variant: "thumbnail" }).catch((e) => e);
    expect(error).toMatchObject({ variant: "thumbnail", expected: "image/webp", contentType: "image/jpeg" });
    expect(requests).toHaveLength(2);
  });

  it("refuses JSON where the file should be, behind a {video_url}", async () => {
    const { client } = testClient((request) =>
      request.url.endsWith("/content") ? json({ video_url: "/files/v.mp4" }) : json({ video_url: "/again" }),
    );
    await expect(client.videos.content("video_1")).rejects.toMatchObject({
      expected: "video/mp4",
      contentType: "application/json",
    });
  });

  it("checks the file's type with middleware registered too", async () => {
    const { client } = testClient(() => file("video/mp4"));
    client.use({ onRequest: () => undefined });
    await expect(client.videos.content("video_1", { variant: "spritesheet" })).rejects.toBeInstanceOf(
      VideoContentTypeError,
    );
  });
});

describe("content of a video whose files expired", () => {
  it("throws VideoExpiredError on a 410, keeping the answer's status, code and request id, and saying when from the job", async () => {
    const { client, requests } = testClient((request) =>
      request.url.endsWith("/content")
        ? expiredAnswer()
        : json(video({ id: "video_1", status: "completed", expires_at: 1741573883 })),
    );
    const error = await client.videos.content("video_1").catch((e) => e);
    expect(error).toBeInstanceOf(VideoExpiredError);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      name: "VideoExpiredError",
      status: 410,
      code: "video_expired",
      type: "invalid_request_error",
      param: null,
      requestId: "req_gone",
      videoId: "video_1",
      expiresAt: 1741573883,
    });
    expect(error.message).toBe(
      "410 The files of video video_1 expired at 2025-03-10T02:31:23.000Z (The files of video_1 have expired.). To get the video again, remix it (videos.remix) or create it again.",
    );
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "GET /v1/videos/video_1/content",
      "GET /v1/videos/video_1",
    ]);
  });

  it("recognises another gateway's 4xx whose code or message says expired", async () => {
    const answers = [
      json({ error: { code: "video_expired", message: "Gone.", type: "invalid_request_error" } }, { status: 400 }),
      gatewayError(404, "The video's files have expired"),
      gatewayError(422, "content EXPIRED"),
    ];
    for (const answer of answers) {
      const status = answer.status;
      const { client } = testClient((request) =>
        request.url.endsWith("/content") ? answer.clone() : json(video({ expires_at: null })),
      );
      const error = await client.videos.content("video_1").catch((e) => e);
      expect(error, `status ${status}`).toBeInstanceOf(VideoExpiredError);
      expect(error.status).toBe(status);
      expect(error.expiresAt).toBeNull();
      expect(error.message).toMatch(new RegExp(`^${status} The files of video video_1 expired \\(`));
    }
  });

  it("leaves a 401 or 403 that says expired to the key's errors, and a 400 that does not to BadRequestError", async () => {
    const cases = [
      [gatewayError(401, "API key expired"), AuthenticationError],
      [gatewayError(403, "Subscription expired"), PermissionDeniedError],
      [gatewayError(400, "video is not ready"), BadRequestError],
    ] as const;
    for (const [answer, Class] of cases) {
      const { client, requests } = testClient(() => answer.clone());
      const error = await client.videos.content("video_1").catch((e) => e);
      expect(error).toBeInstanceOf(Class);
      expect(error).not.toBeInstanceOf(VideoExpiredError);
      expect(requests).toHaveLength(1);
    }
  });

  it("asks for the job once, best effort: without it the error still says how to get the video again", async () => {
    const { client, requests } = testClient((request) =>
      request.url.endsWith("/content") ? expiredAnswer() : gatewayError(503, "busy"),
    );
    const error = await client.videos.content("video_1").catch((e) => e);
    expect(error).toBeInstanceOf(VideoExpiredError);
    expect(error.expiresAt).toBeNull();
    expect(error.message).toMatch(/^410 The files of video video_1 expired \(The files .*remix it/);
    expect(requests).toHaveLength(2);
  });

  it("treats a 410 from the {video_url} file the same way", async () => {
    const { client } = testClient((request) =>
      request.url.endsWith("/content")
        ? json({ video_url: "http://127.0.0.2:9/v.mp4" })
        : request.url.startsWith(BASE_URL)
          ? json(video({ id: "video_1", expires_at: 1741573883 }))
          : new Response("Gone", { status: 410 }),
    );
    await expect(client.videos.content("video_1")).rejects.toMatchObject({ status: 410, expiresAt: 1741573883 });
  });

  it("is decided by the server's answer, never by the local clock", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    // Long after the job's expires_at by the local clock: the client still asks, and the server sends the file.
    vi.setSystemTime(new Date("2100-01-01T00:00:00Z"));
    const served = testClient((request) =>
      request.url.endsWith("/content") ? file("video/mp4") : json(video({ expires_at: 1741573883 })),
    );
    await expect(served.client.videos.content("video_1")).resolves.toBeInstanceOf(Response);
    expect(served.requests).toHaveLength(1);
    // Long before it by the local clock: the server's refusal still stands.
    vi.setSystemTime(new Date("2000-01-01T00:00:00Z"));
    const refused = testClient((request) =>
      request.url.endsWith("/content") ? expiredAnswer() : json(video({ expires_at: 1741573883 })),
    );
    await expect(refused.client.videos.content("video_1")).rejects.toMatchObject({ expiresAt: 1741573883 });
  });
});
