import { specMethods } from "@tokenops/contract";
import { Ajv, type ValidateFunction } from "ajv";
import { sample } from "openapi-sampler";
import { MockError, methodNotAllowed } from "./errors.js";
import { type OperationId, spec } from "./spec.js";

/** The 404 for a URL the server does not serve (also what a gateway without an operation answers). */
export function unknownUrl(method: string, path: string): MockError {
  return new MockError(404, `Invalid URL (${method} ${path}).`, { code: "unknown_url" });
}

/** An ajv error, its instance path rooted at the request part (`/requestBody/…`, `/query/…`, `/path/…`). */
interface ValidationIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown> | unknown[];
  message?: string;
}

/** The parts of a response object that an answer from the spec reads. */
interface ResponseObject {
  content?: Record<string, { schema?: object; example?: unknown; examples?: Record<string, { value?: unknown }> }>;
}

/** A parameter object of the (dereferenced) spec. */
interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: object;
}

/** A spec operation, dereferenced, with its method (lower case) and path template. */
export interface Operation {
  operationId: OperationId;
  method: string;
  path: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: object }> };
  responses?: Record<string, unknown>;
  security?: Array<Record<string, string[]>>;
}

/** An operation with the pattern of its path and the names of the path's parameters. */
type RoutedOperation = Operation & { pattern: RegExp; names: string[] };

/** A request matched to a spec operation. */
export interface Route {
  operation: Operation;
  params: Record<string, string>;
}

const MATCH_CACHE_SIZE = 10_000;

/** OpenAPI's own formats, as ajv checks them (others, such as `uri`, are not checked). */
const bitRange = (bits: number) => (value: number) => value >= -(2 ** (bits - 1)) && value < 2 ** (bits - 1);
const openApiFormats = {
  int32: { type: "number", validate: bitRange(32) },
  int64: { type: "number", validate: bitRange(64) },
  float: { type: "number", validate: () => true },
  double: { type: "number", validate: () => true },
  byte: { type: "string", validate: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/ },
  binary: { type: "string", validate: () => true },
  password: { type: "string", validate: () => true },
} as const;

function newAjv(options: { coerceTypes?: boolean }): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, ...options });
  for (const [name, format] of Object.entries(openApiFormats)) ajv.addFormat(name, format);
  return ajv;
}

/** A copy of the spec with every local `$ref` replaced by what it points at (each target made once, then shared). */
function dereference<T>(document: T): T {
  const resolved = new Map<string, unknown>();
  const resolving = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === "string" && ref.startsWith("#/")) {
      const known = resolved.get(ref);
      if (known !== undefined) return known;
      let target: unknown = document;
      for (const part of ref.slice(2).split("/")) {
        target = (target as Record<string, unknown>)[part.replaceAll("~1", "/").replaceAll("~0", "~")];
      }
      if (target === undefined) throw new Error(`the spec's $ref ${ref} points at nothing`);
      // The video API's schemas do not nest themselves; say so plainly should one ever do.
      if (resolving.has(ref)) throw new Error(`the spec's $ref ${ref} refers to itself, which the mock cannot inline`);
      resolving.add(ref);
      const value = walk(target);
      resolving.delete(ref);
      resolved.set(ref, value);
      return value;
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
  };
  return walk(document) as T;
}

/** A path template as a pattern, each `{name}` one path segment (literal parts escaped). */
function templatePattern(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split(/\{([^}]+)\}/)
    .map((part, index) => {
      if (index % 2 === 1) {
        names.push(part);
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return { pattern: new RegExp(`^${source}$`), names };
}

/**
 * Routing and request validation driven by the bundled spec: its few paths and methods route a request, and ajv
 * checks parameters and bodies against the spec's (dereferenced) schemas, each problem at a pointer into
 * `{ path, query, requestBody }`. The spec is linted by redocly where it is bundled, so it is not checked here.
 */
export class SpecRouter {
  readonly #definition = dereference(spec) as unknown as {
    paths: Record<string, Record<string, unknown>>;
    components?: { schemas?: Record<string, object> };
  };
  readonly #operations: RoutedOperation[] = [];
  readonly #matches = new Map<string, Route>();
  /** ajv for bodies, and for parameters (which arrive as strings, so it coerces them to their schema's type). */
  readonly #bodyAjv = newAjv({});
  readonly #paramsAjv = newAjv({ coerceTypes: true });
  /** Compiled validators, by operation (and media type) or schema name. */
  readonly #validators = new Map<string, ValidateFunction>();

  constructor() {
    for (const [path, item] of Object.entries(this.#definition.paths)) {
      const shared = (item.parameters ?? []) as Parameter[];
      for (const method of specMethods) {
        const operation = item[method.toLowerCase()] as Omit<Operation, "method" | "path"> | undefined;
        if (operation?.operationId === undefined) continue;
        const own = operation.parameters ?? [];
        const parameters = [
          ...shared.filter((parameter) => !own.some((o) => o.name === parameter.name && o.in === parameter.in)),
          ...own,
        ];
        this.#operations.push({
          ...operation,
          parameters,
          method: method.toLowerCase(),
          path,
          ...templatePattern(path),
        });
      }
    }
  }

  /** Resolves once the spec is loaded (it is, synchronously; kept so callers need not know). */
  ready(): Promise<unknown> {
    return Promise.resolve();
  }

  /** Every operation in the spec. */
  operations(): Operation[] {
    return this.#operations;
  }

  /** The operation for a method and path; 404 when no path matches, 405 when only the method is wrong. */
  match(method: string, path: string): Route {
    // Clients poll the same few URLs: remember recent answers.
    const cacheKey = `${method} ${path}`;
    const cached = this.#matches.get(cacheKey);
    if (cached !== undefined) return cached;
    let normalized = path.trim().split("?")[0] ?? "";
    if (!normalized.startsWith("/")) normalized = `/${normalized}`;
    while (normalized.length > 1 && normalized.endsWith("/")) normalized = normalized.slice(0, -1);
    const lower = method.trim().toLowerCase();
    // A literal path beats a template; among templates, the one with the most literal characters.
    const candidates = this.#operations
      .map((operation) => ({ operation, found: operation.pattern.exec(normalized) }))
      .filter((candidate): candidate is { operation: RoutedOperation; found: RegExpExecArray } =>
        Boolean(candidate.found),
      )
      .sort(
        (a, b) => b.operation.path.replace(/\{.*?\}/g, "").length - a.operation.path.replace(/\{.*?\}/g, "").length,
      );
    const hit = candidates.find((candidate) => candidate.operation.method === lower);
    if (hit !== undefined) {
      const params = Object.fromEntries(
        hit.operation.names.map((name, index) => [name, decodeURIComponent(hit.found[index + 1] ?? "")]),
      );
      const route = { operation: hit.operation, params };
      if (this.#matches.size >= MATCH_CACHE_SIZE) this.#matches.clear();
      this.#matches.set(cacheKey, route);
      return route;
    }
    const allowed = specMethods.filter((other) =>
      candidates.some((candidate) => candidate.operation.method === other.toLowerCase()),
    );
    if (allowed.length > 0) {
      throw methodNotAllowed(method, path, allowed.join(", "));
    }
    throw unknownUrl(method, path);
  }

  /**
   * An operation's success answer from the spec alone, as Prism's static mode makes it: the lowest 2xx
   * response, its JSON media type if it has one (else its first), and that media type's `example`, else
   * its first named example, else a value openapi-sampler builds from the schema and its examples.
   */
  example(operationId: OperationId): { status: number; contentType: string | undefined; body: unknown } {
    const responses = (this.#operations.find((operation) => operation.operationId === operationId)?.responses ??
      {}) as Record<string, ResponseObject>;
    const code =
      Object.keys(responses)
        .sort()
        .find((key) => key.startsWith("2")) ?? "default";
    const content = responses[code]?.content ?? {};
    const types = Object.keys(content);
    const contentType = types.includes("application/json") ? "application/json" : types[0];
    const media = contentType === undefined ? undefined : content[contentType];
    const named = Object.values(media?.examples ?? {})[0];
    const body =
      media?.example ??
      named?.value ??
      (media?.schema === undefined ? undefined : sample(media.schema, { skipWriteOnly: true }, spec as object));
    return { status: /^\d{3}$/.test(code) ? Number(code) : 200, contentType, body };
  }

  /**
   * What is wrong with a value against one of the spec's schemas (e.g. a family's request body), by ajv with the
   * spec's dereferenced schema; each problem names its field, the value and what is allowed.
   */
  schemaIssues(schemaName: string, value: unknown): Described[] {
    const schema = this.#definition.components?.schemas?.[schemaName];
    if (schema === undefined) throw new Error(`the spec has no schema ${schemaName}`);
    return this.#bodyIssues(schemaName, schema, value).map((issue) => describe(issue, { requestBody: value }));
  }

  /** The ajv problems of a value against a (dereferenced) schema, as request-body issues (`/requestBody/…`). */
  #bodyIssues(cacheKey: string, schema: object, value: unknown): ValidationIssue[] {
    let validate = this.#validators.get(cacheKey);
    if (validate === undefined) {
      validate = this.#bodyAjv.compile(schema);
      this.#validators.set(cacheKey, validate);
    }
    if (validate(value)) return [];
    // describe() reads the field from a request pointer (/requestBody/field).
    return (validate.errors ?? []).map((issue) => ({ ...issue, instancePath: `/requestBody${issue.instancePath}` }));
  }

  /** The ajv problems of the parameters: one object per place (path, query), each closed to the spec's names. */
  #parameterIssues(operation: Operation, parameters: Record<string, Record<string, unknown>>): ValidationIssue[] {
    const cacheKey = `${operation.operationId} parameters`;
    let validate = this.#validators.get(cacheKey);
    if (validate === undefined) {
      const place = () => ({
        type: "object",
        additionalProperties: false,
        properties: {} as Record<string, object>,
        required: [] as string[],
      });
      const places = { path: place(), query: place() };
      const required = new Set<string>();
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== "path" && parameter.in !== "query") continue;
        const target = places[parameter.in];
        target.properties[parameter.name] = parameter.schema ?? {};
        if (parameter.required) {
          target.required.push(parameter.name);
          required.add(parameter.in);
        }
      }
      validate = this.#paramsAjv.compile({ type: "object", properties: places, required: [...required] });
      this.#validators.set(cacheKey, validate);
    }
    return validate(parameters) ? [] : (validate.errors ?? []);
  }

  /**
   * Validate parameters and body against the operation's schemas; the first problems become a 400. A body is checked
   * against its own media type's schema (createVideo takes JSON beside its form), and against the JSON one when its
   * type is not in the spec.
   */
  validate(
    route: Route,
    request: { method: string; path: string; query: Record<string, string>; contentType: string; body?: unknown },
  ): void {
    const { operation } = route;
    // ajv coerces the parameters in place: give it copies.
    const issues = this.#parameterIssues(operation, { path: { ...route.params }, query: { ...request.query } });
    const requestBody = operation.requestBody;
    if (requestBody !== undefined) {
      const mediaType = request.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
      const content = requestBody.content;
      // readRequestBody has answered 415 for a media type the operation does not take.
      const schema = content[mediaType]?.schema;
      if (request.body === undefined) {
        if (requestBody.required === true) {
          issues.push({
            instancePath: "",
            keyword: "required",
            params: { missingProperty: "requestBody" },
            message: "must have required property 'requestBody'",
          });
        }
      } else if (schema !== undefined) {
        // A file part stands in the body as its name (request-body.ts), so a required file is checked like text.
        issues.push(...this.#bodyIssues(`${operation.operationId} ${mediaType}`, schema, request.body));
      }
    }
    if (issues.length === 0) return;
    const data = { requestBody: request.body, query: request.query, path: route.params };
    const described = issues.map((issue) => describe(issue, data));
    const first = described[0] as Described;
    throw new MockError(400, described.map((d) => d.message).join(" "), {
      code: first.code,
      param: first.param,
      details: described.map(({ param, code, message }) => ({ param, code, message })),
    });
  }
}

export interface Described {
  param: string | null;
  code: string;
  message: string;
}

function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const part of pointer.split("/").slice(1)) {
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

function describe(issue: ValidationIssue, data: unknown): Described {
  const params = issue.params as Record<string, unknown>;
  const field = issue.instancePath.split("/").slice(2).join(".") || null;
  const value = valueAt(data, issue.instancePath);
  switch (issue.keyword) {
    case "required": {
      const missing = [field, params.missingProperty].filter(Boolean).join(".");
      return {
        param: missing,
        code: "missing_required_parameter",
        message: `Missing required parameter: '${missing}'.`,
      };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
      return {
        param: field,
        code: "invalid_value",
        message: `Invalid value for '${field}': ${JSON.stringify(value)}. Allowed: ${allowed}.`,
      };
    }
    case "type":
      return {
        param: field,
        code: "invalid_type",
        message: `Invalid type for '${field ?? "body"}': expected ${String(params.type)}, got ${JSON.stringify(value)}.`,
      };
    default:
      return {
        param: field,
        code: "invalid_value",
        message: `Invalid value for '${field ?? "body"}': ${JSON.stringify(value)} ${issue.message ?? "is not allowed"}.`,
      };
  }
}
