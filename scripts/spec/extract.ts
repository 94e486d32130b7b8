import { parse } from "yaml";

/** An OpenAPI document, as far as the pipeline looks into it. */
export interface OpenAPIDocument {
  openapi: string;
  info?: Record<string, unknown>;
  servers?: unknown[];
  security?: unknown[];
  tags?: unknown[];
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** A problem with one page or file of the spec, named by where it came from. */
export class SpecSourceError extends Error {
  constructor(
    readonly source: string,
    problem: string,
  ) {
    super(`${source}: ${problem}`);
    this.name = "SpecSourceError";
  }
}

// An upstream API reference page carries its OpenAPI document in a fence of four
// (or more) backticks whose info string starts with "yaml", e.g. ````yaml POST /v1/videos
const FENCE = /^(`{4,})yaml\b[^\n]*\n([\s\S]*?)\n\1[ \t]*$/m;

/** Reads the OpenAPI document out of an upstream documentation page. */
export function extractFromPage(markdown: string, source: string): OpenAPIDocument {
  const match = FENCE.exec(markdown);
  if (!match?.[2]) {
    throw new SpecSourceError(source, "no ````yaml fence holding an OpenAPI document was found");
  }
  return parseDocument(match[2], source);
}

/** Parses an OpenAPI document (an extension, or the text of a page's fence). */
export function parseDocument(text: string, source: string): OpenAPIDocument {
  let doc: unknown;
  try {
    doc = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new SpecSourceError(source, `invalid YAML: ${(error as Error).message}`);
  }
  if (!isRecord(doc) || typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.")) {
    throw new SpecSourceError(source, "not an OpenAPI 3 document (no `openapi: 3.x` field)");
  }
  if (!isRecord(doc.paths)) {
    throw new SpecSourceError(source, "the OpenAPI document has no `paths`");
  }
  return doc as OpenAPIDocument;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
