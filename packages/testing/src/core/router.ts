import { specMethods } from "@tokenops/contract";
import { type Document, OpenAPIBackend, type Operation, ValidationContext } from "openapi-backend";
import { sample } from "openapi-sampler";
import { MockError } from "./errors.js";
import { type OperationId, spec } from "./spec.js";

/** The 404 for a URL the server does not serve (also what a gateway without an operation answers). */
export function unknownUrl(method: string, path: string): MockError {
  return new MockError(404, `Invalid URL (${method} ${path}).`, { code: "unknown_url" });
}

/** An ajv error as openapi-backend reports it. */
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

/** A request matched to a spec operation. */
export interface Route {
  operation: Operation & { operationId: OperationId };
  params: Record<string, string>;
}

const MATCH_CACHE_SIZE = 10_000;

/**
 * Routing and request validation driven by the bundled spec, through openapi-backend. The spec is
 * OpenAPI 3.1, which openapi-backend's own definition check (3.0 only) rejects; `quick` skips that
 * check — the spec is linted by redocly where it is bundled — and dereferences synchronously.
 */
export class SpecRouter {
  readonly #backend: OpenAPIBackend;
  readonly #ready: Promise<unknown>;
  readonly #matches = new Map<string, Route>();
  /** Compiled validators of single schemas (a family's body), by schema name. */
  readonly #schemas = new Map<string, (value: unknown) => ValidationIssue[]>();

  constructor() {
    this.#backend = new OpenAPIBackend({
      definition: structuredClone(spec) as unknown as Document,
      quick: true,
      strict: false,
      validate: true,
      ajvOpts: { allErrors: true },
    });
    this.#ready = this.#backend.init();
  }

  /** Resolves once the spec is loaded. */
  ready(): Promise<unknown> {
    return this.#ready;
  }

  /** Every operation in the spec. */
  operations(): Array<Operation & { operationId: OperationId }> {
    return this.#backend.getOperations() as Array<Operation & { operationId: OperationId }>;
  }

  /** The operation for a method and path; 404 when no path matches, 405 when only the method is wrong. */
  match(method: string, path: string): Route {
    // openapi-backend builds its path patterns on every match; clients poll the same few URLs,
    // so remember recent answers (a quarter of the mock's CPU under load otherwise).
    const cacheKey = `${method} ${path}`;
    const cached = this.#matches.get(cacheKey);
    if (cached !== undefined) return cached;
    const request = { method, path, headers: {} };
    const operation = this.#backend.matchOperation(request);
    if (operation?.operationId !== undefined) {
      const { params } = this.#backend.router.parseRequest(request, operation);
      const route = { operation: operation as Route["operation"], params: params as Record<string, string> };
      if (this.#matches.size >= MATCH_CACHE_SIZE) this.#matches.clear();
      this.#matches.set(cacheKey, route);
      return route;
    }
    const allowed = specMethods.filter((other) =>
      this.#backend.matchOperation({ method: other.toLowerCase(), path, headers: {} }),
    );
    if (allowed.length > 0) {
      const allow = allowed.join(", ");
      throw new MockError(405, `Method ${method} is not allowed on ${path}; use ${allow}.`, {
        code: "method_not_allowed",
        headers: { allow },
      });
    }
    throw unknownUrl(method, path);
  }

  /**
   * An operation's success answer from the spec alone, as Prism's static mode makes it: the lowest 2xx
   * response, its JSON media type if it has one (else its first), and that media type's `example`, else
   * its first named example, else a value openapi-sampler builds from the schema and its examples.
   */
  example(operationId: OperationId): { status: number; contentType: string | undefined; body: unknown } {
    const responses = (this.#backend.getOperation(operationId)?.responses ?? {}) as Record<string, ResponseObject>;
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
   * What is wrong with a value against one of the spec's schemas (e.g. a family's request body), by openapi-backend's
   * own ajv with the spec's dereferenced schema; each problem names its field, the value and what is allowed.
   */
  schemaIssues(schemaName: string, value: unknown): Described[] {
    const schemas = (this.#backend.definition.components?.schemas ?? {}) as Record<string, object>;
    const schema = schemas[schemaName];
    if (schema === undefined) throw new Error(`the spec has no schema ${schemaName}`);
    return this.#issues(schemaName, schema, value).map((issue) => describe(issue, { requestBody: value }));
  }

  /** The ajv problems of a value against a (dereferenced) schema, as request-body issues (`/requestBody/…`). */
  #issues(cacheKey: string, schema: object, value: unknown): ValidationIssue[] {
    let validate = this.#schemas.get(cacheKey);
    if (validate === undefined) {
      const compiled = this.#backend.validator.getAjv(ValidationContext.RequestBody, { strict: false }).compile(schema);
      validate = (candidate) => (compiled(candidate) ? [] : ((compiled.errors ?? []) as ValidationIssue[]));
      this.#schemas.set(cacheKey, validate);
    }
    // describe() reads the field from a request pointer (/requestBody/field).
    return validate(value).map((issue) => ({ ...issue, instancePath: `/requestBody${issue.instancePath}` }));
  }

  /** Validate parameters and body against the operation's schemas; the first problems become a 400. */
  validate(
    route: Route,
    request: { method: string; path: string; query: Record<string, string>; contentType: string; body?: unknown },
  ): void {
    const result = this.#backend.validateRequest(
      {
        method: request.method,
        path: request.path,
        query: request.query,
        headers: { "content-type": request.contentType },
        body: request.body,
      },
      route.operation,
    );
    let issues = (result.errors ?? []) as ValidationIssue[];
    // openapi-backend checks every body against the JSON media type when the operation has one (createVideo takes
    // JSON beside its form): check a body of another media type against that type's own schema instead.
    const content = (route.operation.requestBody as { content?: Record<string, { schema?: object }> } | undefined)
      ?.content;
    const own = content?.[request.contentType]?.schema;
    if (request.contentType !== "application/json" && content?.["application/json"] !== undefined && own) {
      issues = [
        ...issues.filter((issue) => !issue.instancePath.startsWith("/requestBody") && !isBodyRequired(issue)),
        ...this.#issues(`${route.operation.operationId} ${request.contentType}`, own, request.body),
      ];
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

/** openapi-backend's "the body is required" (or the body's anyOf), which the own media type's check replaces. */
function isBodyRequired(issue: ValidationIssue): boolean {
  return issue.instancePath === "" && (issue.params as { missingProperty?: string }).missingProperty === "requestBody";
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
    case "parse":
      return { param: null, code: "invalid_json", message: `The body is not valid JSON (${issue.message}).` };
    default:
      return {
        param: field,
        code: "invalid_value",
        message: `Invalid value for '${field ?? "body"}': ${JSON.stringify(value)} ${issue.message ?? "is not allowed"}.`,
      };
  }
}
