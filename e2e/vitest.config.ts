import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packing and installing from the npm registry: the first run fills npm's cache.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
