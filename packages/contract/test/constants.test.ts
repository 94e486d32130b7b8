import { describe, expect, it } from "vitest";
import { spec } from "../src/generated/spec.js";
import {
  DEFAULT_BASE_URL,
  finalStatuses,
  isFailedStatus,
  isFinalStatus,
  isRunningStatus,
  requestDefaults,
  runningStatuses,
  schemaEnums,
  specMethods,
} from "../src/index.js";

describe("constants derived from the contract", () => {
  it("calls final exactly the statuses the spec's VideoStatus description calls final", () => {
    const named = /;\s*([^;.]+?) are final/.exec(spec.components.schemas.VideoStatus.description)?.[1];
    expect(named?.split(/,\s*|\s+and\s+/)).toEqual([...finalStatuses]);
    expect(finalStatuses.filter((status) => !isFailedStatus(status))).toEqual(["completed"]);
  });

  it("takes the final statuses from the spec's x-tokenops-final list", () => {
    expect([...finalStatuses]).toEqual(spec.components.schemas.VideoStatus["x-tokenops-final"]);
  });

  it("treats every other status, and one the spec does not name, as still running", () => {
    const running = schemaEnums.VideoStatus.filter((status) => !isFinalStatus(status));
    expect(running).toEqual(["queued", "pending", "in_queue", "in_progress", "processing"]);
    expect([...runningStatuses]).toEqual(running);
    expect(running.every(isRunningStatus)).toBe(true);
    expect(finalStatuses.some(isRunningStatus)).toBe(false);
    expect(isRunningStatus("rendering")).toBe(true);
    expect(isFinalStatus("rendering")).toBe(false);
    expect(finalStatuses.filter(isFailedStatus)).toEqual(["failed", "cancelled", "expired"]);
  });

  it("takes the default base URL from the spec's first server", () => {
    expect(DEFAULT_BASE_URL).toBe(spec.servers[0].url);
  });

  it("lists each method the spec's paths use once, upper-case", () => {
    const used = Object.values(spec.paths).flatMap((item) => Object.keys(item).map((m) => m.toUpperCase()));
    expect([...specMethods].sort()).toEqual([...new Set(used)].sort());
  });

  it("takes size, seconds and variant defaults from the spec", () => {
    const create = spec.components.schemas.CreateVideoFormRequest.properties;
    expect(requestDefaults).toEqual({
      size: create.size.default,
      seconds: create.seconds.default,
      variant: "video",
    });
  });
});
