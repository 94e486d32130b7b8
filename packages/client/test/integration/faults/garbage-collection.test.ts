import { describe, expect, it } from "vitest";
import { APIConnectionTimeoutError, APIUserAbortError } from "../../../src/index.js";
import { arrived, clientFor, rejection, useMock } from "../helpers.js";

// Node's fetch loses the abort of a Request's signal once that Request object is garbage collected
// (nodejs/undici#4068, nodejs/node#55428). A collection at the wrong moment made about one timeout in a
// hundred never fire; here it is forced, so the tests fail every time the client leaves that to chance.
// `gc` exists because vitest.config.ts starts this file's worker with --expose-gc.
const gc = (globalThis as { gc?: () => void }).gc;

/** Collect garbage a few times while a request is in flight. */
async function collectGarbage() {
  if (gc === undefined) throw new Error("gc() is missing: run this file in vitest's gc project (--expose-gc)");
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
  }
}

// What would be waited for without the fix is 60 s or a whole slow download, past the test's timeout: the
// assertions are what ended each call, not how long it took.
describe("timeouts and aborts survive garbage collection", () => {
  const mock = useMock();

  it("a timeout still fires when garbage is collected while waiting for the response", async () => {
    mock().scenarios.use("hang;times=always");
    const client = clientFor(mock(), { timeoutMs: 300, maxRetries: 0 });
    const call = rejection(client.videos.create({ model: "sora-2", prompt: "a hanging request" }));
    await collectGarbage();
    const error = await call;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toBe("POST /v1/videos timed out after 300 ms");
  });

  it("the caller's abort still stops the call when garbage is collected while waiting", async () => {
    mock().scenarios.use("hang;times=always");
    const controller = new AbortController();
    const client = clientFor(mock(), { timeoutMs: 60_000 });
    const call = rejection(client.videos.retrieve("video_x", { signal: controller.signal }));
    await arrived(mock(), 1);
    await collectGarbage();
    controller.abort();
    expect(await call).toBeInstanceOf(APIUserAbortError);
  });

  it("the caller's abort still cancels a streaming body when garbage is collected after the headers came", async () => {
    const client = clientFor(mock());
    const { id } = await client.videos.create({ model: "sora-2", prompt: "a slow download", seconds: 4 });
    mock().advance(10_000);
    mock().scenarios.use("slow-download;chunk-bytes=256;delay-ms=50");
    const controller = new AbortController();
    const response = await client.videos.content(id, { signal: controller.signal });
    const reading = response.arrayBuffer();
    await collectGarbage();
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: "AbortError" });
  });
});
