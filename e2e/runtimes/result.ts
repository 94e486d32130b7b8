import type { SmokeResult } from "./smoke.js";

export type { SmokeResult };

const MARKER = "SMOKE_RESULT ";

/** The smoke script's result from a line of its output, or undefined when the line is something else. */
export function parseResult(line: string): SmokeResult | undefined {
  const at = line.indexOf(MARKER);
  if (at === -1) return undefined;
  return JSON.parse(line.slice(at + MARKER.length)) as SmokeResult;
}
