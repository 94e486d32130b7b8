import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const scripts = Object.keys(
  (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
);

// pnpm's own commands, and the npm commands it passes on (pnpm 10's `pnpm help --all`): `pnpm NAME` runs
// these, not a script of that name. A script needs another name to work as typed.
const PNPM_COMMANDS = new Set(
  [
    "add i install update up remove rm link ln unlink import rebuild rb prune fetch install-test it dedupe patch",
    "patch-commit patch-remove audit list ls outdated why licenses run exec dlx create publish pack recursive",
    "server store root bin setup init deploy doctor config env cat-file cat-index find-hash self-update",
    "approve-builds ignored-builds help access adduser bugs deprecate dist-tag docs edit info login logout owner",
    "ping prefix profile pkg repo search set-script show star stars team token unpublish unstar version view whoami",
  ]
    .join(" ")
    .split(" "),
);
// The pnpm commands the docs mean as such (`test` and `start` run the script of that name).
const MEANT = new Set(["install", "add", "exec", "dlx", "test", "run"]);

// Every `pnpm NAME` a reader may copy (in backticks, or opening a line of a shell block) from the README,
// the guides and the package READMEs.
function documentedCommands(): { file: string; name: string }[] {
  const files = [
    "README.md",
    ...readdirSync(join(root, "docs/guides")).map((name) => `docs/guides/${name}`),
    ...readdirSync(join(root, "packages")).map((name) => `packages/${name}/README.md`),
  ];
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(join(root, file), "utf8");
    } catch {
      return [];
    }
    return [...text.matchAll(/(?:^|`)pnpm (?:-s |--silent )?(?:run )?([a-z][\w:-]*)/gm)].map((match) => ({
      file,
      name: match[1] as string,
    }));
  });
}

describe("root commands", () => {
  it("no root script has a name pnpm keeps for itself (`pnpm docs` would run pnpm's docs command)", () => {
    expect(scripts.filter((name) => PNPM_COMMANDS.has(name))).toEqual([]);
  });

  it("every `pnpm NAME` in the README, guides and package READMEs runs a root script or a pnpm command meant as such", () => {
    const commands = documentedCommands();
    expect(commands.map(({ name }) => name)).toContain("docs:build");
    expect(commands.map(({ name }) => name)).toContain("tokenops");
    const wrong = commands.filter(({ name }) => !scripts.includes(name) && !MEANT.has(name));
    expect(wrong).toEqual([]);
  });

  it("`pnpm -s tokenops …` runs the CLI from the root, building it if needed, with stdout the CLI's alone", async () => {
    const { stdout } = await run("pnpm", ["-s", "tokenops", "--version"], {
      cwd: root,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
    });
    const { version } = JSON.parse(readFileSync(join(root, "packages/cli/package.json"), "utf8")) as {
      version: string;
    };
    expect(stdout.trim()).toBe(version);
  }, 300_000);
});
