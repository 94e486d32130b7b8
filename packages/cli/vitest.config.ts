import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The suite runs the built bin as a subprocess; each test waits on a real mock server.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
