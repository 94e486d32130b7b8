/**
 * How text — a form field, a flag, a query string — reads as a value of a spec type. One reading for the client
 * (a value given as text), the mock (a multipart field, as a server reads it) and the CLI (a flag).
 */

/**
 * The value `text` stands for as a field of this type: an integer or number for `"integer"` or `"number"`,
 * `true` or `false` for `"boolean"`; `undefined` when the text is no such value (or the type is another).
 * Blank space around a number is allowed; `"1.5"` is no integer, `"1e3"` is a number.
 *
 * @example
 * ```ts
 * textAs("24", "integer"); // 24
 * textAs("1.5", "integer"); // undefined
 * textAs("true", "boolean"); // true
 * ```
 */
export function textAs(text: string, type: string | undefined): number | boolean | undefined {
  if (type === "boolean") return text === "true" ? true : text === "false" ? false : undefined;
  if (type !== "integer" && type !== "number") return undefined;
  const trimmed = text.trim();
  if (type === "integer" ? !/^[-+]?\d+$/.test(trimmed) : trimmed === "") return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}
