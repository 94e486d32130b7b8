import { extensionFor } from "./media-types.js";

/**
 * Serializes a body object as FormData: Blobs as file parts (named, so the server gets a filename and the
 * Blob's type), other values as text, undefined and null left out. No Content-Type header is set: the
 * runtime adds it with the boundary.
 */
export function toFormData(body: unknown): FormData {
  if (body instanceof FormData) return body;
  const form = new FormData();
  for (const [key, value] of Object.entries(body ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      if (item instanceof Blob) {
        // A Blob without a name (fs.openAsBlob, new Blob) would reach the server as "blob".
        form.append(key, item, (item as Partial<File>).name || `${key}${extensionFor(item.type)}`);
      } else {
        form.append(key, typeof item === "object" ? JSON.stringify(item) : String(item));
      }
    }
  }
  return form;
}
