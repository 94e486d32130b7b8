import { describe, expect, it } from "vitest";
import { clientFor, clockedFetch, useMock } from "./helpers.js";

describe("middleware registered with use()", () => {
  const mock = useMock();

  /** A client whose every status poll moves the mock's clock, with a middleware that notes each request it sees. */
  function observedClient() {
    const server = mock();
    const client = clientFor(server, { fetch: clockedFetch(server, 2_000), headers: { "X-Team": "video" } });
    const seen: string[] = [];
    const answered: number[] = [];
    client.use({
      onRequest: ({ request }) => {
        const url = new URL(request.url);
        seen.push(`${request.method} ${url.pathname}${url.search}`);
      },
      onResponse: ({ response }) => {
        answered.push(response.status);
      },
    });
    /** What reached the mock's API origin, in the same form. */
    const reachedApi = () =>
      server.requests.filter((record) => record.origin === "api").map((record) => `${record.method} ${record.path}`);
    return { server, client, seen, answered, reachedApi };
  }

  it("sees every request of every videos method: create, waitFor's polls, retrieve, remix, list pages, content and delete", async () => {
    const { server, client, seen, answered, reachedApi } = observedClient();
    const params = { model: "sora-2", prompt: "a lighthouse at dawn", size: "1280x720", seconds: 4 } as const;

    const created = await client.videos.create(params);
    const done = await client.videos.waitFor(created.id, { pollIntervalMs: 1 });
    expect(done.status).toBe("completed");
    await client.videos.retrieve(created.id);
    const remix = await client.videos.remix(created.id, { model: "sora-2", prompt: "make it snow" });
    const listed: string[] = [];
    for await (const video of client.videos.list({ limit: 1 })) listed.push(video.id);
    expect(listed.sort()).toEqual([created.id, remix.id].sort());
    await (await client.videos.content(created.id)).arrayBuffer();
    await client.videos.delete(created.id);

    const polls = seen.filter((line) => line === `GET /v1/videos/${created.id}`).length;
    // At least two polls for waitFor (the job moves 2 s per poll), plus retrieve.
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(seen.filter((line) => line.startsWith("GET /v1/videos?")).length).toBe(2); // two pages of one
    expect(seen).toContain("POST /v1/videos");
    expect(seen).toContain(`POST /v1/videos/${created.id}/remix`);
    expect(seen).toContain(`GET /v1/videos/${created.id}/content`);
    expect(seen).toContain(`DELETE /v1/videos/${created.id}`);
    // Nothing went around it: the middleware saw exactly what the mock received, in order, and every answer.
    expect(seen).toEqual(reachedApi());
    expect(answered).toEqual(server.requests.map((record) => record.status));
  });

  it("sees both requests of content when the video_url is on the API's own origin, with the client's headers", async () => {
    const { server, client, seen, reachedApi } = observedClient();
    const { id } = await client.videos.create({ model: "sora-2", prompt: "fireflies" });
    server.advance(60_000);
    server.scenarios.use("json-content;origin=self");
    const before = seen.length;
    const response = await client.videos.content(id, { variant: "thumbnail" });
    expect(response.headers.get("content-type")).toBe("image/webp");

    const hops = seen.slice(before);
    expect(hops).toHaveLength(2);
    expect(hops[0]).toBe(`GET /v1/videos/${id}/content?variant=thumbnail`);
    expect(seen).toEqual(reachedApi());
    expect(server.requests.at(-1)).toMatchObject({ operation: "file", origin: "api", authorization: true });
  });

  it("does not see a video_url on another origin, which gets no Authorization", async () => {
    const { server, client, seen, reachedApi } = observedClient();
    const { id } = await client.videos.create({ model: "sora-2", prompt: "fireflies" });
    server.advance(60_000);
    server.scenarios.use("json-content;origin=cdn");
    const before = seen.length;
    await (await client.videos.content(id)).arrayBuffer();

    expect(seen.slice(before)).toEqual([`GET /v1/videos/${id}/content`]);
    expect(seen).toEqual(reachedApi());
    expect(server.requests.at(-1)).toMatchObject({ operation: "file", origin: "cdn", authorization: false });
  });
});
