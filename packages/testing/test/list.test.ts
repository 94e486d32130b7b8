import { describe, expect, it } from "vitest";
import type { Video } from "../src/index.js";
import {
  bundledSpec,
  expectError,
  mockServerPerFile,
  openaiSchemaValidator,
  schemaValidator,
  videoFields,
} from "./helpers.js";

const mock = mockServerPerFile();

interface Page {
  object: "list";
  data: Video[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

async function page(query: Record<string, string | number> = {}): Promise<Page> {
  const response = await mock.api.list(query);
  expect(response.status).toBe(200);
  const body = (await response.json()) as Page;
  const validate = schemaValidator("VideoListResponse");
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  return body;
}

/** Every page from the start, following has_more and last_id, as a client's `for await` does. */
async function allPages(query: Record<string, string | number>): Promise<Page[]> {
  const pages = [await page(query)];
  for (let last = pages[0]; last?.has_more; last = pages.at(-1)) {
    pages.push(await page({ ...query, after: last.last_id ?? "" }));
  }
  return pages;
}

/** `count` jobs, one second apart unless `apart` is 0; their ids in creation order. */
async function createJobs(count: number, apart = 1000): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    ids.push((await mock.api.createVideo({ prompt: `job ${index}` })).id);
    mock.server.advance(apart);
  }
  return ids;
}

describe("GET /v1/videos (listVideos)", () => {
  it("answers an empty list with null ids", async () => {
    expect(await page()).toEqual({ object: "list", data: [], first_id: null, last_id: null, has_more: false });
  });

  it("lists newest first by default, with first_id and last_id", async () => {
    const ids = await createJobs(3);
    const body = await page();
    expect(body.data.map((video) => video.id)).toEqual([...ids].reverse());
    expect(body).toMatchObject({ first_id: ids[2], last_id: ids[0], has_more: false });
  });

  it("lists oldest first with order=asc", async () => {
    const ids = await createJobs(3);
    expect((await page({ order: "asc" })).data.map((video) => video.id)).toEqual(ids);
  });

  it.each(["asc", "desc"] as const)("pages through every job with limit=2 and after, order=%s", async (order) => {
    const ids = await createJobs(5);
    const pages = await allPages({ limit: 2, order });
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.has_more)).toEqual([true, true, false]);
    const listed = pages.flatMap((p) => p.data.map((video) => video.id));
    expect(listed).toEqual(order === "asc" ? ids : [...ids].reverse());
    for (const p of pages) expect([p.first_id, p.last_id]).toEqual([p.data[0]?.id, p.data.at(-1)?.id]);
  });

  it("keeps creation order among jobs with the same created_at, and after continues from that job's place", async () => {
    const ids = await createJobs(6, 0);
    const created = new Set((await page()).data.map((video) => video.created_at));
    expect(created.size).toBe(1);
    expect((await allPages({ limit: 4, order: "asc" })).flatMap((p) => p.data.map((v) => v.id))).toEqual(ids);
    expect((await allPages({ limit: 4 })).flatMap((p) => p.data.map((v) => v.id))).toEqual([...ids].reverse());
    expect((await page({ order: "asc", after: ids[2] as string, limit: 2 })).data.map((v) => v.id)).toEqual(
      ids.slice(3, 5),
    );
    expect((await page({ after: ids[2] as string })).data.map((v) => v.id)).toEqual([ids[1], ids[0]]);
  });

  it("uses the spec's default limit (20) when none is given", async () => {
    const limit = (
      bundledSpec.paths["/v1/videos"] as { get: { parameters: Array<{ name: string; schema: { default?: number } }> } }
    ).get.parameters.find((parameter) => parameter.name === "limit")?.schema.default;
    expect(limit).toBe(20);
    await createJobs(21, 0);
    const body = await page();
    expect(body.data).toHaveLength(20);
    expect(body.has_more).toBe(true);
  });

  it("answers limit=0 with an empty page that says whether jobs exist", async () => {
    await createJobs(1);
    expect(await page({ limit: 0 })).toEqual({
      object: "list",
      data: [],
      first_id: null,
      last_id: null,
      has_more: true,
    });
  });

  it("answers a page after the last job with no jobs", async () => {
    const ids = await createJobs(2);
    expect(await page({ after: ids[0] as string })).toMatchObject({ data: [], first_id: null, has_more: false });
  });

  it.each([
    [{ limit: 101 }, "limit", /'limit': "101" must be <= 100/],
    [{ limit: -1 }, "limit", /'limit': "-1" must be >= 0/],
    [{ limit: "ten" }, "limit", /'limit': expected integer, got "ten"/],
    [{ order: "newest" }, "order", /'order': "newest". Allowed: "asc", "desc"/],
  ])("refuses %j with a 400 naming the parameter, its value and what is allowed", async (query, param, message) => {
    const error = await expectError(await mock.api.list(query), 400);
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
  });

  it("refuses an after id the server never made with a 400 naming after", async () => {
    await createJobs(1);
    const error = await expectError(await mock.api.list({ after: "video_unknown" }), 400, "invalid_value");
    expect(error.param).toBe("after");
    expect(error.message).toContain('"video_unknown"');
  });

  it("continues after a job deleted since the last page, so a loop can delete what it lists", async () => {
    const ids = await createJobs(4);
    mock.server.advance(5000);
    const first = await page({ limit: 2 });
    for (const video of first.data) expect((await mock.api.delete(video.id)).status).toBe(200);
    const next = await page({ limit: 2, after: first.last_id as string });
    expect(next.data.map((video) => video.id)).toEqual([ids[1], ids[0]]);
    expect(next.has_more).toBe(false);
  });

  it("shows every job with every field of OpenAI's video object, valid against OpenAI's contract", async () => {
    const [id] = await createJobs(1);
    mock.server.advance(5000);
    await mock.api.createVideo({ prompt: "a failing one [mock: fail]" });
    const remix = (await (await mock.api.remix(id as string)).json()) as Video;
    mock.server.advance(5000);
    const body = await page();
    const validate = openaiSchemaValidator("VideoListResource");
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    for (const video of body.data) expect(Object.keys(video).sort()).toEqual([...videoFields].sort());
    expect(body.data.map((video) => video.status).sort()).toEqual(["completed", "completed", "failed"]);
    expect(body.data.find((video) => video.id === remix.id)).toMatchObject({
      remixed_from_video_id: id,
      prompt: "Make it snow",
      error: null,
    });
    expect(body.data.find((video) => video.status === "failed")).toMatchObject({
      completed_at: null,
      expires_at: null,
      error: { code: "video_generation_failed" },
    });
  });

  it("shows each job as retrieve does, with its own prompt's scenarios (gateway-statuses)", async () => {
    const plain = await mock.api.createVideo();
    const gateway = await mock.api.createVideo({ prompt: "a fox [mock: gateway-statuses]" });
    const statuses = Object.fromEntries((await page()).data.map((video) => [video.id, video.status]));
    expect(statuses).toEqual({ [plain.id]: "queued", [gateway.id]: "pending" });
  });

  it("logs list requests as listVideos", async () => {
    await page();
    expect(mock.server.requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/videos", operation: "listVideos" });
  });
});
