import { defineConfig } from "tsdown";

export default defineConfig({
  // The core entry runs everywhere, and so does `batch` (kept apart so that the core stays small);
  // `node` is the only one that imports node: modules.
  entry: { index: "src/index.ts", batch: "src/batch/index.ts", node: "src/node/index.ts" },
  format: ["esm", "cjs"],
  dts: { eager: true },
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  clean: true,
  deps: {
    // Node built-ins stay imports (only the `node` entry has any).
    neverBundle: [/^node:/],
    // The private contract package (generated tables and types) is inlined, JS and d.ts alike: users never install it.
    alwaysBundle: [/^@tokenops\/contract/],
  },
});
