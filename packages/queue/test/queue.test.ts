import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APIError, createClient } from "@tokenops/client";
import type { BatchEvent } from "@tokenops/client/batch";
import { type MockServer, startMockServer } from "@tokenops/testing";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import {
  enqueueBatch,
  folderSaver,
  followBatch,
  isRateLimited,
  itemKey,
  retryAfterMs,
  startVideoWorker,
  toJobData,
  type VideoJobData,
  type VideoWorker,
  type VideoWorkerEvent,
} from "../src/index.js";
import { startRedis } from "./redis-server.js";

const API_KEY = "sk-queue-secret-0123456789";
let redis: Awaited<ReturnType<typeof startRedis>>;
let server: MockServer;
let work: string;
let queueCount = 0;
const workers: VideoWorker[] = [];

beforeAll(async () => {
  redis = await startRedis();
  server = await startMockServer({ timeScale: 20 });
  work = await mkdtemp(join(tmpdir(), "tokenops-queue-unit-"));
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
  server.reset();
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const items = (n: number, prompt = (i: number) => `shot ${i}: a kite over the dunes`) =>
  Array.from({ length: n }, (_, i) => ({
    name: `shot-${i + 1}`,
    line: i + 1,
    params: { model: "sora-2", prompt: prompt(i + 1) },
  }));

async function worker(queueName: string, onEvent: (event: VideoWorkerEvent) => void = () => {}, concurrency = 4) {
  const client = createClient({ apiKey: API_KEY, baseUrl: server.url });
  const started = startVideoWorker({
    connection: redis.url,
    queueName,
    client,
    concurrency,
    pollIntervalMs: 20,
    save: await folderSaver(client, join(work, queueName, String(workers.length))),
    onEvent,
  });
  workers.push(started);
  return started;
}

it("adds nothing when the same batch is enqueued again, and keeps no credential in Redis", async () => {
  const queueName = `q${++queueCount}`;
  const batch = items(5);
  const first = await enqueueBatch(redis.url, batch, { queueName, concurrency: 2 });
  expect(first).toMatchObject({ added: 5, existing: 0, concurrency: 2 });
  const again = await enqueueBatch(redis.url, batch, { queueName });
  expect(again).toMatchObject({ added: 0, existing: 5, concurrency: 2 });
  expect(again.jobIds).toEqual(first.jobIds);
  expect(first.jobIds[0]).toBe(itemKey(await toJobData(batch[0] as (typeof batch)[number])));

  await worker(queueName);
  const result = await followBatch(redis.url, first.jobIds, { queueName });
  expect(result.completed).toBe(5);
  // The create's Idempotency-Key is the job id.
  expect(
    server.videos
      .list()
      .map((job) => job.idempotency_key)
      .sort(),
  ).toEqual([...first.jobIds].sort());

  // Everything Redis holds, keys and values: prompts and ids, never the worker's API key.
  const client = new Redis(redis.url);
  try {
    const dump: string[] = [];
    for (const key of await client.keys("*")) {
      const type = await client.type(key);
      dump.push(key);
      if (type === "hash") dump.push(JSON.stringify(await client.hgetall(key)));
      if (type === "string") dump.push(String(await client.get(key)));
      if (type === "stream") dump.push(JSON.stringify(await client.xrange(key, "-", "+")));
      if (type === "list") dump.push(JSON.stringify(await client.lrange(key, 0, -1)));
      if (type === "zset") dump.push(JSON.stringify(await client.zrange(key, 0, -1)));
    }
    const text = dump.join("\n");
    expect(text).toContain("a kite over the dunes");
    expect(text).not.toContain(API_KEY);
  } finally {
    client.disconnect();
  }
});

it("follows each video at the worker's pollIntervalMs", async () => {
  const queueName = `q${++queueCount}`;
  const client = createClient({ apiKey: API_KEY, baseUrl: server.url });
  const waitFor = vi.spyOn(client.videos, "waitFor");
  workers.push(
    startVideoWorker({ connection: redis.url, queueName, client, pollIntervalMs: 20, save: async () => [] }),
  );
  const { jobIds } = await enqueueBatch(redis.url, items(1), { queueName });
  expect((await followBatch(redis.url, jobIds, { queueName })).completed).toBe(1);
  // The option reaches the client under its own name (an old name would leave the 2 s default in force).
  expect(waitFor).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ pollIntervalMs: 20 }));
});

it("pauses every worker on a 429 for its Retry-After, and makes each video once", async () => {
  const queueName = `q${++queueCount}`;
  // The account allows 2 unfinished jobs; the queue is told 6, so creates meet 429s.
  server.scenarios.use("concurrency-limit;max=2;retry-after-ms=1500");
  let limited!: (event: VideoWorkerEvent) => void;
  const firstLimit = new Promise<VideoWorkerEvent>((resolve) => {
    limited = resolve;
  });
  const onEvent = (event: VideoWorkerEvent) => event.type === "rate-limited" && limited(event);
  await worker(queueName, onEvent, 3);
  await worker(queueName, onEvent, 3);
  const { jobIds } = await enqueueBatch(redis.url, items(8), { queueName, concurrency: 6 });
  const queue = new Queue(queueName, { connection: { url: redis.url } });
  let pausedTtl = 0;
  const follow = followBatch(redis.url, jobIds, { queueName });
  try {
    // Once a worker met a 429, the queue itself is limited (BullMQ's limiter key): every worker waits.
    const event = await firstLimit;
    pausedTtl = await queue.getRateLimitTtl();
    expect(event).toMatchObject({ retryAfterMs: 1500 });
    expect(pausedTtl).toBeGreaterThan(0);
    expect(pausedTtl).toBeLessThanOrEqual(1500);
    const result = await follow;
    expect(result.completed).toBe(8);
  } finally {
    await queue.close();
  }
  expect(server.videos.size).toBe(8);
  expect(new Set(server.videos.list().map((job) => job.idempotency_key)).size).toBe(8);
});

it("fails a job with the API's code and message; --retry-failed puts back only those, as new videos", async () => {
  const queueName = `q${++queueCount}`;
  const batch = items(3, (i) => (i === 2 ? "a storm [mock: fail;code=moderation_blocked]" : `shot ${i}: calm sea`));
  await worker(queueName);
  const first = await enqueueBatch(redis.url, batch, { queueName });
  const seen: BatchEvent[] = [];
  const result = await followBatch(redis.url, first.jobIds, { queueName, onEvent: (event) => seen.push(event) });
  expect(result).toMatchObject({ completed: 2, failed: 1 });
  const failed = result.items.find((item) => item.state === "failed");
  expect(failed).toMatchObject({ name: "shot-2", error: { code: "moderation_blocked" } });
  expect(failed?.video_id).toMatch(/^video_/);
  const queue = new Queue<VideoJobData>(queueName, { connection: { url: redis.url } });
  try {
    const job = await queue.getJob(first.jobIds[1] as string);
    expect(job?.failedReason).toContain("moderation_blocked");
    expect(job?.data.error).toMatchObject({ code: "moderation_blocked" });
  } finally {
    await queue.close();
  }
  expect(seen.at(-1)).toMatchObject({ type: "end", completed: 2, failed: 1 });

  const retried = await enqueueBatch(redis.url, batch, { queueName, retryFailed: true });
  expect(retried).toMatchObject({ added: 0, existing: 3, retried: 1 });
  const again = await followBatch(redis.url, retried.jobIds, { queueName });
  // The scenario is in the prompt, so the new video fails too: but it is a new video, with a new key.
  expect(again).toMatchObject({ completed: 2, failed: 1 });
  expect(server.videos.size).toBe(4);
  expect(server.videos.list().map((job) => job.idempotency_key)).toContain(`${first.jobIds[1]}-retry-1`);
});

it("refuses a batch with a bad item before anything is added, naming the line and field", async () => {
  const queueName = `q${++queueCount}`;
  const bad = [...items(2), { name: "../escape", line: 3, params: { model: "sora-2", prompt: "x", size: "999x999" } }];
  await expect(enqueueBatch(redis.url, bad as never, { queueName })).rejects.toThrow(
    /size[\s\S]*not safe as a file name/,
  );
  const queue = new Queue(queueName, { connection: { url: redis.url } });
  try {
    expect(await queue.count()).toBe(0);
  } finally {
    await queue.close();
  }
});

it("treats TokenOps' 2007 and 2008 as rate limits, and reads Retry-After", () => {
  const gateway = (code: number, headers: HeadersInit = {}) =>
    new APIError(429, { error: { code, message: "limit", details: [] } }, new Headers(headers));
  expect(isRateLimited(gateway(2007))).toBe(true);
  expect(isRateLimited(new APIError(400, { error: { code: 2008, message: "tokens per minute" } }))).toBe(true);
  expect(isRateLimited(new APIError(400, { error: { code: 2005, message: "bad" } }))).toBe(false);
  expect(retryAfterMs(gateway(2007, { "retry-after": "2" }), 1)).toBe(2000);
  expect(retryAfterMs(gateway(2007, { "retry-after-ms": "150" }), 1)).toBe(150);
  expect(retryAfterMs(gateway(2007), 3)).toBe(4000);
});
