#!/usr/bin/env node
// The programs the tests run that no npm package ships: Chromium (the reference site's, the CLI's contact
// sheet and the browser runtime tests, through playwright-core) and redis-server (the queue's tests).
// Present: nothing to do. Missing, as root on Debian: apt-get update, then apt-get install. Otherwise:
// stop at once, naming the package and the command that installs it — a missing program never skips a
// test. Run by `pnpm test` (the root task every test task depends on) and by .ci/run. Plain Node, no
// dependencies: it runs before `pnpm install`.
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";

/** Each program: where the tests look for it (and the variable that moves it), and its Debian package. */
const PROGRAMS = [
  {
    what: "Chromium",
    path: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    variable: "CHROMIUM_PATH",
    apt: "chromium",
  },
  {
    what: "Redis",
    path: process.env.REDIS_SERVER ?? "/usr/bin/redis-server",
    variable: "REDIS_SERVER",
    apt: "redis-server",
  },
];

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const missing = PROGRAMS.filter((program) => !executable(program.path));
if (missing.length === 0) process.exit(0);

const packages = missing.map((program) => program.apt);
const command = `apt-get update && apt-get install -y ${packages.join(" ")}`;
const isRoot = process.getuid?.() === 0;
const isDebian = existsSync("/etc/debian_version") && executable("/usr/bin/apt-get");
if (!isRoot || !isDebian) {
  for (const program of missing) {
    console.error(
      `missing: ${program.what} at ${program.path} (Debian package ${program.apt}; or set ${program.variable}).`,
    );
  }
  console.error(
    `Install with: ${isRoot ? "" : "sudo "}${isDebian ? command : `your system's packages for ${packages.join(", ")}`}`,
  );
  process.exit(1);
}

console.error(
  `Installing ${packages.join(", ")} with apt-get (the tests need ${missing.map((p) => p.what).join(" and ")})…`,
);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", ...packages], { stdio: "inherit", env });
const still = missing.filter((program) => !executable(program.path));
if (still.length > 0) {
  for (const program of still)
    console.error(`apt-get installed ${program.apt}, but there is still no ${program.path}.`);
  process.exit(1);
}
