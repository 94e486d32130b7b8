import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { APIConnectionTimeoutError, APIUserAbortError } from "@tokenops/client";
import { describe, expect, it } from "vitest";
import { clientFor, rejection, useMock } from "../helpers.js";

// Node's fetch loses the abort of a Request's signal once that Request object is garbage collected
// (nodejs/undici#4068, nodejs/node#55428). A collection at the wrong moment made about one timeout in a
// hundred never fire; here it is forced, so the tests fail every time the client leaves that to chance.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collect garbage a few times while a request is in flight. */
async function collectGarbage() {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
  }
}

describe("timeouts and aborts survive garbage collection", () => {
  const mock = useMock();

  it("a timeout still fires when garbage is collected while waiting for the response", async () => {
    mock().scenarios.use("hang;times=always");
    const client = clientFor(mock(), { timeoutMs: 300, maxRetries: 0 });
    const call = rejection(client.videos.create({ model: "sora-2", prompt: "a hanging request" }));
    await collectGarbage();
    const started = performance.now();
    const error = await call;
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("the caller's abort still stops the call when garbage is collected while waiting", async () => {
    mock().scenarios.use("hang;times=always");
    const controller = new AbortController();
    const client = clientFor(mock(), { timeoutMs: 60_000 });
    const call = rejection(client.videos.retrieve("video_x", { signal: controller.signal }));
    await collectGarbage();
    controller.abort();
    const started = performance.now();
    expect(await call).toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(1_000);
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
    const started = performance.now();
    await expect(reading).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
