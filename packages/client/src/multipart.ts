/**
 * Serializes a body object as FormData: Blobs as file parts (named, so the server gets a filename and the
 * Blob's type), other values as text, undefined and null left out. No Content-Type header is set: the
 * runtime adds it with the boundary.
 */
export function toFormData(body: object): FormData {
  if (body instanceof FormData) return body;
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) {
    if (value instanceof Blob) {
      // A Blob without a name (fs.openAsBlob, new Blob) would reach the server as "blob".
      form.append(key, value, (value as File).name || `${key}.${value.type.split("/")[1] || "bin"}`);
    } else if (value != null) {
      form.append(key, typeof value === "object" ? JSON.stringify(value) : value);
    }
  }
  return form;
}
