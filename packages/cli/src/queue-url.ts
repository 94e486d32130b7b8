import { UsageError } from "./errors.js";

/**
 * Checks `--queue` before anything connects: a `redis://` or `rediss://` URL. The message shows the URL
 * with its password (if any) as `***`.
 *
 * @throws UsageError naming the flag, the value and what is allowed (exit 2).
 * @example
 * checkQueueUrl("redis://10.0.0.5:6379", redactUrl);
 */
export function checkQueueUrl(url: string, redactUrl: (url: string) => string): void {
  if (/^rediss?:\/\/./.test(url) && URL.canParse(url)) return;
  throw new UsageError(
    `--queue: "${redactUrl(url)}" is not a Redis URL (expected redis://host:6379 or rediss://host:6380).`,
  );
}
