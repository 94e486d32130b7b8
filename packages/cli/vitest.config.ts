import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds the bin from the current source before any test runs it.
    globalSetup: ["test/global-setup.ts"],
    // The suite runs the built bin as a subprocess; each test waits on a real mock server.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
