import { describe, expect, it } from "vitest";
import type { Video } from "../../src/index.js";
import { clientFor, useMock } from "./helpers.js";

const RUN_MS = 5_000;

/** Every field of OpenAI's video object (VideoResource): always present, null where unset. */
const FIELDS = [
  "id",
  "object",
  "model",
  "status",
  "progress",
  "created_at",
  "completed_at",
  "expires_at",
  "error",
  "prompt",
  "remixed_from_video_id",
  "seconds",
  "size",
].sort();

describe("every video answer carries every field, null where unset", () => {
  const mock = useMock();

  const fieldsOf = (video: Video) => Object.keys(video).sort();

  it("a created job: no completion, expiry, error or source yet, as null", async () => {
    const client = clientFor(mock());
    const video = await client.videos.create({ model: "sora-2", prompt: "a lantern", size: "1280x720", seconds: 8 });
    expect(fieldsOf(video)).toEqual(FIELDS);
    expect(video).toMatchObject({
      object: "video",
      model: "sora-2",
      status: "queued",
      progress: 0,
      prompt: "a lantern",
      size: "1280x720",
      seconds: "8",
      completed_at: null,
      expires_at: null,
      error: null,
      remixed_from_video_id: null,
    });
    expect(typeof video.created_at).toBe("number");
  });

  it("a completed job: completed_at and expires_at set, error still null", async () => {
    const client = clientFor(mock());
    const { id } = await client.videos.create({ model: "sora-2", prompt: "a lantern" });
    mock().advance(RUN_MS);
    const video = await client.videos.retrieve(id);
    expect(fieldsOf(video)).toEqual(FIELDS);
    expect(video).toMatchObject({ status: "completed", progress: 100, error: null, remixed_from_video_id: null });
    expect(video.completed_at).toBeTypeOf("number");
    expect(video.expires_at).toBeGreaterThan(video.completed_at ?? Number.POSITIVE_INFINITY);
  });

  it("a failed job: the error set, completed_at and expires_at null", async () => {
    const client = clientFor(mock());
    const { id } = await client.videos.create({
      model: "sora-2",
      prompt: "a lantern [mock: fail;code=moderation_blocked]",
    });
    mock().advance(RUN_MS);
    const video = await client.videos.retrieve(id);
    expect(fieldsOf(video)).toEqual(FIELDS);
    expect(video).toMatchObject({ status: "failed", completed_at: null, expires_at: null });
    expect(video.error).toMatchObject({ code: "moderation_blocked" });
  });

  it("a remix names its source; list pages carry every field too", async () => {
    const client = clientFor(mock());
    const source = await client.videos.create({ model: "sora-2", prompt: "a lantern" });
    mock().advance(RUN_MS);
    const remix = await client.videos.remix(source.id, { model: "sora-2", prompt: "a lantern in the rain" });
    expect(fieldsOf(remix)).toEqual(FIELDS);
    expect(remix).toMatchObject({ remixed_from_video_id: source.id, prompt: "a lantern in the rain" });
    const page = await client.videos.list();
    expect(page.data).toHaveLength(2);
    for (const video of page.data) expect(fieldsOf(video)).toEqual(FIELDS);
  });
});
