import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, TokenOpsError } from "../../src/index.js";
import { codePoint } from "../code-point.js";
import { captureLogger, startServer } from "../helpers.js";

/** Every way the key could show up in text: as is, JSON-escaped, and as util.inspect escapes it. */
const spellings = (key: string) => [key, JSON.stringify(key).slice(1, -1), inspect(key).slice(1, -1)];

/** All a user could print, log or send of an error: message, stack, JSON, and inspect with its causes. */
const exposed = (error: unknown) =>
  [
    String(error),
    (error as Error)?.message,
    (error as Error)?.stack,
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ].join("\n");

/** A key a header can carry: printable ASCII, as long as real keys are. */
const headerKey = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 20,
  maxLength: 100,
});

describe("for arbitrary API keys, no failing call shows the key, even when a proxy echoes it back", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let other: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    // Another origin whose download URL refuses: the error it causes must not carry the key either.
    other = await startServer((_req, res) => res.writeHead(403, { "content-type": "text/plain" }).end("expired link"));
    // A real server on 127.0.0.1 failing in every way a server can; it never echoes what it was sent.
    server = await startServer((req, res) => {
      const path = req.url ?? "";
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        res
          .writeHead(status, {
            "content-type": "application/json",
            "x-request-id": "req_secret",
            "retry-after": "0",
            ...headers,
          })
          .end(JSON.stringify(body));
      req.resume();
      // A proxy that echoes the request's Authorization header back in its error pages, in every form.
      const auth = req.headers.authorization ?? "";
      const echo = /echo-(\w+)/.exec(path)?.[1];
      if (echo === "html") res.writeHead(502, { "content-type": "text/html" }).end(`<pre>Authorization: ${auth}</pre>`);
      else if (echo === "json") send(400, { error: { message: `Bad header: Authorization: ${auth}`, param: auth } });
      else if (echo === "text") res.writeHead(403).end(`token ${auth.slice("Bearer ".length)} refused`);
      else if (echo === "ok") res.writeHead(200, { "content-type": "text/plain" }).end(`echo ${auth}`);
      else if (echo === "expired")
        send(410, { error: { message: `expired; you sent ${auth}`, code: "video_expired" } });
      else if (echo === "gone") send(404, { error: { message: `no route for ${auth}` } });
      else if (path.endsWith("/unauthorized"))
        send(401, { error: { code: 401, message: "Invalid API key", details: [] } });
      else if (path.endsWith("/boom")) send(500, { error: { message: "boom" } });
      else if (path.endsWith("/html")) res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad Gateway</h1>");
      else if (path.endsWith("/reset")) req.socket.destroy();
      else if (path.endsWith("/hang")) return;
      else if (path.endsWith("/failed"))
        send(200, { id: "video_f", status: "failed", error: { code: "blocked", message: "no" } });
      else if (path.endsWith("/content")) send(200, { video_url: `${other.url}/file.mp4`, expires_at: 1 });
      else if (path.endsWith("/remix")) send(409, { error: { code: "conflict", message: "busy", type: "invalid" } });
      else send(400, { error: { code: "invalid_value", message: "Invalid 'size'.", param: "size" } });
    });
  });
  afterAll(async () => {
    await server.close();
    await other.close();
  });

  it("in any error's message, stack, JSON or inspect, nor in any log line", async () => {
    await fc.assert(
      fc.asyncProperty(headerKey, async (apiKey) => {
        const { logger, lines } = captureLogger();
        const client = createClient({
          apiKey,
          baseUrl: server.url,
          logger,
          logLevel: "debug",
          maxRetries: 1,
        });
        const once = { maxRetries: 0 };
        // The same, through openapi-fetch (which parses error bodies itself) once middleware is registered.
        const middleware = createClient({ apiKey, baseUrl: server.url, logger, logLevel: "debug", maxRetries: 0 });
        middleware.use({ onRequest: () => undefined });
        const outcomes = await Promise.allSettled([
          client.videos.retrieve("unauthorized"),
          client.videos.retrieve("boom"),
          client.videos.retrieve("html", once),
          client.videos.retrieve("reset", once),
          client.videos.retrieve("hang", { ...once, timeoutMs: 30 }),
          client.videos.retrieve("v", { signal: AbortSignal.abort() }),
          client.videos.create({ model: "sora-2", prompt: "p" }),
          client.videos.create({ model: "sora-2", prompt: "" }),
          client.videos.remix("v", { model: "sora-2", prompt: "p" }),
          client.videos.content("v"),
          client.videos.waitFor("failed", { intervalMs: 1 }),
          client.videos.retrieve("echo-html", once),
          client.videos.retrieve("echo-json"),
          client.videos.retrieve("echo-text"),
          client.videos.retrieve("echo-ok"),
          client.videos.content("echo-expired"),
          client.videos.list({ after: "echo-gone" }),
          client.videos.delete("echo-gone"),
          middleware.videos.retrieve("echo-json"),
          middleware.videos.remix("echo-html", { model: "sora-2", prompt: "p" }, once),
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual(outcomes.map(() => "rejected"));
        const text = [
          ...outcomes.map((outcome) => exposed((outcome as PromiseRejectedResult).reason)),
          ...lines,
          inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
          JSON.stringify(client),
        ].join("\n");
        for (const spelling of spellings(apiKey)) expect(text).not.toContain(spelling);
        // The key did reach the server: the check above is not vacuous.
        expect(lines.some((line) => line.includes('"authorization":"***"'))).toBe(true);
        // And the echoing proxy's pages did reach the errors, redacted.
        const echoed = outcomes.slice(11).map((outcome) => exposed((outcome as PromiseRejectedResult).reason));
        for (const text of echoed) expect(text).toContain("***");
      }),
      // Each run is 20 real requests. 20 keys hold the characters JSON and inspect escape (" \ ') five to twenty
      // times each: more runs only cost time on a busy machine.
      { numRuns: 20 },
    );
    // 400 real requests: about 5 s here at a load of 8 and 21 s at a load of 18. The work is bounded; the
    // timeout only catches a hang.
  }, 120_000);

  it("nor in the error that refuses a key no header can carry", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: codePoint, minLength: 20, maxLength: 100 }).filter((key) => !/^[\x21-\x7e]+$/.test(key)),
        (apiKey) => {
          let error: unknown;
          try {
            createClient({ apiKey, baseUrl: server.url });
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(TokenOpsError);
          for (const spelling of spellings(apiKey)) expect(exposed(error)).not.toContain(spelling);
        },
      ),
      { numRuns: 200 },
    );
  });
});
