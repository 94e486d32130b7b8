import { constants } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import type { CreateVideoParams } from "@tokenops/client";
import { type BatchItem, type BatchProblem, checkBatchItems } from "@tokenops/client/batch";
import { fileFromPath, unsafeFileName } from "@tokenops/client/node";
import { UsageError } from "./errors.js";
import { COMMON_PARAMS, familyFields, otherFamilyField } from "./family-flags.js";
import { openImage } from "./image-input.js";

/**
 * The fields an input line may have: its `name`, the common parameters of every model (`model`, `prompt`,
 * `seconds`, `image`, `lastFrame`, …) and every native field of every family's create schema (`size`,
 * `input_reference`, `watermark`, `req_key`, …). A field the spec gains is a column after `pnpm generate`.
 */
export const BATCH_FIELDS: readonly string[] = [
  "name",
  ...Object.keys(COMMON_PARAMS),
  ...familyFields().map(({ field }) => field),
];

/** A CSV header is read whatever its case: a spreadsheet's "Prompt" or "lastframe" is the field. */
const fieldByLowerCase = new Map(BATCH_FIELDS.map((field) => [field.toLowerCase(), field]));

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
 * it before anything is sent: every field of every line, with the rules `videos create` uses for the
 * line's model (the reference images' types and pixel sizes too), names unique and safe as file names.
 * `model` is the model of the lines that name none.
 *
 * @throws UsageError listing every problem with its line and field (exit 2).
 * @example
 * const items = await readBatchInput("shots.csv", { validate: true, model: "MiniMax-Hailuo-2.3" });
 */
export async function readBatchInput(
  path: string,
  options: { validate: boolean; model?: string | undefined },
): Promise<BatchItem[]> {
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
    const item = await rowToItem(row, dirname(resolve(path)), width, problems, options.model);
    if (item) items.push(item);
  }
  // The client's own checks: the same as `videos create`, and names unique (whatever case).
  for (const found of await checkBatchItems(items, options)) {
    // "Invalid seconds for MiniMax-Hailuo-2.3: got …" under "line 1: seconds:" reads "for MiniMax-Hailuo-2.3: got …".
    problems.push({ ...found, message: found.message.replace(/^Invalid \w+(: | (?=for ))/, "") });
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
      columns: (header: string[]) =>
        header.map((name) => fieldByLowerCase.get(name.trim().toLowerCase()) ?? name.trim()),
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

/** The fields rowToItem reads itself; every other one is passed on as the line gives it. */
const HANDLED = new Set(["name", "prompt", "model", "seconds", "image", "lastFrame", "input_reference"]);

/** The types the spec gives the native fields, to read a CSV cell (always text) as what the field takes. */
const nativeTypes = new Map(
  familyFields().map(({ field, property }) => [field, typeof property.type === "string" ? property.type : undefined]),
);

/** A CSV cell as the value its field takes: a number, a boolean, a JSON list; JSON Lines values are kept. */
function fromCell(field: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const type = field === "audio" ? "boolean" : nativeTypes.get(field);
  if ((type === "integer" || type === "number") && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  if ((type === "array" || type === "object") && /^[[{]/.test(value.trim())) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

async function rowToItem(
  row: Row,
  base: string,
  width: number,
  problems: BatchProblem[],
  defaultModel: string | undefined,
): Promise<BatchItem | undefined> {
  const { line, fields } = row;
  const before = problems.length;
  const reportProblem = (field: string, message: string) => problems.push(lineProblem(line, field, message));
  for (const field of Object.keys(fields)) {
    if (!BATCH_FIELDS.includes(field)) {
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
  if (prompt === undefined && fields.prompt === undefined && fields.content === undefined)
    reportProblem("prompt", "missing; every line needs a prompt.");
  const model = stringField("model") ?? defaultModel;
  if (model === undefined && fields.model === undefined)
    reportProblem(
      "model",
      "missing; give each line a model, or --model for the lines without (tokenops models lists them).",
    );
  const seconds = typeof fields.seconds === "number" ? String(fields.seconds) : stringField("seconds");
  const name = stringField("name")?.replace(/\.mp4$/i, "") ?? String(line).padStart(width, "0");
  const unsafe = unsafeFileName(name);
  if (unsafe) reportProblem("name", unsafe.replace(/^name /, ""));

  // The other common parameters and the family's own fields, read as their types; a field of another family
  // than the model's is refused.
  const rest: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (!HANDLED.has(field) && BATCH_FIELDS.includes(field) && value !== null) rest[field] = fromCell(field, value);
  }
  const native = Object.keys({ ...rest, ...(fields.input_reference === undefined ? {} : { input_reference: 1 }) });
  const other =
    model === undefined
      ? undefined
      : otherFamilyField(
          model,
          Object.fromEntries(native.filter((field) => !(field in COMMON_PARAMS)).map((field) => [field, true])),
          (field) => field,
        );
  if (other) reportProblem(other.field, other.message.replace(/^\S+ is/, "is"));

  const images: Record<string, unknown> = {};
  for (const field of ["image", "lastFrame"] as const) {
    const value = stringField(field);
    if (value === undefined) continue;
    try {
      images[field] = await openImage(field, value, base);
    } catch (error) {
      reportProblem(field, (error as Error).message.replace(new RegExp(`^${field}: `), ""));
    }
  }
  const reference = stringField("input_reference");
  if (reference !== undefined) {
    const path = resolve(base, reference);
    try {
      if (!(await stat(path)).isFile()) throw Object.assign(new Error(), { code: "not a file" });
      await access(path, constants.R_OK);
      images.input_reference = await fileFromPath(path);
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
    ...(prompt === undefined ? {} : { prompt }),
    ...(seconds === undefined ? {} : { seconds }),
    ...rest,
    ...images,
  } as CreateVideoParams;
  return { name, line, params };
}
