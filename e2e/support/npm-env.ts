/**
 * The environment for a nested `npm` (or other package manager) run from a script that pnpm started. pnpm
 * exports its script context (`npm_lifecycle_*`, `npm_package_*`, `npm_execpath`, …) and pnpm-only settings
 * as `npm_config_*`, which would steer or warn in the nested run. The user's own npm settings (registry,
 * cafile, cache…) stay.
 */
const PNPM_ONLY = new Set([
  "npm_config_frozen_lockfile",
  "npm_config_verify_deps_before_run",
  "npm_config__jsr_registry",
  "npm_config_npm_globalconfig",
  "npm_config_user_agent",
]);

export function npmEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => {
      const lower = key.toLowerCase();
      if (lower.startsWith("pnpm_") || PNPM_ONLY.has(lower)) return false;
      return !/^npm_(command|execpath|node_execpath|lifecycle_|package_)/.test(lower);
    }),
  );
}
