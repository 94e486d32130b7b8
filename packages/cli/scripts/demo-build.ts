// The demo's first step: build the CLI and what it depends on with turbo. `new-only` prints each
// package's build as it runs (about 1 min 40 s on a fresh clone; `errors-only` kept that silent)
// and one "cache hit" line per package afterwards.

/** The turbo arguments `pnpm demo` builds with. */
export const DEMO_BUILD_ARGS = ["exec", "turbo", "run", "build", "--filter=@tokenops/cli...", "--output-logs=new-only"];

/** What the demo says before the build starts. */
export const DEMO_BUILD_NOTE =
  "Building @tokenops/cli and its dependencies with turbo: about 2 minutes the first time, with each package's output below; cached after that.";
