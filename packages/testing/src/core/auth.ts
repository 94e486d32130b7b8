import type { MockCall } from "./call.js";
import { MockError } from "./errors.js";
import type { Route } from "./router.js";
import { spec } from "./spec.js";

/**
 * Bearer auth, for the operations whose spec `security` asks for it: 401 without a bearer token,
 * and 401 for another token than `apiKey` when one is demanded.
 */
export function authorize(route: Route, call: MockCall, apiKey: string | undefined): void {
  const requirements = route.operation.security ?? spec.security;
  if (requirements.length === 0) return;
  const header = call.header("authorization");
  const match = header === undefined ? null : /^Bearer\s+(\S.*)$/i.exec(header.trim());
  if (match === null) {
    throw new MockError(
      401,
      header === undefined
        ? "You didn't provide an API key. Send it in the Authorization header as `Bearer YOUR_KEY`."
        : "The Authorization header must be `Bearer YOUR_KEY`.",
      { code: "missing_api_key" },
    );
  }
  if (apiKey !== undefined && match[1] !== apiKey) {
    throw new MockError(401, "Incorrect API key provided.", { code: "invalid_api_key" });
  }
}
