import type { BodyLimits, MockCall, MultipartBody, UploadedFile } from "./call.js";
import { coerceFormFields } from "./coerce.js";
import { MockError } from "./errors.js";
import type { Route } from "./router.js";
import { binaryFields } from "./spec.js";

/** A request body as the handlers see it: fields by name (a file stands in as its name), and the files. */
export interface RequestBody {
  body: Record<string, unknown>;
  files: Map<string, UploadedFile>;
  /** The request's media type, without parameters. */
  contentType: string;
}

type MediaTypeObject = { schema?: unknown; encoding?: unknown };

/** A Content-Type's media type, lower case and without parameters (`""` when there is none). */
export function mediaType(value: string | undefined): string {
  return (value ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Read the body in the form the operation's spec asks for; 415 for any other Content-Type. */
export async function readRequestBody(route: Route, call: MockCall, limits: BodyLimits): Promise<RequestBody> {
  const requestBody = route.operation.requestBody as { content: Record<string, MediaTypeObject> } | undefined;
  const contentType = mediaType(call.header("content-type"));
  if (requestBody === undefined) return { body: {}, files: new Map(), contentType };
  const accepted = Object.keys(requestBody.content);
  if (!accepted.includes(contentType)) {
    throw new MockError(
      415,
      `Content-Type ${contentType === "" ? "(none)" : contentType} is not accepted here; send ${accepted.join(" or ")}.`,
      { code: "unsupported_media_type" },
    );
  }
  if (contentType === "multipart/form-data") {
    const parts = await call.readMultipart(limits);
    return { ...checkMultipart(parts, requestBody.content[contentType]), contentType };
  }
  const value = await call.readJson(limits);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new MockError(400, `The body must be a JSON object; got ${JSON.stringify(value)}.`, {
      code: "invalid_type",
    });
  }
  return { body: value as Record<string, unknown>, files: new Map(), contentType };
}

/**
 * Binary fields must arrive as files (a URL string is the 400 `invalid_type` upstream sends),
 * text fields as text, and each file with a MIME type the spec's `encoding` allows.
 */
function checkMultipart(
  parts: MultipartBody,
  media: MediaTypeObject | undefined,
): { body: Record<string, unknown>; files: Map<string, UploadedFile> } {
  const binary = binaryFields(media?.schema ?? {}, media?.encoding);
  const body = coerceFormFields(media?.schema ?? {}, Object.fromEntries(parts.fields));
  for (const name of parts.fields.keys()) {
    if (binary.has(name)) {
      throw new MockError(400, `Invalid type for '${name}': expected a file upload, got a string.`, {
        code: "invalid_type",
        param: name,
      });
    }
  }
  for (const [name, file] of parts.files) {
    const allowed = binary.get(name);
    if (!binary.has(name)) {
      throw new MockError(400, `Invalid type for '${name}': expected text, got a file (${file.filename}).`, {
        code: "invalid_type",
        param: name,
      });
    }
    const type = mediaType(file.type);
    if (allowed && !allowed.includes(type)) {
      throw new MockError(
        400,
        `Invalid file type for '${name}': ${type || "(none)"}. Allowed: ${allowed.join(", ")}.`,
        {
          code: "invalid_file_type",
          param: name,
        },
      );
    }
    // The schema says `type: string, format: binary`; the file stands in as its name.
    body[name] = file.filename;
  }
  return { body, files: parts.files };
}
