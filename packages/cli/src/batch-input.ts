import { constants } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import type { CreateVideoParams } from "@tokenops/client";
import { type BatchItem, type BatchProblem, checkBatchItems } from "@tokenops/client/batch";
import { fileFromPath, unsafeFileName } from "@tokenops/client/node";
import { UsageError } from "./errors.js";
import { DEFAULT_MODEL } from "./options.js";

/** The fields an input line may have. */
export const BATCH_FIELDS = ["prompt", "model", "size", "seconds", "input_reference", "name"] as const;

/** One line of the input, before it is checked. */
interface Row {
  line: number;
  fields: Record<string, unknown>;
}

/** A problem with a line, as the user sees it. */
const lineProblem = (line: number, field: string, message: string): BatchProblem => ({
  name: "",
  line,
  field,
  message,
});

/**
 * Reads a batch input file — JSON Lines (one object per line) or CSV (a header row) — and checks all of
 * it before anything is sent: every field of every line, with the rules `videos create` uses (the
 * reference images' types and pixel sizes too), names unique and safe as file names.
 *
 * @throws UsageError listing every problem with its line and field (exit 2).
 * @example
 * const items = await readBatchInput("shots.csv", { validate: true });
 */
export async function readBatchInput(path: string, options: { validate: boolean }): Promise<BatchItem[]> {
  let text: string;
  try {
    text = (await readFile(path, "utf8")).replace(/^\uFEFF/, "");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the input "${path}" (${code === "ENOENT" ? "no such file" : code}).`);
  }
  const problems: BatchProblem[] = [];
  const rows = isCsv(path, text) ? await csvRows(text, problems) : jsonRows(text, problems);
  if (rows.length === 0 && problems.length === 0) throw new UsageError(`the input "${path}" has no items.`);
  const lastLine = Math.max(0, ...rows.map((row) => row.line));
  const width = Math.max(4, String(lastLine).length);
  const items: BatchItem[] = [];
  for (const row of rows) {
    const item = await rowToItem(row, dirname(resolve(path)), width, problems);
    if (item) items.push(item);
  }
  // The client's own checks: the same as `videos create`, and names unique (whatever case).
  for (const found of await checkBatchItems(items, options)) {
    problems.push({ ...found, message: found.message.replace(/^Invalid [\w_]+: /, "") });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const lines = problems.map((p) => `  line ${p.line}: ${p.field}: ${p.message}`);
    throw new UsageError(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${path}; nothing was sent:\n${lines.join("\n")}`,
    );
  }
  return items;
}

function isCsv(path: string, text: string): boolean {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return true;
  if ([".jsonl", ".ndjson", ".json"].includes(ext)) return false;
  return !text.trimStart().startsWith("{");
}

function jsonRows(text: string, problems: BatchProblem[]): Row[] {
  const rows: Row[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = index + 1;
    if (raw.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push(lineProblem(line, "line", `not JSON (${(error as Error).message}).`));
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(lineProblem(line, "line", 'expected a JSON object with a prompt, e.g. {"prompt": "a red fox"}.'));
      continue;
    }
    rows.push({ line, fields: value as Record<string, unknown> });
  }
  return rows;
}

async function csvRows(text: string, problems: BatchProblem[]): Promise<Row[]> {
  // Loaded only for a CSV input, so that no other command pays for the parser at startup.
  const { parse: parseCsv } = await import("csv-parse/sync");
  try {
    const records = parseCsv(text, {
      // A spreadsheet's "Prompt" is the field prompt.
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as { info: { lines: number }; record: Record<string, string> }[];
    // A cell left empty is a field not given.
    return records.map(({ info, record }) => ({
      line: info.lines,
      fields: Object.fromEntries(Object.entries(record).filter(([, value]) => value !== "")),
    }));
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    problems.push(lineProblem(lines ?? 1, "csv", message));
    return [];
  }
}

async function rowToItem(
  row: Row,
  base: string,
  width: number,
  problems: BatchProblem[],
): Promise<BatchItem | undefined> {
  const { line, fields } = row;
  const before = problems.length;
  const reportProblem = (field: string, message: string) => problems.push(lineProblem(line, field, message));
  for (const field of Object.keys(fields)) {
    if (!(BATCH_FIELDS as readonly string[]).includes(field)) {
      reportProblem(field, `unknown field; the fields are ${BATCH_FIELDS.join(", ")}.`);
    }
  }
  const stringField = (field: string): string | undefined => {
    const value = fields[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string") return value;
    reportProblem(field, `got ${JSON.stringify(value)}; expected a string.`);
    return undefined;
  };
  const prompt = stringField("prompt");
  if (prompt === undefined && fields.prompt === undefined)
    reportProblem("prompt", "missing; every line needs a prompt.");
  const model = stringField("model") ?? DEFAULT_MODEL;
  const size = stringField("size");
  const seconds = typeof fields.seconds === "number" ? String(fields.seconds) : stringField("seconds");
  const name = stringField("name")?.replace(/\.mp4$/i, "") ?? String(line).padStart(width, "0");
  const unsafe = unsafeFileName(name);
  if (unsafe) reportProblem("name", unsafe.replace(/^name /, ""));

  const reference = stringField("input_reference");
  let input_reference: File | undefined;
  if (reference !== undefined) {
    const path = resolve(base, reference);
    try {
      if (!(await stat(path)).isFile()) throw Object.assign(new Error(), { code: "not a file" });
      await access(path, constants.R_OK);
      input_reference = await fileFromPath(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === "ENOENT"
          ? "no such file"
          : code === "EACCES"
            ? "permission denied"
            : (code ?? (error as Error).message);
      reportProblem(
        "input_reference",
        `cannot use "${reference}" (${why}); give a JPEG, PNG or WebP image, relative to the input file.`,
      );
    }
  }
  if (problems.length > before) return undefined;
  const params = {
    model,
    prompt: prompt as string,
    ...(size === undefined ? {} : { size }),
    ...(seconds === undefined ? {} : { seconds }),
    ...(input_reference === undefined ? {} : { input_reference }),
  } as CreateVideoParams;
  return { name, line, params };
}
