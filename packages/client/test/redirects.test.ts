import type { IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/index.js";
import { API_KEY, startServer } from "./helpers.js";

/**
 * Two real servers on 127.0.0.1 (two ports: two origins). The API redirects or points at the "CDN";
 * each server records the headers it received.
 */
let api: Awaited<ReturnType<typeof startServer>>;
let cdn: Awaited<ReturnType<typeof startServer>>;
const seen: { api: IncomingHttpHeaders[]; cdn: IncomingHttpHeaders[] } = { api: [], cdn: [] };

beforeAll(async () => {
  cdn = await startServer((req, res) => {
    seen.cdn.push(req.headers);
    res.writeHead(200, { "content-type": "video/mp4" }).end("cdn-bytes");
  });
  api = await startServer((req, res) => {
    seen.api.push(req.headers);
    const url = req.url ?? "";
    if (url.startsWith("/v1/videos/cross/content")) res.writeHead(302, { location: `${cdn.url}/file.mp4` }).end();
    else if (url.startsWith("/v1/videos/json/content"))
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ video_url: `${cdn.url}/f.mp4` }));
    else if (url.startsWith("/v1/videos/same/content")) res.writeHead(307, { location: "/files/own.mp4" }).end();
    else if (url === "/files/own.mp4") res.writeHead(200, { "content-type": "video/mp4" }).end("own-bytes");
    else res.writeHead(404).end();
  });
});

afterAll(async () => {
  await Promise.all([api.close(), cdn.close()]);
});

const reset = () => {
  seen.api.length = 0;
  seen.cdn.length = 0;
};

describe("credentials and other origins", () => {
  it("Node's fetch itself drops Authorization on a cross-origin redirect (the runtime behaviour relied on)", async () => {
    reset();
    const response = await fetch(`${api.url}/v1/videos/cross/content`, { headers: { authorization: "Bearer x" } });
    expect(await response.text()).toBe("cdn-bytes");
    expect(seen.api[0]?.authorization).toBe("Bearer x");
    expect(seen.cdn[0]?.authorization).toBeUndefined();
  });

  it("content() through a redirect to another origin sends no Authorization there", async () => {
    reset();
    const client = createClient({ apiKey: API_KEY, baseUrl: api.url, logLevel: "off" });
    const response = await client.videos.content("cross");
    expect(await response.text()).toBe("cdn-bytes");
    expect(seen.api[0]?.authorization).toBe(`Bearer ${API_KEY}`);
    expect(seen.cdn).toHaveLength(1);
    expect(seen.cdn[0]?.authorization).toBeUndefined();
  });

  it("content() of a JSON {video_url} on another origin sends no Authorization there", async () => {
    reset();
    const client = createClient({ apiKey: API_KEY, baseUrl: api.url, logLevel: "off", headers: { "X-Team": "t" } });
    const response = await client.videos.content("json");
    expect(await response.text()).toBe("cdn-bytes");
    expect(seen.cdn[0]?.authorization).toBeUndefined();
    expect(seen.cdn[0]?.["x-team"]).toBeUndefined();
  });

  it("content() through a same-origin redirect keeps Authorization", async () => {
    reset();
    const client = createClient({ apiKey: API_KEY, baseUrl: api.url, logLevel: "off" });
    expect(await (await client.videos.content("same")).text()).toBe("own-bytes");
    expect(seen.api.map((h) => h.authorization)).toEqual([`Bearer ${API_KEY}`, `Bearer ${API_KEY}`]);
  });
});
