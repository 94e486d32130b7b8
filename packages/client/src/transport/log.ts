/**
 * How much the client logs: `debug` (every request, headers redacted), `info` (every response),
 * `warn` (retries; the default), `error` (requests that failed without a response), or `off`.
 *
 * @example
 * ```ts
 * const client = createClient({ logLevel: "info" }); // or TOKENOPS_LOG=info
 * ```
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/**
 * Where log lines go: anything shaped like `console` (which is the default), e.g. pino or winston.
 * Each call gets a message that names the request (`[tokenops] GET /v1/videos/video_123 200`: the method,
 * the path and, once answered, the status) and an object with the details: `attempt`, `durationMs`, `status`
 * and `requestId`; a retry adds `delayMs`, a debug line has only `attempt` and the redacted `headers`.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const keep = (message: string, details: unknown) => void lines.push(`${message} ${JSON.stringify(details)}`);
 * const logger: Logger = { debug: keep, info: keep, warn: keep, error: keep };
 * const client = createClient({ logger, logLevel: "info" });
 * await client.videos.retrieve("video_123");
 * // lines[0]: '[tokenops] GET /v1/videos/video_123 200 {"attempt":1,"durationMs":182,"status":200,"requestId":"req_9f…"}'
 * ```
 */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/**
 * A writer for each enabled level; a level that is off is undefined, so that `log.info?.(message, details)`
 * costs nothing — not even building its arguments — when info is off.
 */
export type Log = { [L in Exclude<LogLevel, "off">]?: (message: string, details: object) => void };

const levels = ["debug", "info", "warn", "error"] as const;

/** A Log writing to `logger` from `level` up; an unknown level (a typo in TOKENOPS_LOG) means the default, warn. */
export function createLog(logger: Logger = console, level?: string): Log {
  const from = level === "off" ? 4 : (levels.indexOf(level as "warn") + 1 || 3) - 1;
  const log: Log = {};
  levels.forEach((at, i) => {
    if (i >= from) log[at] = (message, details) => logger[at](`[tokenops] ${message}`, details);
  });
  return log;
}

/** The headers as a plain object for a log line, with credentials replaced by "***". */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = /authorization|cookie|api-key/.test(key) ? "***" : value;
  });
  return out;
}
