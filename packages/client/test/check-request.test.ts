import { describe, expect, it } from "vitest";
import { checkRequest, requestRules, TokenOpsValidationError } from "../src/index.js";
import { json, testClient, video } from "./helpers.js";

/** The error checkRequest throws, or a failure when it throws none. */
function refusal(run: () => unknown): TokenOpsValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenOpsValidationError);
    return error as TokenOpsValidationError;
  }
  throw new Error("expected a TokenOpsValidationError");
}

describe("checkRequest: the spec's generated rules", () => {
  it("has a rule for every operation's body fields and path and query parameters", () => {
    expect(Object.keys(requestRules).sort()).toEqual([
      "createVideo",
      "deleteVideo",
      "getVideoContent",
      "getVideoStatus",
      "listVideos",
      "remixVideo",
    ]);
    expect(requestRules.listVideos.query.limit).toEqual({ type: "integer", default: 20, minimum: 0, maximum: 100 });
    expect(requestRules.deleteVideo.path.video_id).toEqual({ type: "string", required: true });
  });

  it("refuses an integer outside its bounds, naming the field, the value and the range", () => {
    const error = refusal(() => checkRequest("listVideos", { query: { limit: 101 } }));
    expect([error.field, error.value]).toEqual(["limit", 101]);
    expect(error.message).toBe("Invalid limit: got 101; expected an integer from 0 to 100.");
    expect(refusal(() => checkRequest("listVideos", { query: { limit: -1 } })).field).toBe("limit");
  });

  it("refuses a fraction or a word for an integer", () => {
    expect(refusal(() => checkRequest("listVideos", { query: { limit: 2.5 } })).message).toMatch(
      /got 2.5; expected an integer from 0 to 100/,
    );
    expect(refusal(() => checkRequest("listVideos", { query: { limit: "ten" } })).message).toMatch(/got "ten"/);
  });

  it("refuses a value outside an enum, listing the allowed ones", () => {
    expect(refusal(() => checkRequest("listVideos", { query: { order: "newest" } })).message).toBe(
      'Invalid order: got "newest"; expected one of asc, desc.',
    );
  });

  it("coerces values as the wire carries them: numeric text to an integer, a number to text", () => {
    expect(checkRequest("listVideos", { query: { limit: "50", order: "asc" } }).query).toEqual({
      limit: 50,
      order: "asc",
    });
    expect(checkRequest("createVideo", { body: { model: "sora-2", prompt: "a cat", seconds: 8 } }).body).toEqual({
      model: "sora-2",
      prompt: "a cat",
      seconds: "8",
    });
  });

  it("refuses a missing or blank required field, and a path parameter that is not text", () => {
    expect(refusal(() => checkRequest("deleteVideo", { path: { video_id: " " } })).message).toMatch(
      /Invalid video_id: got " "; expected a non-empty string/,
    );
    expect(
      refusal(() => checkRequest("remixVideo", { path: { video_id: "v" }, body: { model: "sora-2" } })).field,
    ).toBe("prompt");
  });

  it("refuses a prompt over 32,000 characters without quoting it whole", () => {
    const prompt = "a".repeat(32_001);
    const error = refusal(() => checkRequest("createVideo", { body: { model: "sora-2", prompt } }));
    expect(error.message).toBe(
      "Invalid prompt: got a string of 32001 characters; expected a non-empty string of at most 32000 characters.",
    );
    expect(error.value).toBe(prompt);
  });

  it("with strict false checks presence and type only", () => {
    expect(checkRequest("listVideos", { query: { limit: 500, order: "random" } }, false).query).toEqual({
      limit: 500,
      order: "random",
    });
    expect(refusal(() => checkRequest("listVideos", { query: { limit: "many" } }, false)).message).toBe(
      'Invalid limit: got "many"; expected an integer.',
    );
  });

  it("lets fields the spec does not name through, and leaves out null and undefined", () => {
    expect(checkRequest("listVideos", { query: { after: undefined, order: null, extra: "x" } }).query).toEqual({
      extra: "x",
    });
    expect(checkRequest("getVideoContent", { path: { video_id: "v" } })).toEqual({ path: { video_id: "v" } });
  });
});

describe("the videos methods check with the generated rules before any request", () => {
  it("refuses a too-long remix prompt and a blank content id; sends nothing", async () => {
    const { client, requests } = testClient(() => json(video()));
    await expect(client.videos.remix("video_1", { model: "sora-2", prompt: "x".repeat(32_001) })).rejects.toMatchObject(
      { field: "prompt" },
    );
    await expect(client.videos.content(" ")).rejects.toMatchObject({ field: "video_id" });
    expect(requests).toHaveLength(0);
  });

  it("sends a content variant as the query, and no query without one", async () => {
    const { client, requests } = testClient(
      (request) =>
        new Response("bytes", {
          headers: { "content-type": request.url.includes("thumbnail") ? "image/webp" : "video/mp4" },
        }),
    );
    await client.videos.content("video_1", { variant: "thumbnail" });
    await client.videos.content("video_1");
    expect(requests.map((request) => request.url)).toEqual([
      "http://127.0.0.1:9/v1/videos/video_1/content?variant=thumbnail",
      "http://127.0.0.1:9/v1/videos/video_1/content",
    ]);
  });
});
