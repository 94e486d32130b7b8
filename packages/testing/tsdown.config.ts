import { defineConfig } from "tsdown";

// Four entries: the Node entry (server, media paths), the MSW handlers (no `node:` import, so
// they bundle for browsers), the command-line options (light: they load none of the mock), and the
// bin that bin/tokenops-mock.js loads. Dependencies stay external, except the private contract package (the spec module, tables and types), which is inlined, JS and
// d.ts alike: users never install it. `shims` gives the CJS build an `import.meta.url`, which finds the media folder.
export default defineConfig({
  entry: ["src/index.ts", "src/msw.ts", "src/cli.ts", "src/bin.ts"],
  format: ["esm", "cjs"],
  dts: { eager: true },
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  shims: true,
  fixedExtension: false,
  deps: { alwaysBundle: [/^@tokenops\/contract/] },
});
