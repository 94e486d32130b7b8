import type { Video } from "@tokenops/client";

/** Where a command's results go: readable lines by default, only the result's JSON with `--json`. */
export interface Output {
  readonly json: boolean;
  /** The command's result: the Video, as JSON or as readable lines, on stdout. */
  video(video: Video): void;
  /** The command's result on stdout: `value` as JSON with `--json`, else the readable text. */
  result(value: unknown, readable: string): void;
  /** A readable result line (a saved file, a started server): stdout, or stderr with `--json`. */
  info(line: string): void;
  /** A message for the person watching (notes, warnings): always stderr. */
  note(line: string): void;
}

/**
 * The output of one command run. With `json`, stdout receives exactly one JSON document
 * (the Video, the page, the deleted object) and nothing else, so `tokenops … --json | jq` always parses.
 *
 * @example
 * const output = createOutput({ json: false, stdout: process.stdout, stderr: process.stderr });
 * output.video(video);
 */
export function createOutput(options: {
  json: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}): Output {
  const { json, stdout, stderr } = options;
  const result = (value: unknown, readable: string) => {
    stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : readable);
  };
  return {
    json,
    video: (video) => result(video, formatVideo(video)),
    result,
    info(line) {
      (json ? stderr : stdout).write(`${line}\n`);
    },
    note(line) {
      stderr.write(`${line}\n`);
    },
  };
}

/**
 * A Video as aligned `label  value` lines, skipping the fields the server left out.
 *
 * @example
 * formatVideo(video);
 * // "video_123  completed  100%\n  model      sora-2\n  size       1280x720\n…"
 */
export function formatVideo(video: Video): string {
  const head = [video.id, video.status, typeof video.progress === "number" ? `${video.progress}%` : undefined];
  const rows: [string, string | undefined][] = [
    ["model", video.model],
    ["size", video.size],
    ["seconds", video.seconds],
    ["created", formatUnixTime(video.created_at)],
    ["completed", formatUnixTime(video.completed_at)],
    ["expires", formatUnixTime(video.expires_at)],
    ["remixed from", video.remixed_from_video_id ?? undefined],
    ["error", video.error ? [video.error.code, video.error.message].filter(Boolean).join(": ") : undefined],
  ];
  const lines = [head.filter((part) => part !== undefined).join("  ")];
  for (const [label, value] of rows) {
    if (value !== undefined && value !== "") lines.push(`  ${label.padEnd(13)}${value}`);
  }
  return `${lines.join("\n")}\n`;
}

function formatUnixTime(unixSeconds: number | null | undefined): string | undefined {
  return typeof unixSeconds === "number" ? new Date(unixSeconds * 1000).toISOString() : undefined;
}
