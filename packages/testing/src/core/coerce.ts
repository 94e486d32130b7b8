/**
 * Multipart text fields read as a server reads them: by the type the body's schema gives each field.
 * A form carries only text, so `fps=24` arrives as "24"; an integer or number field gets the number, a
 * boolean field `true` or `false`. Text that is not one stays text, for validation to refuse by name.
 */
export function coerceFormFields(schema: unknown, body: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, { type?: string | string[] }> }).properties ?? {};
  const coerced = { ...body };
  for (const [name, value] of Object.entries(body)) {
    const declared = properties[name]?.type;
    const types = Array.isArray(declared) ? declared : [declared];
    if (typeof value !== "string" || types.includes("string")) continue;
    const number = value.trim() === "" ? Number.NaN : Number(value);
    if (types.includes("integer") && Number.isInteger(number)) coerced[name] = number;
    else if (types.includes("number") && Number.isFinite(number)) coerced[name] = number;
    else if (types.includes("boolean") && (value === "true" || value === "false")) coerced[name] = value === "true";
  }
  return coerced;
}
