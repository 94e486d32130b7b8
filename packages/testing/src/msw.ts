/**
 * `@tokenops/testing/msw`: the mock TokenOps API as MSW 2 request handlers, for in-process tests in
 * Node and in browsers. The same engine as `startMockServer` answers, so the behaviour and the
 * scenarios are the same; only the transport differs. This entry imports nothing from Node.
 *
 * @module @tokenops/testing/msw
 */
import { type SpecMethod, specMethods } from "@tokenops/contract";
import { type HttpHandler, http } from "msw";
import { createMockApi, DEFAULT_CDN_BASE_URL, engineOf, type MockApi } from "./core/api.js";
import type { MockOptions } from "./core/options.js";
import { spec } from "./core/spec.js";
import { handleRequest } from "./transports/fetch.js";

/**
 * Options for {@link handlers}.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { handlers } from "@tokenops/testing/msw";
 *
 * const server = setupServer(
 *   ...handlers({ baseUrl: "https://api.tokenops.test", apiKey: "test", scenarios: ["rate-limit;retry-after=1"] }),
 * );
 * ```
 */
export interface HandlersOptions extends MockOptions {
  /** The base URL your client calls, e.g. `https://api.tokenops.test` (required, so that nothing reaches a real host by accident). */
  baseUrl: string;
  /** The origin JSON content URLs point at with `json-content;origin=cdn` (default `https://cdn.tokenops-mock.invalid`). */
  cdnBaseUrl?: string;
  /**
   * The mock to answer from (from `createMockApi`), to inspect and steer it in tests. Without one,
   * a new mock is made from the other options.
   */
  api?: MockApi;
}

/**
 * MSW 2 handlers for every operation in the bundled spec, plus the mock's download URLs. One
 * handler per operation, so `server.use(http.get(…))` can override a single one.
 *
 * @example
 * import { setupServer } from "msw/node";
 * import { createMockApi } from "@tokenops/testing";
 * import { handlers } from "@tokenops/testing/msw";
 *
 * const mock = createMockApi({ timeScale: 0 });
 * const server = setupServer(...handlers({ baseUrl: "https://api.tokenops.test", api: mock }));
 * server.listen({ onUnhandledRequest: "error" });
 * // … a client with baseUrl "https://api.tokenops.test" now talks to the mock …
 * mock.advance(10_000);
 */
export function handlers(options: HandlersOptions): HttpHandler[] {
  const { baseUrl, cdnBaseUrl = DEFAULT_CDN_BASE_URL, api, ...mockOptions } = options;
  if (typeof baseUrl !== "string" || !URL.canParse(baseUrl)) {
    throw new TypeError(
      `handlers: baseUrl ${JSON.stringify(baseUrl)} is not a URL; pass e.g. "https://api.tokenops.test".`,
    );
  }
  const bases = { api: baseUrl.replace(/\/$/, ""), cdn: cdnBaseUrl.replace(/\/$/, "") };
  const engine = engineOf(api ?? createMockApi(mockOptions));
  const resolve = ({ request }: { request: Request }) => handleRequest(engine, request, bases);
  const list: HttpHandler[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const url = `${bases.api}${path.replace(/\{([^}]+)\}/g, ":$1")}`;
    for (const method of specMethods) {
      const lower = method.toLowerCase() as Lowercase<SpecMethod>;
      if (lower in item) list.push(http[lower](url, resolve));
    }
    // Browsers send a preflight before a cross-origin call with Authorization.
    list.push(http.options(url, resolve));
  }
  for (const base of new Set([bases.api, bases.cdn])) {
    list.push(http.get(`${base}/_mock/files/*`, resolve), http.options(`${base}/_mock/files/*`, resolve));
  }
  return list;
}

export type { MockApi };
