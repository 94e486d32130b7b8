import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { shellQuote } from "../src/resume.js";

/** The committed launcher, which imports the built dist/bin.js. */
export const BIN = fileURLToPath(new URL("../bin/tokenops.js", import.meta.url));

/** The media fixtures of @tokenops/testing (reference images of both sizes). */
export const MEDIA = fileURLToPath(new URL("../../testing/media/", import.meta.url));

/** What a finished CLI run left behind. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running CLI process, for tests that interact with it while it runs. */
export interface RunningCli {
  child: ChildProcess;
  /** Everything printed so far, stdout then stderr. */
  output(): string;
  /** Resolves once stderr (or stdout) contains `text`. */
  waitForOutput(text: string | RegExp): Promise<void>;
  done: Promise<CliResult>;
}

// No TOKENOPS_* variable from the developer's shell may leak into a test run.
function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TOKENOPS_")));
  return { ...base, NO_COLOR: "1", ...env };
}

/**
 * Starts the built bin with `args` (stdin closed, stdout and stderr piped, so not a TTY).
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters: { text: string | RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      const all = stdout + stderr;
      const found = typeof waiter.text === "string" ? all.includes(waiter.text) : waiter.text.test(all);
      if (found) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    check();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    check();
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    done,
    output: () => stdout + stderr,
    waitForOutput: (text) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ text, resolve });
        check();
        done.then((result) =>
          reject(new Error(`CLI exited (${result.code}) before printing ${text}:\n${result.stdout}\n${result.stderr}`)),
        );
      }),
  };
}

/** Runs the built bin to the end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** A temporary folder for output files, removed by the returned function. */
export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "tokenops-cli-test-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The first bytes of a file, to check its format by signature. */
export function magic(path: string, length = 12): Buffer {
  return readFileSync(path).subarray(0, length);
}

/** A request a stub server received. */
export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * A plain node:http server on 127.0.0.1 answering every request with `handler`: a gateway that
 * behaves in a way the mock does not (ignores the variant, sends nulls), for the CLI to meet.
 */
export async function startStubServer(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const requests: StubRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers });
    handler(request, response);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open.
        server.closeAllConnections();
      }),
  };
}

/**
 * Runs the bin on a pseudo-terminal with util-linux `script`, returning everything the terminal
 * showed. `onScreen` sees the screen as it grows and may type into the terminal (e.g. Ctrl-C).
 */
export function runOnTty(
  args: string[],
  env: NodeJS.ProcessEnv,
  onScreen?: (screen: string, type: (keys: string) => void) => void,
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qefc", command, "/dev/null"], {
      env: { ...cleanEnv(env), COLUMNS: "120", TERM: "xterm" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      screen += chunk;
      onScreen?.(screen, (keys) => child.stdin.write(keys));
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, screen }));
  });
}
