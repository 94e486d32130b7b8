import { spawn } from "node:child_process";
import { parseResult, type SmokeResult } from "./result.js";

/** What a runtime process did: its result line (if it printed one), exit code, and output for the report. */
export interface ProcessRun {
  result: SmokeResult | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Run `binary args…` to the end (or kill it after `timeoutMs`), reading the smoke result from its stdout. */
export function runProcess(
  binary: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd: string; timeoutMs: number },
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      output += `\n(killed after ${options.timeoutMs} ms)`;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const result = output.split("\n").map(parseResult).find(Boolean);
      resolve({ result, code, signal, output });
    });
  });
}
