import { describe, expect, it } from "vitest";
import { NotFoundError, type Video } from "../../src/index.js";
import { clientFor, rejection, useMock } from "./helpers.js";

/** Default job timing in the mock: 1 s queued, then 4 s in progress. */
const RUN_MS = 5_000;

describe("list against the mock server", () => {
  const mock = useMock();

  /** Three jobs, made one simulated second apart, oldest first. */
  async function threeJobs(): Promise<string[]> {
    const client = clientFor(mock());
    const ids: string[] = [];
    for (const prompt of ["first", "second", "third"]) {
      ids.push((await client.videos.create({ model: "sora-2", prompt })).id);
      mock().advance(1_000);
    }
    return ids;
  }

  it("is reached through the raw typed client too", async () => {
    const { data, response } = await clientFor(mock()).GET("/v1/videos", { params: { query: { limit: 5 } } });
    expect(response.status).toBe(200);
    expect(data?.object).toBe("list");
  });

  it("awaited, gives one page as the server sent it, newest first", async () => {
    const ids = await threeJobs();
    const page = await clientFor(mock()).videos.list({ limit: 2 });
    expect(page).toMatchObject({ object: "list", has_more: true, first_id: ids[2], last_id: ids[1] });
    expect(page.data.map((video) => video.id)).toEqual([ids[2], ids[1]]);
    expect(page.data[0]).toMatchObject({ object: "video", prompt: "third", model: "sora-2" });
    expect(mock().requests.at(-1)).toMatchObject({ operation: "listVideos", status: 200 });
    expect(mock().requests.at(-1)?.path).toBe("/v1/videos?limit=2");
  });

  it("continues after a page's last id", async () => {
    const ids = await threeJobs();
    const client = clientFor(mock());
    const first = await client.videos.list({ limit: 2 });
    const next = await client.videos.list({ limit: 2, after: first.last_id ?? undefined });
    expect(next.data.map((video) => video.id)).toEqual([ids[0]]);
    expect(next).toMatchObject({ has_more: false, first_id: ids[0], last_id: ids[0] });
  });

  it("answers an empty list with null ids", async () => {
    const page = await clientFor(mock()).videos.list();
    expect(page).toEqual({ object: "list", data: [], first_id: null, last_id: null, has_more: false });
  });

  it.each([
    ["desc", [2, 1, 0]],
    ["asc", [0, 1, 2]],
  ] as const)("for await with limit 1 pages through every job, order %s", async (order, indexes) => {
    const ids = await threeJobs();
    const seen: Video[] = [];
    for await (const video of clientFor(mock()).videos.list({ limit: 1, order })) seen.push(video);
    expect(seen.map((video) => video.id)).toEqual(indexes.map((index) => ids[index]));
    // One request per page: the third page says has_more false, so no fourth is asked for.
    const lists = mock().requests.filter((request) => request.operation === "listVideos");
    expect(lists.map((request) => new URL(request.path, "http://x").searchParams.get("after"))).toEqual([
      null,
      ids[indexes[0]],
      ids[indexes[1]],
    ]);
  });

  it("for await keeps the creation order of jobs made in the same instant", async () => {
    const client = clientFor(mock());
    // The clock stands still: every job has the same created_at.
    const ids: string[] = [];
    for (const prompt of ["a", "b", "c", "d"]) ids.push((await client.videos.create({ model: "sora-2", prompt })).id);
    const ascending: string[] = [];
    for await (const video of client.videos.list({ limit: 1, order: "asc" })) ascending.push(video.id);
    expect(ascending).toEqual(ids);
  });

  it("refuses a limit outside the spec's range before sending anything, unless validate is false", async () => {
    const client = clientFor(mock());
    const error = await rejection(client.videos.list({ limit: 101 }));
    expect(error).toMatchObject({ name: "TokenOpsValidationError", field: "limit" });
    expect(mock().requests).toHaveLength(0);
    // Unchecked, the request goes out and the mock (which follows the spec) answers 400.
    await rejection(client.videos.list({ limit: 101 }, { validate: false }));
    expect(mock().requests.at(-1)).toMatchObject({ operation: "listVideos", status: 400 });
  });
});

describe("delete against the mock server", () => {
  const mock = useMock();

  it("deletes a completed job, after which retrieve is NotFoundError and list leaves it out", async () => {
    const client = clientFor(mock());
    const kept = await client.videos.create({ model: "sora-2", prompt: "kept" });
    const gone = await client.videos.create({ model: "sora-2", prompt: "deleted" });
    mock().advance(RUN_MS);
    expect(await client.videos.delete(gone.id)).toEqual({ id: gone.id, object: "video.deleted", deleted: true });
    const error = await rejection(client.videos.retrieve(gone.id));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404 });
    const page = await client.videos.list();
    expect(page.data.map((video) => video.id)).toEqual([kept.id]);
  });

  it("deletes a failed job", async () => {
    const client = clientFor(mock());
    const video = await client.videos.create({ model: "sora-2", prompt: "a fox [mock: fail]" });
    mock().advance(RUN_MS);
    expect((await client.videos.retrieve(video.id)).status).toBe("failed");
    await expect(client.videos.delete(video.id)).resolves.toMatchObject({ deleted: true });
  });

  it("refuses to delete a job that is still running (400), and the job goes on", async () => {
    const client = clientFor(mock());
    const video = await client.videos.create({ model: "sora-2", prompt: "still running" });
    const error = await rejection(client.videos.delete(video.id));
    expect(error).toMatchObject({ name: "BadRequestError", status: 400 });
    mock().advance(RUN_MS);
    expect((await client.videos.retrieve(video.id)).status).toBe("completed");
  });

  it("a second delete of the same job is NotFoundError", async () => {
    const client = clientFor(mock());
    const video = await client.videos.create({ model: "sora-2", prompt: "twice" });
    mock().advance(RUN_MS);
    await client.videos.delete(video.id);
    expect(await rejection(client.videos.delete(video.id))).toBeInstanceOf(NotFoundError);
  });
});

describe("a gateway without list and delete (the no-list-delete scenario)", () => {
  const mock = useMock({ scenarios: ["no-list-delete"] });

  it("list throws NotFoundError whose message says the gateway may not offer it", async () => {
    const error = await rejection(clientFor(mock()).videos.list());
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404 });
    expect(error.message).toMatch(/may not offer GET \/v1\/videos/);
    expect(error.message).toContain("OpenAI");
    expect(mock().requests.at(-1)).toMatchObject({ operation: "listVideos", status: 404 });
  });

  it("for await over list throws the same NotFoundError", async () => {
    const iterate = async () => {
      for await (const _video of clientFor(mock()).videos.list()) {
        // never reached
      }
    };
    const error = await rejection(iterate());
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/may not offer/);
  });

  it("delete throws NotFoundError whose message says the gateway may not offer it; the job stays", async () => {
    const client = clientFor(mock());
    const video = await client.videos.create({ model: "sora-2", prompt: "kept" });
    mock().advance(RUN_MS);
    const error = await rejection(client.videos.delete(video.id));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/may not offer DELETE \/v1\/videos\/\{video_id\}/);
    expect((await client.videos.retrieve(video.id)).status).toBe("completed");
  });
});
