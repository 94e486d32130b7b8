import { operationsOf } from "./bundle.ts";
import { isRecord, type OpenAPIDocument } from "./extract.ts";

/** Follows local `$ref`s (`#/components/…`) to the node they name. */
export function resolve(doc: OpenAPIDocument, value: unknown): unknown {
  if (isRecord(value) && typeof value.$ref === "string" && value.$ref.startsWith("#/")) {
    const target = value.$ref
      .slice(2)
      .split("/")
      .reduce<unknown>(
        (node, key) => (isRecord(node) ? node[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined),
        doc,
      );
    return resolve(doc, target);
  }
  return value;
}

/** Where a request value travels. Headers and cookies are the transport's business, not a caller's field. */
export type Location = "body" | "query" | "path";

/**
 * The JSON Schema keywords a rule carries besides `type` and `required`, each with its TypeScript type in the
 * generated `FieldRule`: one list for what is read from the spec and what the contract declares.
 */
export const RULE_KEYWORDS = {
  enum: "readonly unknown[]",
  default: "unknown",
  minimum: "number",
  maximum: "number",
  minLength: "number",
  maxLength: "number",
} as const;

/**
 * What a client can check about one request field before sending it: the JSON Schema keywords the
 * checker reads, with `type: "binary"` for a file (`format: binary`). `null` is left out like a missing
 * value, so `type: [T, "null"]` is T.
 */
export type FieldRule = { type?: string; required?: true } & { -readonly [K in keyof typeof RULE_KEYWORDS]?: unknown };

/** One request field: where it goes, its rule and the spec's words for it. */
export interface RequestField {
  operationId: string;
  location: Location;
  name: string;
  rule: FieldRule;
  description: string | undefined;
}

const KEYWORDS = Object.keys(RULE_KEYWORDS) as (keyof typeof RULE_KEYWORDS)[];

function ruleOf(doc: OpenAPIDocument, value: unknown, required: boolean): FieldRule {
  let schema = resolve(doc, value);
  // `allOf: [$ref]` is how OpenAPI 3.0 documents attach a description to a referenced schema.
  if (isRecord(schema) && Array.isArray(schema.allOf) && schema.allOf.length === 1) {
    schema = { ...(resolve(doc, schema.allOf[0]) as object), ...schema, allOf: undefined };
  }
  if (!isRecord(schema)) return required ? { required: true } : {};
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => typeof t === "string");
  const type = types.find((t) => t !== "null");
  const rule: FieldRule = {};
  if (type !== undefined) rule.type = schema.format === "binary" ? "binary" : type;
  if (required) rule.required = true;
  for (const keyword of KEYWORDS) {
    if (schema[keyword] !== undefined) rule[keyword] = schema[keyword];
  }
  return rule;
}

const text = (value: unknown) => (typeof value === "string" ? value.trim() : undefined);

/**
 * Every field of every operation's request, in spec order: the body's properties (its first media type,
 * `$ref`s resolved) and the path and query parameters (the path item's and the operation's).
 */
export function requestFields(doc: OpenAPIDocument): RequestField[] {
  const fields: RequestField[] = [];
  for (const { path, operation } of operationsOf(doc)) {
    if (!isRecord(operation) || typeof operation.operationId !== "string") continue;
    const item = doc.paths?.[path] ?? {};
    const operationId = operation.operationId;
    const parameters = [
      ...(Array.isArray(item.parameters) ? item.parameters : []),
      ...(Array.isArray(operation.parameters) ? operation.parameters : []),
    ].map((p) => resolve(doc, p));
    for (const parameter of parameters) {
      if (!isRecord(parameter) || (parameter.in !== "query" && parameter.in !== "path")) continue;
      const schema = resolve(doc, parameter.schema);
      fields.push({
        operationId,
        location: parameter.in,
        name: String(parameter.name),
        rule: ruleOf(doc, schema, parameter.required === true || parameter.in === "path"),
        description: text(parameter.description) ?? (isRecord(schema) ? text(schema.description) : undefined),
      });
    }
    const body = resolve(doc, operation.requestBody);
    const media = isRecord(body) && isRecord(body.content) ? Object.values(body.content)[0] : undefined;
    const schema = isRecord(media) ? resolve(doc, media.schema) : undefined;
    if (!isRecord(schema) || !isRecord(schema.properties)) continue;
    const required = Array.isArray(schema.required) ? schema.required : [];
    for (const [name, property] of Object.entries(schema.properties)) {
      const resolved = resolve(doc, property);
      fields.push({
        operationId,
        location: "body",
        name,
        rule: ruleOf(doc, property, required.includes(name)),
        description:
          text(isRecord(property) ? property.description : undefined) ??
          text(isRecord(resolved) ? resolved.description : undefined),
      });
    }
  }
  return fields;
}

/** Groups fields as `{ operationId: { location: { name: value } } }`, in spec order. */
export function byOperation<T>(
  fields: RequestField[],
  value: (field: RequestField) => T | undefined,
): Record<string, Partial<Record<Location, Record<string, T>>>> {
  const table: Record<string, Partial<Record<Location, Record<string, T>>>> = {};
  for (const field of fields) {
    const entry = value(field);
    if (entry === undefined) continue;
    const operation = table[field.operationId] ?? {};
    operation[field.location] = { ...operation[field.location], [field.name]: entry };
    table[field.operationId] = operation;
  }
  return table;
}
