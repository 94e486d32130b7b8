import { parseArgs } from "node:util";
import { type MockCommandOptions, type MockFlagValues, mockCommandOptions, mockFlags, serveMock } from "./cli.js";

const options = Object.values(mockFlags);
const flagName = (flags: string) => flags.slice(2).split(" ")[0] as string;
const repeatable = (option: (typeof options)[number]) => (option === mockFlags.scenario ? "..." : "");
const usage = `Usage: tokenops-mock ${options.map((option) => `[${option.flags}]${repeatable(option)}`).join(" ")}

Runs the mock TokenOps API in the foreground until Ctrl-C or SIGTERM.
${options
  .map((option) => {
    const shown = "default" in option ? ` (default ${option.default})` : "";
    return `  --${flagName(option.flags).padEnd(12)}${option.description}${shown}`;
  })
  .join("\n")}
`;

function exitWithUsage(message: string): never {
  process.stderr.write(`tokenops-mock: ${message}\n\n${usage}`);
  process.exit(2);
}

function readFlags(): { help: boolean; options: MockCommandOptions } {
  try {
    const { values } = parseArgs({
      // Every flag of mockFlags takes text; --scenario may come more than once.
      options: {
        ...Object.fromEntries(
          options.map((option) => [
            flagName(option.flags),
            { type: "string", multiple: option === mockFlags.scenario } as const,
          ]),
        ),
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    return { help: values.help === true, options: mockCommandOptions(values as MockFlagValues) };
  } catch (error) {
    exitWithUsage((error as Error).message);
  }
}

async function main(): Promise<void> {
  const { help, options } = readFlags();
  if (help) {
    process.stdout.write(usage);
    return;
  }
  // The mock (spec router, validator, media) loads only once the flags are known to be right.
  const { startMockServer } = await import("./server.js");
  await serveMock(
    options,
    startMockServer,
    (url) => `Use it: TOKENOPS_BASE_URL=${url} TOKENOPS_API_KEY=any-key`,
    process,
  ).catch((error: unknown) => {
    process.stderr.write(`tokenops-mock: ${(error as Error).message}\n`);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`tokenops-mock: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
