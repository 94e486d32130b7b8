/**
 * `pnpm test:runtimes`: runs runtimes/smoke.ts — the core entry of the built @tokenops/client, nothing else —
 * on Node 20 (this machine's), Node 22, Node 24, Bun and Deno, and bundled into a page in headless Chromium,
 * against @tokenops/testing's mock server on 127.0.0.1. Runtimes missing from e2e/.runtimes/ are installed
 * there from the npm registry first. Prints a table and exits 1 when any runtime fails.
 *
 * Options: `--only node22,deno` runs a subset (ids: node20 node22 node24 bun deno chromium).
 */
import { statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { mediaPath, startMockServer } from "@tokenops/testing";
import { build } from "esbuild";
import { runInChromium } from "./browser.js";
import { ensureRuntime, type NpmRuntime } from "./install.js";
import { startPageServer } from "./page-server.js";
import { runProcess } from "./process.js";
import type { SmokeResult } from "./result.js";

const e2e = fileURLToPath(new URL("..", import.meta.url));
const cache = join(e2e, ".runtimes");
// Inside e2e/, so that `@tokenops/client` resolves through e2e/node_modules to the built package.
const work = join(cache, "work");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RUN_TIMEOUT_MS = 60_000;
const REFERENCE = mediaPath("reference-1280x720.png");
const EXPECTED_MP4 = mediaPath("video-1280x720-4s.mp4");
// The machine's Node: 20 here and in CI (the project's oldest supported line).
const HOST_MAJOR = process.versions.node.split(".")[0];

interface ProcessTarget {
  id: string;
  label: string;
  /** The name the runtime gives itself in the result, e.g. "node 22.". */
  expect: string;
  binary: () => Promise<string>;
  args: (script: string) => string[];
  env?: NodeJS.ProcessEnv;
}

interface BrowserTarget {
  id: "chromium";
  label: string;
  expect: string;
  browser: true;
}

type Target = ProcessTarget | BrowserTarget;

const fromNpm = (runtime: NpmRuntime) => () => ensureRuntime(runtime, cache);

const targets: Target[] = [
  {
    id: "node20",
    label: `Node ${HOST_MAJOR} (this machine)`,
    expect: `node ${HOST_MAJOR}.`,
    binary: async () => process.execPath,
    args: (s) => [s],
  },
  {
    id: "node22",
    label: "Node 22",
    expect: "node 22.",
    binary: fromNpm({ spec: "node@22", bin: "node" }),
    args: (s) => [s],
  },
  {
    id: "node24",
    label: "Node 24",
    expect: "node 24.",
    binary: fromNpm({ spec: "node@24", bin: "node" }),
    args: (s) => [s],
  },
  { id: "bun", label: "Bun", expect: "bun 1.", binary: fromNpm({ spec: "bun@1", bin: "bun" }), args: (s) => [s] },
  {
    id: "deno",
    label: "Deno",
    expect: "deno 2.",
    binary: fromNpm({ spec: "deno@2", bin: "deno" }),
    // Deno resolves `@tokenops/client` from e2e/package.json and its node_modules (no registry needed);
    // the permissions say what the client may touch: the loopback address and its own variables.
    args: (s) => [
      "run",
      "--no-lock",
      "--allow-net=127.0.0.1",
      "--allow-env=TOKENOPS_API_KEY,TOKENOPS_BASE_URL,TOKENOPS_LOG",
      s,
    ],
    env: { DENO_DIR: join(cache, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" },
  },
  { id: "chromium", label: "Chromium (headless)", expect: "chromium ", browser: true },
];

interface Row {
  label: string;
  version: string;
  ok: boolean;
  ms: number;
  problem?: string;
  output?: string;
}

function selected(): Target[] {
  const { values } = parseArgs({ options: { only: { type: "string" } }, allowPositionals: false });
  if (values.only === undefined) return targets;
  const ids = values.only.split(",").map((id) => id.trim());
  const unknown = ids.filter((id) => !targets.some((target) => target.id === id));
  if (unknown.length > 0) {
    throw new Error(`--only: unknown runtime ${unknown.join(", ")}; known: ${targets.map((t) => t.id).join(", ")}`);
  }
  return targets.filter((target) => ids.includes(target.id));
}

async function bundleSmoke(): Promise<{ script: string; browserBundle: string }> {
  await mkdir(work, { recursive: true });
  const entry = fileURLToPath(new URL("smoke.ts", import.meta.url));
  const script = join(work, "smoke.mjs");
  // For Node, Bun and Deno: TypeScript stripped, `@tokenops/client` left for the runtime to resolve.
  await build({ entryPoints: [entry], outfile: script, format: "esm", platform: "neutral", target: "es2022" });
  // For the page: the client bundled in, as a web app would ship it.
  const page = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
  });
  return { script, browserBundle: page.outputFiles[0]?.text ?? "" };
}

/** What the runtime's result must show, cross-checked with what the mock saw. */
function verify(result: SmokeResult | undefined, target: Target, server: Awaited<ReturnType<typeof startMockServer>>) {
  if (result === undefined) return "printed no SMOKE_RESULT line";
  if (!result.ok) return result.error ?? "failed";
  if (!result.runtime.startsWith(target.expect)) return `ran on ${result.runtime}, expected ${target.expect}…`;
  const job = server.videos.get(result.video_id ?? "");
  if (job === undefined) return `the mock has no job ${result.video_id}`;
  if (job.video.status !== "completed") return `the mock's job is ${job.video.status}`;
  const upload = job.input_reference;
  const referenceBytes = statSync(REFERENCE).size;
  if (
    upload?.type !== "image/png" ||
    upload.width !== 1280 ||
    upload.height !== 720 ||
    upload.bytes !== referenceBytes
  ) {
    return `the mock received input_reference ${JSON.stringify(upload)}, expected a ${referenceBytes}-byte 1280x720 PNG`;
  }
  if (result.bytes !== statSync(EXPECTED_MP4).size) return `downloaded ${result.bytes} bytes, expected the 4 s MP4`;
  if ((result.progress ?? []).length === 0) return "waitFor reported no progress";
  return undefined;
}

async function main(): Promise<number> {
  const chosen = selected();
  const { script, browserBundle } = await bundleSmoke();
  // Jobs take 5 simulated seconds; at 10x they complete in half a second of real time.
  const server = await startMockServer({ timeScale: 10 });
  const pages = await startPageServer({ bundle: browserBundle, reference: REFERENCE });
  const rows: Row[] = [];
  try {
    process.stdout.write(
      `smoke: create (1280x720 PNG input_reference) → waitFor → content → MP4 signature, against the mock at ${server.url}\n`,
    );
    for (const target of chosen) {
      let version = "?";
      let started = performance.now();
      try {
        if ("browser" in target) {
          const pageUrl = `${pages.url}/?${new URLSearchParams({ baseUrl: server.url, reference: "/reference.png" })}`;
          const preflights = () => server.requests.filter((request) => request.method === "OPTIONS").length;
          const before = preflights();
          started = performance.now();
          const run = await runInChromium(CHROMIUM, pageUrl, { timeoutMs: RUN_TIMEOUT_MS });
          const ms = performance.now() - started;
          version = run.version;
          // The page is on another port than the mock, as a web app is on another origin than the API:
          // the create (Authorization, Idempotency-Key) must have gone through a CORS preflight.
          const problem =
            run.blocked.length > 0
              ? `tried to leave the machine: ${run.blocked.join(", ")}`
              : (verify(run.result, target, server) ??
                (preflights() > before ? undefined : "no CORS preflight reached the mock"));
          rows.push({ label: target.label, version, ok: problem === undefined, ms, problem, output: run.output });
        } else {
          const binary = await target.binary();
          started = performance.now();
          const run = await runProcess(binary, [...target.args(script), server.url, pages.referenceUrl], {
            cwd: work,
            timeoutMs: RUN_TIMEOUT_MS,
            ...(target.env === undefined ? {} : { env: target.env }),
          });
          const ms = performance.now() - started;
          version = run.result?.runtime.split(" ")[1] ?? version;
          const problem =
            verify(run.result, target, server) ??
            (run.code === 0 ? undefined : `exited with ${run.code ?? run.signal} after a passing result`);
          rows.push({ label: target.label, version, ok: problem === undefined, ms, problem, output: run.output });
        }
      } catch (error) {
        rows.push({
          label: target.label,
          version,
          ok: false,
          ms: performance.now() - started,
          problem: (error as Error).message,
        });
      }
    }
  } finally {
    await pages.close();
    await server.close();
  }
  printTable(rows);
  return rows.every((row) => row.ok) ? 0 : 1;
}

function printTable(rows: readonly Row[]): void {
  const cells = [
    ["runtime", "version", "result", "time"],
    ...rows.map((row) => [row.label, row.version, row.ok ? "pass" : "FAIL", `${(row.ms / 1000).toFixed(2)} s`]),
  ];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...cells.map((line) => line[column]?.length ?? 0)));
  const format = (line: string[]) => `| ${line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const [head, ...body] = cells;
  const lines = [format(head ?? []), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(format)];
  process.stdout.write(`\n${lines.join("\n")}\n`);
  for (const row of rows.filter((r) => !r.ok)) {
    process.stdout.write(`\n${row.label} failed: ${row.problem}\n${(row.output ?? "").slice(-3000)}\n`);
  }
  const failed = rows.filter((row) => !row.ok).length;
  process.stdout.write(`\n${rows.length - failed} passed, ${failed} failed\n`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`test:runtimes: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
