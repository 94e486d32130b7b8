import type { Video } from "@tokenops/client";

/** How to lay out the table of `videos list`. */
export interface TableOptions {
  /** The terminal's width in columns: the prompt column takes what the others leave. */
  width: number;
  /** The time zone of the `created` column (default: the machine's). */
  timeZone?: string | undefined;
}

/** What a cell shows for a field the server sent as null or left out. */
export const MISSING = "-";

// The narrowest the prompt column gets, even when the other columns fill the terminal.
const MIN_PROMPT_WIDTH = 10;
const GAP = "  ";

/**
 * Videos as a table, one row each in the order given: id, status, progress, created (a local
 * date and time), model, size, seconds and the prompt, cut with `…` so that each line fits
 * `width` columns (the prompt keeps at least 10 columns on a terminal too narrow for the rest).
 * A field the server left out or sent as null shows as `-`.
 *
 * @example
 * const page = await client.videos.list();
 * formatVideoTable(page.data, { width: process.stdout.columns ?? 80 });
 * // ID         STATUS     PROGRESS  CREATED              MODEL   SIZE      SECONDS  PROMPT
 * // video_123  completed  100%      2025-03-10 01:31:23  sora-2  1280x720  4        A red fox in…
 */
export function formatVideoTable(videos: readonly Video[], options: TableOptions): string {
  const created = new Intl.DateTimeFormat("sv-SE", {
    dateStyle: "short",
    timeStyle: "medium",
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  });
  const header = ["ID", "STATUS", "PROGRESS", "CREATED", "MODEL", "SIZE", "SECONDS"];
  const rows = videos.map((video) => [
    video.id,
    tableCell(video.status),
    typeof video.progress === "number" ? `${video.progress}%` : MISSING,
    typeof video.created_at === "number" ? created.format(new Date(video.created_at * 1000)) : MISSING,
    tableCell(video.model),
    tableCell(video.size),
    tableCell(video.seconds),
  ]);
  const widths = header.map((title, column) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? ""))),
  );
  const used = widths.reduce((sum, width) => sum + width + GAP.length, 0);
  const promptWidth = Math.max(MIN_PROMPT_WIDTH, options.width - used);
  const line = (cells: string[], prompt: string) =>
    [...cells.map((text, column) => padEnd(text, widths[column] ?? 0)), truncate(prompt, promptWidth)]
      .join(GAP)
      .trimEnd();
  const prompts = videos.map((video) => (typeof video.prompt === "string" ? oneLine(video.prompt) : MISSING));
  return `${[line(header, "PROMPT"), ...rows.map((row, index) => line(row, prompts[index] ?? MISSING))].join("\n")}\n`;
}

function tableCell(value: string | null | undefined): string {
  return value === undefined || value === null || value === "" ? MISSING : oneLine(value);
}

// A newline or tab in a prompt would break the row; control characters could move the cursor.
function oneLine(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

const segmenter = new Intl.Segmenter();
// East Asian wide and fullwidth characters and emoji take two columns in a terminal.
const WIDE =
  /\p{Extended_Pictographic}|[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]+$/u;

function graphemeWidth(grapheme: string): number {
  if (ZERO_WIDTH.test(grapheme)) return 0;
  return WIDE.test(grapheme) ? 2 : 1;
}

/**
 * How many terminal columns a text takes: one per character, two for wide (CJK, fullwidth)
 * characters and emoji, none for combining marks.
 *
 * @example
 * displayWidth("狐狸"); // 4
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of segmenter.segment(text)) width += graphemeWidth(segment);
  return width;
}

/**
 * Cuts a text to at most `width` columns, ending it with `…` when anything was cut; never
 * splits a character (or an emoji with its modifiers).
 *
 * @example
 * truncate("A red fox trotting through snow", 12); // "A red fox t…"
 */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const next = graphemeWidth(segment);
    if (used + next > width - 1) break;
    out += segment;
    used += next;
  }
  return `${out.trimEnd()}…`;
}

function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * The width to lay a table out in: the terminal's, when stdout is one; else `COLUMNS` (which
 * shells set), else 80.
 *
 * @example
 * formatVideoTable([video], { width: terminalWidth(process.stdout, process.env) });
 */
export function terminalWidth(stdout: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number {
  if (stdout.isTTY === true && typeof stdout.columns === "number" && stdout.columns > 0) return stdout.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : 80;
}
