import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { auth } from "./helpers.js";

// These run the built package (test/global-setup.ts builds it when dist/ is missing or stale).
const root = fileURLToPath(new URL("..", import.meta.url));
const bin = fileURLToPath(new URL("../bin/tokenops-mock.js", import.meta.url));
const run = promisify(execFile);

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Start the bin and wait for the line that gives its URL. */
async function startBin(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    output += text;
  });
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    output += text;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`bin exited ${child.exitCode}: ${output}`));
      }
    }, 10);
  });
  return { child, url, output: () => output };
}

describe("tokenops-mock (the bin)", () => {
  it.each(["SIGINT", "SIGTERM"] as const)("serves in the foreground and stops cleanly on %s", async (signal) => {
    const { child, url, output } = await startBin(["--port", "0", "--host", "127.0.0.1"]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const form = new FormData();
    form.set("model", "sora-2");
    form.set("prompt", "a fox");
    const response = await fetch(`${url}/v1/videos`, { method: "POST", headers: auth, body: form });
    expect(response.status).toBe(200);
    child.kill(signal);
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(output()).toContain(`stopped (${signal})`);
    await expect(fetch(`${url}/v1/videos/x`, { headers: auth })).rejects.toThrow();
  });

  it("takes scenarios and a time scale", async () => {
    const { child, url } = await startBin([
      "--port",
      "0",
      "--scenario",
      "rate-limit;retry-after=7",
      "--time-scale",
      "0",
    ]);
    const response = await fetch(`${url}/v1/videos/video_1`, { headers: auth });
    expect([response.status, response.headers.get("retry-after")]).toEqual([429, "7"]);
    child.kill("SIGTERM");
    await once(child, "exit");
  });

  it("takes --time-scale 0: the clock stands still, so a job stays queued, and the start says so", async () => {
    const { child, url, output } = await startBin(["--port", "0", "--time-scale", "0"]);
    expect(output()).toContain("The clock is stopped (--time-scale 0): jobs stay queued.");
    const form = new FormData();
    form.set("model", "sora-2");
    form.set("prompt", "a fox");
    const created = (await (await fetch(`${url}/v1/videos`, { method: "POST", headers: auth, body: form })).json()) as {
      id: string;
    };
    const polled = (await (await fetch(`${url}/v1/videos/${created.id}`, { headers: auth })).json()) as {
      status: string;
      progress: number;
    };
    expect(polled).toMatchObject({ status: "queued", progress: 0 });
    child.kill("SIGTERM");
    await once(child, "exit");
  });

  it("takes the concurrency-limit scenario: a second unfinished job gets a 429", async () => {
    const { child, url } = await startBin([
      "--port",
      "0",
      "--time-scale",
      "0",
      "--scenario",
      "concurrency-limit;max=1",
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) {
      const form = new FormData();
      form.set("model", "sora-2");
      form.set("prompt", "a fox");
      statuses.push((await fetch(`${url}/v1/videos`, { method: "POST", headers: auth, body: form })).status);
    }
    expect(statuses).toEqual([200, 429]);
    child.kill("SIGTERM");
    await once(child, "exit");
  });

  it.each([
    [["--port", "http"], /--port takes a whole number from 0 to 65535, got "http"/],
    [["--time-scale=-1"], /--time-scale takes a number >= 0 \(0 stops the clock\), got "-1"/],
    [["--scenario", "explode"], /--scenario: unknown scenario "explode"/],
    [["--verbose"], /Unknown option '--verbose'/],
  ])("refuses bad flags %j with exit 2 and the usage", async (args, message) => {
    const failure = await run(process.execPath, [bin, ...args]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(message);
    expect((failure as { stderr: string }).stderr).toContain("Usage: tokenops-mock");
  });

  it("exits 1 naming the address when the port is taken", async () => {
    const first = await startBin(["--port", "0"]);
    const port = new URL(first.url).port;
    const failure = await run(process.execPath, [bin, "--port", port]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain(`cannot listen on 127.0.0.1:${port}`);
  });
});

describe("the built package", () => {
  const body = `
    const { existsSync } = await import("node:fs");
    const path = testing.mediaPath("reference-1280x720.png");
    const server = await testing.startMockServer({ timeScale: 0 });
    const res = await fetch(server.url + "/v1/videos/x", { headers: { authorization: "Bearer k" } });
    console.log(JSON.stringify({ path, exists: existsSync(path), status: res.status, fixture: testing.fixtures.video().object }));
    await server.close();
  `;

  it.each([
    ["CommonJS", ["-e", `const testing = require("@tokenops/testing"); (async () => { ${body} })();`]],
    ["ESM", ["--input-type=module", "-e", `import * as testing from "@tokenops/testing"; ${body}`]],
  ])("loads as %s (by its own name) and finds its media next to dist/", async (_, args) => {
    const { stdout } = await run(process.execPath, args, { cwd: root });
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ exists: true, status: 404, fixture: "video" });
    expect(result.path).toBe(`${root}media/reference-1280x720.png`);
  });

  it("bundles @tokenops/testing/msw for a browser with no Node built-in", async () => {
    expect(existsSync(`${root}dist/msw.js`)).toBe(true);
    const result = await build({
      stdin: {
        contents:
          'import { handlers } from "@tokenops/testing/msw"; console.log(handlers({ baseUrl: "http://127.0.0.1:9" }).length);',
        resolveDir: root,
      },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
      external: ["msw"],
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:/);
  });
});
