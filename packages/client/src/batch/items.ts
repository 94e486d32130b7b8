import { TokenOpsError, TokenOpsValidationError } from "../errors.js";
import { prepareCreate } from "../models/prepare.js";
import type { CreateVideoParams } from "../types.js";

/**
 * One video of a batch: a name that is unique in the batch and stays the same across runs (it names the
 * output files), and the create params. `line` says where it came from (the input file's line), for
 * messages and the summary.
 *
 * @example
 * ```ts
 * const item: BatchItem = { name: "fox", line: 1, params: { model: "sora-2", prompt: "A red fox in the snow", size: "1280x720" } };
 * ```
 */
export interface BatchItem {
  name: string;
  params: CreateVideoParams;
  line?: number | undefined;
}

/**
 * One problem found in a batch's items before anything was sent.
 *
 * @example
 * ```ts
 * const problem: BatchProblem = { name: "fox", line: 3, field: "size", message: 'Invalid size: got "999x999"; expected one of 720x1280, 1280x720.' };
 * ```
 */
export interface BatchProblem {
  name: string;
  line: number | undefined;
  /** The params field at fault (`prompt`, `size`, `input_reference`, …), or `name`. */
  field: string;
  message: string;
}

/**
 * A batch's items were refused before any job was created: every problem found, each with its item,
 * line and field.
 *
 * @example
 * ```ts
 * try {
 *   await runBatch(client, items);
 * } catch (error) {
 *   if (error instanceof BatchValidationError) for (const p of error.problems) console.error(`line ${p.line}: ${p.field}: ${p.message}`);
 * }
 * ```
 */
export class BatchValidationError extends TokenOpsError {
  override name = "BatchValidationError";
  constructor(readonly problems: BatchProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in the batch; nothing was sent:\n${problems
        .map((p) => `  ${p.line === undefined ? p.name : `line ${p.line}`}: ${p.message}`)
        .join("\n")}`,
    );
  }
}

/**
 * Checks every item as `videos.create` would (the same rules, including a reference image's type and
 * pixel size) and that names are non-empty and unique, and returns every problem found — none when the
 * batch can start. `validate: false` lets values the spec does not know through, as `create` does.
 *
 * @example
 * ```ts
 * const problems = await checkBatchItems(items);
 * if (problems.length > 0) throw new BatchValidationError(problems);
 * ```
 */
export async function checkBatchItems(
  items: readonly BatchItem[],
  options: { validate?: boolean | undefined } = {},
): Promise<BatchProblem[]> {
  const problems: BatchProblem[] = [];
  const seen = new Map<string, BatchItem>();
  for (const item of items) {
    const { name, line } = item;
    if (typeof name !== "string" || name === "") {
      problems.push({ name: String(name), line, field: "name", message: "name: expected a non-empty string." });
    } else {
      // Folders on macOS and Windows ignore case: "Fox" and "fox" would be one file there.
      const earlier = seen.get(name.toLowerCase());
      if (earlier !== undefined) {
        const where = earlier.line === undefined ? `item "${earlier.name}"` : `line ${earlier.line}`;
        problems.push({ name, line, field: "name", message: `name "${name}" is already used by ${where}.` });
      } else seen.set(name.toLowerCase(), item);
    }
    try {
      // Each item with its own model's rules (Sora-2's form checks included), as `videos.create` checks it.
      await prepareCreate(item.params, { validate: options.validate ?? true });
    } catch (error) {
      if (!(error instanceof TokenOpsValidationError)) throw error;
      problems.push({ name, line, field: error.field, message: error.message });
    }
  }
  return problems;
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes).slice(0, 16), (byte) => byte.toString(16).padStart(2, "0")).join("");

const sha256 = async (data: BufferSource) => hex(await crypto.subtle.digest("SHA-256", data));

/**
 * A hash of what an item asks for: model, prompt, size, seconds and the reference image's bytes. A run
 * finds an item's earlier records by its name, and knows from this hash whether its input changed.
 */
export async function itemHash({ params }: BatchItem): Promise<string> {
  // Sora-2's fields, the ones a batch item has always had; other families' params hash by model and prompt.
  const { input_reference: image, size } = params as { input_reference?: unknown; size?: string };
  const parts = [
    params.model,
    params.prompt,
    size ?? null,
    params.seconds === undefined ? null : String(params.seconds),
    image instanceof Blob ? await sha256(await image.arrayBuffer()) : null,
  ];
  return sha256(new TextEncoder().encode(JSON.stringify(parts)));
}
