import { defineConfig } from "tsdown";

// A bin needs one ESM file: bin/tokenops.js imports dist/bin.js. Dependencies stay
// external (tsdown's default for everything in package.json), so they are not bundled; the
// private contract package (field descriptions, the mock's port) is inlined, as users never install it.
// @tokenops/testing, @tokenops/queue (bullmq, ioredis), mp4box and csv-parse must stay external: the source
// loads them with import() only for --mock, --queue and `tokenops worker`, an MP4 read and a CSV batch input, and dist/bin.js keeps those import() calls, so that
// `tokenops videos get` does not load them. Never list them in alwaysBundle.
export default defineConfig({
  entry: ["src/bin.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  dts: false,
  sourcemap: true,
  clean: true,
  fixedExtension: false,
  deps: { alwaysBundle: [/^@tokenops\/contract/] },
});
