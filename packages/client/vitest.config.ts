import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Time is not what these tests measure (the benchmarks do): under turbo every package's suite
    // shares two cores, and a property test's hundreds of runs must not fail on a busy machine.
    testTimeout: 30_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
