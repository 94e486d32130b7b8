import { labelledOperations } from "./bundle.ts";
import { isRecord, type OpenAPIDocument } from "./extract.ts";

/** One difference between two versions of the spec, and whether it breaks existing callers. */
export interface SpecChange {
  breaking: boolean;
  /** The operation it touches ("POST /v1/videos (createVideo)"), or a component's name. */
  where: string;
  what: string;
}

type Schema = Record<string, unknown>;

function types(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type.map(String);
  return typeof schema.type === "string" ? [schema.type] : [];
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => JSON.stringify(v)) : [];
}

/** Compares two schemas, recursing into properties and items; `$ref`s are compared by name (components are diffed on their own). */
function diffSchema(before: unknown, after: unknown, at: string, where: string, out: SpecChange[]): void {
  if (!isRecord(before) || !isRecord(after)) return;
  if (typeof before.$ref === "string" || typeof after.$ref === "string") {
    if (before.$ref !== after.$ref)
      out.push({
        breaking: true,
        where,
        what: `${at} changed from ${before.$ref ?? "inline"} to ${after.$ref ?? "inline"}`,
      });
    return;
  }
  const [typesBefore, typesAfter] = [types(before), types(after)];
  if (typesBefore.length > 0 && typesAfter.length > 0) {
    const lost = typesBefore.filter((t) => !typesAfter.includes(t));
    const gained = typesAfter.filter((t) => !typesBefore.includes(t));
    if (lost.length > 0) out.push({ breaking: true, where, what: `${at} no longer accepts type ${lost.join(", ")}` });
    if (gained.length > 0) out.push({ breaking: false, where, what: `${at} also accepts type ${gained.join(", ")}` });
  }
  const [enumBefore, enumAfter] = [list(before.enum), list(after.enum)];
  if (enumBefore.length === 0 && enumAfter.length > 0) {
    out.push({ breaking: true, where, what: `${at} narrowed to ${enumAfter.join(" | ")}` });
  } else if (enumBefore.length > 0 && enumAfter.length === 0) {
    out.push({ breaking: false, where, what: `${at} no longer limited to ${enumBefore.join(" | ")}` });
  } else {
    for (const value of enumBefore.filter((v) => !enumAfter.includes(v)))
      out.push({ breaking: true, where, what: `${at}: enum value ${value} removed` });
    for (const value of enumAfter.filter((v) => !enumBefore.includes(v)))
      out.push({ breaking: false, where, what: `${at}: enum value ${value} added` });
  }
  const [requiredBefore, requiredAfter] = [list(before.required), list(after.required)];
  const propsBefore = isRecord(before.properties) ? before.properties : {};
  const propsAfter = isRecord(after.properties) ? after.properties : {};
  for (const name of Object.keys(propsBefore)) {
    if (!(name in propsAfter)) out.push({ breaking: true, where, what: `${at}.${name} removed` });
  }
  for (const name of Object.keys(propsAfter)) {
    const field = JSON.stringify(name);
    if (!(name in propsBefore)) {
      const required = requiredAfter.includes(field);
      out.push({ breaking: required, where, what: `${at}.${name} added${required ? " as required" : ""}` });
      continue;
    }
    if (!requiredBefore.includes(field) && requiredAfter.includes(field))
      out.push({ breaking: true, where, what: `${at}.${name} became required` });
    if (requiredBefore.includes(field) && !requiredAfter.includes(field))
      out.push({ breaking: false, where, what: `${at}.${name} became optional` });
    diffSchema(propsBefore[name], propsAfter[name], `${at}.${name}`, where, out);
  }
  diffSchema(before.items, after.items, `${at}[]`, where, out);
}

function contentSchemas(holder: unknown): Map<string, unknown> {
  const content = isRecord(holder) && isRecord(holder.content) ? holder.content : {};
  return new Map(Object.entries(content).map(([type, media]) => [type, isRecord(media) ? media.schema : undefined]));
}

function diffOperation(where: string, before: Schema, after: Schema, out: SpecChange[]): void {
  const params = (op: Schema) =>
    new Map(
      (Array.isArray(op.parameters) ? op.parameters : [])
        .filter(isRecord)
        .map((p) => [`${p.in ?? "ref"}:${p.name ?? p.$ref}`, p] as const),
    );
  const [paramsBefore, paramsAfter] = [params(before), params(after)];
  for (const [key, param] of paramsBefore) {
    if (!paramsAfter.has(key))
      out.push({ breaking: true, where, what: `parameter ${param.name ?? param.$ref} removed` });
  }
  for (const [key, param] of paramsAfter) {
    const old = paramsBefore.get(key);
    if (!old) {
      out.push({
        breaking: param.required === true,
        where,
        what: `parameter ${param.name ?? param.$ref} added${param.required ? " as required" : ""}`,
      });
      continue;
    }
    if (old.required !== true && param.required === true)
      out.push({ breaking: true, where, what: `parameter ${param.name} became required` });
    diffSchema(old.schema, param.schema, `parameter ${param.name}`, where, out);
  }
  const [bodyBefore, bodyAfter] = [contentSchemas(before.requestBody), contentSchemas(after.requestBody)];
  for (const [type, schema] of bodyBefore) {
    if (!bodyAfter.has(type)) out.push({ breaking: true, where, what: `request body no longer accepts ${type}` });
    else diffSchema(schema, bodyAfter.get(type), "request body", where, out);
  }
  const bodyRequired = isRecord(after.requestBody) && after.requestBody.required === true;
  for (const type of bodyAfter.keys()) {
    // A new way to send the body is additive, unless the operation took no body before and now needs one.
    if (!bodyBefore.has(type))
      out.push({ breaking: bodyBefore.size === 0 && bodyRequired, where, what: `request body accepts ${type}` });
  }
  const responses = (op: Schema) => (isRecord(op.responses) ? op.responses : {});
  const [resBefore, resAfter] = [responses(before), responses(after)];
  for (const status of Object.keys(resBefore)) {
    if (!(status in resAfter)) out.push({ breaking: true, where, what: `response ${status} removed` });
    else {
      const [a, b] = [contentSchemas(resBefore[status]), contentSchemas(resAfter[status])];
      for (const [type, schema] of a) {
        if (!b.has(type)) out.push({ breaking: true, where, what: `response ${status} no longer sends ${type}` });
        else diffSchema(schema, b.get(type), `response ${status}`, where, out);
      }
      for (const type of b.keys())
        if (!a.has(type)) out.push({ breaking: false, where, what: `response ${status} may send ${type}` });
    }
  }
  for (const status of Object.keys(resAfter)) {
    if (!(status in resBefore)) out.push({ breaking: false, where, what: `response ${status} added` });
  }
}

/** Every difference from `before` to `after` that changes the generated types, classified as breaking or not. */
export function diffSpecs(before: OpenAPIDocument, after: OpenAPIDocument): SpecChange[] {
  const out: SpecChange[] = [];
  const [opsBefore, opsAfter] = [labelledOperations(before), labelledOperations(after)];
  for (const where of opsBefore.keys())
    if (!opsAfter.has(where)) out.push({ breaking: true, where, what: "operation removed" });
  for (const [where, op] of opsAfter) {
    const old = opsBefore.get(where);
    if (!old) out.push({ breaking: false, where, what: "operation added" });
    else diffOperation(where, old, op, out);
  }
  const schemas = (doc: OpenAPIDocument) => (isRecord(doc.components?.schemas) ? doc.components.schemas : {});
  const [schemasBefore, schemasAfter] = [schemas(before), schemas(after)];
  for (const name of Object.keys(schemasBefore)) {
    if (!(name in schemasAfter)) out.push({ breaking: true, where: `schema ${name}`, what: "removed" });
    else diffSchema(schemasBefore[name], schemasAfter[name], name, `schema ${name}`, out);
  }
  for (const name of Object.keys(schemasAfter)) {
    if (!(name in schemasBefore)) out.push({ breaking: false, where: `schema ${name}`, what: "added" });
  }
  return out;
}
