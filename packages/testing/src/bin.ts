import { parseArgs } from "node:util";
import { DEFAULT_MOCK_PORT } from "@tokenops/contract";
import { scenarioFlag, scenariosFromFlags } from "./core/scenario-flag.js";
import type { Scenario } from "./core/scenarios.js";
import { startMockServer } from "./server.js";

const usage = `Usage: tokenops-mock [--port ${DEFAULT_MOCK_PORT}] [--host 127.0.0.1] [--time-scale 1] [--scenario TEXT]...

Runs the mock TokenOps API in the foreground until Ctrl-C or SIGTERM.
  --port        port to listen on (default ${DEFAULT_MOCK_PORT}; 0 = any free port)
  --host        address to listen on (default 127.0.0.1)
  --time-scale  simulated milliseconds per real millisecond (default 1)
  --scenario    ${scenarioFlag.description}
`;

function fail(message: string): never {
  process.stderr.write(`tokenops-mock: ${message}\n\n${usage}`);
  process.exit(2);
}

function number(flag: string, text: string, check: (value: number) => boolean, allowed: string): number {
  const value = Number(text);
  if (text.trim() === "" || !check(value)) fail(`${flag} ${JSON.stringify(text)} is not allowed; use ${allowed}.`);
  return value;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>["values"];
  function parse() {
    return parseArgs({
      options: {
        port: { type: "string", default: String(DEFAULT_MOCK_PORT) },
        host: { type: "string", default: "127.0.0.1" },
        "time-scale": { type: "string", default: "1" },
        scenario: { type: "string", multiple: true, default: [] },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  }
  try {
    ({ values } = parse());
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const port = number(
    "--port",
    values.port,
    (v) => Number.isInteger(v) && v >= 0 && v <= 65535,
    "an integer from 0 to 65535",
  );
  const timeScale = number("--time-scale", values["time-scale"], (v) => Number.isFinite(v) && v >= 0, "a number >= 0");
  let scenarios: Scenario[];
  try {
    scenarios = scenariosFromFlags(values.scenario);
  } catch (error) {
    fail((error as Error).message);
  }

  let server: Awaited<ReturnType<typeof startMockServer>>;
  try {
    server = await startMockServer({ port, host: values.host, timeScale, scenarios });
  } catch (error) {
    process.stderr.write(`tokenops-mock: cannot listen on ${values.host}:${port}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `TokenOps mock server listening on ${server.url}\n` +
      `  Use it: TOKENOPS_BASE_URL=${server.url} TOKENOPS_API_KEY=any-key\n` +
      "  Ctrl-C stops it.\n",
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  await server.close();
  process.stdout.write(`TokenOps mock server stopped (${signal}).\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`tokenops-mock: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
