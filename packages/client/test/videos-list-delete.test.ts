import { describe, expect, it } from "vitest";
import {
  InternalServerError,
  NotFoundError,
  requestRules,
  TokenOpsError,
  TokenOpsValidationError,
  type Video,
  type VideoPage,
} from "../src/index.js";
import { BASE_URL, gatewayError, json, testClient, video } from "./helpers.js";

/** Jobs video_1 … video_n, newest last. */
const jobs = (n: number) => Array.from({ length: n }, (_, i) => video({ id: `video_${i + 1}`, created_at: 1000 + i }));

/**
 * A server that pages `all` as OpenAI's contract says: `limit` per page (default 20), starting after the id
 * in `after`, with first_id, last_id and has_more.
 */
const pager = (all: Video[]) => (request: Request) => {
  const query = new URL(request.url).searchParams;
  const limit = Number(query.get("limit") ?? 20);
  const after = query.get("after");
  const start = after ? all.findIndex((v) => v.id === after) + 1 : 0;
  const data = all.slice(start, start + limit);
  return json({
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < all.length,
  } satisfies VideoPage);
};

const queries = (requests: Request[]) => requests.map((r) => new URL(r.url).search);

describe("videos.list", () => {
  it("sends GET /v1/videos with limit, order and after, and resolves with the page exactly as the server sent it", async () => {
    const page = {
      object: "list",
      data: [video({ id: "video_9", prompt: null, error: null, expires_at: null })],
      first_id: "video_9",
      last_id: "video_9",
      has_more: true,
      next_hint: "a field the spec does not know",
    };
    const { client, requests } = testClient(() => json(page));
    await expect(client.videos.list({ limit: 1, order: "asc", after: "video_8" })).resolves.toEqual(page);
    const request = requests[0] as Request;
    expect([request.method, request.url]).toEqual(["GET", `${BASE_URL}/v1/videos?limit=1&order=asc&after=video_8`]);
  });

  it("sends no query when given no params", async () => {
    const { client, requests } = testClient(pager(jobs(2)));
    const page = await client.videos.list();
    expect(page.data.map((v) => v.id)).toEqual(["video_1", "video_2"]);
    expect(requests[0]?.url).toBe(`${BASE_URL}/v1/videos`);
  });

  it("iterates every video across pages with for await, passing each page's last_id as after", async () => {
    const { client, requests } = testClient(pager(jobs(7)));
    const ids: string[] = [];
    for await (const v of client.videos.list({ limit: 3, order: "asc" })) ids.push(v.id);
    expect(ids).toEqual(["video_1", "video_2", "video_3", "video_4", "video_5", "video_6", "video_7"]);
    expect(queries(requests)).toEqual([
      "?limit=3&order=asc",
      "?limit=3&order=asc&after=video_3",
      "?limit=3&order=asc&after=video_6",
    ]);
  });

  it("takes the last video's id as the cursor when the page has no last_id", async () => {
    const { client, requests } = testClient((request) => {
      const after = new URL(request.url).searchParams.get("after");
      return json({ object: "list", data: [video({ id: after ? "video_b" : "video_a" })], has_more: !after });
    });
    const ids: string[] = [];
    for await (const v of client.videos.list()) ids.push(v.id);
    expect(ids).toEqual(["video_a", "video_b"]);
    expect(queries(requests)).toEqual(["", "?after=video_a"]);
  });

  it("ends at an empty page even when has_more says there is more, with or without a last_id", async () => {
    for (const last_id of [null, "video_999"]) {
      const { client, requests } = testClient((request) =>
        new URL(request.url).searchParams.has("after")
          ? json({ object: "list", data: [], first_id: null, last_id, has_more: true })
          : json({ object: "list", data: [video()], first_id: "video_123", last_id: "video_123", has_more: true }),
      );
      const ids: string[] = [];
      for await (const v of client.videos.list()) ids.push(v.id);
      expect(ids).toEqual(["video_123"]);
      expect(requests, String(last_id)).toHaveLength(2);
    }
  });

  it("throws a TokenOpsError, without repeating any video, when the server ignores after", async () => {
    const { client, requests } = testClient(() =>
      json({ object: "list", data: jobs(2), first_id: "video_1", last_id: "video_2", has_more: true }),
    );
    const ids: string[] = [];
    const error = await (async () => {
      for await (const v of client.videos.list({ limit: 2 })) ids.push(v.id);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(TokenOpsError);
    expect(error.message).toMatch(/page ending at video_2 came back again .*ignore `after`/);
    expect(ids).toEqual(["video_1", "video_2"]);
    expect(requests).toHaveLength(2);
  });

  it("throws when pages come round in a cycle, before yielding a video twice", async () => {
    // after=video_2 answers the page ending at video_4, after=video_4 the first page again.
    const pages: Record<string, Video[]> = { "": jobs(2), video_2: jobs(4).slice(2), video_4: jobs(2) };
    const { client, requests } = testClient((request) => {
      const data = pages[new URL(request.url).searchParams.get("after") ?? ""] as Video[];
      return json({ object: "list", data, last_id: data.at(-1)?.id, has_more: true });
    });
    const ids: string[] = [];
    const error = await (async () => {
      for await (const v of client.videos.list()) ids.push(v.id);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(TokenOpsError);
    expect(ids).toEqual(["video_1", "video_2", "video_3", "video_4"]);
    expect(requests).toHaveLength(3);
  });

  it("fetches no further page once the loop breaks", async () => {
    const { client, requests } = testClient(pager(jobs(10)));
    for await (const v of client.videos.list({ limit: 2 })) if (v.id === "video_1") break;
    expect(requests).toHaveLength(1);
  });

  it("sends the first page's request once when the same list is awaited and iterated", async () => {
    const { client, requests } = testClient(pager(jobs(3)));
    const list = client.videos.list({ limit: 2 });
    const page = await list;
    const ids: string[] = [];
    for await (const v of list) ids.push(v.id);
    expect(page.data).toHaveLength(2);
    expect(ids).toEqual(["video_1", "video_2", "video_3"]);
    expect(queries(requests)).toEqual(["?limit=2", "?limit=2&after=video_2"]);
  });

  it("throws a later page's error from the loop, after the videos before it", async () => {
    const { client } = testClient(
      (request) =>
        new URL(request.url).searchParams.has("after") ? gatewayError(500, "boom") : pager(jobs(4))(request),
      { maxRetries: 0 },
    );
    const ids: string[] = [];
    const error = await (async () => {
      for await (const v of client.videos.list({ limit: 2 })) ids.push(v.id);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(ids).toEqual(["video_1", "video_2"]);
  });

  it("pages through openapi-fetch, with the query, once middleware is registered", async () => {
    const { client, requests } = testClient(pager(jobs(3)));
    client.use({
      onRequest: ({ request }) => {
        request.headers.set("x-trace", "t1");
      },
    });
    const ids: string[] = [];
    for await (const v of client.videos.list({ limit: 2 })) ids.push(v.id);
    expect(ids).toEqual(["video_1", "video_2", "video_3"]);
    expect(queries(requests)).toEqual(["?limit=2", "?limit=2&after=video_2"]);
    expect(requests.map((r) => r.headers.get("x-trace"))).toEqual(["t1", "t1"]);
  });
});

describe("videos.list checks its params against the spec before sending", () => {
  const { minimum, maximum } = requestRules.listVideos.query.limit;

  it("takes the spec's limit bounds, 0 and 100", async () => {
    expect([minimum, maximum]).toEqual([0, 100]);
    const { client, requests } = testClient(pager(jobs(1)));
    await client.videos.list({ limit: minimum });
    await client.videos.list({ limit: maximum });
    expect(queries(requests)).toEqual(["?limit=0", "?limit=100"]);
  });

  it("refuses a limit out of range or not an integer, naming the field, the value and what is allowed", async () => {
    const { client, requests } = testClient(pager(jobs(1)));
    // Text that reads as an integer is what the query string carries anyway ("10" is sent as limit=10).
    for (const limit of [minimum - 1, maximum + 1, 2.5, Number.NaN, "ten" as unknown as number]) {
      const error = await client.videos.list({ limit }).catch((e) => e);
      expect(error, `limit ${limit}`).toBeInstanceOf(TokenOpsValidationError);
      expect(error).toMatchObject({ field: "limit", value: limit, expected: "an integer from 0 to 100" });
    }
    expect(requests).toHaveLength(0);
  });

  it("refuses an order the spec does not list, and an empty after", async () => {
    const { client, requests } = testClient(pager(jobs(1)));
    const order = await client.videos.list({ order: "newest" as "asc" }).catch((e) => e);
    expect(order).toMatchObject({ field: "order", value: "newest", expected: "one of asc, desc" });
    const after = await client.videos.list({ after: "" }).catch((e) => e);
    expect(after).toMatchObject({ field: "after", value: "" });
    expect(requests).toHaveLength(0);
  });

  it("refuses them in the iterator too", async () => {
    const { client, requests } = testClient(pager(jobs(1)));
    const error = await (async () => {
      for await (const _ of client.videos.list({ limit: 101 })) void _;
    })().catch((e) => e);
    expect(error).toBeInstanceOf(TokenOpsValidationError);
    expect(requests).toHaveLength(0);
  });

  it("sends them unchecked with validate: false, on the call or the client", async () => {
    const perCall = testClient(pager(jobs(1)));
    await perCall.client.videos.list({ limit: 500, order: "newest" as "asc" }, { validate: false });
    const perClient = testClient(pager(jobs(1)), { validate: false });
    await perClient.client.videos.list({ limit: 500 });
    expect([...queries(perCall.requests), ...queries(perClient.requests)]).toEqual([
      "?limit=500&order=newest",
      "?limit=500",
    ]);
  });
});

describe("a gateway without list or delete", () => {
  it("answers list with 404 or 405: NotFoundError saying the gateway may not offer it", async () => {
    for (const status of [404, 405]) {
      const { client } = testClient(() => gatewayError(status, "Not Found", { "x-request-id": "req_1" }));
      const error = await client.videos.list().catch((e) => e);
      expect(error, `status ${status}`).toBeInstanceOf(NotFoundError);
      expect(error.status).toBe(status);
      expect(error.requestId).toBe("req_1");
      expect(error.message).toBe(
        `${status} Not Found (this gateway may not offer GET /v1/videos: it comes from OpenAI's videos contract, not TokenOps' API pages)`,
      );
    }
  });

  it("answers delete with 405, or a 404 that names no job: NotFoundError keeping the server's message, then the same hint", async () => {
    const answers = [
      () => gatewayError(405, "Method Not Allowed"),
      () => gatewayError(404, "Not Found"),
      () => json({ error: { message: "Invalid URL (DELETE /v1/videos/video_1)", code: null } }, { status: 404 }),
      () => json({ error: { message: "Unknown route", code: "unknown_url" } }, { status: 404 }),
      () => new Response("<html><h1>404</h1></html>", { status: 404, headers: { "content-type": "text/html" } }),
    ];
    for (const answer of answers) {
      const { client } = testClient(answer);
      const error = await client.videos.delete("video_1").catch((e) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toMatch(
        /^40[45] .+ \(this gateway may not offer DELETE \/v1\/videos\/\{video_id\}: it comes from OpenAI's videos contract, not TokenOps' API pages\)$/,
      );
    }
  });

  it("keeps another status on list or delete as it is, even with a page for a body", async () => {
    const { client } = testClient(
      () =>
        new Response("<html>busy</html>", {
          status: 500,
          headers: { "content-type": "text/html", "retry-after": "0" },
        }),
      { maxRetries: 0 },
    );
    const error = await client.videos.delete("video_1").catch((e) => e);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect(error.message).not.toContain("may not offer");
  });

  it("answers delete of a job it does not know (video_not_found) with the server's 404 alone: the route is there", async () => {
    const answers = [
      () => json({ error: { message: "No video found with id 'video_1'.", code: "video_not_found" } }, { status: 404 }),
      () => gatewayError(404, "No video with id video_1"),
    ];
    for (const answer of answers) {
      const { client } = testClient(answer);
      const error = await client.videos.delete("video_1").catch((e) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).not.toContain("may not offer");
    }
  });

  it("keeps a 405 from other operations an APIError of its own status", async () => {
    const { client } = testClient(() => gatewayError(405, "Method Not Allowed"));
    const error = await client.videos.retrieve("video_1").catch((e) => e);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("405 Method Not Allowed");
  });
});

describe("videos.delete", () => {
  it("sends DELETE /v1/videos/{video_id} and resolves with the deleted object", async () => {
    const { client, requests } = testClient(() => json({ id: "video_1", object: "video.deleted", deleted: true }));
    await expect(client.videos.delete("video_1")).resolves.toEqual({
      id: "video_1",
      object: "video.deleted",
      deleted: true,
    });
    const request = requests[0] as Request;
    expect([request.method, request.url]).toEqual(["DELETE", `${BASE_URL}/v1/videos/video_1`]);
    expect(request.headers.get("idempotency-key")).toBeNull();
  });

  it("escapes the id, and refuses an empty one before sending", async () => {
    const { client, requests } = testClient(() => json({ id: "a/b", object: "video.deleted", deleted: true }));
    await client.videos.delete("a/b");
    expect(requests[0]?.url).toBe(`${BASE_URL}/v1/videos/a%2Fb`);
    await expect(client.videos.delete("")).rejects.toMatchObject({ field: "video_id" });
    expect(requests).toHaveLength(1);
  });

  it("throws the API's error for a running job", async () => {
    const { client } = testClient(() => gatewayError(400, "Video video_1 is still in_progress"));
    await expect(client.videos.delete("video_1")).rejects.toThrow("400 Video video_1 is still in_progress");
  });
});
