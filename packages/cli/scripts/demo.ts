// `pnpm demo`: from a fresh clone to a playable MP4 in one command. Builds the CLI and what
// it depends on, makes a video with the built `tokenops` bin against the embedded mock
// server, and reads width, height and duration back from the MP4 file itself.
//
// Usage: pnpm demo [output file]   (default: demo-output/demo.mp4 at the repository root)
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readMp4Info } from "../src/mp4-info.ts";
import { DEMO_BUILD_ARGS, DEMO_BUILD_NOTE } from "./demo-build.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = resolve(root, "packages/cli/bin/tokenops.js");
const output = resolve(process.argv[2] ?? resolve(root, "demo-output/demo.mp4"));
// A live family's model (Sora-2 was shut down upstream): `tokenops models` lists the others.
const model = "MiniMax-Hailuo-2.3";
const seconds = "6";

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(" ")} exited ${result.status ?? result.signal}.`);
    process.exit(result.status ?? 1);
  }
}

console.log(DEMO_BUILD_NOTE);
run("pnpm", DEMO_BUILD_ARGS, {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
});

mkdirSync(dirname(output), { recursive: true });
const args = ["videos", "create", "--mock", "--model", model, "--prompt", "A paper boat drifting down a rainy street"];
args.push("--seconds", seconds, "--wait", "--output", output);
console.log(`\n$ tokenops ${args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(" ")}`);
run(process.execPath, [bin, ...args]);

const info = await readMp4Info(output);
if (info === undefined) {
  console.error(`${output} is not an MP4 with a video track.`);
  process.exit(1);
}
console.log(`\nYour video: ${output}`);
console.log(`  (${relative(process.cwd(), output)} from here)`);
console.log(
  `  width ${info.width}, height ${info.height}, duration ${info.duration.toFixed(2)} s, codec ${info.codec}`,
);
console.log("  read back from the MP4's own boxes with mp4box.");
if (info.width <= 0 || info.height <= 0 || Math.abs(info.duration - Number(seconds)) > 0.1) {
  console.error(`Expected ${seconds} s of video: the file does not match what was asked for.`);
  process.exit(1);
}
