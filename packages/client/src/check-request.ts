import { type FieldRule, operations, requestRules, textAs } from "@tokenops/contract";
import { TokenOpsValidationError } from "./errors.js";

/**
 * An operation of the spec, by its operationId.
 *
 * @example
 * ```ts
 * const operation: OperationId = "listVideos";
 * ```
 */
export type OperationId = keyof typeof requestRules;

/**
 * A request's values by where they go, as `checkRequest` takes and returns them.
 *
 * @example
 * ```ts
 * const request: RequestValues = { path: { video_id: "video_123" }, query: { variant: "thumbnail" } };
 * ```
 */
export interface RequestValues {
  body?: object | undefined;
  query?: object | undefined;
  path?: object | undefined;
}

/** Each type's test, and how to say it. Arrays and objects (none in the spec's requests) pass unchecked. */
// biome-ignore lint/suspicious/noExplicitAny: each test narrows its own value.
const types: Record<string, [(value: any) => boolean, string]> = {
  string: [(value) => typeof value === "string", "string"],
  integer: [Number.isInteger, "an integer"],
  number: [Number.isFinite, "a number"],
  boolean: [(value) => typeof value === "boolean", "true or false"],
  binary: [(value) => value instanceof Blob, "a File or Blob: use toFile() or fileFromPath()"],
};

/** The value as the wire carries it for the field's type: 4 is "4" for a string, "24" is 24 for an integer. */
const coerce = (value: unknown, type?: string) =>
  type === "string" && (typeof value === "number" || typeof value === "boolean")
    ? `${value}`
    : typeof value === "string"
      ? (textAs(value, type) ?? value)
      : value;

/** " from 1 to 9", " of at least 1", " of at most 9" or "". */
const bounds = (low?: number, high?: number, unit = "") =>
  low === undefined && high === undefined
    ? ""
    : ` ${low === undefined ? "of at most" : high === undefined ? "of at least" : `from ${low} to`} ${high ?? low}${unit}`;

/** What a field allows, in words: "one of 4, 8, 12", "an integer from 0 to 100", "a non-empty string". */
const allowed = ({ type = "", required, minLength = 0, ...rule }: FieldRule, strict: boolean) =>
  strict && rule.enum
    ? `one of ${rule.enum.join(", ")}`
    : type === "string"
      ? `a ${required || minLength ? "non-empty " : ""}string${strict ? bounds(minLength > 1 ? minLength : undefined, rule.maxLength, " characters") : ""}`
      : (types[type]?.[1] ?? "a value") + (strict ? bounds(rule.minimum, rule.maximum) : "");

/** Each operation's rules by location, as entries: worked out once, not on every call. */
const ruleEntries = new Map<OperationId, [keyof RequestValues, [string, FieldRule][]][]>();
const rulesOf = (operationId: OperationId) => {
  let entries = ruleEntries.get(operationId);
  if (entries === undefined) {
    entries = Object.entries(requestRules[operationId]).map(([location, rules]) => [
      location as keyof RequestValues,
      Object.entries(rules as Record<string, FieldRule>),
    ]);
    ruleEntries.set(operationId, entries);
  }
  return entries;
};

/** Throws the error for a value its rule refuses. */
const invalid = (field: string, value: unknown, rule: FieldRule, text: boolean | undefined, strict: boolean): never => {
  throw new TokenOpsValidationError(field, value, allowed({ ...rule, required: text }, strict));
};

/**
 * Checks a request against the spec's rules for its operation before anything is sent — the type, enum,
 * required, minimum/maximum and minLength/maxLength of every body field and path and query parameter,
 * and the media type of every file — and returns it with each value as the wire carries it (`seconds: 4`
 * becomes "4", a numeric string for an integer field a number). Fields the spec does not name pass as they
 * are. `strict: false` checks only that required fields are there and of the right type, and lets values
 * the spec does not know (enums, bounds) through.
 *
 * @throws TokenOpsValidationError naming the first field at fault, its value and what is allowed.
 *
 * @example
 * ```ts
 * const { query } = checkRequest("listVideos", { query: { limit: "50", order: "asc" } });
 * query; // { limit: 50, order: "asc" }
 * checkRequest("listVideos", { query: { limit: 500 } }); // throws: Invalid limit: got 500; expected an integer from 0 to 100.
 * ```
 */
export function checkRequest<T extends RequestValues>(operationId: OperationId, request: T, strict = true): T {
  const result: T = { ...request };
  // The same object, by location: checked values replace the given ones (their types are the wire's, as T says).
  const checked: RequestValues = result;
  const encoding: Record<string, readonly string[] | undefined> = operations[operationId].encoding;
  for (const [location, rules] of rulesOf(operationId)) {
    const values: Record<string, unknown> = { ...checked[location] };
    for (const [field, rule] of rules) {
      const value = coerce(values[field], rule.type);
      // A required text field, or a query parameter given, holds text: an empty or blank one is never meant.
      const text = rule.required || location === "query";
      // null is no value: a query string or a form cannot carry it.
      delete values[field];
      if (value === undefined || value === null) {
        if (rule.required) invalid(field, value, rule, text, strict);
        continue;
      }
      values[field] = value;
      const { type = "", minimum, maximum, minLength, maxLength } = rule;
      const size = (value as string).length;
      if (
        !(types[type]?.[0](value) ?? true) ||
        (text && type === "string" && !/\S/.test(value as string)) ||
        (strict &&
          ((rule.enum && !rule.enum.includes(value)) ||
            (value as number) < (minimum as number) ||
            (value as number) > (maximum as number) ||
            size < (minLength as number) ||
            size > (maxLength as number)))
      ) {
        invalid(field, value, rule, text, strict);
      }
      const accepted = encoding[field];
      if (strict && accepted && value instanceof Blob && !accepted.includes(value.type)) {
        throw new TokenOpsValidationError(field, value.type, `one of ${accepted.join(", ")}`);
      }
    }
    if (location in checked || Object.keys(values).length > 0) checked[location] = values;
  }
  return result;
}
