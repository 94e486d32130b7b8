// One run of the batch benchmark, in its own process: `node cases/batch.js <cliBin> <workDir>`.
// 100 items through `tokenops videos batch` against the mock in another process, whose
// `concurrency-limit;max=8` refuses a ninth unfinished job and whose jobs last one second of real
// time; then the same batch killed with SIGKILL once half of it is done, and resumed.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const [bin, work] = process.argv.slice(2) as [string, string];
const ITEMS = 100;
const MAX = 8;
const JOB_MS = 1000;
// The mock's jobs last 5 simulated seconds (1 queued, 4 running): 5x time makes them last one real second.
const TIME_SCALE = 5000 / JOB_MS;
// More than the limit allows, so that the 429s and the back-off are part of what is measured.
const CONCURRENCY = 16;
// Every line needs a model; the mock's timing above is the same for every family.
const MODEL = "sora-2";
const idealSeconds = (Math.ceil(ITEMS / MAX) * JOB_MS) / 1000;

async function startMock(): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL("./batch-mock.js", import.meta.url));
  const child = fork(script, [JSON.stringify({ timeScale: TIME_SCALE, scenarios: [`concurrency-limit;max=${MAX}`] })]);
  const [{ url }] = (await once(child, "message")) as [{ url: string }];
  return { child, url };
}

async function stats(child: ChildProcess): Promise<{ jobs: number; created: number; refused429: number }> {
  child.send("stats");
  return ((await once(child, "message")) as [{ jobs: number; created: number; refused429: number }])[0];
}

/** Runs the batch; `until` may kill it (SIGKILL) when an event says so. Resolves with the wall time. */
function batch(url: string, input: string, out: string, until?: (completed: number) => boolean) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      bin,
      "videos",
      "batch",
      input,
      "--out",
      out,
      "--concurrency",
      String(CONCURRENCY),
      "--poll-interval",
      "50",
      "--model",
      MODEL,
      "--json",
    ],
    { env: { ...process.env, TOKENOPS_BASE_URL: url, TOKENOPS_API_KEY: "bench" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  let completed = 0;
  let buffered = "";
  let killed = false;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      const event = JSON.parse(line) as { type: string; item?: { state: string } };
      if (event.type === "item" && event.item?.state === "completed") completed++;
    }
    if (!killed && until?.(completed)) {
      killed = true;
      child.kill("SIGKILL");
    }
  });
  return new Promise<{ seconds: number; code: number | null; completed: number }>((resolve, reject) => {
    child.on("close", (code) => {
      // A run that failed on its own (not the kill) measured nothing: its own words say why.
      if (code !== 0 && !killed) reject(new Error(`tokenops videos batch exited ${code}:\n${stderr}`));
      else resolve({ seconds: (performance.now() - started) / 1000, code, completed });
    });
  });
}

async function summary(out: string): Promise<{ status: string }[]> {
  return JSON.parse(await readFile(join(out, "summary.json"), "utf8"));
}

await mkdir(work, { recursive: true });
const input = join(work, "shots.jsonl");
await writeFile(
  input,
  Array.from({ length: ITEMS }, (_, i) =>
    JSON.stringify({ prompt: `shot ${i + 1}: a paper boat, take ${i + 1}` }),
  ).join("\n"),
);

// A clean run.
let mock = await startMock();
const clean = await batch(mock.url, input, join(work, "clean"));
const cleanStats = await stats(mock.child);
const cleanDone = (await summary(join(work, "clean"))).filter((entry) => entry.status === "completed").length;
mock.child.disconnect();

// Killed at the halfway point, then resumed, against a fresh mock.
mock = await startMock();
const out = join(work, "killed");
const killed = await batch(mock.url, input, out, (completed) => completed >= ITEMS / 2);
const resumed = await batch(mock.url, input, out);
const resumedStats = await stats(mock.child);
const resumedDone = (await summary(out)).filter((entry) => entry.status === "completed").length;
mock.child.disconnect();

process.stdout.write(
  `${JSON.stringify({
    items: ITEMS,
    max: MAX,
    concurrency: CONCURRENCY,
    jobSeconds: JOB_MS / 1000,
    idealSeconds,
    wallSeconds: clean.seconds,
    exitCode: clean.code,
    completed: cleanDone,
    duplicates: cleanStats.jobs - ITEMS,
    rateLimited: cleanStats.refused429,
    killedAfterCompleted: killed.completed,
    killedSeconds: killed.seconds,
    resumeSeconds: resumed.seconds,
    resumeExitCode: resumed.code,
    resumeDuplicates: resumedStats.jobs - ITEMS,
    resumeLost: ITEMS - resumedDone,
    resumeRateLimited: resumedStats.refused429,
  })}\n`,
);
