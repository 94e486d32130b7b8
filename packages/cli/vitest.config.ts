import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds the bin from the current source before any test runs it.
    globalSetup: ["test/global-setup.ts"],
    // The suite runs the built bin as a subprocess; each test waits on a real mock server. A test starts up to
    // four CLI processes (a new Node each: 0.5 s of CPU on an idle core, seconds when every package's suite
    // shares the two cores) and a browser, and waits up to ~3 s for mock jobs: the batch tests took 4-5 s here
    // under load and passed 20 s under `pnpm test` beside other work. The work is bounded, so the timeout only
    // catches a hang; it must not be what fails on a machine twice as slow.
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
