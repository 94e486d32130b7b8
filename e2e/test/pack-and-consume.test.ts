/**
 * The published packages as a user gets them: `pnpm pack` each public package, `npm install` the tarballs
 * into a fresh project outside the workspace (third-party dependencies come from the npm registry), then
 * type-check a strict usage file under moduleResolution node16 and bundler, run it as ESM and as CJS
 * against the mock server from the installed @tokenops/testing, and run the installed bins.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npmEnv } from "../support/npm-env.js";

const workspace = fileURLToPath(new URL("../../", import.meta.url));
const consumerFiles = fileURLToPath(new URL("./consumer/", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
// The CLI depends on the testing and queue packages: all are packed, as npm would find none of them published.
const PACKAGES = {
  "@tokenops/client": "client",
  "@tokenops/testing": "testing",
  "@tokenops/queue": "queue",
  "@tokenops/cli": "cli",
} as const;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...npmEnv(), NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Assert a zero exit, showing the command's output when it is not. */
function succeeded(ran: Ran): Ran {
  expect(ran.code, `${ran.stdout}\n${ran.stderr}`).toBe(0);
  return ran;
}

/** The last line of output that parses as JSON. */
function lastJson(text: string): Record<string, unknown> {
  const line = text
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  expect(line, text).toBeDefined();
  return JSON.parse(line ?? "{}") as Record<string, unknown>;
}

let base: string;
let project: string;
const tarballs: Record<string, string> = {};
/** What `npm install` printed, warnings included (an engine mismatch is only a warning). */
let installed: Ran;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "tokenops-pack-and-consume-"));
  project = join(base, "project");
  const packed = join(base, "tarballs");
  await mkdir(project, { recursive: true });
  for (const [name, folder] of Object.entries(PACKAGES)) {
    const ran = succeeded(
      await run("pnpm", ["pack", "--pack-destination", packed, "--json"], join(workspace, "packages", folder)),
    );
    tarballs[name] = (lastJsonObject(ran.stdout) as { filename: string }).filename;
  }
  await writeFile(join(project, "package.json"), `${JSON.stringify({ name: "consumer", private: true }, null, 2)}\n`);
  // One install, as a user would: the tarballs, and @types/node for a Node project's type-check. npm's
  // shared cache (--prefer-offline) keeps repeated runs quick. Warnings are kept: EBADENGINE is one.
  installed = succeeded(
    await run(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--loglevel=warn",
        ...Object.values(tarballs),
        "@types/node@^20.19.0",
      ],
      project,
    ),
  );
  for (const file of await readdir(consumerFiles)) await copyFile(join(consumerFiles, file), join(project, file));
  // The programs the ESM and CJS runs execute: usage.mts → out/usage.mjs, usage.cts → out/usage.cjs. Only
  // emitted here; the type-check is a test of its own.
  succeeded(await run(process.execPath, [tsc, "-p", "tsconfig.node16.json", "--noCheck"], project));
});

afterAll(async () => {
  if (base !== undefined) await rm(base, { recursive: true, force: true });
});

/** Every file path an `exports` map points at. */
function targetsOf(exports: unknown): string[] {
  if (typeof exports === "string") return [exports];
  if (exports === null || typeof exports !== "object") return [];
  return Object.values(exports).flatMap(targetsOf);
}

/** `pnpm pack --json` prints one JSON object (over several lines). */
function lastJsonObject(text: string): unknown {
  return JSON.parse(text.slice(text.indexOf("{")));
}

describe("the packed packages, installed into a fresh project outside the workspace", () => {
  it("installs each package from its tarball with every exported file and bin, and no workspace: ranges", async () => {
    for (const name of Object.keys(PACKAGES)) {
      const folder = join(project, "node_modules", name);
      expect((await lstat(folder)).isSymbolicLink(), `${name} is a link, not an install`).toBe(false);
      const manifest = await readFile(join(folder, "package.json"), "utf8");
      expect(manifest).not.toContain("workspace:");
      const { exports, bin } = JSON.parse(manifest) as { exports?: unknown; bin?: Record<string, string> };
      for (const target of [...targetsOf(exports), ...Object.values(bin ?? {})]) {
        expect(existsSync(join(folder, target)), `${name}: ${target} is not in the tarball`).toBe(true);
      }
    }
  });

  it("installs on this machine's Node with no EBADENGINE: every installed dependency takes the Node our engines name", () => {
    // The packages say `^20.19.0 || ^22.12.0 || >=24`; a dependency wanting more (openapi-backend 5.21's
    // json-schema-ref-parser wanted >=22.19) makes npm warn on Node 20, the runtime this runs on.
    expect(`${installed.stdout}\n${installed.stderr}`).not.toMatch(/EBADENGINE/);
  });

  it("installs no other @tokenops package: none names the private contract, and testing does not need the client", async () => {
    expect((await readdir(join(project, "node_modules", "@tokenops"))).sort()).toEqual([
      "cli",
      "client",
      "queue",
      "testing",
    ]);
    for (const name of Object.keys(PACKAGES)) {
      const manifest = JSON.parse(await readFile(join(project, "node_modules", name, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      const needs = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
      expect(needs, name).not.toContain("@tokenops/contract");
      if (name === "@tokenops/testing") expect(needs).not.toContain("@tokenops/client");
    }
  });

  it("type-checks the strict usage file under moduleResolution node16", async () => {
    const ran = await run(process.execPath, [tsc, "-p", "tsconfig.node16.json", "--noEmit"], project);
    expect(ran.stdout + ran.stderr).toBe("");
    expect(ran.code).toBe(0);
  });

  it("type-checks the strict usage file under moduleResolution bundler", async () => {
    const ran = await run(process.execPath, [tsc, "-p", "tsconfig.bundler.json"], project);
    expect(ran.stdout + ran.stderr).toBe("");
    expect(ran.code).toBe(0);
  });

  it("compiles usage.mts to ESM and usage.cts to CommonJS", async () => {
    expect((await readdir(join(project, "out"))).sort()).toEqual(["usage.cjs", "usage.mjs"]);
    expect(await readFile(join(project, "out/usage.cjs"), "utf8")).toMatch(/require\("@tokenops\/client"\)/);
    expect(await readFile(join(project, "out/usage.mjs"), "utf8")).toMatch(/from "@tokenops\/client"/);
  });

  it("runs as ESM against the mock server from the installed @tokenops/testing", async () => {
    const ran = succeeded(await run(process.execPath, ["out/usage.mjs"], project));
    expect(lastJson(ran.stdout)).toMatchObject({ format: "esm", status: "completed", fixture: "completed" });
    expect(lastJson(ran.stdout).bytes).toBeGreaterThan(1000);
  });

  it("runs as CJS against the mock server from the installed @tokenops/testing", async () => {
    const ran = succeeded(await run(process.execPath, ["out/usage.cjs"], project));
    expect(lastJson(ran.stdout)).toMatchObject({ format: "cjs", status: "completed" });
    expect(lastJson(ran.stdout).bytes).toBeGreaterThan(1000);
  });

  it("runs the installed `tokenops --help`", async () => {
    const ran = succeeded(await run(join(project, "node_modules/.bin/tokenops"), ["--help"], project));
    expect(ran.stdout).toMatch(/Usage: tokenops/);
    expect(ran.stdout).toMatch(/videos/);
    expect(ran.stdout).toMatch(/mock/);
  });

  it("runs the installed `tokenops videos create --mock --wait --output` to an MP4", async () => {
    const output = join(project, "cli.mp4");
    const ran = succeeded(
      await run(
        join(project, "node_modules/.bin/tokenops"),
        [
          "videos",
          "create",
          "--mock",
          "--model",
          "sora-2",
          "--prompt",
          "A paper boat",
          "--size",
          "1280x720",
          "--seconds",
          "4",
        ].concat(["--wait", "--output", output, "--json"]),
        project,
      ),
    );
    // --json prints the Video and nothing else on stdout.
    expect(JSON.parse(ran.stdout)).toMatchObject({ object: "video", status: "completed", size: "1280x720" });
    const head = (await readFile(output)).subarray(4, 8).toString("latin1");
    expect(head).toBe("ftyp");
  });

  it("runs the installed `tokenops-mock`, which answers the API until SIGTERM", async () => {
    const child = spawn(join(project, "node_modules/.bin/tokenops-mock"), ["--port", "0"], {
      cwd: project,
      env: npmEnv(),
    });
    try {
      const url = await listeningUrl(child);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/v1/videos/video_missing`, {
        headers: { authorization: "Bearer consumer-test-key" },
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { message: expect.any(String) } });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      await expect(exited).resolves.toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

/** The base URL `tokenops-mock` prints once it listens. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.once("exit", (code) => reject(new Error(`tokenops-mock exited with ${code}: ${output}`)));
  });
}
