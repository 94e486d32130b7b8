import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { npmEnv } from "../support/npm-env.js";

/** A runtime that ships as an npm package with its binary (`node`, `bun`, `deno`). */
export interface NpmRuntime {
  /** What to install, e.g. `node@22`. */
  spec: string;
  /** The binary's name in `node_modules/.bin`. */
  bin: string;
}

function runs(binary: string): boolean {
  return existsSync(binary) && spawnSync(binary, ["--version"], { stdio: "ignore", timeout: 30_000 }).status === 0;
}

/**
 * The runtime's binary, installed from the npm registry into `<cache>/<spec>` when it is not there yet
 * (CI starts on a machine with Node 20 and npm alone). Delete the cache folder to pick up newer releases.
 */
export async function ensureRuntime(runtime: NpmRuntime, cache: string): Promise<string> {
  const prefix = join(cache, runtime.spec.replace(/[^\w.-]+/g, "-"));
  const binary = join(prefix, "node_modules", ".bin", runtime.bin);
  if (runs(binary)) return binary;
  await mkdir(prefix, { recursive: true });
  process.stderr.write(`installing ${runtime.spec} from the npm registry into ${prefix}\n`);
  // An absolute --prefix: the `node` package's preinstall runs a nested npm install from its own folder.
  const install = spawnSync(
    "npm",
    ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", runtime.spec],
    { env: npmEnv(), encoding: "utf8", timeout: 5 * 60_000 },
  );
  if (install.status !== 0 || !runs(binary)) {
    throw new Error(
      `npm install ${runtime.spec} did not give a working ${binary} (exit ${install.status}):\n${install.stderr}`,
    );
  }
  return binary;
}
