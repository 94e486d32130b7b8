import { describe, expect, it } from "vitest";
import type { Video } from "../src/index.js";
import { expectError, mockServerPerFile, openaiSchemaValidator, schemaValidator } from "./helpers.js";

const mock = mockServerPerFile();

async function deleted(id: string): Promise<unknown> {
  const response = await mock.api.delete(id);
  expect(response.status).toBe(200);
  const body = await response.json();
  expect(schemaValidator("DeletedVideoResponse")(body)).toBe(true);
  expect(openaiSchemaValidator("DeletedVideoResource")(body)).toBe(true);
  return body;
}

describe("DELETE /v1/videos/{video_id} (deleteVideo)", () => {
  it("deletes a completed job, which is 404 afterwards for retrieve, content, remix and delete", async () => {
    const { id } = await mock.api.createVideo();
    mock.server.advance(5000);
    expect(await deleted(id)).toEqual({ id, object: "video.deleted", deleted: true });
    await expectError(await mock.api.retrieve(id), 404, "video_not_found");
    await expectError(await mock.api.content(id), 404, "video_not_found");
    await expectError(await mock.api.content(id, "?variant=thumbnail"), 404, "video_not_found");
    await expectError(await mock.api.remix(id), 404, "video_not_found");
    await expectError(await mock.api.delete(id), 404, "video_not_found");
    expect(mock.server.videos.get(id)).toBeUndefined();
    expect(mock.server.videos.size).toBe(0);
  });

  it("deletes a failed job, and a cancelled one", async () => {
    const failed = await mock.api.createVideo({ prompt: "a fox [mock: fail]" });
    const cancelled = await mock.api.createVideo();
    mock.server.videos.cancel(cancelled.id);
    mock.server.advance(5000);
    expect(((await (await mock.api.retrieve(failed.id)).json()) as Video).status).toBe("failed");
    await deleted(failed.id);
    await deleted(cancelled.id);
    expect(mock.server.videos.size).toBe(0);
  });

  it("refuses a running job with 400 invalid_request_error naming its status, and keeps it", async () => {
    const { id } = await mock.api.createVideo();
    const queued = await expectError(await mock.api.delete(id), 400, "video_not_finished");
    expect(queued).toMatchObject({ type: "invalid_request_error", param: "video_id" });
    expect(queued.message).toContain(`Video '${id}' is queued; only a completed or failed video can be deleted`);
    mock.server.advance(2000);
    const running = await expectError(await mock.api.delete(id), 400, "video_not_finished");
    expect(running.message).toContain("is in_progress");
    mock.server.advance(3000);
    await deleted(id);
  });

  it("names the status as the client sees it (gateway-statuses: processing)", async () => {
    const { id } = await mock.api.createVideo({ prompt: "a fox [mock: gateway-statuses]" });
    mock.server.advance(2000);
    const error = await expectError(await mock.api.delete(id), 400, "video_not_finished");
    expect(error.message).toContain(`Video '${id}' is processing`);
  });

  it("deletes a completed job whose files have expired", async () => {
    const { id } = await mock.api.createVideo();
    mock.server.advance(5000 + 3600 * 1000);
    await deleted(id);
  });

  it("takes a deleted job's files away, the json-content download URL included", async () => {
    const { id } = await mock.api.createVideo();
    mock.server.advance(5000);
    const response = await mock.api.content(id, "", { "x-mock-scenario": "json-content" });
    const { video_url } = (await response.json()) as { video_url: string };
    expect((await fetch(video_url)).status).toBe(200);
    await deleted(id);
    await expectError(await fetch(video_url), 404, "not_found");
  });

  it("leaves other jobs alone, and lists only what is left", async () => {
    const a = await mock.api.createVideo();
    const b = await mock.api.createVideo();
    mock.server.advance(5000);
    await deleted(a.id);
    expect(((await (await mock.api.retrieve(b.id)).json()) as Video).status).toBe("completed");
    const list = (await (await mock.api.list()).json()) as { data: Video[] };
    expect(list.data.map((video) => video.id)).toEqual([b.id]);
  });

  it("logs delete requests as deleteVideo", async () => {
    await mock.api.delete("video_missing");
    expect(mock.server.requests.at(-1)).toMatchObject({ method: "DELETE", operation: "deleteVideo", status: 404 });
  });
});
