import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The tests run the packages' sources, so that a change in client/src or testing/src is tested at once
// (no stale dist/); the built packages are tested by their own package tests and by e2e.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@tokenops\/client\/node$/, replacement: at("../client/src/node/index.ts") },
      { find: /^@tokenops\/client$/, replacement: at("../client/src/index.ts") },
      { find: /^@tokenops\/testing\/msw$/, replacement: at("../testing/src/msw.ts") },
      { find: /^@tokenops\/testing$/, replacement: at("../testing/src/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
