import { reportError } from "./errors.js";
import { createProgram } from "./program.js";
import type { IO } from "./session.js";

// The entry of the `tokenops` bin: parse, run, and turn the outcome into one exit code.
const io: IO = { stdout: process.stdout, stderr: process.stderr, env: process.env };
let exitCode = 0;
try {
  await createProgram(io).parseAsync(process.argv);
} catch (error) {
  const report = reportError(error);
  for (const line of report.lines) io.stderr.write(`${line}\n`);
  exitCode = report.exitCode;
}
// Exit explicitly once the streams have drained: a keep-alive socket must not hold the CLI open.
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
await new Promise<void>((resolve) => process.stderr.write("", () => resolve()));
process.exit(exitCode);
