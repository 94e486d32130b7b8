import { defineConfig } from "tsdown";

// One entry, ESM and CJS. bullmq, ioredis and @tokenops/client stay external (dependencies), so that
// users get one copy of each, shared with their own code.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: { eager: true },
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  fixedExtension: false,
});
