import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@tokenops/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startRedis } from "../../queue/test/redis-server.js";
import { runCli, startCli, tempDir } from "./helpers.js";

// `tokenops worker` and `tokenops videos batch --queue` on a real redis-server, against the mock.
const API_KEY = "sk-worker-test-77c1";
let server: MockServer;
let redis: Awaited<ReturnType<typeof startRedis>>;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  [server, redis] = await Promise.all([
    startMockServer({ host: "127.0.0.1", timeScale: 10, apiKey: API_KEY }),
    startRedis(),
  ]);
  dir = tempDir();
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
  dir?.remove();
});

it("enqueues from one process and a worker in another makes the videos; enqueuing again adds nothing", async () => {
  const out = join(dir.path, "machine-a");
  const worker = startCli(
    ["worker", "--queue", redis.url, "--out", out, "--concurrency", "2", "--poll-interval", "20"],
    { TOKENOPS_BASE_URL: server.url, TOKENOPS_API_KEY: API_KEY },
  );
  await worker.waitForOutput(/Worker \S+ on redis:\/\/127\.0\.0\.1:\d+: 2 at a time/);
  const input = join(dir.path, "shots.jsonl");
  writeFileSync(
    input,
    [
      { name: "dunes", prompt: "a kite over the dunes" },
      { name: "harbour", prompt: "boats in a harbour at dawn" },
      { name: "storm", prompt: "a storm at sea [mock: fail;code=moderation_blocked]" },
    ]
      .map((row) => JSON.stringify(row))
      .join("\n"),
  );

  // The enqueuer needs no API key: the workers call the API, each with its own.
  const first = await runCli([
    "videos",
    "batch",
    input,
    "--model",
    "sora-2",
    "--queue",
    redis.url,
    "--concurrency",
    "2",
  ]);
  expect(first.stderr).toContain(
    `Queued on ${redis.url}: 3 added, 0 already there; at most 2 at a time over every worker.`,
  );
  expect(first.stderr).toMatch(/dunes \(line 1\): saved dunes\.mp4, dunes\.webp/);
  expect(first.stderr).toContain("Done: 2 of 3 completed, 1 failed.");
  expect(first.stderr).toContain("storm: ");
  expect(first.stderr).toContain("(moderation_blocked)");
  expect(first.stderr).toContain(
    `Create them again with: tokenops videos batch ${input} --model sora-2 --queue ${redis.url} --retry-failed`,
  );
  expect(first.code).toBe(3);
  expect(
    readdirSync(out)
      .filter((file) => file.endsWith(".mp4"))
      .sort(),
  ).toEqual(["dunes.mp4", "harbour.mp4"]);
  expect(worker.output()).toContain("storm: failed: ");

  const again = await runCli(["videos", "batch", input, "--model", "sora-2", "--queue", redis.url, "--json"]);
  expect(again.stderr).toContain("0 added, 3 already there");
  expect(again.code).toBe(3);
  expect(server.videos.size).toBe(3);
  const events = again.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string });
  expect(events[0]).toMatchObject({ type: "start", total: 3, completed: 2, failed: 1 });

  worker.child.kill("SIGTERM");
  const stopped = await worker.done;
  expect(stopped.stderr).toContain("Worker stopped.");
  expect(stopped.code).toBe(0);
  expect(stopped.stderr).not.toContain(API_KEY);
});

it("refuses --mock with --queue and a URL that is not Redis's, before anything is queued", async () => {
  const input = join(dir.path, "one.jsonl");
  writeFileSync(input, JSON.stringify({ prompt: "a fox" }));
  const mock = await runCli(["videos", "batch", input, "--model", "sora-2", "--queue", redis.url, "--mock"]);
  expect(mock.code).toBe(2);
  expect(mock.stderr).toContain("--mock does not go with --queue");
  const bad = await runCli(["videos", "batch", input, "--model", "sora-2", "--queue", "http://127.0.0.1:1"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--queue: "http://127.0.0.1:1" is not a Redis URL');
  const worker = await runCli(["worker", "--queue", "localhost:6379", "--out", dir.path], {
    TOKENOPS_API_KEY: API_KEY,
  });
  expect(worker.code).toBe(2);
  expect(worker.stderr).toContain('--queue: "localhost:6379" is not a Redis URL (expected redis://host:6379');
});
