import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { enqueueBatch, followBatch, savesQueueName, type VideoJobData } from "../src/index.js";
import { startRedis } from "./redis-server.js";

// Two worker machines (processes), an enqueuer and the mock (a process of its own, with the account's
// limit of 8 unfinished jobs) on one real redis-server. One worker dies by SIGKILL mid-run.
const ITEMS = 100;
const MAX = 8;
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let redis: Awaited<ReturnType<typeof startRedis>>;
let work: string;
beforeAll(async () => {
  redis = await startRedis();
  work = await mkdtemp(join(tmpdir(), "tokenops-queue-"));
});
afterAll(async () => {
  await redis?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

interface Stats {
  jobs: { id: string; key: string | null; prompt: string; status: string }[];
  creates: { status: number; key: string | null }[];
}

async function startMock(options: object): Promise<{ child: ChildProcess; url: string; stats: () => Promise<Stats> }> {
  const child = fork(fixture("mock-process.mjs"), [JSON.stringify(options)]);
  const [{ url }] = (await once(child, "message")) as [{ url: string }];
  return {
    child,
    url,
    stats: async () => {
      child.send("stats");
      return ((await once(child, "message")) as [Stats])[0];
    },
  };
}

type WorkerMessage = { type: string; name?: string; jobId?: string; video_id?: string };

function startWorker(options: object, onMessage: (message: WorkerMessage) => void) {
  const child = fork(fixture("worker-process.mjs"), [JSON.stringify(options)]);
  child.on("message", (message) => onMessage(message as WorkerMessage));
  const ready = new Promise<void>((resolve, reject) => {
    child.on("message", (message) => (message as WorkerMessage).type === "ready" && resolve());
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
  return { child, ready };
}

it("runs 100 items on two workers within the account's limit; one dies by SIGKILL, none is created twice or lost", async () => {
  // Jobs of one second of real time (five simulated seconds at 5x).
  const mock = await startMock({ timeScale: 5, scenarios: [`concurrency-limit;max=${MAX}`] });
  const queueName = "across-machines";
  const dirs = { a: join(work, "machine-a"), b: join(work, "machine-b") };
  const common = {
    redis: redis.url,
    baseUrl: mock.url,
    concurrency: MAX,
    lockDurationMs: 5000,
    stalledIntervalMs: 2000,
    pollIntervalMs: 50,
    queueName,
  };
  const events: Record<"a" | "b", WorkerMessage[]> = { a: [], b: [] };
  let killed = false;
  let killedHolding: string[] = [];
  const created = () =>
    events.a.filter((e) => e.type === "created").length + events.b.filter((e) => e.type === "created").length;
  const a = startWorker({ ...common, out: dirs.a, name: "machine-a" }, (message) => {
    // Messages machine-a sent between the kill and its death still arrive: they count too.
    events.a.push(message);
    if (killed) return;
    // Mid-run, on an event: once a third of the videos exist, and while machine-a holds a video it just created.
    if (message.type === "created" && created() >= ITEMS / 3) {
      killed = true;
      a.child.kill("SIGKILL");
      // The videos machine-a had created and was still following: another worker must follow them.
      const ready = new Set(events.a.filter((e) => e.type === "video-ready").map((e) => e.name));
      killedHolding = events.a.filter((e) => e.type === "created" && !ready.has(e.name)).map((e) => e.name as string);
    }
  });
  const b = startWorker({ ...common, out: dirs.b, name: "machine-b" }, (message) => events.b.push(message));
  await Promise.all([a.ready, b.ready]);
  a.ready.catch(() => undefined);

  const items = Array.from({ length: ITEMS }, (_, i) => ({
    name: `shot-${String(i + 1).padStart(3, "0")}`,
    line: i + 1,
    params: {
      model: "sora-2",
      prompt: `shot ${i + 1}: a paper boat`,
      size: "1280x720" as const,
      seconds: "4" as const,
    },
  }));
  const enqueued = await enqueueBatch(redis.url, items, { queueName, concurrency: MAX });
  expect(enqueued).toMatchObject({ added: ITEMS, existing: 0, concurrency: MAX });
  const result = await followBatch(redis.url, enqueued.jobIds, { queueName });
  expect(killed).toBe(true);

  // Every item completed once; machine-b resumed what machine-a held, by following its video.
  expect(result).toMatchObject({ completed: ITEMS, failed: 0, remaining: 0 });
  expect(killedHolding.length).toBeGreaterThan(0);
  const resumed = new Set(events.b.filter((e) => e.type === "resumed").map((e) => e.name));
  expect(resumed.size).toBeGreaterThan(0);
  // Each video machine-a held was followed by machine-b, unless machine-a finished it in the moment
  // between the event that killed it and its death (its job's result then names machine-a).
  const videos = new Queue<VideoJobData>(queueName, { connection: { url: redis.url } });
  try {
    for (const name of killedHolding) {
      const id = enqueued.jobIds[items.findIndex((item) => item.name === name)] as string;
      const job = await videos.getJob(id);
      const by = (job?.returnvalue as { worker?: string } | undefined)?.worker;
      expect(resumed.has(name) || by === "machine-a", name).toBe(true);
    }
  } finally {
    await videos.close();
  }

  // At the mock: 100 jobs, one per item, each made by one key, and never a create over the limit.
  const stats = await mock.stats();
  expect(stats.jobs).toHaveLength(ITEMS);
  expect(new Set(stats.jobs.map((job) => job.key)).size).toBe(ITEMS);
  expect(stats.jobs.map((job) => job.key).sort()).toEqual([...enqueued.jobIds].sort());
  expect(stats.creates.filter((create) => create.status === 429)).toEqual([]);
  // A create machine-a sent just before it died may be sent again by machine-b with the same key: the mock
  // answers it with the job it made. 100 keys, 100 jobs.
  const answered = stats.creates.filter((create) => create.status === 200);
  expect(new Set(answered.map((create) => create.key)).size).toBe(ITEMS);

  // Every MP4 saved once: by the worker that completed its job, in that machine's folder, whole. Only a
  // save that the kill cut short (machine-a had begun it, machine-b completed its job) may leave a copy
  // in both folders.
  const begunByA = new Set(events.a.filter((e) => e.type === "saving").map((e) => e.name));
  const files = { a: await readdir(dirs.a), b: await readdir(dirs.b) };
  const saves = new Queue<VideoJobData>(savesQueueName(queueName), { connection: { url: redis.url } });
  try {
    for (const [i, item] of items.entries()) {
      const id = enqueued.jobIds[i] as string;
      const job = await saves.getJob(id);
      if (job === undefined) throw new Error(`the save job of ${item.name} is gone`);
      const { worker, files: saved } = job.returnvalue as { worker: string; files: string[] };
      expect(saved[0]).toBe(`${item.name}.mp4`);
      const dir = worker === "machine-a" ? dirs.a : dirs.b;
      expect((await stat(join(dir, saved[0] as string))).size).toBeGreaterThan(1000);
      expect(job.data.video_id).toMatch(/^video_/);
      const copies = (files.a.includes(saved[0] as string) ? 1 : 0) + (files.b.includes(saved[0] as string) ? 1 : 0);
      const cutShort = worker === "machine-b" && begunByA.has(item.name);
      expect(copies, item.name).toBe(cutShort ? Math.max(1, Math.min(2, copies)) : 1);
    }
  } finally {
    await saves.close();
  }
  const summary = JSON.parse(await readFile(join(dirs.b, "summary.json"), "utf8")) as { status: string }[];
  expect(summary.length).toBeGreaterThan(0);
  expect(summary.every((entry) => entry.status === "completed")).toBe(true);

  b.child.disconnect();
  await once(b.child, "exit");
  mock.child.disconnect();
});
