import { textAs } from "@tokenops/contract";

/**
 * Multipart text fields read as a server reads them: by the type the body's schema gives each field
 * (`textAs`). A form carries only text, so `fps=24` arrives as "24"; an integer or number field gets the
 * number, a boolean field `true` or `false`. Text that is not one stays text, for validation to refuse by name.
 */
export function coerceFormFields(schema: unknown, body: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, { type?: string | string[] }> }).properties ?? {};
  const coerced = { ...body };
  for (const [name, value] of Object.entries(body)) {
    const declared = properties[name]?.type;
    const types = Array.isArray(declared) ? declared : [declared];
    if (typeof value !== "string" || types.includes("string")) continue;
    for (const type of types) {
      const read = textAs(value, type);
      if (read !== undefined) {
        coerced[name] = read;
        break;
      }
    }
  }
  return coerced;
}
