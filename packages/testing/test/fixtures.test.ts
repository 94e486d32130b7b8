import { describe, expect, it } from "vitest";
import { spec, videoStatuses } from "../src/core/spec.js";
import { fixtures } from "../src/index.js";
import { bundledSpec, openaiSchemaValidator, schemaValidator, videoFields } from "./helpers.js";

function expectValid(schema: string, value: unknown): void {
  const validate = schemaValidator(schema);
  const valid = validate(value);
  expect(validate.errors ?? [], `${schema}: ${JSON.stringify(value)}`).toEqual([]);
  expect(valid).toBe(true);
}

describe("fixtures", () => {
  it("the spec module the mock routes and validates with is spec/openapi.yaml", () => {
    expect(JSON.parse(JSON.stringify(spec))).toEqual(bundledSpec);
  });

  it.each(videoStatuses)(
    "video({ status: %s }) is a valid VideoStatusResponse and VideoGenerationResponse",
    (status) => {
      const video = fixtures.video({ status });
      expect(video.status).toBe(status);
      expectValid("VideoStatusResponse", video);
      expectValid("VideoGenerationResponse", video);
    },
  );

  it("makes a completed video consistent: progress 100, completed_at and expires_at after created_at", () => {
    const video = fixtures.video({ status: "completed" });
    expect(video.progress).toBe(100);
    expect(video.completed_at).toBeGreaterThan(video.created_at ?? Number.POSITIVE_INFINITY);
    expect(video.expires_at).toBeGreaterThan(video.completed_at ?? Number.POSITIVE_INFINITY);
  });

  it("gives a failed video an error, and other statuses error: null", () => {
    expect(fixtures.video({ status: "failed" }).error?.code).toBe("video_generation_failed");
    expect(fixtures.video({ status: "in_progress" }).error).toBeNull();
  });

  it.each(["queued", "in_progress", "completed", "failed"] as const)(
    "video({ status: %s }) has every field of OpenAI's video object, null where OpenAI sends null",
    (status) => {
      const video = fixtures.video({ status });
      expect(Object.keys(video).sort()).toEqual([...videoFields].sort());
      const validate = openaiSchemaValidator("VideoResource");
      expect(validate(video), JSON.stringify(validate.errors)).toBe(true);
      expect(video.remixed_from_video_id).toBeNull();
      if (status !== "completed") expect([video.completed_at, video.expires_at]).toEqual([null, null]);
    },
  );

  it("videoGeneration has every field too", () => {
    expect(Object.keys(fixtures.videoGeneration()).sort()).toEqual([...videoFields].sort());
    expect(fixtures.videoGeneration()).toMatchObject({ status: "queued", error: null, completed_at: null });
  });

  it("videoList names its first and last ids, or null for an empty page", () => {
    const page = fixtures.videoList({
      data: [fixtures.video({ id: "video_b" }), fixtures.video({ id: "video_a" })],
      has_more: true,
    });
    expect(page).toMatchObject({ object: "list", first_id: "video_b", last_id: "video_a", has_more: true });
    expectValid("VideoListResponse", page);
    expect(openaiSchemaValidator("VideoListResource")(page)).toBe(true);
    const empty = fixtures.videoList({ data: [] });
    expect(empty).toEqual({ object: "list", data: [], first_id: null, last_id: null, has_more: false });
    expect(openaiSchemaValidator("VideoListResource")(empty)).toBe(true);
  });

  it("deletedVideo is the delete answer", () => {
    const deleted = fixtures.deletedVideo({ id: "video_abc" });
    expect(deleted).toEqual({ id: "video_abc", object: "video.deleted", deleted: true });
    expectValid("DeletedVideoResponse", deleted);
    expect(openaiSchemaValidator("DeletedVideoResource")(deleted)).toBe(true);
  });

  it("applies overrides last", () => {
    const video = fixtures.video({ status: "completed", id: "video_abc", size: "1280x720", seconds: "12" });
    expect(video).toMatchObject({ id: "video_abc", size: "1280x720", seconds: "12", progress: 100 });
    expectValid("VideoStatusResponse", video);
  });

  it("takes its defaults from the spec's examples", () => {
    expect(fixtures.video()).toMatchObject({ id: "video_123456789", created_at: 1741570283, model: "sora-2" });
  });

  it("videoGeneration, videoContent, videoError, createVideoRequest and remixVideoRequest are valid", () => {
    expectValid("VideoGenerationResponse", fixtures.videoGeneration());
    expectValid("VideoGenerationResponse", fixtures.videoGeneration({ status: "failed" }));
    expectValid("VideoContentResponse", fixtures.videoContent());
    expectValid("OpenAIVideoError", fixtures.videoError({ code: "moderation_blocked" }));
    expectValid("CreateVideoFormRequest", fixtures.createVideoRequest({ size: "1280x720", seconds: "8" }));
    expectValid("RemixVideoRequest", fixtures.remixVideoRequest({ prompt: "Make it snow" }));
  });

  it.each([400, 401, 403, 404, 405, 413, 415, 429, 500, 502, 503])(
    "errorResponse(%i) is valid in both styles",
    (status) => {
      const openai = fixtures.errorResponse({ status });
      const gateway = fixtures.errorResponse({ status, style: "gateway" });
      expectValid("ErrorResponse", openai);
      expectValid("ErrorResponse", gateway);
      expect(typeof openai.error?.code).toBe("string");
      expect(openai.error?.type).toBeTypeOf("string");
      expect(gateway.error?.code).toBe(status);
      expect(gateway.error?.details?.length).toBe(1);
    },
  );

  it("errorResponse carries message, code, type and param", () => {
    expect(fixtures.errorResponse({ status: 400, message: "Bad size.", code: "invalid_value", param: "size" })).toEqual(
      {
        error: { message: "Bad size.", type: "invalid_request_error", param: "size", code: "invalid_value" },
      },
    );
  });

  it("the validator is real: it rejects what the spec does not allow", () => {
    const validate = schemaValidator("VideoStatusResponse");
    expect(validate(fixtures.video({ status: "done" as "completed" }))).toBe(false);
    expect(validate(fixtures.video({ completed_at: "soon" as unknown as number }))).toBe(false);
    expect(validate(fixtures.video({ progress: 101 }))).toBe(false);
    expect(validate({ ...fixtures.video(), id: undefined })).toBe(false);
    const { prompt: _, ...withoutPrompt } = fixtures.video();
    expect(openaiSchemaValidator("VideoResource")(withoutPrompt)).toBe(false);
    expect(schemaValidator("VideoContentResponse")(fixtures.videoContent({ video_url: "not a url" }))).toBe(false);
    expect(schemaValidator("RemixVideoRequest")(fixtures.remixVideoRequest({ model: "sora-3" as "sora-2" }))).toBe(
      false,
    );
  });
});
