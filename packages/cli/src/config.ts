import { createClient, DEFAULT_BASE_URL, type TokenOpsClient } from "@tokenops/client";
import { UsageError } from "./errors.js";
import { createCliLogger } from "./logger.js";

/** The flags every `videos` command takes to reach the API. */
export interface ConnectionFlags {
  apiKey?: string;
  baseUrl?: string;
  mock?: boolean;
  /** `false` (`--no-validate`): the client sends values the spec does not list without checking them. */
  validate?: boolean;
}

/** A ready client, where it points, and how to let go of what was started for it. */
export interface Connection {
  client: TokenOpsClient;
  /** True when the client talks to a mock started inside this process. */
  embeddedMock: boolean;
  /** The poll interval to use when `--poll-interval` is not given (undefined: the client's default). */
  pollIntervalMs: number | undefined;
  /** The `--base-url` flag to repeat in a resume command, when the user gave one. */
  baseUrlFlag: string | undefined;
  /** Stops the embedded mock, if any. */
  close(): Promise<void>;
}

/**
 * How fast the embedded mock's clock runs, and how often the CLI polls it: at twice real time a
 * job with the mock's default timing (`defaultTiming` in @tokenops/testing) is over in a few
 * seconds, and about ten polls show its progress rising.
 */
export const EMBEDDED_MOCK = {
  timeScale: 2,
  pollIntervalMs: 250,
  // The mock takes any key. The client redacts its key from every error body, so this one is
  // a string no message holds ("mock" would turn "[mock: …]" into "[***: …]").
  apiKey: "sk-tokenops-embedded-mock",
} as const;

const NO_KEY_MESSAGE = [
  "no API key.",
  "  Pass --api-key KEY or set TOKENOPS_API_KEY (create a key in the TokenOps AI console),",
  "  or add --mock to run against the embedded mock server: no key, no cost.",
].join("\n");

/**
 * Resolve `--api-key` / `TOKENOPS_API_KEY`, `--base-url` / `TOKENOPS_BASE_URL` and
 * `--mock` into a client (checking values against the spec unless `--no-validate`). With `--mock`, starts the mock server from
 * `@tokenops/testing` on 127.0.0.1 inside this process and points the client at it.
 *
 * @throws UsageError when there is neither a key nor `--mock`.
 * @example
 * const connection = await connect({ mock: true }, process.env, process.stderr);
 * try {
 *   const video = await connection.client.videos.retrieve("video_123");
 * } finally {
 *   await connection.close();
 * }
 */
export async function connect(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  stderr: NodeJS.WritableStream,
): Promise<Connection> {
  const logger = createCliLogger(stderr, env);
  const validate = flags.validate !== false;
  if (flags.mock) {
    // Loaded only for --mock: the mock brings ajv, busboy and its media, which
    // every other command would pay for at startup. It listens on 127.0.0.1 unless told otherwise.
    const { startMockServer } = await import("@tokenops/testing");
    const server = await startMockServer({ timeScale: EMBEDDED_MOCK.timeScale });
    // The mock asks for a bearer token like the real service; any value will do.
    const apiKey = flags.apiKey ?? EMBEDDED_MOCK.apiKey;
    const client = createClient({ apiKey, baseUrl: server.url, logger, validate });
    return {
      client,
      embeddedMock: true,
      pollIntervalMs: EMBEDDED_MOCK.pollIntervalMs,
      baseUrlFlag: undefined,
      close: () => server.close(),
    };
  }
  const apiKey = nonEmpty(flags.apiKey) ?? nonEmpty(env.TOKENOPS_API_KEY);
  if (apiKey === undefined) throw new UsageError(NO_KEY_MESSAGE);
  const baseUrl = nonEmpty(flags.baseUrl) ?? nonEmpty(env.TOKENOPS_BASE_URL);
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) {
    throw new UsageError(`--base-url: "${baseUrl}" is not a URL (expected e.g. ${DEFAULT_BASE_URL}).`);
  }
  const client = createClient(
    baseUrl === undefined ? { apiKey, logger, validate } : { apiKey, baseUrl, logger, validate },
  );
  return { client, embeddedMock: false, pollIntervalMs: undefined, baseUrlFlag: flags.baseUrl, close: async () => {} };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
