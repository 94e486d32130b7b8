import type { Logger } from "@tokenops/client";

/**
 * The client's log lines, as one line each on stderr: `[tokenops] message (key=value …)`.
 * Retries show up as warnings. Error lines are dropped unless `TOKENOPS_LOG` asks for them,
 * because the CLI prints every error that reaches the user itself.
 *
 * @example
 * const client = createClient({ logger: createCliLogger(process.stderr, process.env) });
 */
export function createCliLogger(stderr: NodeJS.WritableStream, env: NodeJS.ProcessEnv): Logger {
  const write = (message: string, details: unknown[]) => {
    const fields = details.flatMap((detail) =>
      typeof detail === "object" && detail !== null
        ? Object.entries(detail)
            .filter(([, value]) => value !== undefined)
            .map(([key, value]) => `${key}=${typeof value === "number" ? Math.round(value) : JSON.stringify(value)}`)
        : [String(detail)],
    );
    stderr.write(`${message}${fields.length > 0 ? ` (${fields.join(" ")})` : ""}\n`);
  };
  return {
    debug: (message, ...details) => write(message, details),
    info: (message, ...details) => write(message, details),
    warn: (message, ...details) => write(message, details),
    error: (message, ...details) => {
      if (env.TOKENOPS_LOG) write(message, details);
    },
  };
}
