import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createClient, TokenOpsError } from "../src/index.js";
import { codePoint } from "./code-point.js";
import { BASE_URL, captureLogger, gatewayError, json, video } from "./helpers.js";

/** Everything about an error a user could print, log or send. */
const exposed = (error: unknown) => {
  const e = error as Error & { cause?: unknown };
  return [String(e?.message), String(e?.stack), inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e)].join(
    "\n",
  );
};

/** Failing calls of every kind: API error, connection error, timeout, validation, abort, bad JSON. */
async function failures(apiKey: string, maxRetries = 1) {
  const { logger, lines } = captureLogger();
  const make = (fetch: (r: Request) => Promise<Response>, timeoutMs = 1000) =>
    createClient({ apiKey, baseUrl: BASE_URL, fetch, logger, logLevel: "debug", maxRetries, timeoutMs });
  const reject = <T>(p: Promise<T>) =>
    p.then(
      () => expect.fail("expected a failure"),
      (e: unknown) => e,
    );
  const hang = (r: Request) =>
    new Promise<Response>((_, no) => r.signal.addEventListener("abort", () => no(r.signal.reason)));
  const retryNow = { "retry-after": "0" };
  const errors = [
    await reject(make(async () => gatewayError(401, "Invalid API key provided", retryNow)).videos.retrieve("v")),
    await reject(make(async () => gatewayError(500, "boom", retryNow)).videos.create({ model: "sora-2", prompt: "x" })),
    await reject(make(() => Promise.reject(new TypeError("fetch failed"))).videos.retrieve("v")),
    await reject(make(hang, 5).videos.retrieve("v")),
    await reject(make(async () => json(video())).videos.create({ model: "sora-2", prompt: "" })),
    await reject(
      make(async () => new Response("<html>oops</html>")).videos.remix("v", { model: "sora-2", prompt: "x" }),
    ),
    await reject(make(async () => json(video())).videos.retrieve("v", { signal: AbortSignal.abort() })),
  ];
  return { errors, lines };
}

describe("the API key stays secret", () => {
  const apiKey = "sk-live-SECRET-0123456789";

  it("is not in util.inspect or JSON.stringify of the client", () => {
    const client = createClient({ apiKey, baseUrl: BASE_URL, fetch: async () => json({}) });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain("SECRET");
    expect(inspect(client)).toBe(`TokenOpsClient { baseUrl: '${BASE_URL}' }`);
    expect(JSON.stringify(client)).toBe(JSON.stringify({ baseUrl: BASE_URL }));
    expect(Object.values(client).map(String).join()).not.toContain("SECRET");
    expect(inspect(client.videos, { depth: 10, showHidden: true })).not.toContain("SECRET");
  });

  it("is not in any error's message, stack, inspect or JSON, nor in any log line", async () => {
    const { errors, lines } = await failures(apiKey);
    expect(errors).toHaveLength(7);
    for (const error of errors) {
      expect(error).toBeInstanceOf(TokenOpsError);
      expect(exposed(error)).not.toContain("SECRET");
    }
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.join("\n")).not.toContain("SECRET");
  });

  it("holds for arbitrary keys", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 16, maxLength: 64, unit: codePoint }), async (apiKey) => {
        let client: unknown;
        try {
          client = createClient({ apiKey, baseUrl: BASE_URL, fetch: async () => json({}) });
        } catch (error) {
          // A key no header can carry is refused up front, without quoting it.
          expect(error).toBeInstanceOf(TokenOpsError);
          expect(exposed(error)).not.toContain(apiKey);
          return;
        }
        expect(inspect(client, { depth: 10 }) + JSON.stringify(client)).not.toContain(apiKey);
        const { errors, lines } = await failures(apiKey, 0);
        for (const error of errors) expect(exposed(error)).not.toContain(apiKey);
        expect(lines.join("\n")).not.toContain(apiKey);
      }),
      { numRuns: 60 },
    );
  });
});
