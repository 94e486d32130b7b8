import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The garbage-collection tests call `gc()`, which exists only when the worker starts with --expose-gc. */
const GC_TESTS = "test/integration/faults/garbage-collection.test.ts";

export default defineConfig({
  resolve: {
    // The integration tests run @tokenops/testing's sources, so a change to the mock is tested at once (no
    // stale dist/); its built package is tested by its own tests and by e2e.
    alias: [
      { find: /^@tokenops\/testing\/msw$/, replacement: at("../testing/src/msw.ts") },
      { find: /^@tokenops\/testing$/, replacement: at("../testing/src/index.ts") },
    ],
  },
  test: {
    // Time is not what these tests measure (the benchmarks do): under turbo every package's suite
    // shares two cores, and a property test's hundreds of runs must not fail on a busy machine.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "client",
          include: ["test/**/*.test.ts"],
          exclude: [GC_TESTS],
          typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
        },
      },
      {
        extends: true,
        test: { name: "gc", include: [GC_TESTS], pool: "forks", execArgv: ["--expose-gc"] },
      },
    ],
  },
});
