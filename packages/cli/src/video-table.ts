import type { Video } from "@tokenops/client";
import { isFailedStatus } from "@tokenops/contract";

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
// The room a prompt keeps before columns are shortened, then left out.
const PROMPT_ROOM = 20;
const GAP = "  ";

interface Column {
  title: string;
  cells: string[];
  /** A narrower form (title and cells), tried before the column is left out. */
  short?: { title: string; cells: string[] };
}

/**
 * Videos as a table, one row each in the order given: id, status, progress, created (a local
 * date and time), model, size, seconds and the prompt, fitted to `width` columns. The id is never
 * cut (it is what a user copies). When the prompt would get fewer than 20 columns, the created time
 * loses its year and seconds and the headers shorten; then seconds, size, model, created and
 * progress are left out, in that order. Still too narrow (80 columns), each prompt goes on a line of
 * its own under its row, and the columns come back as far as they fit. A prompt is cut with `…`.
 * A field the server left out or sent as null shows as `-`, as does the progress of a job that
 * failed, was cancelled or expired (it will not rise again).
 *
 * @example
 * const page = await client.videos.list();
 * formatVideoTable(page.data, { width: process.stdout.columns ?? 80 });
 * // ID         STATUS     PROGRESS  CREATED              MODEL   SIZE      SECONDS  PROMPT
 * // video_123  completed  100%      2025-03-10 01:31:23  sora-2  1280x720  4        A red fox in…
 */
export function formatVideoTable(videos: readonly Video[], options: TableOptions): string {
  const zone = options.timeZone === undefined ? {} : { timeZone: options.timeZone };
  const full = new Intl.DateTimeFormat("sv-SE", { dateStyle: "short", timeStyle: "medium", ...zone });
  // "2025-03-10 01:31:23", or without year and seconds: "03-10 01:31".
  const when = (from: number, to?: number) =>
    videos.map((video) =>
      typeof video.created_at === "number" ? full.format(new Date(video.created_at * 1000)).slice(from, to) : MISSING,
    );
  const fixed: Column[] = [
    { title: "ID", cells: videos.map((video) => video.id) },
    { title: "STATUS", cells: videos.map((video) => tableCell(video.status)) },
  ];
  // In the order they are left out when the terminal is narrow: last first.
  const optional: Column[] = [
    {
      title: "PROGRESS",
      cells: videos.map((video) =>
        typeof video.progress === "number" && !isFailedStatus(video.status) ? `${video.progress}%` : MISSING,
      ),
      short: { title: "PROG", cells: [] },
    },
    { title: "CREATED", cells: when(0), short: { title: "CREATED", cells: when(5, 16) } },
    { title: "MODEL", cells: videos.map((video) => tableCell(video.model)) },
    { title: "SIZE", cells: videos.map((video) => tableCell(video.size)) },
    { title: "SECONDS", cells: videos.map((video) => tableCell(video.seconds)), short: { title: "SECS", cells: [] } },
  ];
  const prompts = videos.map((video) => (typeof video.prompt === "string" ? oneLine(video.prompt) : MISSING));
  const wanted = Math.min(PROMPT_ROOM, Math.max(displayWidth("PROMPT"), ...prompts.map(displayWidth)));
  const widthOf = (column: Column) =>
    Math.max(displayWidth(column.title), ...column.cells.map((cell) => displayWidth(cell)));
  const used = (columns: Column[]) => columns.reduce((sum, column) => sum + widthOf(column) + GAP.length, 0);
  const shorten = (column: Column): Column =>
    column.short
      ? { title: column.short.title, cells: column.short.cells.length ? column.short.cells : column.cells }
      : column;

  let kept = optional;
  if (options.width - used([...fixed, ...kept]) < wanted) kept = kept.map(shorten);
  while (kept.length > 0 && options.width - used([...fixed, ...kept]) < wanted) kept = kept.slice(0, -1);
  // Too narrow for a prompt beside the id (54 characters) and status: each prompt gets a line of its
  // own under its row, and the columns it gave up come back as far as they fit.
  const stacked = options.width - used([...fixed, ...kept]) < wanted;
  if (stacked) {
    kept = optional.map(shorten);
    while (kept.length > 0 && used([...fixed, ...kept]) - GAP.length > options.width) kept = kept.slice(0, -1);
  }
  const columns = [...fixed, ...kept];
  const widths = columns.map(widthOf);
  const promptWidth = Math.max(MIN_PROMPT_WIDTH, options.width - (stacked ? 2 : used(columns)));
  const cut = (prompt: string) => truncate(prompt, promptWidth);
  const line = (cells: string[], prompt: string) =>
    [...cells.map((text, column) => padEnd(text, widths[column] ?? 0)), ...(stacked ? [] : [cut(prompt)])]
      .join(GAP)
      .trimEnd();
  const rows = videos.map((_, index) => {
    const row = line(
      columns.map((column) => column.cells[index] ?? MISSING),
      prompts[index] ?? MISSING,
    );
    return stacked ? `${row}\n  ${cut(prompts[index] ?? MISSING)}` : row;
  });
  return `${[
    line(
      columns.map((column) => column.title),
      "PROMPT",
    ),
    ...rows,
  ].join("\n")}\n`;
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
