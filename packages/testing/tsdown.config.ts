import { defineConfig } from "tsdown";

// Three entries: the Node entry (server, media paths), the MSW handlers (no `node:` import, so
// they bundle for browsers), and the bin that bin/tokenops-mock.js loads. Dependencies stay
// external. `shims` gives the CJS build an `import.meta.url`, which finds the media folder.
export default defineConfig({
  entry: ["src/index.ts", "src/msw.ts", "src/bin.ts"],
  format: ["esm", "cjs"],
  dts: true,
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  shims: true,
  fixedExtension: false,
});
