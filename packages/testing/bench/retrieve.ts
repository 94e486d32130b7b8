/**
 * How many `GET /v1/videos/{video_id}` a second the mock answers while it holds 1,000 running
 * jobs, each polled every 50 ms — and that none of those requests fails.
 *
 * The server runs in its own process (the built bin: build first), and the pollers in worker
 * threads, so neither shares an event loop with the other.
 * Run: `pnpm --filter @tokenops/testing bench`
 * Options (env): BENCH_JOBS (1000), BENCH_INTERVAL_MS (50), BENCH_SECONDS (10), BENCH_WORKERS (1).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** What each poller thread gets (bench/poller.mjs) and what it reports back. */
interface Slice {
  url: string;
  ids: string[];
  intervalMs: number;
  deadline: number;
}

interface Tally {
  requests: number;
  latencies: number[];
  statuses: Record<string, number>;
  failures: Record<string, number>;
}

const headers = { authorization: "Bearer bench" };

async function main(): Promise<void> {
  const jobs = Number(process.env.BENCH_JOBS ?? 1000);
  const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 50);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const workers = Number(process.env.BENCH_WORKERS ?? 1);

  const bin = fileURLToPath(new URL("../bin/tokenops-mock.js", import.meta.url));
  // A job takes 5 s of simulated time; at timeScale 0.5 that is 10 s, so the jobs move through
  // queued → in_progress → completed during the run and every poll reads a live job.
  const child = spawn(process.execPath, [bin, "--port", "0", "--time-scale", "0.5"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      output += text;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the mock server exited (${code}) before listening: ${output}`)));
  });

  try {
    await measure(url, { jobs, intervalMs, seconds, workers });
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
}

async function measure(
  url: string,
  { jobs, intervalMs, seconds, workers }: { jobs: number; intervalMs: number; seconds: number; workers: number },
): Promise<void> {
  const ids: string[] = [];
  for (let start = 0; start < jobs; start += 100) {
    const batch = Array.from({ length: Math.min(100, jobs - start) }, async (_, i) => {
      const form = new FormData();
      form.set("model", "sora-2");
      form.set("prompt", `bench job ${start + i}`);
      const response = await fetch(`${url}/v1/videos`, { method: "POST", headers, body: form });
      if (response.status !== 200) throw new Error(`create: HTTP ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    });
    ids.push(...(await Promise.all(batch)));
  }

  const began = performance.now();
  const deadline = Date.now() + seconds * 1000;
  const tallies = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const slice: Slice = { url, ids: ids.filter((_, i) => i % workers === w), intervalMs, deadline };
      // Plain JavaScript: worker threads do not inherit tsx's loader.
      const worker = new Worker(new URL("./poller.mjs", import.meta.url), { workerData: slice });
      return once(worker, "message").then(([tally]) => tally as Tally);
    }),
  );
  const elapsed = (performance.now() - began) / 1000;

  const merge = (maps: Record<string, number>[]) => {
    const out: Record<string, number> = {};
    for (const map of maps) for (const [key, n] of Object.entries(map)) out[key] = (out[key] ?? 0) + n;
    return out;
  };
  const latencies = tallies.flatMap((tally) => tally.latencies).sort((a, b) => a - b);
  const percentile = (p: number) =>
    Number((latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(1));
  const requests = tallies.reduce((sum, tally) => sum + tally.requests, 0);
  const failures = merge(tallies.map((tally) => tally.failures));
  const errors = Object.values(failures).reduce((sum, n) => sum + n, 0);
  const result = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
    jobs,
    intervalMs,
    pollerThreads: workers,
    seconds: Number(elapsed.toFixed(1)),
    requests,
    requestsPerSecond: Math.round(requests / elapsed),
    latencyMs: { p50: percentile(50), p99: percentile(99), max: percentile(100) },
    statusesSeen: merge(tallies.map((tally) => tally.statuses)),
    errors,
    failures,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `\nmock retrieve: ${result.requestsPerSecond} requests/s with ${jobs} jobs polled every ${intervalMs} ms — ${
      errors === 0 ? "no errors" : `${errors} ERRORS`
    }`,
  );
  process.exitCode = errors === 0 ? 0 : 1;
}

await main();
