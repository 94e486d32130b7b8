// `pnpm bench`: every figure is a median over repeated runs, each run in a fresh
// process, and each compared with a baseline measured in the same run.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, rmSync } from "node:fs";
import { mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
const out = join(here, "dist");
const quick = process.argv.includes("--quick"); // fewer and smaller runs, to try the harness
// `--only batch`, `--only queue`, `--only retrieve`, `--only json-create` or `--only toolchain` runs one case and updates its figures in the results, leaving the others as they were.
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const TRANSFER_REPEATS = quick ? 1 : 3;
const UPLOAD_BYTES = quick ? 20 * 2 ** 20 : 200 * 2 ** 20;
// A JSON family's image travels as a base64 data URL inside the body: a first frame's size, not a video's.
const JSON_IMAGE_BYTES = quick ? 2 * 2 ** 20 : 8 * 2 ** 20;
const JSON_LABEL = "`videos.create` as JSON";
const DOWNLOAD_BYTES = quick ? 100 * 2 ** 20 : 2 ** 30;
// Each run: rounds of `block` calls of each of two variants in one process (see cases/retrieve.ts).
const RETRIEVE_ROUNDS = quick ? 8 : 40;
const RETRIEVE_BLOCK = quick ? 100 : 250;
const RETRIEVE_REPEATS = quick ? 1 : 3;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** Compiles the cases to plain JavaScript, so no loader sits in the measured processes. */
async function compileCases(): Promise<void> {
  await build({
    entryPoints: [
      join(here, "server.ts"),
      join(here, "cases/retrieve.ts"),
      join(here, "cases/transfer.ts"),
      join(here, "cases/batch.ts"),
      join(here, "cases/batch-mock.ts"),
      join(here, "cases/batch-queue.ts"),
      join(here, "cases/queue-worker.ts"),
    ],
    outdir: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "error",
  });
}

/**
 * The command that runs `args` on one CPU (Linux's taskset, when there are two CPUs or more): a retrieve's
 * server and client each get a CPU of their own, so neither waits for the other's turn. Unpinned elsewhere.
 */
const TASKSET = ["/usr/bin/taskset", "/bin/taskset"].find((path) => existsSync(path));
function onCpu(cpu: number | undefined, args: string[]): [string, string[]] {
  return cpu !== undefined && TASKSET && os.cpus().length >= 2
    ? [TASKSET, ["-c", String(cpu), process.execPath, ...args]]
    : [process.execPath, args];
}

async function startServer(env: Record<string, string> = {}, cpu?: number) {
  const child = spawn(...onCpu(cpu, [join(out, "server.js")]), {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
  const { port } = JSON.parse(line) as { port: number };
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}

function runCase(script: string, args: string[], cpu?: number): Record<string, number> {
  const output = execFileSync(...onCpu(cpu, [join(out, script), ...args]), { cwd: here, encoding: "utf8" });
  return JSON.parse(output.trim().split("\n").at(-1) as string);
}

const results: Record<string, unknown> = {};
const rows: string[][] = [];

/**
 * Each comparison the figures make, as a pair run round by round in one process (see cases/retrieve.ts): the
 * client against bare openapi-fetch (the issue's figure), openapi-fetch and the client against raw fetch, and
 * openai against the client.
 */
const RETRIEVE_PAIRS = [
  ["openapi-fetch", "client"],
  ["fetch", "openapi-fetch"],
  ["fetch", "client"],
  ["client", "openai"],
] as const;

async function benchRetrieve(): Promise<void> {
  const server = await startServer({}, 0);
  try {
    for (const concurrency of [1, 32]) {
      const ratios: Record<string, number[]> = {};
      const ms: Record<string, number[]> = {};
      for (let i = 0; i < RETRIEVE_REPEATS; i++) {
        for (const [base, variant] of RETRIEVE_PAIRS) {
          const args = [server.url, String(concurrency), String(RETRIEVE_ROUNDS), String(RETRIEVE_BLOCK)];
          const run = runCase("cases/retrieve.js", [...args, `${base},${variant}`], 1) as unknown as {
            msPerRequest: Record<string, number[]>;
          };
          const [of, against] = [run.msPerRequest[variant] ?? [], run.msPerRequest[base] ?? []];
          const key = `${variant}/${base}`;
          ratios[key] = [...(ratios[key] ?? []), ...of.map((value, round) => value / (against[round] as number))];
          for (const name of [base, variant]) ms[name] = [...(ms[name] ?? []), ...(run.msPerRequest[name] ?? [])];
        }
      }
      // A ratio is the median of the round-by-round ratios: each round measured both variants within a second.
      const ratio = (variant: string, base: string) => round(median(ratios[`${variant}/${base}`] as number[]), 3);
      const msOf = (variant: string) => round(median(ms[variant] as number[]), 4);
      const ours = ratio("client", "openapi-fetch");
      const openai = ratio("openai", "client");
      results[`retrieve_${concurrency === 1 ? "sequential" : `concurrent_${concurrency}`}`] = {
        msPerRequest: Object.fromEntries(Object.keys(ms).map((variant) => [variant, msOf(variant)])),
        ratios: Object.fromEntries(Object.keys(ratios).map((key) => [key, round(median(ratios[key] as number[]), 3)])),
      };
      const label = concurrency === 1 ? "sequential" : `${concurrency} concurrent`;
      // Our layer's cost is what it adds to the library it wraps: the client against bare openapi-fetch.
      rows.push([
        `\`client.videos.retrieve\`, ${label}`,
        `raw fetch ${msOf("fetch")} ms; openapi-fetch ${msOf("openapi-fetch")} ms (×${ratio("openapi-fetch", "fetch")} raw fetch); openai ${msOf("openai")} ms`,
        `${msOf("client")} ms = **×${ours}** openapi-fetch (×${ratio("client", "fetch")} raw fetch); openai takes ×${openai} the client's time`,
        "≤ 1.05 × openapi-fetch, ahead of openai",
        ours <= 1.05 && openai > 1 ? "met" : "missed",
      ]);
    }
  } finally {
    server.stop();
  }
}

/** A 200 MB "PNG": a real 1280×720 PNG header (what validation reads) followed by filler. */
async function makeUpload(path: string, bytes = UPLOAD_BYTES): Promise<void> {
  const header = Buffer.from("89504e470d0a1a0a0000000d4948445200000500000002d00806000000", "hex");
  const file = await open(path, "w");
  await file.write(header);
  const chunk = Buffer.alloc(2 ** 20, 7);
  for (let written = header.length; written < bytes; written += chunk.length) {
    await file.write(chunk.subarray(0, Math.min(chunk.length, bytes - written)));
  }
  await file.close();
}

async function benchTransfers(kinds: readonly ("upload" | "json" | "download")[]): Promise<void> {
  const server = await startServer({ BENCH_CONTENT_BYTES: String(DOWNLOAD_BYTES) });
  const dir = join(os.tmpdir(), `tokenops-bench-${process.pid}`);
  await mkdir(dir, { recursive: true });
  try {
    const upload = join(dir, "reference.png");
    const image = join(dir, "first-frame.png");
    if (kinds.includes("upload")) await makeUpload(upload);
    if (kinds.includes("json")) await makeUpload(image, JSON_IMAGE_BYTES);
    for (const kind of kinds) {
      const samples: Record<string, Array<Record<string, number>>> = { fetch: [], client: [] };
      for (let i = 0; i < TRANSFER_REPEATS; i++) {
        for (const variant of ["fetch", "client"]) {
          const args =
            kind === "download"
              ? [kind, variant, server.url, "-", join(dir, `out-${variant}.mp4`)]
              : [kind, variant, server.url, kind === "json" ? image : upload];
          samples[variant]?.push(runCase("cases/transfer.js", args));
        }
      }
      const stat = (variant: string, key: string) => median((samples[variant] ?? []).map((s) => s[key] as number));
      const summary = {
        bytes: kind === "upload" ? UPLOAD_BYTES : kind === "json" ? JSON_IMAGE_BYTES : DOWNLOAD_BYTES,
        fetch: { mbPerSecond: round(stat("fetch", "mbPerSecond"), 1), peakRssMB: round(stat("fetch", "peakRssMB"), 1) },
        client: {
          mbPerSecond: round(stat("client", "mbPerSecond"), 1),
          peakRssMB: round(stat("client", "peakRssMB"), 1),
        },
        throughputRatio: round(stat("client", "mbPerSecond") / stat("fetch", "mbPerSecond"), 3),
        peakRssOverBaselineMB: round(stat("client", "peakRssMB") - stat("fetch", "peakRssMB"), 1),
      };
      results[kind] = summary;
      const size = `${Math.round(summary.bytes / 2 ** 20)} MiB`;
      if (kind === "upload") {
        const met = summary.peakRssOverBaselineMB <= 64 && summary.throughputRatio >= 0.8;
        rows.push([
          `\`videos.create\` with a ${size} \`input_reference\` from \`fileFromPath\``,
          `raw fetch + FormData + \`fs.openAsBlob\`: ${summary.fetch.mbPerSecond} MB/s, peak RSS ${summary.fetch.peakRssMB} MB`,
          `${summary.client.mbPerSecond} MB/s (×${summary.throughputRatio}), peak RSS ${summary.client.peakRssMB} MB (${summary.peakRssOverBaselineMB >= 0 ? "+" : ""}${summary.peakRssOverBaselineMB} MB)`,
          "RSS ≤ baseline + 64 MB; ≥ 0.8 × throughput",
          met ? "met" : "missed",
        ]);
      } else if (kind === "json") {
        // No target was set for it: reported beside the multipart create.
        rows.push([
          `${JSON_LABEL} (Doubao Seedance) with a ${size} \`image\` from \`fileFromPath\` (sent as a base64 data URL)`,
          `raw fetch + \`Buffer\` base64 + \`JSON.stringify\`: ${summary.fetch.mbPerSecond} MB/s, peak RSS ${summary.fetch.peakRssMB} MB`,
          `${summary.client.mbPerSecond} MB/s (×${summary.throughputRatio}), peak RSS ${summary.client.peakRssMB} MB (${summary.peakRssOverBaselineMB >= 0 ? "+" : ""}${summary.peakRssOverBaselineMB} MB)`,
          "reported",
          "",
        ]);
      } else {
        const met = summary.client.peakRssMB <= 150 && summary.throughputRatio >= 0.8;
        rows.push([
          `\`downloadTo\` of a ${size} content response`,
          `raw fetch piped to a file: ${summary.fetch.mbPerSecond} MB/s, peak RSS ${summary.fetch.peakRssMB} MB`,
          `${summary.client.mbPerSecond} MB/s (×${summary.throughputRatio}), peak RSS ${summary.client.peakRssMB} MB`,
          "peak RSS ≤ 150 MB; ≥ 0.8 × throughput",
          met ? "met" : "missed",
        ]);
      }
    }
  } finally {
    server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function timed(command: string, args: string[], env: Record<string, string> = {}): number {
  const started = performance.now();
  execFileSync(command, args, {
    cwd: root,
    stdio: "ignore",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", ...env },
  });
  return (performance.now() - started) / 1000;
}

function benchToolchain(): void {
  const runs = quick ? 1 : 3;
  // As after a spec change (turbo's cache bypassed), and as when nothing changed (turbo replays its cache).
  const generate = median(
    Array.from({ length: runs }, () => timed("pnpm", ["run", "generate"], { TURBO_FORCE: "true" })),
  );
  const cachedGenerate = median(Array.from({ length: runs }, () => timed("pnpm", ["run", "generate"])));
  timed("pnpm", ["run", "build"]); // fill the cache
  const cachedBuild = median(Array.from({ length: runs }, () => timed("pnpm", ["run", "build"])));
  results.toolchain = {
    generateSeconds: round(generate),
    cachedGenerateSeconds: round(cachedGenerate),
    cachedBuildSeconds: round(cachedBuild),
  };
  rows.push([
    "`pnpm generate`",
    "—",
    `${round(cachedGenerate)} s when nothing changed; ${round(generate)} s after a spec change (bundle, codegen, Models guide)`,
    "< 2 s",
    cachedGenerate < 2 && generate < 2 ? "met" : cachedGenerate < 2 ? "met when nothing changed" : "missed",
  ]);
  rows.push(["`pnpm build`, everything cached", "—", `${round(cachedBuild)} s`, "reported", "—"]);
}

async function gzipOfBundle(contents: string): Promise<number> {
  const result = await build({
    stdin: { contents, resolveDir: here, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "error",
  });
  return gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array()).length / 1000;
}

async function benchBundle(): Promise<void> {
  const client = await gzipOfBundle('export * from "@tokenops/client";');
  const bare = await gzipOfBundle('export { default } from "openapi-fetch";');
  results.bundle = { clientKBGzip: round(client), openapiFetchKBGzip: round(bare) };
  rows.push([
    "`@tokenops/client` core bundle (esbuild, browser, minified)",
    `bare openapi-fetch: ${round(bare)} kB gzip`,
    `${round(client)} kB gzip`,
    "≤ 10 kB (issue 17); the budget in `pnpm check` is the size measured",
    client <= 10 ? "met" : "missed",
  ]);
}

function benchMock(): void {
  // The testing package's own benchmark: the mock in its own process, 1,000 jobs polled every 50 ms.
  const output = execFileSync("pnpm", ["--filter", "@tokenops/testing", "run", "--silent", "bench"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, BENCH_SECONDS: quick ? "3" : "10" },
  });
  const figures = JSON.parse(output.slice(output.indexOf("{"), output.lastIndexOf("}") + 1)) as {
    jobs: number;
    requestsPerSecond: number;
    errors: number;
    latencyMs: { p50: number; p99: number };
  };
  results.mock = figures;
  rows.push([
    "mock server `retrieve` (1,000 jobs, each polled every 50 ms)",
    "—",
    `${figures.requestsPerSecond} requests/s, p50 ${figures.latencyMs.p50} ms, p99 ${figures.latencyMs.p99} ms, ${figures.errors} errors`,
    "reported; 1,000 concurrent jobs without error",
    figures.errors === 0 && figures.jobs >= 1000 ? "met" : "missed",
  ]);
}

const BATCH_LABEL = "`tokenops videos batch`";

function benchBatch(): void {
  // Each run takes about half a minute (a clean batch, then one killed halfway and resumed).
  const runs = Array.from({ length: quick ? 1 : 3 }, (_, i) => {
    const work = join(os.tmpdir(), `tokenops-bench-batch-${process.pid}-${i}`);
    try {
      return runCase("cases/batch.js", [join(root, "packages/cli/bin/tokenops.js"), work]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
  const med = (key: string) => median(runs.map((run) => run[key] as number));
  const worst = (key: string) => Math.max(...runs.map((run) => run[key] as number));
  const first = runs[0] as Record<string, number>;
  const figures = {
    runs: runs.length,
    items: first.items,
    limit: first.max,
    concurrency: first.concurrency,
    jobSeconds: first.jobSeconds,
    idealSeconds: first.idealSeconds,
    wallSeconds: round(med("wallSeconds")),
    ratio: round(med("wallSeconds") / (first.idealSeconds as number), 3),
    duplicates: worst("duplicates"),
    lostItems: incomplete(runs),
    rateLimited: med("rateLimited"),
    resumed: {
      killedAfterCompleted: med("killedAfterCompleted"),
      duplicates: worst("resumeDuplicates"),
      lostItems: worst("resumeLost"),
      totalSeconds: round(med("killedSeconds") + med("resumeSeconds")),
      extraSeconds: round(med("killedSeconds") + med("resumeSeconds") - med("wallSeconds")),
      rateLimited: med("resumeRateLimited"),
    },
  };
  results.batch = figures;
  const met = figures.ratio <= 1.15 && figures.duplicates === 0 && figures.lostItems === 0;
  rows.push([
    `${BATCH_LABEL}: ${figures.items} items, mock \`concurrency-limit;max=${figures.limit}\`, 1 s jobs, \`--concurrency ${figures.concurrency}\``,
    `ideal ceil(${figures.items}/${figures.limit}) × ${figures.jobSeconds} s = ${figures.idealSeconds} s`,
    `${figures.wallSeconds} s = **×${figures.ratio}** ideal; ${figures.duplicates} duplicate jobs; ${figures.rateLimited} creates answered 429 (reported, backed off)`,
    "≤ 1.15 × ideal; 0 duplicates",
    met ? "met" : "missed",
  ]);
  const resumedMet = figures.resumed.duplicates === 0 && figures.resumed.lostItems === 0;
  rows.push([
    `${BATCH_LABEL}, killed with SIGKILL after ${figures.resumed.killedAfterCompleted} of ${figures.items} items, then resumed`,
    `the clean run: ${figures.wallSeconds} s`,
    `${figures.resumed.duplicates} duplicate jobs, ${figures.resumed.lostItems} lost items; ${figures.resumed.totalSeconds} s in all, ${figures.resumed.extraSeconds >= 0 ? "+" : ""}${figures.resumed.extraSeconds} s`,
    "0 duplicates, 0 lost; extra time reported",
    resumedMet ? "met" : "missed",
  ]);
}

const QUEUE_LABEL = "`@tokenops/queue`";

function benchQueue(): void {
  // Each run takes about three quarters of a minute: 100 items with 1, 2 and 4 workers.
  const runs = Array.from({ length: quick ? 1 : 3 }, (_, i) => {
    const work = join(os.tmpdir(), `tokenops-bench-queue-${process.pid}-${i}`);
    try {
      return runCase("cases/batch-queue.js", [work]) as unknown as {
        items: number;
        max: number;
        jobSeconds: number;
        idealSeconds: number;
        runs: { workers: number; wallSeconds: number; completed: number; duplicates: number; rateLimited: number }[];
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
  const first = runs[0] as (typeof runs)[number];
  const byWorkers = first.runs.map(({ workers }) => {
    const samples = runs.map((run) => run.runs.find((r) => r.workers === workers) as (typeof first.runs)[number]);
    const wallSeconds = round(median(samples.map((s) => s.wallSeconds)));
    return {
      workers,
      wallSeconds,
      ratio: round(wallSeconds / first.idealSeconds, 3),
      duplicates: Math.max(...samples.map((s) => s.duplicates)),
      lostItems: Math.max(...samples.map((s) => first.items - s.completed)),
      rateLimited: median(samples.map((s) => s.rateLimited)),
    };
  });
  results.queue = {
    runs: runs.length,
    items: first.items,
    limit: first.max,
    idealSeconds: first.idealSeconds,
    byWorkers,
  };
  const met = byWorkers.every((w) => w.ratio <= 1.2 && w.duplicates === 0 && w.lostItems === 0);
  rows.push([
    `${QUEUE_LABEL}: ${first.items} items on BullMQ, mock \`concurrency-limit;max=${first.max}\`, 1 s jobs, global concurrency ${first.max}, 1 / 2 / 4 worker processes`,
    `ideal ceil(${first.items}/${first.max}) × ${first.jobSeconds} s = ${first.idealSeconds} s`,
    byWorkers
      .map(
        (w) => `${w.workers}: ${w.wallSeconds} s = **×${w.ratio}**, ${w.duplicates} duplicates, ${w.rateLimited} 429s`,
      )
      .join("; "),
    "≤ 1.2 × ideal at every count; 0 duplicates",
    met ? "met" : "missed",
  ]);
}

/** Items a clean run did not complete (any run). */
function incomplete(runs: Record<string, number>[]): number {
  return Math.max(...runs.map((run) => (run.items as number) - (run.completed as number)));
}

/** The commit measured, marked "+changes" when the work tree differs from it. */
function measuredCommit(): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? "+changes" : ""}`;
}

/** With `--only`: this case's figures replace its old ones in the results; the other cases' stay. */
async function mergeOnly(label: string | string[], runs: number | string): Promise<void> {
  const labels = typeof label === "string" ? [label] : label;
  const dir = join(here, "results");
  const jsonPath = join(dir, quick ? "quick.json" : "latest.json");
  const mdPath = join(dir, quick ? "quick.md" : "latest.md");
  const previous = JSON.parse(await readFile(jsonPath, "utf8").catch(() => "{}")) as {
    results?: Record<string, unknown>;
  };
  const merged = { ...previous, results: { ...previous.results, ...results }, [`${only}Commit`]: measuredCommit() };
  await writeFile(jsonPath, `${JSON.stringify(merged, null, 2)}\n`);
  const lines = (await readFile(mdPath, "utf8").catch(() => ""))
    .split("\n")
    .filter((line) => !labels.some((each) => line.startsWith(`| ${each}`)));
  const end = lines.findLastIndex((line) => line.startsWith("|")) + 1;
  const date = new Date().toISOString().slice(0, 10);
  const fresh = rows.map(
    (row, i) =>
      `| ${(i === 0 ? [`${row[0]} (measured ${date}, median of ${typeof runs === "number" ? `${runs} runs` : runs})`, ...row.slice(1)] : row).join(" | ")} |`,
  );
  lines.splice(end, 0, ...fresh);
  await writeFile(mdPath, lines.join("\n"));
  console.log(lines.join("\n"));
}

await compileCases();
if (only === "batch") {
  benchBatch();
  await mergeOnly(BATCH_LABEL, (results.batch as { runs: number }).runs);
  process.exit(0);
} else if (only === "queue") {
  benchQueue();
  await mergeOnly(QUEUE_LABEL, (results.queue as { runs: number }).runs);
  process.exit(0);
} else if (only === "retrieve") {
  await benchRetrieve();
  await mergeOnly(
    "`client.videos.retrieve`",
    `${RETRIEVE_REPEATS * RETRIEVE_ROUNDS} paired rounds in ${RETRIEVE_REPEATS} runs of each pair`,
  );
  process.exit(0);
} else if (only === "json-create") {
  await benchTransfers(["json"]);
  await mergeOnly(JSON_LABEL, TRANSFER_REPEATS);
  process.exit(0);
} else if (only === "toolchain") {
  benchToolchain();
  await benchBundle();
  await mergeOnly(["`pnpm generate`", "`pnpm build`", "`@tokenops/client` core bundle"], quick ? 1 : 3);
  process.exit(0);
} else if (only !== undefined) {
  throw new Error(
    `--only ${only}: the cases that run alone are "batch", "queue", "retrieve", "json-create" and "toolchain".`,
  );
}
const started = new Date();
await benchRetrieve();
await benchTransfers(["upload", "json", "download"]);
benchToolchain();
await benchBundle();
benchMock();
benchBatch();
benchQueue();

const commit = measuredCommit();
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const table = [
  `Measured ${started.toISOString().slice(0, 10)} at commit ${commit} on ${machine}${quick ? " (--quick: fewer, smaller runs)" : ""}. Retrieve: ${RETRIEVE_REPEATS} runs of ${RETRIEVE_ROUNDS} rounds, each round ${RETRIEVE_BLOCK} calls of each of the two variants compared, in one process, which goes first alternating; ratios are medians of the round-by-round ratios; client and server each pinned to a CPU, after a warm-up. Transfers: medians of ${TRANSFER_REPEATS} runs, each in a fresh process, against a server in its own process.`,
  "",
  "| what | baseline (same run) | @tokenops/client | target | |",
  "|---|---|---|---|---|",
  ...rows.map((row) => `| ${row.join(" | ")} |`),
  "",
].join("\n");
await mkdir(join(here, "results"), { recursive: true });
await writeFile(
  join(here, "results", quick ? "quick.json" : "latest.json"),
  `${JSON.stringify({ date: started.toISOString(), commit, machine, quick, results }, null, 2)}\n`,
);
await writeFile(join(here, "results", quick ? "quick.md" : "latest.md"), table);
console.log(table);
