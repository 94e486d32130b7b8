import { TokenOpsValidationError } from "./errors.js";
import { typeFromName } from "./media-types.js";

/**
 * What `toFile` turns into a File.
 *
 * @example
 * ```ts
 * const input: ToFileInput = new Uint8Array(await (await fetch("https://example.com/first-frame.png")).arrayBuffer());
 * ```
 */
export type ToFileInput = Blob | Uint8Array | ArrayBuffer | Response;

/**
 * Turns bytes into a named File for `input_reference`, so the file name and MIME type reach the server
 * (upstream rejects `application/octet-stream`). The type is `options.type`, else the Blob's or Response's
 * own type (unless it is `application/octet-stream`), else the one the name's extension implies
 * (.jpg, .jpeg, .png, .webp).
 *
 * @param data - The bytes: a Blob, a Uint8Array, an ArrayBuffer, or a Response (read whole).
 * @param name - The file name the server sees.
 * @param options - `type`: the MIME type, when neither the data nor the name says it.
 *
 * @example
 * ```ts
 * const png = await toFile(await fetch("https://example.com/first-frame.png"), "first-frame.png");
 * const raw = await toFile(new Uint8Array(await (await fetch("https://example.com/frame")).arrayBuffer()), "frame", {
 *   type: "image/webp", // neither the bytes nor the name say what they are
 * });
 * await client.videos.create({ model: "sora-2", prompt: "…", size: "1280x720", input_reference: png });
 * ```
 */
export async function toFile(data: ToFileInput, name: string, options: { type?: string } = {}): Promise<File> {
  if (typeof name !== "string" || !name) throw new TokenOpsValidationError("name", name, "a non-empty file name");
  const part = data instanceof Response ? await data.blob() : data;
  // A generic type (a Response from storage often says application/octet-stream) tells less than the name.
  const own = part instanceof Blob && part.type !== "application/octet-stream" ? part.type : "";
  const type = options.type || own || typeFromName(name) || "";
  return new File([part as BlobPart], name, { type });
}
