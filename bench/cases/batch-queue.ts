// One run of the queue benchmark, in its own process: `node cases/batch-queue.js <workDir>`. 100 items
// enqueued on a BullMQ queue (a redis-server of its own) and made by 1, 2 and 4 worker processes against
// the mock in another process, whose `concurrency-limit;max=8` refuses a ninth unfinished job and whose
// jobs last one second of real time. The queue's global concurrency is the account's 8; each worker
// would take 8. Wall time is from the enqueue to the last job's end, as the enqueuer follows it.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { enqueueBatch, followBatch } from "@tokenops/queue";

const [work] = process.argv.slice(2) as [string];
const ITEMS = 100;
const MAX = 8;
const JOB_MS = 1000;
const TIME_SCALE = 5000 / JOB_MS;
const WORKER_COUNTS = [1, 2, 4];
const idealSeconds = (Math.ceil(ITEMS / MAX) * JOB_MS) / 1000;
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, "close");
  const child = spawn(
    process.env.REDIS_SERVER ?? "/usr/bin/redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    if (line.includes("Ready to accept connections")) break;
  }
  child.stdout?.resume();
  return { url: `redis://127.0.0.1:${port}`, child };
}

async function startMock(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(here("./batch-mock.js"), [
    JSON.stringify({ timeScale: TIME_SCALE, scenarios: [`concurrency-limit;max=${MAX}`] }),
  ]);
  const [{ url }] = (await once(child, "message")) as [{ url: string }];
  return { child, url };
}

async function stats(child: ChildProcess): Promise<{ jobs: number; created: number; refused429: number }> {
  child.send("stats");
  return ((await once(child, "message")) as [{ jobs: number; created: number; refused429: number }])[0];
}

await mkdir(work, { recursive: true });
const redis = await startRedis();
const figures: Record<string, number>[] = [];
try {
  for (const count of WORKER_COUNTS) {
    const mock = await startMock();
    const queueName = `bench-${count}`;
    const workers = Array.from({ length: count }, (_, i) =>
      fork(here("./queue-worker.js"), [
        JSON.stringify({
          redis: redis.url,
          queueName,
          baseUrl: mock.url,
          out: join(work, `${count}-${i}`),
          concurrency: MAX,
        }),
      ]),
    );
    await Promise.all(workers.map((worker) => once(worker, "message")));
    const items = Array.from({ length: ITEMS }, (_, i) => ({
      name: `shot-${i + 1}`,
      params: { model: "sora-2", prompt: `shot ${i + 1}: a paper boat, take ${i + 1}` },
    }));
    const started = performance.now();
    const { jobIds } = await enqueueBatch(redis.url, items, { queueName, concurrency: MAX });
    const result = await followBatch(redis.url, jobIds, { queueName });
    const wallSeconds = (performance.now() - started) / 1000;
    const at = await stats(mock.child);
    figures.push({
      workers: count,
      wallSeconds,
      completed: result.completed,
      duplicates: at.jobs - ITEMS,
      rateLimited: at.refused429,
    });
    for (const worker of workers) worker.disconnect();
    await Promise.all(workers.map((worker) => once(worker, "exit")));
    mock.child.disconnect();
  }
} finally {
  redis.child.kill("SIGTERM");
}
process.stdout.write(
  `${JSON.stringify({ items: ITEMS, max: MAX, jobSeconds: JOB_MS / 1000, idealSeconds, runs: figures })}\n`,
);
